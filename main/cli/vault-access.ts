/** Opening vaults from the CLI: passphrase sources, and the audit trail of which command opened the vault. */
import { initCrypto } from '../core/crypto/sodium';
import { applyIdentity, settingsInStore } from '../core/vault/settings';
import { readHeader, unlockVault, type Vault, type VaultOpenOptions } from '../core/vault/vault';
import type { CommandContext, EnvSpec, SecretSpec } from './registry';

export const VAULT_PASSPHRASE: SecretSpec = { env: 'SANCTUM_PASSPHRASE', prompt: 'Vault passphrase' };
export const NEW_VAULT_PASSPHRASE: SecretSpec = { env: 'SANCTUM_PASSPHRASE', prompt: 'Passphrase for the new vault', confirm: true };
export const NEW_PASSPHRASE: SecretSpec = { env: 'SANCTUM_NEW_PASSPHRASE', prompt: 'New passphrase', confirm: true };
export const WITNESS_PASSPHRASE: SecretSpec = { env: 'SANCTUM_WITNESS_PASSPHRASE', prompt: 'Witness compartment passphrase' };
export const RECOVERY_KEY: SecretSpec = { env: 'SANCTUM_RECOVERY_KEY', prompt: 'Recovery key' };

export const ENV_PASSPHRASE: EnvSpec = { name: 'SANCTUM_PASSPHRASE', description: 'vault passphrase (else asked for at a terminal)' };
export const ENV_NEW_PASSPHRASE: EnvSpec = { name: 'SANCTUM_NEW_PASSPHRASE', description: 'the new passphrase (else asked for twice at a terminal)' };
export const ENV_WITNESS_PASSPHRASE: EnvSpec = {
  name: 'SANCTUM_WITNESS_PASSPHRASE',
  description: 'witness-identity compartment passphrase',
};

/**
 * Check the header first (a missing or damaged vault is reported before anyone types a passphrase), then
 * unlock. The core records `via: cli:<command>` in the audit log.
 */
export type OpenExtras = Pick<VaultOpenOptions, 'integrity' | 'acceptRollback'>;

export async function openVault(ctx: CommandContext, dir: string, passphrase?: string, extras: OpenExtras = {}): Promise<Vault> {
  await initCrypto();
  readHeader(dir);
  const vault = await unlockVault(dir, passphrase ?? (await ctx.secret(VAULT_PASSPHRASE)), { via: ctx.via, ...extras, recordUnlock: false });
  if (vault.readOnly) return vault;
  try {
    // The unlock entry names the analyst and device from the vault's settings, as the app's does.
    applyIdentity(vault, settingsInStore(vault));
    vault.record({ action: 'vault.unlocked', details: { via: ctx.via } });
  } catch (e) {
    // A log that cannot be appended to (e.g. its last entry was tampered with): do not leave keys behind.
    vault.close('aborted');
    throw e;
  }
  return vault;
}

/** Open, run, and always lock again (the lock signs the audit head). */
export async function withVault<T>(ctx: CommandContext, dir: string, fn: (vault: Vault) => Promise<T> | T, passphrase?: string, extras: OpenExtras = {}): Promise<T> {
  const vault = await openVault(ctx, dir, passphrase, extras);
  try {
    return await fn(vault);
  } finally {
    vault.close('cli');
  }
}

/**
 * The witness compartment passphrase for commands where it is optional (check, stats): from the variable,
 * or asked for at a terminal when `--witness` is given.
 */
export async function optionalWitnessPassphrase(ctx: CommandContext): Promise<string | undefined> {
  if (ctx.flag('witness')) return ctx.secret(WITNESS_PASSPHRASE);
  const v = ctx.io.env[WITNESS_PASSPHRASE.env];
  return v === undefined || v === '' ? undefined : v;
}
