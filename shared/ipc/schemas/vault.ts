import { z } from 'zod';

export const Passphrase = z.string().min(1, 'enter a passphrase').max(1024);

export const VaultStatus = z.object({
  /** Where the vault lives (a folder on this machine). */
  dir: z.string(),
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
  action: z.string(),
  target: z.object({ kind: z.string(), id: z.string() }).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
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
