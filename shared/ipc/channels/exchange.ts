/** Data interchange: FollowTheMoney JSON lines in and out (GraphML, packages and reports come later). */
import { z } from 'zod';
import { ImportReport } from '../schemas/case';
import { Id } from '../../model/records';
import { JobId, type ChannelMap } from './common';
import { Grant } from '../grants';
import { ReviewDecisions } from '../../errors';

export const ExportReport = z.object({
  /** The file's base name (the path stays in main). */
  name: z.string(),
  entities: z.number().int(),
  links: z.number().int(),
  /** FtM Event lines (the case's events). */
  events: z.number().int(),
  /** FtM Document lines (evidence metadata, never contents). */
  documents: z.number().int(),
  /** FtM Sanction lines (the case's designations). */
  sanctions: z.number().int(),
  /** What FtM cannot represent, by kind, with the reason (nothing is dropped silently). */
  skipped: z.array(z.object({ kind: z.string(), count: z.number().int(), reason: z.string() })),
  /**
   * Values (or whole lines) the FtM model does not accept, so not written: which line, which property, the
   * value and why (the first 500; `skipped` counts all of them as "invalid FtM values").
   */
  invalid: z.array(z.object({ id: z.string(), schema: z.string(), property: z.string().optional(), value: z.string().optional(), reason: z.string() })),
  sha256: z.string(),
});

export const exchangeChannels = {
  'ftm.import': {
    request: z
      .object({
        /** The case to import into; omitted = the default case. */
        caseId: Id.optional(),
        grant: Grant,
        /** Import the valid lines even if others are rejected (otherwise any rejection imports nothing). */
        validLinesOnly: z.boolean().default(false),
        jobId: JobId,
      })
      .strict(),
    response: ImportReport,
  },
  'ftm.export': {
    request: z
      .object({
        caseId: Id,
        grant: Grant,
        /** Decisions on the possible identity mentions a previous attempt stopped on (error details). */
        review: ReviewDecisions.optional(),
      })
      .strict(),
    response: ExportReport,
  },
} as const satisfies ChannelMap;
