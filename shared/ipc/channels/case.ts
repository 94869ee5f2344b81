/** Case workspace channels: cases, entities, links, events, sources, claims, evidence, witnesses, undo, jobs. */
import { z } from 'zod';
import {
  CaseView,
  ClaimView,
  EntityDeleteImpact,
  EntityRow,
  EntityView,
  EventView,
  EvidenceDeleteImpact,
  EvidenceRow,
  EvidenceView,
  IntakeFileMeta,
  LinkView,
  SourceView,
  WitnessIdentity,
  WitnessView,
} from '../schemas/case';
import {
  CaseData,
  ClaimData,
  Consent,
  EntityData,
  EventData,
  EvidenceData,
  Id,
  Interview,
  LinkData,
  ReliabilityChoice,
  SourceData,
  WitnessData,
  WitnessIdentity as WitnessIdentityData,
} from '../../model/records';
import { LINK_KINDS, RISK_LEVELS, WORKING_COPY_TYPES } from '../../model/vocabulary';
import { ById, Confirmed, Empty, JobId, Ok, patchOf, recordInput, strictDeep, type ChannelMap } from './common';
import { Grant, GrantedFile, READ_PURPOSES, WRITE_PURPOSES } from '../grants';

/**
 * What create and update channels take (issue 16): the model's own schemas, so an ill-typed or unknown field
 * is refused by the router with its name. Updates never move a record to another case; evidence keeps its
 * file, lineage and type (a statement's own fields change through statement.update, which logs consent).
 */
export const CasePatch = patchOf(CaseData);
export const EntityInput = recordInput(EntityData);
export const EntityPatch = patchOf(EntityData, ['caseId']);
export const LinkInput = recordInput(LinkData);
export const LinkPatch = patchOf(LinkData, ['caseId']);
export const EventInput = recordInput(EventData);
export const EventPatch = patchOf(EventData, ['caseId']);
export const SourceInput = recordInput(SourceData);
export const SourcePatch = patchOf(SourceData, ['caseId']);
export const ClaimInput = recordInput(ClaimData);
export const ClaimPatch = patchOf(ClaimData, ['caseId']);
export const EvidencePatch = patchOf(EvidenceData, ['caseId', 'type', 'file', 'derivedFrom', 'partOf', 'statement']);
/** The pseudonym is optional: the next free one (W-001 …) is given. */
export const WitnessInput = recordInput(WitnessData, ['pseudonym']);
export const WitnessPatch = patchOf(WitnessData, ['caseId']);
/** A witness's identity as given: the whole identity (it replaces the stored one); the witness id comes from the request. */
export const IdentityInput = recordInput(WitnessIdentityData.omit({ witnessId: true }));

/** A statement's own fields: statement.create takes them all, statement.update those it can change. */
const StatementFields = strictDeep(
  z.object({
    title: z.string().max(500).optional(),
    interview: Interview.optional(),
    consent: Consent.optional(),
    riskLevel: z.enum(RISK_LEVELS).optional(),
    text: z.string().max(500_000).optional(),
    attachments: z.array(Id).optional(),
    credibility: z.number().int().min(1).max(6).optional(),
    language: z.string().max(100).optional(),
  }),
);
export const StatementPatch = StatementFields.omit({ language: true }).strict();

