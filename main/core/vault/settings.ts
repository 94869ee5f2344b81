/** Per-vault preferences, sealed like everything else (the analyst's name is personal data). */
import type { Settings } from '../../../shared/ipc/schemas/vault';
import { Settings as SettingsSchema } from '../../../shared/ipc/schemas/vault';
import type { Repository } from '../store/repository';
import type { Vault } from './vault';

export type { Settings };
export { weakensLocking } from '../../../shared/ipc/schemas/vault';

export const DEFAULT_SETTINGS: Settings = { idleLockMinutes: 10, lockOnSuspend: true, analystName: '', deviceName: '' };
const KIND = 'settings';

function find(repo: Repository) {
  return repo.ofKind(KIND).next().value ?? undefined;
}

export function loadSettings(repo: Repository): Settings {
  const rec = find(repo);
  const parsed = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(rec?.data ?? {}) });
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/**
 * The settings straight from the store, for a one-shot command that has no repository yet (the CLI's unlock
 * entry names the analyst). Records that do not open are skipped here: `vault check` reports them.
 */
export function settingsInStore(vault: Pick<Vault, 'store'>): Settings {
  for (const r of vault.store.scanChecked('records')) {
    if (r.ok && r.record.kind === KIND) {
      const parsed = SettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...(r.record.data as object) });
      return parsed.success ? parsed.data : DEFAULT_SETTINGS;
    }
  }
  return DEFAULT_SETTINGS;
}

export function saveSettings(repo: Repository, next: Settings): Settings {
  const value = SettingsSchema.parse(next);
  repo.transact({ action: 'settings.updated', details: { idleLockMinutes: value.idleLockMinutes, lockOnSuspend: value.lockOnSuspend } }, (tx) => {
    const rec = find(repo);
    if (rec) tx.update(rec, value);
    else tx.insert(KIND, value);
  });
  return value;
}

/** Who the audit log records: the analyst's name (or "analyst" when none was given) and their device. */
export function applyIdentity(vault: Pick<Vault, 'actor' | 'device'>, settings: Settings): void {
  vault.actor = settings.analystName || 'analyst';
  vault.device = settings.deviceName;
}

/** The vault's settings (typed `ofKind`, see OwnRecordKinds in store/repository.ts). */
declare module '../store/repository' {
  interface OwnRecordKinds {
    settings: Settings;
  }
}
