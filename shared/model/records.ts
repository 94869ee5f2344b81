/**
 * The case model (ARCHITECTURE.md §4) as zod schemas: the data inside each sealed record, validated on every
 * write and on import. FollowTheMoney-compatible where FtM has the concept (see main/core/exchange/ftm).
 *
 * Ids are opaque 32-hex strings (128 random bits). Witnesses' real identities are NOT here: they live in the
 * witness compartment (WitnessIdentity, sealed with the compartment key); everything below uses pseudonyms.
 */
import { z } from 'zod';
import { PartialDate } from './partial-date';
import {
  ACQUISITION_METHODS,
  AGE_BANDS,
  CONDUCT_TAGS,
  ENTITY_KINDS,
  EVIDENCE_CONFIDENTIALITY,
  EXPLOITATION_FORMS,
  IDENTIFIER_TYPES,
  LINK_KINDS,
  NAME_QUALITIES,
  RISK_LEVELS,
  ROLES,
  SEXES,
  SOURCE_TYPES,
  WORKING_COPY_TYPES,
  type ConductTag,
} from './vocabulary';

export const Id = z.string().regex(/^[0-9a-f]{32}$/, 'not a record id');
export type Id = z.infer<typeof Id>;

/** ISO 3166-1 alpha-2, lower case as in FollowTheMoney ("ly", "er"). */
export const CountryCode = z.string().regex(/^[a-z]{2}$/, 'use a two-letter ISO country code');

const Text = (max: number) => z.string().max(max);
const Label = z.string().trim().min(1, 'required').max(500);

export const Script = z.enum(['latin', 'arabic', 'cyrillic', 'ethiopic', 'chinese', 'other']);

export const Name = z.object({
  value: Label,
  quality: z.enum(NAME_QUALITIES).default('strong'),
  /** Detected or stated script; "original script" names matter for listings. */
  script: Script.optional(),
  lang: z.string().max(12).optional(),
  note: Text(500).optional(),
});
export type Name = z.infer<typeof Name>;

export const Identifier = z.object({
  type: z.enum(IDENTIFIER_TYPES),
  value: Label,
  country: CountryCode.optional(),
  issued: PartialDate.optional(),
  expires: PartialDate.optional(),
  note: Text(500).optional(),
});
export type Identifier = z.infer<typeof Identifier>;

export const CaseData = z.object({
  name: Label,
  description: Text(20_000).default(''),
  status: z.enum(['open', 'closed', 'archived']).default('open'),
  /** Countries the case concerns (conduct nexus for the criteria engine). */
  countries: z.array(CountryCode).default([]),
  tags: z.array(Text(100)).default([]),
});
export type CaseData = z.infer<typeof CaseData>;

/**
 * OpenSanctions' top-level entity fields (not FtM properties): kept on the record they came in on, so that an
 * export can write them back. Free text as the source gave it; nothing in Sanctum reasons on them.
 */
export const FtmMeta = z.object({
  caption: Text(1000).optional(),
  datasets: z.array(Text(200)).max(1000).optional(),
  referents: z.array(Text(500)).max(10_000).optional(),
  target: z.boolean().optional(),
  first_seen: Text(100).optional(),
  last_seen: Text(100).optional(),
  last_change: Text(100).optional(),
});
export type FtmMeta = z.infer<typeof FtmMeta>;

const FtmProps = z.record(z.string(), z.array(z.string()));

/** An FtM entity the case model has no record for (Document, Contract, Passport …), kept verbatim on a record. */
export const FtmKept = z.object({ id: z.string().max(500), schema: z.string().max(100), properties: FtmProps, meta: FtmMeta.optional() });
export type FtmKept = z.infer<typeof FtmKept>;

/** Where a record came from in FollowTheMoney, and what of it the model has no field for. */
export const FtmExternal = z.object({
  ftmId: z.string().max(500).optional(),
  ftmSchema: z.string().max(100).optional(),
  /** FtM properties with no home in our model, kept verbatim for export. */
  extra: FtmProps.optional(),
  meta: FtmMeta.optional(),
  /** Values that failed the FtM type check on import (or properties the schema lacks): kept aside, never exported as valid. */
  invalid: FtmProps.optional(),
  /** FtM entities of other schemata that hang off this one (Passport, Note, Document …), verbatim. */
  kept: z.array(FtmKept).optional(),
  /** A relationship with several values on an end, split into one link per pair: the ends as the source had them. */
  ends: z.object({ source: z.array(z.string()), target: z.array(z.string()) }).optional(),
});
export type FtmExternal = z.infer<typeof FtmExternal>;

