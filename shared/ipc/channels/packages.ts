/**
 * Evidence packages: preview what a selection and profile would put in (and withhold), export with progress,
 * verify anything dropped on the window, import, decrypt, and the vault's recipient key.
 *
 * Long work takes a jobId (job.progress events; job.cancel stops it and leaves nothing behind). package.verify
 * works with the vault locked, except for an encrypted package, which needs this vault's recipient key.
 */
import { z } from 'zod';
import { Id } from '../../model/records';
import { ReviewDecisions } from '../../errors';
import {
  BagReport,
  DisclosureProfile,
  Organization,
  PackageExportResult,
  PackageImportResult,
  PackagePreview,
  PackageSelection,
} from '../schemas/packages';
import { Empty, JobId, type ChannelMap } from './common';
import { Grant } from '../grants';

const Recipient = z.string().regex(/^(x25519:)?[0-9a-fA-F]{64}$/, 'a recipient key is x25519: followed by 64 hex digits');

export const packageChannels = {
  'package.preview': {
    request: z.object({ caseId: Id, selection: PackageSelection, profile: DisclosureProfile }).strict(),
    response: PackagePreview,
  },
  'package.export': {
    request: z
      .object({
        caseId: Id,
        selection: PackageSelection,
        profile: DisclosureProfile,
        /** Empty: a plain bag (folder, .tar or .tar.gz by `packaging`). Else an encrypted file for these recipients. */
        recipients: z.array(Recipient).max(100).default([]),
        /** A write grant from system.pickSavePath; main adds the extension `packaging` needs if the name lacks it. */
        out: Grant,
        packaging: z.enum(['directory', 'tar', 'tar.gz']).default('directory'),
        organization: Organization,
        description: z.string().max(2000).optional(),
        /** Decisions on the possible identity mentions a previous attempt stopped on (error details). */
        review: ReviewDecisions.optional(),
        jobId: JobId,
      })
      .strict(),
    response: PackageExportResult,
  },
  'package.verify': {
    request: z.object({ grant: Grant, expectSigner: z.string().max(200).optional(), jobId: JobId.optional() }).strict(),
    response: BagReport,
  },
  'package.import': {
    request: z
      .object({
        grant: Grant,
        caseId: Id.optional(),
        expectSigner: z.string().max(200).optional(),
        /** The signer fingerprint the verification screen showed and the person confirmed (needed unless known). */
        trustSigner: z.string().max(200).optional(),
        jobId: JobId,
      })
      .strict(),
    response: PackageImportResult,
  },
  'package.decrypt': {
    request: z.object({ grant: Grant, out: Grant, jobId: JobId }).strict(),
    /** The decrypted package's name, and a read grant to verify it. */
    response: z.object({ name: z.string(), verifyGrant: z.string() }),
  },
  'package.recipientKey': {
    request: Empty,
    response: z.object({ publicKey: z.string(), fingerprint: z.string() }),
  },
} as const satisfies ChannelMap;
