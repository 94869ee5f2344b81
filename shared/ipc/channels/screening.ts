/** Sanctions lists in the vault, case screening and the decision ledger. */
import { z } from 'zod';
import { Id } from '../../model/records';
import { Decision, EntityScreeningView, ImportResultView, LastScreeningView, Review, SnapshotSummaryView } from '../schemas/screening';
import { Empty, JobId, Ok, type ChannelMap } from './common';
import { Grant } from '../grants';

const LedgerEntryView = z.object({
  id: z.string(),
  caseId: z.string(),
  entityId: z.string(),
  listId: z.string(),
  entryId: z.string(),
  caption: z.string(),
  score: z.number(),
  decision: Decision,
  reason: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  designationId: z.string().nullable(),
  review: Review,
});

export const screeningChannels = {
  'screening.lists': { request: Empty, response: z.array(SnapshotSummaryView) },
  /** Parse a list file (chosen with system.pickFiles) and store it sealed; replays the ledger against it. */
  'screening.importList': {
    request: z.object({ grant: Grant, format: z.enum(['un-xml', 'ftm']), listId: z.string().max(200).optional(), name: z.string().max(500).optional(), jobId: JobId }).strict(),
    response: ImportResultView,
  },
  'screening.removeList': { request: z.object({ id: Id }).strict(), response: Ok },
  /** Screen every person and organisation of the case; the results are kept (see screening.lastRun). */
  'screening.screenCase': { request: z.object({ caseId: Id, jobId: JobId }).strict(), response: z.array(EntityScreeningView) },
  /** The case's last screening as kept in the vault, with today's decisions; null if it was never screened. */
  'screening.lastRun': { request: z.object({ caseId: Id }).strict(), response: LastScreeningView.nullable() },
  'screening.screenEntity': { request: z.object({ entityId: Id }).strict(), response: EntityScreeningView.nullable() },
  'screening.decide': {
    request: z
      .object({ caseId: Id, entityId: Id, listId: z.string().min(1).max(200), entryId: z.string().min(1).max(200), decision: Decision, reason: z.string().max(5000), regimeIds: z.array(z.string()).optional() })
      .strict(),
    response: Ok,
  },
  'screening.ledger': { request: z.object({ caseId: Id }).strict(), response: z.array(LedgerEntryView) },
} as const satisfies ChannelMap;
