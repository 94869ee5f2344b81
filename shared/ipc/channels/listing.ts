/** Listing proposals: draft, preview (the generated document as data), export as HTML, Word or PDF. */
import { z } from 'zod';
import { Id } from '../../model/records';
import type { ChannelMap } from './common';
import { Grant } from '../grants';
import { ReviewDecisions } from '../../errors';

const ParagraphView = z.object({ text: z.string(), claimId: z.string().nullable(), refs: z.array(z.string()), releasable: z.boolean() });

export const ListingProposalView = z.object({
  title: z.string(),
  regime: z.object({ id: z.string(), name: z.string(), authority: z.string(), body: z.string() }),
  generatedAt: z.string(),
  drafter: z.string(),
  entity: z.object({ id: z.string(), kind: z.string() }),
  identifiers: z.array(z.object({ label: z.string(), value: z.string() })),
  aliases: z.array(z.object({ value: z.string(), quality: z.enum(['good', 'low']), script: z.string().nullable() })),
  criteria: z.array(z.object({ id: z.string(), title: z.string(), citation: z.string(), confidence: z.string(), status: z.string(), note: z.string().nullable() })),
  measures: z.array(z.object({ measure: z.string(), label: z.string(), citation: z.string() })),
  notYetMet: z.array(z.object({ id: z.string(), title: z.string(), gaps: z.array(z.string()) })),
  alreadyListed: z.object({ references: z.array(z.string()) }).nullable(),
  introduction: z.string(),
  statementOfCase: z.array(ParagraphView),
  narrativeSummary: z.array(ParagraphView),
  linkedListedParties: z.array(z.object({ name: z.string(), references: z.array(z.string()), relation: z.string(), pending: z.array(z.string()) })),
  evidence: z.array(z.object({ label: z.string(), evidenceId: z.string(), title: z.string(), kind: z.enum(['file', 'statement']), sha256: z.string(), source: z.string().nullable(), grade: z.string(), nature: z.string(), supply: z.string() })),
  otherItems: z.array(z.object({ label: z.string(), value: z.string() })),
  notices: z.array(z.string()),
});

export const ListingDraftView = z.object({
  caseId: Id,
  entityId: Id,
  regimeId: z.string(),
  introduction: z.string(),
  excludeClaims: z.array(Id),
  designatingStateMayBeNamed: z.boolean(),
  interpolSpecialNotice: z.boolean(),
  pointOfContact: z.string(),
});

/** Unsaved draft fields the editor previews before saving. */
const DraftOverride = ListingDraftView.pick({ introduction: true, excludeClaims: true, designatingStateMayBeNamed: true, interpolSpecialNotice: true, pointOfContact: true }).partial().strict();

export const listingChannels = {
  'listing.draft': { request: z.object({ entityId: Id, regimeId: z.string() }).strict(), response: ListingDraftView.nullable() },
  'listing.saveDraft': { request: z.object({ draft: ListingDraftView.partial({ introduction: true, excludeClaims: true, designatingStateMayBeNamed: true, interpolSpecialNotice: true, pointOfContact: true }) }).strict(), response: ListingDraftView },
  'listing.preview': { request: z.object({ entityId: Id, regimeId: z.string(), draft: DraftOverride.optional() }).strict(), response: ListingProposalView },
  /** `pdf` prints the preview on screen through the shell (Chromium's print pipeline), so the editor must show it. */
  'listing.export': {
    request: z.object({ entityId: Id, regimeId: z.string(), format: z.enum(['html', 'docx', 'pdf']), grant: Grant, review: ReviewDecisions.optional() }).strict(),
    response: z.object({ name: z.string(), sha256: z.string(), bytes: z.number().int() }),
  },
} as const satisfies ChannelMap;