export const EntityData = z.object({
  caseId: Id,
  kind: z.enum(ENTITY_KINDS),
  /** Primary name; for a protected witness, the pseudonym. */
  name: Label,
  /** Name in original script (e.g. Arabic), as on a listing form. */
  originalScriptName: Text(500).optional(),
  aliases: z.array(Name).default([]),
  identifiers: z.array(Identifier).default([]),
  roles: z.array(z.enum(ROLES)).default([]),
  birthDate: PartialDate.optional(),
  birthPlace: Text(500).optional(),
  deathDate: PartialDate.optional(),
  /** Incorporation / founding for organisations. */
  foundedDate: PartialDate.optional(),
  nationality: z.array(CountryCode).default([]),
  countries: z.array(CountryCode).default([]),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
  title: Text(200).optional(),
  position: Text(500).optional(),
  address: Text(1000).optional(),
  /**
   * Per-kind fields (issue 15): a bank account's bank, a vessel's flag state, a company's or organisation's
   * jurisdiction of registration (FtM bankName, flag, jurisdiction). Optional and new: every record written
   * before them is valid as it is, so the entity kind keeps record version 1 (store/record-migrations.ts).
   */
  bankName: Text(500).optional(),
  flag: CountryCode.optional(),
  jurisdiction: CountryCode.optional(),
  description: Text(20_000).default(''),
  /** Set when this entity stands for a witness: the name is the pseudonym, the identity is compartmented. */
  witnessId: Id.optional(),
  /** Flagged protected by an analyst: leaves the vault under a label only, like a witness or a victim. */
  protected: z.boolean().optional(),
  /** Where it came from: foreign ids (FtM, UN reference) and properties we keep for round trips. */
  external: FtmExternal.optional(),
});
export type EntityData = z.infer<typeof EntityData>;

export const Money = z.object({
  amount: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. USD').optional(),
});

export const LinkData = z
  .object({
    caseId: Id,
    kind: z.enum(LINK_KINDS),
    source: Id,
    target: Id,
    role: Text(500).optional(),
    start: PartialDate.optional(),
    end: PartialDate.optional(),
    /** For payments and financing: when the money moved. */
    date: PartialDate.optional(),
    money: Money.optional(),
    description: Text(20_000).default(''),
    external: FtmExternal.optional(),
  })
  .refine((l) => l.source !== l.target, { message: 'a link needs two different entities', path: ['target'] });
export type LinkData = z.infer<typeof LinkData>;

export const VictimGroup = z.object({
  count: z.number().int().min(1),
  sex: z.enum(SEXES).default('unknown'),
  ageBand: z.enum(AGE_BANDS).default('unknown'),
  nationality: CountryCode.optional(),
  exploitation: z.enum(EXPLOITATION_FORMS).default('unknown'),
  /** The victims consented to the movement (smuggling vs trafficking); unset = not known. */
  consented: z.boolean().optional(),
  /** Moved across an international border. */
  crossBorder: z.boolean().optional(),
  /**
   * When the group is one identified person: the entity standing for them (by pseudonym). Events that name the
   * same victim join into one chain (recruitment -> transport -> exploitation) for the trafficking test.
   */
  entityId: Id.optional(),
  note: Text(1000).optional(),
});
export type VictimGroup = z.infer<typeof VictimGroup>;

const ConductTagSchema = z.string().refine((t): t is ConductTag => (CONDUCT_TAGS as string[]).includes(t), { message: 'unknown conduct tag' });

export const EventData = z.object({
  caseId: Id,
  title: Label,
  date: PartialDate.optional(),
  endDate: PartialDate.optional(),
  place: z
    .object({
      name: Text(500).optional(),
      country: CountryCode.optional(),
      locationId: Id.optional(),
    })
    .default({}),
  description: Text(50_000).default(''),
  /**
   * `role` is a PARTICIPANT_ROLES id (shared/model/vocabulary.ts); older records hold free text, read through
   * `participantRole()`. Only perpetrator roles carry the event's conduct to the participant.
   */
  participants: z.array(z.object({ entityId: Id, role: Text(200).default('') })).default([]),
  conduct: z.array(ConductTagSchema).default([]),
  victims: z.array(VictimGroup).default([]),
  /** Crossed an international border (trafficking need not; smuggling always does). */
  crossBorder: z.boolean().optional(),
  /** Victims consented to the movement (relevant to smuggling vs trafficking; irrelevant once means are used). */
  victimsConsented: z.boolean().optional(),
  /** Imported from FtM (Event, Trip, Call): the id, schema and every property, verbatim. */
  external: FtmExternal.optional(),
});
export type EventData = z.infer<typeof EventData>;

