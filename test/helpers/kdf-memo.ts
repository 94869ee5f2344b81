/**
 * Unit project only (vitest.config.ts `setupFiles`): Argon2id results are remembered for the run.
 *
 * Test vaults are copies of a few templates (test/helpers/vault.ts), so they share KDF salts: unlocking a copy or
 * its witness compartment with the same passphrase derives the same key every time, ~1 s of Argon2id each (far
 * more on a loaded 2-core machine), in some 25 files. Here `deriveKeyOffThread` runs the real derivation (worker
 * thread, cost checks, salt check) the first time a (passphrase, salt, cost) is seen in the run and hands out a
 * copy of that same key afterwards. Nothing is weakened or skipped: the key is the one Argon2id gives, a wrong
 * passphrase is a new input and is derived for real, and the caller still unwraps (AEAD-opens) the vault key
 * with it. A new vault or a re-key draws a new salt, so creating and re-keying always run Argon2id.
 *
 * Keys are kept in memory and in the run's template folder (test/global-setup.ts removes it), so other test
 * files reuse them. The integration and e2e projects do not load this file: there every derivation is real.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { KdfParams } from '../../main/core/crypto/kdf';
import type * as KdfOffThread from '../../main/core/crypto/kdf-off-thread';

vi.mock('../../main/core/crypto/kdf-off-thread', async (importOriginal) => {
  const real = await importOriginal<typeof KdfOffThread>();
  const { normalisePassphrase } = await import('../../main/core/crypto/kdf');
  const memory = new Map<string, Uint8Array>();
  const shared = process.env.SANCTUM_TEST_TEMPLATES ? join(process.env.SANCTUM_TEST_TEMPLATES, 'kdf') : null;
  if (shared) mkdirSync(shared, { recursive: true });

  const keyOf = (passphrase: string, p: KdfParams): string =>
    createHash('sha256')
      .update(JSON.stringify([normalisePassphrase(passphrase), Buffer.from(p.salt).toString('hex'), p.opsLimit, p.memLimitBytes, p.alg]))
      .digest('hex');

  async function deriveKeyOffThread(passphrase: string, params: KdfParams): Promise<Uint8Array> {
    const id = keyOf(passphrase, params);
    let key = memory.get(id);
    if (!key && shared && existsSync(join(shared, id))) key = new Uint8Array(readFileSync(join(shared, id)));
    if (!key) {
      key = await real.deriveKeyOffThread(passphrase, params);
      // Remember a copy: callers wipe the key they are given.
      key = new Uint8Array(key);
      if (shared) {
        const tmp = join(shared, `${id}.${process.pid}.tmp`);
        writeFileSync(tmp, key);
        renameSync(tmp, join(shared, id));
      }
      memory.set(id, new Uint8Array(key));
      return key;
    }
    memory.set(id, key);
    return new Uint8Array(key);
  }
  return { ...real, deriveKeyOffThread };
});
