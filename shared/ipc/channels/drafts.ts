/** Drafts kept through the idle lock (issue 15): live while unlocked, sealed into the vault at lock. */
import { z } from 'zod';
import { DraftInput, DraftSummary, KeptDraft } from '../schemas/drafts';
import { Empty, type ChannelMap } from './common';

export const draftChannels = {
  /** The form's current values (called as the person types, debounced). Held in main's memory only. */
  'drafts.put': { request: DraftInput, response: z.object({}) },
  /** Saved or cancelled: forget the live draft under this key. */
  'drafts.clear': { request: z.object({ key: z.string().min(1).max(300) }).strict(), response: z.object({}) },
  /** Drafts kept through a lock and not restored or discarded yet, newest first. */
  'drafts.list': { request: Empty, response: z.array(DraftSummary) },
  /** Restore a kept draft: answered with its fields and taken out of the vault (live again until saved). */
  'drafts.take': { request: z.object({ id: z.string().min(1).max(200) }).strict(), response: KeptDraft },
  /** Answer to the `drafts.flush` event: every pending draft was sent, the waiting lock may go ahead. */
  'drafts.flushed': { request: Empty, response: z.object({}) },
  'drafts.discard': { request: z.object({ id: z.string().min(1).max(200) }).strict(), response: z.object({}) },
} as const satisfies ChannelMap;