export const SourceData = z.object({
  caseId: Id,
  /** Who or what gave the information; for people, a pseudonym. */
  name: Label,
  type: z.enum(SOURCE_TYPES),
  reliability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']),
  /**
   * Reliability not yet graded (issue 11 rule 4): stored as F, the lowest grade, and flagged so the engine
   * shows a caveat on every finding that rests on it. Cleared when a grade is set.
   */
  ungraded: z.boolean().optional(),
  description: Text(5000).default(''),
  /**
   * The source this one reports from (issue 11 rule 4): two outlets repeating one origin are one source. The
   * engine follows the chain to its origin when it counts independent sources.
   */
  dependsOn: Id.optional(),
  /** When the source is a witness: the compartmented identity lives behind this id. */
  witnessId: Id.optional(),
});
export type SourceData = z.infer<typeof SourceData>;

/** A source's reliability as asked for when it is registered: a grade, or "not yet graded" said explicitly. */
export const ReliabilityChoice = z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'ungraded']);
export type ReliabilityChoice = z.infer<typeof ReliabilityChoice>;

export const BlobRef = z.object({
  blobId: z.string().regex(/^[0-9a-f]{32}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0),
});
export type BlobRef = z.infer<typeof BlobRef>;

export const Interview = z.object({
  date: PartialDate.optional(),
  place: Text(500).optional(),
  interviewer: Text(200).optional(),
  language: Text(100).optional(),
  interpreter: Text(200).optional(),
});

export const Consent = z.object({
  useForListing: z.boolean().default(false),
  shareWithProsecutors: z.boolean().default(false),
  mayBeNamed: z.boolean().default(false),
  note: Text(2000).optional(),
});
export type Consent = z.infer<typeof Consent>;

/**
 * An evidence item: a file hashed at intake, or a witness statement. Claims cite evidence items; each item
 * comes from a source (independence is judged per source) and has its own credibility grade.
 */
export const EvidenceData = z.object({
  caseId: Id,
  type: z.enum(['file', 'statement']),
  title: Label,
  sourceId: Id.optional(),
  credibility: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]).default(6),
  /** A first-hand account (the source saw or suffered it): with credibility 1-3 it counts even from a new source. */
  firstHand: z.boolean().default(false),
  /** A verified authentic document (panels: one verified document can carry a finding). */
  verifiedDocument: z.boolean().default(false),
  language: Text(100).optional(),
  confidentiality: z.enum(EVIDENCE_CONFIDENTIALITY).default('confidential'),
  date: PartialDate.optional(),
  notes: Text(20_000).default(''),
  /** Files: the original, hashed at intake and never modified. */
  file: z
    .object({
      originalName: Text(1000),
      mediaType: Text(200),
      blob: BlobRef,
      capturedBy: Text(200).optional(),
      capturedAt: PartialDate.optional(),
      acquisitionMethod: z.enum(ACQUISITION_METHODS).optional(),
      sourceUrl: Text(2000).optional(),
    })
    .optional(),
  /** Working copies (redacted, translated …) point at the original they derive from. */
  derivedFrom: z.object({ evidenceId: Id, type: z.enum(WORKING_COPY_TYPES) }).optional(),
  /** A part of another item (an e-mail's attachment): its own hash and custody, pointing at its container. */
  partOf: z.object({ evidenceId: Id, kind: z.enum(['attachment']), name: Text(1000) }).optional(),
  /** Statements: the interview, with the witness known only by pseudonym. */
  statement: z
    .object({
      witnessId: Id,
      interview: Interview.default({}),
      consent: Consent.default({ useForListing: false, shareWithProsecutors: false, mayBeNamed: false }),
      riskLevel: z.enum(RISK_LEVELS).default('high'),
      text: Text(500_000).default(''),
      attachments: z.array(Id).default([]),
    })
    .optional(),
});
export type EvidenceData = z.infer<typeof EvidenceData>;

/** A witness as the rest of the vault sees them: a pseudonym and protection facts, never an identity. */
export const WitnessData = z.object({
  caseId: Id,
  pseudonym: Label,
  riskLevel: z.enum(RISK_LEVELS).default('high'),
  /** The entity that stands for this witness in the network, if any. */
  entityId: Id.optional(),
  notes: Text(5000).default(''),
});
export type WitnessData = z.infer<typeof WitnessData>;

