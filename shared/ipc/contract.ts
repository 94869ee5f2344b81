/**
 * The one IPC contract. Both sides compile against it: the renderer's typed client (renderer/api) and the
 * main-process router (main/ipc). Every request is validated against its schema in main before a handler
 * runs; responses are validated in tests. Channels are named `domain.verb`.
 *
 * Each feature declares its channels in ./channels/<feature>.ts (schemas in ./schemas) and they are merged
 * here; handlers live in main/ipc/handlers/<feature>.ts.
 */
import { z } from 'zod';
import type { ErrorPayload } from '../errors';
import type { GrantedFile, ReadPurpose } from './grants';
import { CaseData, ClaimData, EntityData, EventData, LinkData, SourceData, WitnessData } from '../model/records';
import { caseChannels } from './channels/case';
import { Empty, type ChannelMap } from './channels/common';
import { vaultChannels } from './channels/vault';
import { searchChannels } from './channels/search';
import { exchangeChannels } from './channels/exchange';
import { criteriaChannels } from './channels/criteria';
import { listingChannels } from './channels/listing';
import { graphChannels } from './channels/graph';
import { packageChannels } from './channels/packages';
import { screeningChannels } from './channels/screening';
import { mergeUnique } from './merge';
import { documentChannels } from './channels/documents';
import { draftChannels } from './channels/drafts';
import { KeptOnLock } from './schemas/drafts';

const appChannels = {
  'app.info': { request: Empty, response: z.object({ version: z.string(), platform: z.string() }) },
} as const satisfies ChannelMap;

export const contract = mergeUnique(
  appChannels,
  vaultChannels,
  caseChannels,
  searchChannels,
  exchangeChannels,
  criteriaChannels,
  listingChannels,
  graphChannels,
  packageChannels,
  screeningChannels,
  documentChannels,
  draftChannels,
) satisfies ChannelMap;


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
  'vault.locked': z.object({
    reason: z.string(),
    /** Unsaved drafts sealed into the vault before its keys were wiped, described ("statement for case X"). */
    kept: KeptOnLock.optional(),
    /** Drafts that could not be sealed (the vault refused the write): lost, and the lock screen says so. */
    lost: z.number().int().optional(),
  }),
  /** A lock is coming (idle, menu): send the drafts still held back by the typing debounce, then `drafts.flushed`. */
  'drafts.flush': z.object({}),
  'job.progress': z.object({ jobId: z.string(), label: z.string(), done: z.number(), total: z.number().nullable() }),
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;

/** What the preload exposes as `window.sanctum` — the whole bridge. */
export interface SanctumBridge {
  invoke(channel: string, payload: unknown): Promise<InvokeResult>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /**
   * A read grant (and the base name) for a File the user dropped on the window, for one read purpose
   * (shared/ipc/grants.ts). The preload finds the dropped file's path (webUtils.getPathForFile) and asks main
   * over its own channel; the page never sees the path. A File without one (made by the page) is refused.
   */
  grantForDrop(file: unknown, purpose: ReadPurpose): Promise<InvokeResult<GrantedFile>>;
}

export const IPC_INVOKE_CHANNEL = 'sanctum:invoke';
export const IPC_EVENT_CHANNEL = 'sanctum:event';
/** The preload's drop channel: (path, purpose) -> InvokeResult<GrantedFile>. Not reachable through `invoke`. */
export const IPC_DROP_CHANNEL = 'sanctum:grant-drop';
