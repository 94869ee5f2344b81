import { join } from 'node:path';
import { initCrypto } from '../../main/core/crypto/sodium';
import { KDF_FLOOR } from '../../main/core/crypto/kdf';
import { createVault, type Vault } from '../../main/core/vault/vault';
import { tempDir } from './tmp';

export const PASS = 'correct horse battery staple';
export const WITNESS_PASS = 'witness compartment phrase';

/** Tests use the KDF floor (64 MiB / 3 passes): real Argon2id, a fifth of the default's time. */
export const TEST_KDF = KDF_FLOOR;

export async function newTestVault(opts: { witnessPassphrase?: string } = {}): Promise<{ dir: string; vault: Vault; recoveryKey: string }> {
  await initCrypto();
  const dir = join(tempDir(), 'vault');
  const { vault, recoveryKey } = await createVault(dir, {
    passphrase: PASS,
    witnessPassphrase: opts.witnessPassphrase ?? WITNESS_PASS,
    kdf: TEST_KDF,
  });
  return { dir, vault, recoveryKey };
}