/** Sealed with the compartment key, in `witness_records`. */
export const WitnessIdentity = z.object({
  witnessId: Id,
  fullName: Label,
  otherNames: z.array(Text(500)).default([]),
  birthDate: PartialDate.optional(),
  nationality: z.array(CountryCode).default([]),
  contact: Text(2000).default(''),
  address: Text(2000).default(''),
  notes: Text(20_000).default(''),
  /** Name parts, as the witness gives them (Ethiopian/Eritrean and Arabic names: given, father's, grandfather's). */
  givenName: Text(500).optional(),
  fatherName: Text(500).optional(),
  grandfatherName: Text(500).optional(),
  familyName: Text(500).optional(),
  nicknames: z.array(Text(500)).default([]),
  phone: Text(200).optional(),
  idNumbers: z.array(Text(200)).default([]),
  placeOfBirth: Text(500).optional(),
  /** As written (ISO date preferred); matched in outputs for review, not only as a partial date. */
  dateOfBirth: Text(100).optional(),
});
export type WitnessIdentity = z.infer<typeof WitnessIdentity>;

export const ClaimAssertion = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('conduct'),
    entityId: Id,
    conduct: ConductTagSchema,
    eventId: Id.optional(),
    /** Where the conduct took place (nexus to a sanctions regime). */
    country: CountryCode.optional(),
    date: PartialDate.optional(),
  }),
  z.object({ type: z.literal('link'), linkId: Id }),
  z.object({ type: z.literal('participation'), entityId: Id, eventId: Id, role: Text(200).default('') }),
]);
export type ClaimAssertion = z.infer<typeof ClaimAssertion>;

export const ClaimEvidence = z.object({
  evidenceId: Id,
  /** Where in the item: page, paragraph, timestamp. */
  locator: Text(500).optional(),
  excerpt: Text(5000).optional(),
});

/** The atom the engines reason on: "evidence E supports that X did C" / "link L exists" / "X took part in V". */
export const ClaimData = z.object({
  caseId: Id,
  assertion: ClaimAssertion,
  /** One sentence a reader can check against the evidence (feeds listing narratives). */
  statement: Text(5000).default(''),
  evidence: z.array(ClaimEvidence).default([]),
  /** The analyst's own grading of the claim as a whole. */
  assessment: z.enum(['confirmed', 'probable', 'possible', 'doubtful']).default('possible'),
  /** May this claim appear in a releasable narrative summary? */
  releasable: z.boolean().default(false),
});
export type ClaimData = z.infer<typeof ClaimData>;

/** An analyst's override of the victim exclusion in the criteria engine: always with a reason. */
export const CriteriaOverrideData = z.object({
  caseId: Id,
  entityId: Id,
  reason: z.string().trim().min(10, 'give the reason in a sentence').max(5000),
});
export type CriteriaOverrideData = z.infer<typeof CriteriaOverrideData>;

/**
 * What the vault knows about an entity's sanctions status: listed under regimes (from a confirmed screening
 * match, or entered by hand) and/or recorded as part of a group (e.g. "isil") for group-nexus regimes.
 */
export const DesignationData = z.object({
  caseId: Id,
  entityId: Id,
  regimeIds: z.array(z.string()).default([]),
  /** List reference numbers, e.g. "LYi.026". */
  references: z.array(z.string().max(50)).default([]),
  groups: z.array(z.string().max(50)).default([]),
  /** When the listing took effect: acting for a person before they were listed is not acting for a listed person. */
  listedOn: PartialDate.optional(),
  /** `import`: an FtM Sanction entity of an imported file (its properties are kept in `external`). */
  source: z.enum(['screening', 'manual', 'import']),
  note: Text(5000).default(''),
  external: FtmExternal.optional(),
});
export type DesignationData = z.infer<typeof DesignationData>;

/**
 * An imported sanctions list (UN Consolidated List XML, or FollowTheMoney JSON lines), sealed like every record:
 * which list it is (`listId`, stable across re-imports, so decisions carry over), where and when it came from,
 * its SHA-256 and counts. The record stays small: the parsed entries (main/core/screening/list-model.ts
 * ListEntry[]) are in an encrypted blob (`blob`: gzip'd JSON lines, one entry a line, `entryCount` of them),
 * read when screening needs them. Snapshots stored before that (v1) carry the entries inline in `entries`; they
 * are still read, and are moved into a blob by the next list import. Entry shapes are the parser's, checked
 * there, so they are not re-validated here.
 */
