/**
 * The one IPC contract. Both sides compile against it: the renderer's typed client (renderer/api) and the
 * main-process router (main/ipc). Every request is validated against its schema in main before a handler
 * runs; responses are validated in tests. Channels are named `domain.verb`.
 *
 * Adding a feature = adding its schemas under ./schemas and its channels here, then handlers in main/ipc.
 */
import { z } from 'zod';
import type { ErrorPayload } from '../errors';
import { AuditEntryView, AuditReport, Passphrase, Settings, VaultStatus } from './schemas/vault';
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
} from './schemas/case';
import { CaseData, ClaimData, EntityData, EventData, Id, LinkData, SourceData, WitnessData } from '../model/records';
import { Consent, Interview } from '../model/records';
import { RISK_LEVELS, WORKING_COPY_TYPES } from '../model/vocabulary';

const Empty = z.object({}).strict();
const ById = z.object({ id: Id }).strict();
const Patch = z.record(z.string(), z.unknown());
const Confirmed = z.object({ id: Id, confirm: z.boolean().default(false) }).strict();
const Ok = z.object({ ok: z.literal(true) });
/** Long work (intake, import) reports progress as job.progress events under this id, and can be cancelled. */
const JobId = z.string().min(1).max(64);

export const contract = {
  'app.info': { request: Empty, response: z.object({ version: z.string(), platform: z.string() }) },

  'vault.status': { request: Empty, response: VaultStatus },
  'vault.create': {
    request: z.object({ passphrase: Passphrase, witnessPassphrase: Passphrase.optional() }).strict(),
    response: z.object({ recoveryKey: z.string(), status: VaultStatus }),
  },
  'vault.unlock': { request: z.object({ passphrase: Passphrase }).strict(), response: VaultStatus },
  'vault.lock': { request: Empty, response: VaultStatus },
  'vault.changePassphrase': { request: z.object({ current: Passphrase, next: Passphrase }).strict(), response: VaultStatus },
  'vault.recover': { request: z.object({ recoveryKey: z.string().min(1).max(200), newPassphrase: Passphrase }).strict(), response: VaultStatus },

  'vault.rotateRecoveryKey': { request: z.object({ passphrase: Passphrase }).strict(), response: z.object({ recoveryKey: z.string() }) },

  'compartment.unlock': { request: z.object({ passphrase: Passphrase }).strict(), response: VaultStatus },
  'compartment.lock': { request: Empty, response: VaultStatus },
  'compartment.changePassphrase': { request: z.object({ current: Passphrase, next: Passphrase }).strict(), response: VaultStatus },

  'compartment.recover': { request: z.object({ recoveryKey: z.string().min(1).max(200), newPassphrase: Passphrase }).strict(), response: VaultStatus },

  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: Settings.partial().strict(), response: Settings },

  /** The renderer reports user input so the idle timer restarts. */
  'session.activity': { request: Empty, response: z.object({}) },

  'audit.verify': { request: Empty, response: AuditReport },
  'audit.list': {
    request: z.object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().optional() }).strict(),
    response: z.object({ entries: z.array(AuditEntryView), total: z.number().int() }),
  },

  // Cases
  'case.list': { request: Empty, response: z.array(CaseView) },
  'case.create': { request: CaseData.partial({ description: true, status: true, countries: true, tags: true }).strict(), response: CaseView },
  'case.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: CaseView },

  // Entities, links, events, sources
  'entity.list': { request: z.object({ caseId: Id }).strict(), response: z.array(EntityRow) },
  'entity.get': { request: ById, response: EntityView },
  'entity.create': { request: z.object({ data: Patch }).strict(), response: EntityView },
  'entity.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: EntityView },
  'entity.deleteImpact': { request: ById, response: EntityDeleteImpact },
  'entity.delete': { request: Confirmed, response: EntityDeleteImpact },
  'link.list': { request: z.object({ caseId: Id }).strict(), response: z.array(LinkView) },
  'link.create': { request: z.object({ data: Patch }).strict(), response: LinkView },
  'link.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: LinkView },
  'link.delete': { request: Confirmed, response: z.object({ claims: z.array(Id) }) },
  'event.list': { request: z.object({ caseId: Id }).strict(), response: z.array(EventView) },
  'event.create': { request: z.object({ data: Patch }).strict(), response: EventView },
  'event.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: EventView },
  'event.delete': { request: Confirmed, response: z.object({ claims: z.array(Id) }) },
  'source.list': { request: z.object({ caseId: Id }).strict(), response: z.array(SourceView) },
  'source.create': { request: z.object({ data: Patch }).strict(), response: SourceView },
  'source.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: SourceView },
  'source.delete': { request: ById, response: Ok },

  // Claims
  'claim.list': { request: z.object({ caseId: Id.optional(), aboutId: Id.optional() }).strict(), response: z.array(ClaimView) },
  'claim.create': { request: z.object({ data: Patch }).strict(), response: ClaimView },
  'claim.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: ClaimView },
  'claim.delete': { request: ById, response: Ok },

  // Evidence (files are named by path: chosen with system.pickFiles or dropped onto the window)
  'evidence.list': { request: z.object({ caseId: Id }).strict(), response: z.array(EvidenceRow) },
  'evidence.get': { request: ById, response: EvidenceView },
  'evidence.intake': {
    request: z.object({ caseId: Id, paths: z.array(z.string().min(1)).min(1).max(500), meta: IntakeFileMeta.default({}), jobId: JobId }).strict(),
    response: z.object({ items: z.array(EvidenceRow) }),
  },
  'evidence.workingCopy': {
    request: z.object({ originalId: Id, path: z.string().min(1), type: z.enum(WORKING_COPY_TYPES), meta: IntakeFileMeta.default({}), jobId: JobId }).strict(),
    response: EvidenceRow,
  },
  'evidence.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: EvidenceView },
  'evidence.preview': {
    request: ById,
    response: z.object({ kind: z.enum(['image', 'pdf', 'text', 'audio', 'none']), mediaType: z.string(), name: z.string(), size: z.number().int(), base64: z.string().nullable(), tooLarge: z.boolean() }),
  },
  'evidence.exportOriginal': { request: z.object({ id: Id, path: z.string().min(1) }).strict(), response: z.object({ path: z.string(), sha256: z.string(), size: z.number().int() }) },
  'evidence.deleteImpact': { request: ById, response: EvidenceDeleteImpact },
  'evidence.delete': { request: Confirmed, response: EvidenceDeleteImpact },

  // Witnesses and statements (identities only through witness.reveal, logged)
  'witness.list': { request: z.object({ caseId: Id }).strict(), response: z.array(WitnessView) },
  'witness.create': { request: z.object({ data: Patch, identity: Patch.optional() }).strict(), response: WitnessView },
  'witness.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: WitnessView },
  'witness.setIdentity': { request: z.object({ witnessId: Id, identity: Patch }).strict(), response: Ok },
  'witness.reveal': { request: z.object({ witnessId: Id }).strict(), response: WitnessIdentity.nullable() },
  'statement.create': {
    request: z
      .object({
        caseId: Id,
        witnessId: Id,
        title: z.string().max(500).optional(),
        interview: Interview.optional(),
        consent: Consent.optional(),
        riskLevel: z.enum(RISK_LEVELS).optional(),
        text: z.string().max(500_000).optional(),
        attachments: z.array(Id).optional(),
        credibility: z.number().int().min(1).max(6).optional(),
        language: z.string().max(100).optional(),
      })
      .strict(),
    response: EvidenceView,
  },
  'statement.update': { request: z.object({ id: Id, patch: Patch }).strict(), response: EvidenceView },

  // Undo and jobs
  'undo.peek': { request: Empty, response: z.object({ label: z.string() }).nullable() },
  'undo.run': { request: Empty, response: z.object({ label: z.string() }).nullable() },
  'job.cancel': { request: z.object({ jobId: JobId }).strict(), response: z.object({ cancelled: z.boolean() }) },

  // Native file dialogs, provided by the shell (Electron) or the test harness
  'system.pickFiles': {
    request: z.object({ title: z.string().max(200).optional(), multiple: z.boolean().default(true), filters: z.array(z.object({ name: z.string(), extensions: z.array(z.string()) })).optional() }).strict(),
    response: z.object({ paths: z.array(z.string()) }),
  },
  'system.pickSavePath': {
    request: z.object({ title: z.string().max(200).optional(), defaultName: z.string().max(500).optional() }).strict(),
    response: z.object({ path: z.string().nullable() }),
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

// Keep the model schemas reachable from the contract for clients that build forms from them.
export const modelSchemas = { CaseData, EntityData, LinkData, EventData, SourceData, ClaimData, WitnessData };

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

export type InvokeResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Events pushed from main to the renderer. */
export const events = {
  'vault.locked': z.object({ reason: z.string() }),
  'job.progress': z.object({ jobId: z.string(), label: z.string(), done: z.number(), total: z.number().nullable() }),
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;

/** What the preload exposes as `window.sanctum` — the whole bridge. */
export interface SanctumBridge {
  invoke(channel: string, payload: unknown): Promise<InvokeResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'sanctum:invoke';
export const IPC_EVENT_CHANNEL = 'sanctum:event';
