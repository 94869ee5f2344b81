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

const Empty = z.object({}).strict();

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

  'compartment.unlock': { request: z.object({ passphrase: Passphrase }).strict(), response: VaultStatus },
  'compartment.lock': { request: Empty, response: VaultStatus },
  'compartment.changePassphrase': { request: z.object({ current: Passphrase, next: Passphrase }).strict(), response: VaultStatus },

  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: Settings.partial().strict(), response: Settings },

  /** The renderer reports user input so the idle timer restarts. */
  'session.activity': { request: Empty, response: z.object({}) },

  'audit.verify': { request: Empty, response: AuditReport },
  'audit.list': {
    request: z.object({ limit: z.number().int().min(1).max(1000).default(200), beforeSeq: z.number().int().optional() }).strict(),
    response: z.object({ entries: z.array(AuditEntryView), total: z.number().int() }),
  },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

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
