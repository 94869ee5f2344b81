/**
 * What the rollback/deletion check (store/commitment.ts) adds to unlock at 100k sealed records.
 *
 * Unlock (KDF at the floor, so Argon2id does not hide the rest) + `new Repository(vault)` is measured as the app
 * does it, with the check; the check alone (`recomputeCommitment`: one keyed BLAKE2b per row over its ciphertext)
 * is measured on the same open vault, and the baseline is unlock minus the check. Median of three.
 * SANCTUM_BENCH_INTEGRITY_N sets another record count (e.g. 2000 for a quick look).
 */
import { join } from 'node:path';
import { SYNTHETIC_KIND, syntheticRecord } from '../../../main/cli/synthetic';
import { KDF_FLOOR } from '../../../main/core/crypto/kdf';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { Repository } from '../../../main/core/store/repository';
import { createVault, unlockVault } from '../../../main/core/vault/vault';
import type { BenchSuite } from '../types';
import { median, round, timeMs } from '../util';

const N = Number(process.env.SANCTUM_BENCH_INTEGRITY_N ?? 100_000);
const BATCH = 1000;
const RUNS = 3;
const PASS = 'benchmark passphrase, not secret';

export const suite: BenchSuite = {
  name: 'integrity',
  description: `unlock + load of ${N / 1000}k sealed records with the commitment check vs without it (KDF floor)`,
  async run({ workDir, log }) {
    await initCrypto();
    const dir = join(workDir, 'vault');
    const { vault } = await createVault(dir, { passphrase: PASS, kdf: KDF_FLOOR });
    const repo = new Repository(vault);
    for (let s = 0; s < N; s += BATCH) {
      repo.transact({ action: 'bench.insert' }, (tx) => {
        for (let i = s; i < Math.min(N, s + BATCH); i++) tx.insert(SYNTHETIC_KIND, syntheticRecord(i));
      });
    }
    vault.close('bench');
    log(`${N} records written`);

    const unlockMs: number[] = [];
    const loadMs: number[] = [];
    const checkMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      let v: Awaited<ReturnType<typeof unlockVault>> | undefined;
      unlockMs.push(
        await timeMs(async () => {
          v = await unlockVault(dir, PASS, { via: 'bench', recordUnlock: false });
          if (new Repository(v).size !== N) throw new Error('wrong record count');
        }),
      );
      loadMs.push(await timeMs(() => new Repository(v!).size));
      checkMs.push(
        await timeMs(() => {
          v!.store.readCommitment();
          v!.store.recomputeCommitment();
        }),
      );
      v!.close('bench');
      log(`run ${r + 1}: unlock+load ${round(unlockMs.at(-1)!)} ms, load ${round(loadMs.at(-1)!)} ms, check ${round(checkMs.at(-1)!)} ms`);
    }
    const u = median(unlockMs);
    const l = median(loadMs);
    const c = median(checkMs);
    return [
      { metric: `unlock + load, ${N} records, with check`, value: round(u), unit: 'ms', baseline: round(u - c), ratio: u / (u - c), target: '<= 1.2x', pass: u / (u - c) <= 1.2 },
      { metric: 'load alone + check vs load alone', value: round(l + c), unit: 'ms', baseline: round(l), ratio: (l + c) / l },
      { metric: 'check alone (recompute over all rows)', value: round(c), unit: 'ms' },
      { metric: 'check per record', value: round((c * 1000) / N, 2), unit: 'µs' },
    ];
  },
};
