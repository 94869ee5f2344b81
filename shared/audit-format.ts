/**
 * Audit entries as a person reads them: what happened, and the details that matter. Shared by the activity-log
 * screen, the evidence page's custody list, and the log export (main), so all three say the same.
 */
import { auditActionLabel } from './audit-actions';
import type { AuditEntryView } from './ipc/schemas/vault';

const LOCK_REASONS: Record<string, string> = {
  user: 'by the user',
  idle: 'after inactivity',
  suspend: 'computer suspended',
  'lock-screen': 'screen locked',
  cli: 'by the command line',
};

export function actionLabel(action: string): string {
  return auditActionLabel(action);
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

function plain(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isKdf(v: unknown): v is { opsLimit: number; memLimitBytes: number } {
  return !!v && typeof v === 'object' && typeof (v as { opsLimit?: unknown }).opsLimit === 'number' && typeof (v as { memLimitBytes?: unknown }).memLimitBytes === 'number';
}

const KIND_WORDS: Record<string, string> = { graph_view: 'network view', 'graph-view': 'network view' };

/** What an entry is about, by name when main resolved one ("entity “Ivan Petrov”"), else by kind and id. */
export function targetLabel(target: NonNullable<AuditEntryView['target']>): string {
  const kind = KIND_WORDS[target.kind] ?? target.kind;
  return target.name !== undefined ? `${kind} “${target.name}”` : `${kind} ${target.id}`;
}

/** A compact one-line summary of an entry's details (and target), never more than the entry holds. */
export function detailSummary(entry: Pick<AuditEntryView, 'action' | 'details' | 'target'> & { refs?: Record<string, string> }): string {
  const parts: string[] = [];
  if (entry.target) parts.push(targetLabel(entry.target));
  const refs = entry.refs ?? {};
  for (const [key, value] of Object.entries(entry.details ?? {})) {
    if (typeof value === 'string' && Object.hasOwn(refs, value)) {
      parts.push(`${key.replace(/Id$/, '')}: ${refs[value]}`);
      continue;
    }
    if (key === 'reason' && typeof value === 'string') parts.push(LOCK_REASONS[value] ?? `reason: ${value}`);
    else if (key === 'via' && typeof value === 'string') parts.push(`via ${value}`);
    else if (key === 'kdf' && isKdf(value)) parts.push(`Argon2id ${mib(value.memLimitBytes)}, ${value.opsLimit} passes`);
    else if (key === 'separateWitnessPassphrase' && typeof value === 'boolean') parts.push(value ? 'separate witness passphrase' : 'witness passphrase = vault passphrase');
    else if (key === 'idleLockMinutes' && typeof value === 'number') parts.push(value === 0 ? 'idle lock off' : `idle lock ${value} min`);
    else if (key === 'lockOnSuspend' && typeof value === 'boolean') parts.push(value ? 'lock on suspend' : 'no lock on suspend');
    else if (key === 'sha256' && typeof value === 'string') parts.push(`SHA-256 ${value.slice(0, 16)}…`);
    else if (key === 'size' && typeof value === 'number') parts.push(bytes(value));
    else if (key === 'purpose' && typeof value === 'string') parts.push(value === 'preview' ? 'preview in the app' : value);
    else if (key === 'to' && value === 'file') parts.push('to a file');
    else if (key === 'fields' && Array.isArray(value)) parts.push(`fields: ${value.join(', ')}`);
    else if (key === 'mediaType' && typeof value === 'string') parts.push(value);
    else parts.push(`${key}: ${plain(value)}`);
  }
  return parts.join(' · ');
}

/**
 * A full, unambiguous timestamp in the local time zone with its UTC offset (ISO 8601):
 * 2025-03-04T15:05:09.000+01:00. `offsetMinutes` is minutes east of UTC (default: this computer's, at that
 * instant, so summer time is right).
 */
export function formatTimestamp(iso: string, offsetMinutes?: number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const off = offsetMinutes ?? -d.getTimezoneOffset();
  const local = new Date(d.getTime() + off * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return (
    `${p(local.getUTCFullYear(), 4)}-${p(local.getUTCMonth() + 1)}-${p(local.getUTCDate())}` +
    `T${p(local.getUTCHours())}:${p(local.getUTCMinutes())}:${p(local.getUTCSeconds())}.${p(local.getUTCMilliseconds(), 3)}` +
    `${sign}${p(Math.floor(a / 60))}:${p(a % 60)}`
  );
}

/** This computer's time zone name, for the column header ("Europe/Paris"), or null when unknown. */
export function localTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

/** The start of a hash, enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
