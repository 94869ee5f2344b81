/** Documents (issue 14): the text extracted from evidence files, extracting it again, and mentions in it. */
import { z } from 'zod';
import { Id } from '../../model/records';
import { DocumentSuggestions, EvidenceTextView, Mention } from '../schemas/documents';
import { JobId, type ChannelMap } from './common';

/** What one `evidence.extractText` run did, per outcome (attachments: child items taken in from e-mails). */
export const ExtractCounts = z.object({
  extracted: z.number().int().min(0),
  partial: z.number().int().min(0),
  noText: z.number().int().min(0),
  unsupported: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Already had text (run again with force to replace it). */
  skipped: z.number().int().min(0),
  attachments: z.number().int().min(0),
});
export type ExtractCounts = z.infer<typeof ExtractCounts>;

export const documentChannels = {
  'evidence.text': { request: z.object({ evidenceId: Id }).strict(), response: EvidenceTextView },
  /** Long work: job.progress under jobId (done/total = items), cancelled with job.cancel. */
  'evidence.extractText': {
    request: z.object({ caseId: Id, evidenceIds: z.array(Id).max(10_000).optional(), force: z.boolean().default(false), jobId: JobId }).strict(),
    response: ExtractCounts,
  },
  /** Where an entity's names, aliases and identifiers occur in the case's documents. */
  'entity.mentions': { request: z.object({ entityId: Id }).strict(), response: z.array(Mention) },
  /** Known entities, patterns (phones, IBANs …) and names not yet in the case, found in one document. */
  'evidence.suggestions': { request: z.object({ evidenceId: Id }).strict(), response: DocumentSuggestions },
} as const satisfies ChannelMap;
