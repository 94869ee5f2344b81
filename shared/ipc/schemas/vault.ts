import { z } from 'zod';

export const Passphrase = z.string().min(1, 'enter a passphrase').max(1024);

export const VaultStatus = z.object({
  /** The vault folder's name, for display. Its path stays in main: the renderer is untrusted (ARCHITECTURE.md §2). */
  folder: z.string(),
  exists: z.boolean(),
  unlocked: z.boolean(),
  witnessUnlocked: z.boolean(),
  /** Fingerprint of the vault's signing key, shown so recipients of packages can compare it. */
  fingerprint: z.string().nullable(),
  idleLockMinutes: z.number().int().nullable(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const Settings = z.object({
  /** Lock after this many minutes without input (system-wide). 0 = only on lid close / screen lock. */
  idleLockMinutes: z.number().int().min(0).max(24 * 60),
  lockOnSuspend: z.boolean(),
  /** Recorded as the actor in the audit and custody log. */
  analystName: z.string().max(200),
  /** The computer this vault is used on, recorded with the actor ("field laptop 2"). */
  deviceName: z.string().max(200),
});
export type Settings = z.infer<typeof Settings>;

/**
 * Whether applying `patch` makes the vault lock later or less often than `current` does: a longer idle timeout,
 * turning the idle lock off (0), or no longer locking on lid close. Such a change needs the passphrase.
 */
export function weakensLocking(current: Settings, patch: Partial<Settings>): boolean {
  if (patch.lockOnSuspend === false && current.lockOnSuspend) return true;
  const next = patch.idleLockMinutes;
  if (next === undefined || next === current.idleLockMinutes) return false;
  if (current.idleLockMinutes === 0) return false; // already off: any timeout is tighter
  return next === 0 || next > current.idleLockMinutes;
}

export const AuditEntryView = z.object({
  seq: z.number().int(),
  ts: z.string(),
  actor: z.string(),
  /** The device the analyst named at vault creation, on entries written since. */
  device: z.string().optional(),
  action: z.string(),
  /** `name` is resolved by main: a case, entity or evidence title, a witness's pseudonym (never an identity). */
  target: z.object({ kind: z.string(), id: z.string(), name: z.string().optional() }).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  /** Names for ids that appear in `details` (same rules as the target's name). */
  refs: z.record(z.string(), z.string()).optional(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditReport = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  signedHeads: z.number().int(),
  lastSignedSeq: z.number().int().nullable(),
  firstProblem: z.object({ seq: z.number().int(), problem: z.string() }).optional(),
});
export type AuditReport = z.infer<typeof AuditReport>;

/** Which entries the activity log shows or exports. Every field narrows; absent = no condition. */
export const AuditFilter = z
  .object({
    /** Who: the actor exactly as recorded. */
    actor: z.string().max(200).optional(),
    /** What: an action code (`custody.viewed`) or a group (`custody`). */
    action: z.string().max(100).optional(),
    /** Which item: the id of the record the entry is about (or, for custody, the evidence item). */
    item: z.string().max(200).optional(),
    /** When: ISO instants, inclusive. */
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    /** Words anywhere in what the row says (label, names, details, actor, device). */
    text: z.string().max(500).optional(),
  })
  .strict();
export type AuditFilter = z.infer<typeof AuditFilter>;

/** What the filter menus offer: the actors, actions and items present in the log (items with their names). */
export const AuditFacets = z.object({
  actors: z.array(z.string()),
  actions: z.array(z.string()),
  items: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string() })),
});
export type AuditFacets = z.infer<typeof AuditFacets>;
