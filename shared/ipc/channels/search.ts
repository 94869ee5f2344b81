/** Name search across every alias and script (the same index the graph's search-to-focus uses). */
import { z } from 'zod';
import { SearchHit } from '../schemas/case';
import { EverythingQuery, EverythingResult } from '../schemas/documents';
import { ENTITY_KINDS } from '../../model/vocabulary';
import { Id } from '../../model/records';
import type { ChannelMap } from './common';

export const searchChannels = {
  'search.query': {
    request: z
      .object({
        text: z.string().max(500),
        caseId: Id.optional(),
        kinds: z.array(z.enum(ENTITY_KINDS)).optional(),
        limit: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    response: z.object({ hits: z.array(SearchHit), tookMs: z.number() }),
  },
  /**
   * Full-text search across everything (issue 14): evidence text, statements, claims, notes, sources, events and
   * entity names. While the index is being built after unlock, `building` says how far it got.
   */
  'search.everything': { request: EverythingQuery, response: EverythingResult },
} as const satisfies ChannelMap;