export const caseChannels = {
  // Cases
  'case.list': { request: Empty, response: z.array(CaseView) },
  'case.create': { request: CaseData.partial({ description: true, status: true, countries: true, tags: true }).strict(), response: CaseView },
  'case.update': { request: z.object({ id: Id, patch: CasePatch }).strict(), response: CaseView },

  // Entities, links, events, sources
  'entity.list': { request: z.object({ caseId: Id }).strict(), response: z.array(EntityRow) },
  'entity.get': { request: ById, response: EntityView },
  'entity.create': { request: z.object({ data: EntityInput }).strict(), response: EntityView },
  'entity.update': { request: z.object({ id: Id, patch: EntityPatch }).strict(), response: EntityView },
  /** A new entity and its link to one already in the case (a bank account's new holder): one step, one undo. */
  'entity.createLinked': {
    request: z.object({ data: EntityInput, link: z.object({ kind: z.enum(LINK_KINDS), target: Id }).strict() }).strict(),
    response: z.object({ entity: EntityView, link: LinkView }),
  },
  'entity.deleteImpact': { request: ById, response: EntityDeleteImpact },
  'entity.delete': { request: Confirmed, response: EntityDeleteImpact },
  'link.list': { request: z.object({ caseId: Id }).strict(), response: z.array(LinkView) },
  'link.create': { request: z.object({ data: LinkInput }).strict(), response: LinkView },
  'link.update': { request: z.object({ id: Id, patch: LinkPatch }).strict(), response: LinkView },
  'link.delete': { request: Confirmed, response: z.object({ claims: z.array(Id) }) },
  'event.list': { request: z.object({ caseId: Id }).strict(), response: z.array(EventView) },
  'event.create': { request: z.object({ data: EventInput }).strict(), response: EventView },
  'event.update': { request: z.object({ id: Id, patch: EventPatch }).strict(), response: EventView },
  'event.delete': { request: Confirmed, response: z.object({ claims: z.array(Id) }) },
  'source.list': { request: z.object({ caseId: Id }).strict(), response: z.array(SourceView) },
  'source.create': { request: z.object({ data: SourceInput }).strict(), response: SourceView },
  'source.update': { request: z.object({ id: Id, patch: SourcePatch }).strict(), response: SourceView },
  'source.delete': { request: ById, response: Ok },

  // Claims
  'claim.list': { request: z.object({ caseId: Id.optional(), aboutId: Id.optional() }).strict(), response: z.array(ClaimView) },
  'claim.create': { request: z.object({ data: ClaimInput }).strict(), response: ClaimView },
  'claim.update': { request: z.object({ id: Id, patch: ClaimPatch }).strict(), response: ClaimView },
  'claim.delete': { request: ById, response: Ok },

  // Evidence (files are named by grant: chosen with system.pickFiles or dropped onto the window)
  'evidence.list': { request: z.object({ caseId: Id }).strict(), response: z.array(EvidenceRow) },
  'evidence.get': { request: ById, response: EvidenceView },
  'evidence.intake': {
    request: z.object({ caseId: Id, grants: z.array(Grant).min(1).max(500), meta: IntakeFileMeta.default({}), jobId: JobId }).strict(),
    response: z.object({ items: z.array(EvidenceRow) }),
  },
  'evidence.workingCopy': {
    request: z.object({ originalId: Id, grant: Grant, type: z.enum(WORKING_COPY_TYPES), meta: IntakeFileMeta.default({}), jobId: JobId }).strict(),
    response: EvidenceRow,
  },
  'evidence.update': { request: z.object({ id: Id, patch: EvidencePatch }).strict(), response: EvidenceView },
  'evidence.preview': {
    request: ById,
    response: z.object({ kind: z.enum(['image', 'pdf', 'text', 'audio', 'none']), mediaType: z.string(), name: z.string(), size: z.number().int(), base64: z.string().nullable(), tooLarge: z.boolean() }),
  },
  'evidence.exportOriginal': { request: z.object({ id: Id, grant: Grant }).strict(), response: z.object({ name: z.string(), sha256: z.string(), size: z.number().int() }) },
  'evidence.deleteImpact': { request: ById, response: EvidenceDeleteImpact },
  'evidence.delete': { request: Confirmed, response: EvidenceDeleteImpact },

  // Witnesses and statements (identities only through witness.reveal, logged)
  'witness.list': { request: z.object({ caseId: Id }).strict(), response: z.array(WitnessView) },
  /** `reliability` of the witness's source is required: a grade, or 'ungraded' said explicitly (rule 4). */
  'witness.create': { request: z.object({ data: WitnessInput, identity: IdentityInput.optional(), reliability: ReliabilityChoice }).strict(), response: WitnessView },
  'witness.update': { request: z.object({ id: Id, patch: WitnessPatch }).strict(), response: WitnessView },
  'witness.setIdentity': { request: z.object({ witnessId: Id, identity: IdentityInput }).strict(), response: Ok },
  'witness.reveal': { request: z.object({ witnessId: Id }).strict(), response: WitnessIdentity.nullable() },
  /** Writing-time warning: where a text mentions a witness's identity (positions and field names only). */
  'witness.checkText': {
    request: z.object({ caseId: Id, witnessId: Id.optional(), text: z.string().max(500_000) }).strict(),
    response: z.object({
      checked: z.boolean(),
      hits: z.array(z.object({ start: z.number().int(), end: z.number().int(), field: z.string(), kind: z.enum(['redact', 'review']), replacement: z.string() })),
    }),
  },
  'statement.create': {
    request: StatementFields.extend({ caseId: Id, witnessId: Id }).strict(),
    response: EvidenceView,
  },
  'statement.update': { request: z.object({ id: Id, patch: StatementPatch }).strict(), response: EvidenceView },

  // Undo and jobs
  'undo.peek': { request: Empty, response: z.object({ label: z.string() }).nullable() },
  'undo.run': { request: Empty, response: z.object({ label: z.string() }).nullable() },
  'job.cancel': { request: z.object({ jobId: JobId }).strict(), response: z.object({ cancelled: z.boolean() }) },

  // Native file dialogs, provided by the shell (Electron) or the test harness. The renderer gets a single-use
  // grant for what it said the file is for, and the base name to show; the path stays in main.
  'system.pickFiles': {
    request: z
      .object({
        purpose: z.enum(READ_PURPOSES),
        title: z.string().max(200).optional(),
        multiple: z.boolean().default(true),
        filters: z.array(z.object({ name: z.string(), extensions: z.array(z.string()) })).optional(),
      })
      .strict(),
    response: z.object({ files: z.array(GrantedFile) }),
  },
  'system.pickSavePath': {
    request: z.object({ purpose: z.enum(WRITE_PURPOSES), title: z.string().max(200).optional(), defaultName: z.string().max(500).optional() }).strict(),
    response: z.object({ file: GrantedFile.nullable() }),
  },
} as const satisfies ChannelMap;
