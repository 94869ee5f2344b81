/**
 * View models and requests for the case workspace. The renderer gets view models (names already resolved,
 * dates formatted where useful), never keys and never witness identities — those come only from
 * `witness.reveal`, which is logged.
 */
import { z } from 'zod';
import {
  CaseData,
  ClaimData,
  EntityData,
  EventData,
  EvidenceData,
  Id,
  LinkData,
  SourceData,
  WitnessData,
  WitnessIdentity,
} from '../../model/records';
import { PartialDate } from '../../model/partial-date';
import { TextStatus } from './documents';

const Meta = { id: Id, createdAt: z.string(), updatedAt: z.string() };

export const CaseView = z.object({ ...Meta, data: CaseData, counts: z.record(z.string(), z.number()) });
export type CaseView = z.infer<typeof CaseView>;

/** One row of the entity table: enough to filter and sort 100k rows without fetching each entity. */
export const EntityRow = z.object({
  id: Id,
  kind: EntityData.shape.kind,
  name: z.string(),
  aliases: z.array(z.string()),
  roles: EntityData.shape.roles,
  nationality: z.array(z.string()),
  birthDate: z.string(),
  links: z.number().int(),
  claims: z.number().int(),
  isWitness: z.boolean(),
  updatedAt: z.string(),
});
export type EntityRow = z.infer<typeof EntityRow>;

export const EntityRef = z.object({ id: Id, kind: EntityData.shape.kind, name: z.string() });
export type EntityRef = z.infer<typeof EntityRef>;

export const LinkView = z.object({ ...Meta, data: LinkData, source: EntityRef, target: EntityRef, claims: z.number().int() });
export type LinkView = z.infer<typeof LinkView>;

export const EventView = z.object({ ...Meta, data: EventData, participants: z.array(EntityRef.extend({ role: z.string() })), claims: z.number().int() });
export type EventView = z.infer<typeof EventView>;

export const SourceView = z.object({ ...Meta, data: SourceData, items: z.number().int() });
export type SourceView = z.infer<typeof SourceView>;

export const EvidenceRow = z.object({
  id: Id,
  type: EvidenceData.shape.type,
  title: z.string(),
  mediaType: z.string().nullable(),
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
  sourceName: z.string().nullable(),
  sourceReliability: z.string().nullable(),
  credibility: z.number().int(),
  derivedFrom: z.string().nullable(),
  claims: z.number().int(),
  createdAt: z.string(),
  /** Text extraction (issue 14): pending until it has run; null for statements, which carry their own text. */
  textStatus: TextStatus.nullable(),
  /** The lowest mean word confidence (0-100) of its OCR'd pages; null when no page was OCR'd. */
  ocrConfidence: z.number().min(0).max(100).nullable(),
  /** An e-mail attachment: the e-mail it came from. */
  partOf: z.string().nullable(),
});
export type EvidenceRow = z.infer<typeof EvidenceRow>;

export const CustodyEntryView = z.object({ seq: z.number().int(), ts: z.string(), actor: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()).optional(), hash: z.string() });

export const ClaimView = z.object({
  ...Meta,
  data: ClaimData,
  /** One line saying what the claim asserts, with names resolved. */
  summary: z.string(),
  evidence: z.array(z.object({ id: Id, title: z.string(), sourceName: z.string().nullable(), reliability: z.string().nullable(), credibility: z.number().int() })),
});
export type ClaimView = z.infer<typeof ClaimView>;

export const EvidenceView = z.object({
  ...Meta,
  data: EvidenceData,
  source: SourceView.nullable(),
  witnessPseudonym: z.string().nullable(),
  workingCopies: z.array(EvidenceRow),
  claims: z.array(ClaimView),
  custody: z.array(CustodyEntryView),
});
export type EvidenceView = z.infer<typeof EvidenceView>;

export const EntityView = z.object({
  ...Meta,
  data: EntityData,
  links: z.array(LinkView),
  events: z.array(EventView),
  claims: z.array(ClaimView),
  evidence: z.array(EvidenceRow),
  witnessPseudonym: z.string().nullable(),
});
export type EntityView = z.infer<typeof EntityView>;

export const WitnessView = z.object({ ...Meta, data: WitnessData, statements: z.number().int(), hasIdentity: z.boolean().nullable() });
export type WitnessView = z.infer<typeof WitnessView>;

export const EvidenceDeleteImpact = z.object({
  weakened: z.array(z.object({ claimId: Id, statement: z.string(), remaining: z.number().int() })),
  unsupported: z.array(z.object({ claimId: Id, statement: z.string() })),
  workingCopies: z.array(Id),
  statementsAttaching: z.array(Id),
});

export const EntityDeleteImpact = z.object({ links: z.array(Id), claims: z.array(Id), events: z.array(Id) });

export const SearchHit = z.object({
  id: Id,
  caseId: Id,
  kind: EntityData.shape.kind,
  name: z.string(),
  /** The name or alias that matched, when it is not the primary name. */
  matched: z.string().nullable(),
  score: z.number(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const ImportReport = z.object({
  format: z.literal('ftm'),
  caseId: Id,
  lines: z.number().int(),
  /**
   * What the lines became: entities, links (one per pair of ends), events, designations (from Sanction), and FtM
   * entities kept verbatim on an entity (`kept`: Passport, Note, Document …); `skipped`: lines imported as
   * nothing, each listed in `skippedLines` with the reason.
   */
  imported: z.object({
    entities: z.number().int(),
    links: z.number().int(),
    events: z.number().int(),
    designations: z.number().int(),
    kept: z.number().int(),
    skipped: z.number().int(),
  }),
  bySchema: z.record(z.string(), z.number().int()),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string(), id: z.string().optional() })),
  /** Lines imported as nothing, and why (a delta deleting a record, an FtM entity with nothing to hang on). */
  skippedLines: z.array(z.object({ line: z.number().int(), reason: z.string(), id: z.string().optional() })),
  /** Values kept aside (invalid for their FtM type, or a property the schema lacks): the line was imported without them. */
  warnings: z.array(
    z.object({ line: z.number().int(), reason: z.string(), id: z.string().optional(), property: z.string().optional(), value: z.string().optional() }),
  ),
  /** True when nothing was written (a rejected line and "import valid lines" not chosen). */
  aborted: z.boolean(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const IntakeFileMeta = z.object({
  title: z.string().max(500).optional(),
  sourceId: Id.optional(),
  credibility: z.number().int().min(1).max(6).optional(),
  verifiedDocument: z.boolean().optional(),
  capturedBy: z.string().max(200).optional(),
  capturedAt: PartialDate.optional(),
  acquisitionMethod: EvidenceData.shape.file.unwrap().shape.acquisitionMethod,
  sourceUrl: z.string().max(2000).optional(),
  notes: z.string().max(20_000).optional(),
  language: z.string().max(100).optional(),
  confidentiality: EvidenceData.shape.confidentiality.optional(),
});

export { WitnessIdentity };
