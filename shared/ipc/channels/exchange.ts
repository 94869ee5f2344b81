/** Data interchange: FollowTheMoney JSON lines in and out (GraphML, packages and reports come later). */
import { z } from 'zod';
import { ImportReport } from '../schemas/case';
import { Id } from '../../model/records';
import { JobId, type ChannelMap } from './common';

export const ExportReport = z.object({
  path: z.string(),
  entities: z.number().int(),
  links: z.number().int(),
  /** What FtM cannot represent, by kind, with the reason (nothing is dropped silently). */
  skipped: z.array(z.object({ kind: z.string(), count: z.number().int(), reason: z.string() })),
  sha256: z.string(),
});

export const exchangeChannels = {
  'ftm.import': {
    request: z
      .object({
        /** The case to import into; omitted = the default case. */
        caseId: Id.optional(),
        path: z.string().min(1),
        /** Import the valid lines even if others are rejected (otherwise any rejection imports nothing). */
        validLinesOnly: z.boolean().default(false),
        jobId: JobId,
      })
      .strict(),
    response: ImportReport,
  },
  'ftm.export': { request: z.object({ caseId: Id, path: z.string().min(1) }).strict(), response: ExportReport },
} as const satisfies ChannelMap;
