/** Unlock time at the default KDF (Argon2id 256 MiB / 3 passes, derived off the main thread by unlockVault). */
import { join } from 'node:path';
import { describeCost, KDF_DEFAULT } from '../../../main/core/crypto/kdf';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { createVault, unlockVault } from '../../../main/core/vault/vault';
import type { BenchSuite } from '../types';
import { median, round, timeMs } from '../util';

const RUNS = 7;
const PASS = 'benchmark passphrase, not secret';

export const suite: BenchSuite = {
  name: 'vault',
  description: `unlock at the default KDF (${describeCost(KDF_DEFAULT)}), median of ${RUNS}`,
  async run({ workDir, log }) {
    await initCrypto();
    const dir = join(workDir, 'vault');
    log('creating a vault at the default KDF');
    const created = await createVault(dir, { passphrase: PASS, kdf: KDF_DEFAULT });
    created.vault.close();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let close = () => {};
      times.push(
        await timeMs(async () => {
          const v = await unlockVault(dir, PASS, { via: 'bench' });
          close = () => v.close('bench');
        }),
      );
      close();
      log(`unlock ${i + 1}/${RUNS}: ${round(times.at(-1)!)} ms`);
    }
    return [
      { metric: `unlock, median of ${RUNS}`, value: round(median(times)), unit: 'ms' },
      { metric: 'unlock, fastest', value: round(Math.min(...times)), unit: 'ms' },
      { metric: 'unlock, slowest', value: round(Math.max(...times)), unit: 'ms' },
    ];
  },
};
