/** Documents (issue 14): mentions of the case's entities in extracted text, and suggestions for one document. */
import { z } from 'zod';
import { Id } from '../../model/records';
import { DocumentSuggestions, EvidenceTextView, Mention } from '../schemas/documents';
import type { ChannelMap } from './common';

export const documentChannels = {
  /** The extracted text of one item (doc-text serves it; declared here too until that branch is merged). */
  'evidence.text': { request: z.object({ evidenceId: Id }).strict(), response: EvidenceTextView },
  /** Where an entity's names, aliases and identifiers occur in the case's documents. */
  'entity.mentions': { request: z.object({ entityId: Id }).strict(), response: z.array(Mention) },
  /** Known entities, patterns (phones, IBANs …) and names not yet in the case, found in one document. */
  'evidence.suggestions': { request: z.object({ evidenceId: Id }).strict(), response: DocumentSuggestions },
} as const satisfies ChannelMap;
