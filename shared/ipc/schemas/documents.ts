/**
 * Shapes for documents (extracted text, mentions) and the search across everything (issue 14). The channels
 * that use them are declared in ../channels/documents.ts and ../channels/search.ts.
 */
import { z } from 'zod';
import { Id, EvidenceTextData, TEXT_STATUSES } from '../../model/records';
import { ENTITY_KINDS } from '../../model/vocabulary';

/** What a full-text hit is: the record kinds the index covers. Witness identities are never indexed. */
export const EVERYTHING_KINDS = ['entity', 'evidence', 'statement', 'claim', 'note', 'source', 'event'] as const;
export const EverythingKind = z.enum(EVERYTHING_KINDS);
export type EverythingKind = z.infer<typeof EverythingKind>;

/** Query syntax: words (all must match, accents/case/Arabic variants folded), "a phrase", pref*, ~fuzzy. */
export const EverythingQuery = z
  .object({
    text: z.string().min(1).max(500),
    caseId: Id.optional(),
    kinds: z.array(EverythingKind).optional(),
    /** ISO date prefixes (YYYY, YYYY-MM, YYYY-MM-DD), inclusive, against the item's own date. */
    from: z.string().max(10).optional(),
    to: z.string().max(10).optional(),
    /** Source reliability grades (A-F, ungraded) to keep. */
    grades: z.array(z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'ungraded'])).optional(),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type EverythingQuery = z.input<typeof EverythingQuery>;

/** [start, end) character offsets into `snippet`. */
export const Highlight = z.tuple([z.number().int().min(0), z.number().int().min(0)]);

export const EverythingHit = z.object({
  kind: EverythingKind,
  /** The record the hit is in (for evidence text: the evidence item). */
  id: Id,
  caseId: Id,
  title: z.string(),
  snippet: z.string(),
  highlights: z.array(Highlight),
  score: z.number(),
  /** Evidence text: the page the hit is on (1-based). */
  page: z.number().int().min(1).optional(),
  /** Entity hits: the entity's kind. */
  entityKind: z.enum(ENTITY_KINDS).optional(),
  date: z.string().optional(),
});
export type EverythingHit = z.infer<typeof EverythingHit>;

export const EverythingResult = z.object({
  hits: z.array(EverythingHit),
  /** Hits per kind before the limit. */
  counts: z.record(EverythingKind, z.number().int().min(0)),
  tookMs: z.number(),
  /** Non-null while the index is still being built after unlock. */
  building: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
});
export type EverythingResult = z.infer<typeof EverythingResult>;

export const TextStatus = z.enum([...TEXT_STATUSES, 'pending']);
export type TextStatus = z.infer<typeof TextStatus>;

/** An OCR'd page whose mean word confidence (0-100) is below this is "OCR low confidence" in the library. */
export const OCR_LOW_CONFIDENCE = 60;

/** `evidence.text`: the extracted text of one item, or null when none has been extracted. */
export const EvidenceTextView = z.object({ evidenceId: Id, text: EvidenceTextData.nullable() });

/** A place an entity's name, alias or identifier occurs in a document. */
export const Mention = z.object({
  evidenceId: Id,
  title: z.string(),
  page: z.number().int().min(1),
  snippet: z.string(),
  highlights: z.array(Highlight),
  /** The text as found, and which of the entity's names or identifiers it matched. */
  found: z.string(),
  via: z.enum(['name', 'alias', 'identifier']),
  /** Already linked: a claim of the entity cites this evidence item. */
  linked: z.boolean(),
});
export type Mention = z.infer<typeof Mention>;

export const PATTERN_TYPES = ['phone', 'iban', 'email', 'passport', 'crypto', 'amount'] as const;

/** Suggestions for one document: known entities named in it, patterns found, names not yet in the case. */
export const DocumentSuggestions = z.object({
  evidenceId: Id,
  entities: z.array(z.object({ entityId: Id, name: z.string(), count: z.number().int(), firstPage: z.number().int(), linked: z.boolean() })),
  patterns: z.array(
    z.object({
      type: z.enum(PATTERN_TYPES),
      value: z.string(),
      /** Canonical form (E.164 phone, IBAN without spaces, lower-case e-mail, amount + ISO 4217 currency). */
      normalised: z.string(),
      page: z.number().int().min(1),
      /** An entity in the case that already carries this identifier. */
      entityId: Id.optional(),
    }),
  ),
  unknownNames: z.array(z.object({ name: z.string(), count: z.number().int(), page: z.number().int() })),
});
export type DocumentSuggestions = z.infer<typeof DocumentSuggestions>;