export const ListSnapshotData = z
  .object({
    listId: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(500),
    format: z.enum(['un-xml', 'ftm']),
    source: z.string().max(2000),
    generatedAt: z.string().max(100).nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    importedAt: z.string(),
    counts: z.object({ individuals: z.number().int().min(0), entities: z.number().int().min(0), aliases: z.number().int().min(0) }),
    problems: z.number().int().min(0).default(0),
    /** v2: the entries as gzip'd JSON lines in an encrypted blob. */
    blob: BlobRef.optional(),
    entryCount: z.number().int().min(0).optional(),
    /** v1 (read, never written any more): the entries inline. */
    entries: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .refine((d) => (d.blob !== undefined) !== (d.entries !== undefined), { message: 'a list snapshot keeps its entries either in a blob or inline', path: ['blob'] });
export type ListSnapshotData = z.infer<typeof ListSnapshotData>;

/**
 * The analyst's decision on one screening hit: entity X is (or is not) list entry E. Kept per (entity, list id,
 * entry id) and replayed on every later import of the same list; `entryHash` says which version of the entry
 * was judged, so a changed entry is flagged for review instead of silently inheriting the decision.
 */
export const ScreeningDecisionData = z.object({
  caseId: Id,
  entityId: Id,
  listId: z.string().min(1).max(200),
  entryId: z.string().min(1).max(200),
  snapshotId: Id,
  entryHash: z.string().regex(/^[0-9a-f]{64}$/),
  caption: z.string().max(1000),
  score: z.number().min(0).max(1),
  decision: z.enum(['true_positive', 'false_positive']),
  reason: z.string().trim().min(3, 'say why in a few words').max(5000),
  decidedBy: z.string().max(200),
  decidedAt: z.string(),
  /** The designation a true positive created (removed again if the decision is reversed). */
  designationId: Id.nullable(),
});
export type ScreeningDecisionData = z.infer<typeof ScreeningDecisionData>;

/** One hit of a stored screening run: what the matcher said, and which version of the entry it said it about. */
export const ScreeningRunHit = z.object({
  entryId: z.string().min(1).max(200),
  /** SHA-256 of the entry as screened (see ScreeningDecisionData.entryHash). */
  entryHash: z.string().regex(/^[0-9a-f]{64}$/),
  caption: z.string().max(1000),
  schema: z.string().max(50),
  programs: z.array(z.string().max(200)).max(100),
  score: z.number().min(0).max(1),
  verdict: z.enum(['match', 'possible']),
  features: z.record(z.string(), z.union([z.number(), z.string()])),
  explanation: z.array(z.string().max(2000)).max(50),
});
export type ScreeningRunHit = z.infer<typeof ScreeningRunHit>;

/**
 * The last screening of a case against one list: one record per (case, list id), replaced by the next run.
 * Which snapshot was screened against and when; every entity screened; and, for each one that came up, the
 * query as screened and its hits. Decisions are not here: they stay in the decision ledger.
 */
export const ScreeningRunData = z.object({
  caseId: Id,
  listId: z.string().min(1).max(200),
  snapshotId: Id,
  listName: z.string().max(500),
  listSha256: z.string().regex(/^[0-9a-f]{64}$/),
  screenedAt: z.string(),
  screenedBy: z.string().max(200),
  /** Every entity screened, hit or not. */
  entityIds: z.array(Id),
  /** Protected people of the case (witnesses, victims, flagged) left out: never screened or stored by name. */
  protectedNotScreened: z.number().int().min(0).optional(),
  results: z.array(
    z.object({
      entityId: Id,
      query: z.object({ id: z.string(), schema: z.string(), names: z.array(z.string()), birthDates: z.array(z.string()).optional(), nationalities: z.array(z.string()).optional() }),
      hits: z.array(ScreeningRunHit).min(1),
    }),
  ),
});
export type ScreeningRunData = z.infer<typeof ScreeningRunData>;

/** How a page's text was obtained. */
export const TEXT_METHODS = ['pdf-text', 'ocr', 'docx', 'email', 'html', 'plain'] as const;
/** extracted: all of it; partial: some pages failed or were cut; no-text: nothing readable; unsupported: a format we do not read. */
export const TEXT_STATUSES = ['extracted', 'partial', 'no-text', 'unsupported', 'failed'] as const;

/** An OCR word with its box in the pixels of the page image (x0, y0, x1, y1), for the text layer over the image. */
export const OcrWord = z.object({
  text: Text(1000),
  confidence: z.number().min(0).max(100),
  box: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type OcrWord = z.infer<typeof OcrWord>;

export const TextPage = z.object({
  /** 1-based: the PDF page; 1 for an image or a one-piece format. */
  page: z.number().int().min(1),
  method: z.enum(TEXT_METHODS),
  text: Text(5_000_000),
  /** OCR only: mean word confidence (0-100), the words and the size of the image their boxes refer to. */
  confidence: z.number().min(0).max(100).optional(),
  words: z.array(OcrWord).max(200_000).optional(),
  size: z.object({ width: z.number().int().min(1), height: z.number().int().min(1) }).optional(),
});
export type TextPage = z.infer<typeof TextPage>;

/**
 * Text extracted from an evidence file: one record per item (replaced when extraction is run again). Sealed like
 * every record; the original file is never altered. Statements carry their own text and have none.
 */
export const EvidenceTextData = z.object({
  caseId: Id,
  evidenceId: Id,
  /** SHA-256 of the original the text was read from. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  status: z.enum(TEXT_STATUSES),
  pages: z.array(TextPage).default([]),
  /** The charset a text or HTML file was decoded with (declared or detected). */
  charset: Text(100).optional(),
  /** OCR languages used (tesseract codes: eng, fra, ara …) or the language detected. */
  languages: z.array(Text(20)).default([]),
  /** E-mail headers; the body is page 1 and each attachment is a child evidence item (EvidenceData.partOf). */
  email: z
    .object({
      from: Text(2000).default(''),
      to: z.array(Text(2000)).default([]),
      cc: z.array(Text(2000)).default([]),
      subject: Text(2000).default(''),
      date: Text(100).optional(),
      messageId: Text(1000).optional(),
      attachments: z.array(Id).default([]),
    })
    .optional(),
  /** What produced it, with versions: 'pdfjs-dist 6.5.438', 'tesseract.js 6.0.1 eng+fra+ara'. */
  extractor: Text(200),
  extractedAt: z.string().max(40),
  warnings: z.array(Text(2000)).default([]),
  error: Text(2000).optional(),
  /** Read by the sender, not here: the text came in an evidence package (data/text/…), no OCR was run again. */
  imported: z.object({ packageId: Text(200), originalId: Text(200), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});
export type EvidenceTextData = z.infer<typeof EvidenceTextData>;

/** A page as the stored `evidence_text` record (v2) describes it: what it is, without its text. */
export const TextPageInfo = TextPage.pick({ page: true, method: true, confidence: true });
export type TextPageInfo = z.infer<typeof TextPageInfo>;

/**
 * The stored `evidence_text` record, v2: everything but the pages' contents, which are in a sealed blob (`body`:
 * the pages as gzip'd JSON, TextPage[]), so unlock does not decrypt and parse every document's text. Read the
 * whole text (EvidenceTextData) through `readEvidenceText` (main/core/documents/text-store.ts). A v1 record (the
 * pages inline) is moved into this form at unlock (DocumentTextService.migrateInlineTexts).
 */
export const EvidenceTextRecordData = EvidenceTextData.omit({ pages: true }).extend({
  pages: z.array(TextPageInfo).default([]),
  /** Absent when there is no page. */
  body: BlobRef.optional(),
});
export type EvidenceTextRecordData = z.infer<typeof EvidenceTextRecordData>;

/** Record kinds in the `records` table, and their data schemas. */
export const RECORD_SCHEMAS = {
  case: CaseData,
  entity: EntityData,
  link: LinkData,
  event: EventData,
  source: SourceData,
  evidence: EvidenceData,
  witness: WitnessData,
  claim: ClaimData,
  criteria_override: CriteriaOverrideData,
  designation: DesignationData,
  list_snapshot: ListSnapshotData,
  screening_decision: ScreeningDecisionData,
  screening_run: ScreeningRunData,
  evidence_text: EvidenceTextRecordData,
} as const;
export type CaseRecordKind = keyof typeof RECORD_SCHEMAS;
/** The data of a record of kind K, as its schema outputs it. */
export type RecordData<K extends CaseRecordKind> = z.output<(typeof RECORD_SCHEMAS)[K]>;

export function isCaseRecordKind(kind: string): kind is CaseRecordKind {
  return Object.prototype.hasOwnProperty.call(RECORD_SCHEMAS, kind);
}
