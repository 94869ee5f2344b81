/** Audit entries as a person reads them: what happened, and the details that matter. */
import type { AuditEntryView } from '../../shared/ipc/schemas/vault';

const ACTIONS: Record<string, string> = {
  'vault.created': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.locked': 'Vault locked',
  'vault.recovered': 'Passphrase reset with the recovery key',
  'vault.passphrase_changed': 'Vault passphrase changed',
  'compartment.unlocked': 'Witness compartment unlocked',
  'compartment.locked': 'Witness compartment locked',
  'compartment.unlock_failed': 'Witness compartment: wrong passphrase',
  'compartment.passphrase_changed': 'Witness compartment passphrase changed',
  'settings.updated': 'Settings changed',
  'vault.recovery_key_rotated': 'New recovery key issued',
  'compartment.recovered': 'Witness passphrase reset with the recovery key',
  'case.created': 'Case created',
  'case.updated': 'Case edited',
  'entity.created': 'Entity created',
  'entity.updated': 'Entity edited',
  'entity.deleted': 'Entity deleted',
  'link.created': 'Link created',
  'link.updated': 'Link edited',
  'link.deleted': 'Link deleted',
  'event.created': 'Event created',
  'event.updated': 'Event edited',
  'event.deleted': 'Event deleted',
  'source.created': 'Source created',
  'source.updated': 'Source edited',
  'source.deleted': 'Source deleted',
  'claim.created': 'Claim created',
  'claim.updated': 'Claim edited',
  'claim.deleted': 'Claim deleted',
  'evidence.updated': 'Evidence metadata edited',
  'evidence.deleted': 'Evidence deleted',
  'custody.intake': 'Taken into the vault',
  'custody.viewed': 'Viewed',
  'custody.copied': 'Working copy made',
  'custody.exported': 'Original exported',
  'custody.deleted': 'Deleted from the vault',
  'custody.statement_recorded': 'Statement recorded',
  'custody.statement_edited': 'Statement edited',
  'witness.created': 'Witness registered',
  'witness.updated': 'Witness edited',
  'witness.identity_recorded': 'Witness identity recorded',
  'witness.identity_viewed': 'Witness identity revealed',
  undo: 'Undo',
};

const LOCK_REASONS: Record<string, string> = {
  user: 'by the user',
  idle: 'after inactivity',
  suspend: 'computer suspended',
  'lock-screen': 'screen locked',
  cli: 'by the command line',
};

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
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

/** A compact one-line summary of an entry's details (and target), never more than the entry holds. */
export function detailSummary(entry: Pick<AuditEntryView, 'action' | 'details' | 'target'>): string {
  const parts: string[] = [];
  if (entry.target) parts.push(`${entry.target.kind} ${entry.target.id}`);
  for (const [key, value] of Object.entries(entry.details ?? {})) {
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

/** Local date and time, unambiguous across locales: 2025-03-04 14:05:09. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The start of a hash, enough to compare by eye. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash;
}
