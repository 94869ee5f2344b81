/**
 * Re-key (passphrase change with a new master key) of a vault with N records and M MiB of blobs, against a plain
 * copy of the same files (vault.db + blobs/, fsynced) in the same run. The issue's size is the default:
 * REKEY_BENCH_RECORDS=100000, REKEY_BENCH_BLOB_MIB=1024; set smaller values for a quick check.
 * The KDF runs at the floor (64 MiB / 3 passes) so the number is about re-encryption, not Argon2id.
 */
import { closeSync, cpSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { KDF_FLOOR } from '../../../main/core/crypto/kdf';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { createVault, unlockVault } from '../../../main/core/vault/vault';
import type { BenchSuite } from '../types';
import { round, timeMs } from '../util';

const RECORDS = Number(process.env.REKEY_BENCH_RECORDS ?? 100_000);
const BLOB_MIB = Number(process.env.REKEY_BENCH_BLOB_MIB ?? 1024);
const BLOB_FILE_MIB = 64;
const PASS = 'benchmark passphrase, not secret';
const PASS2 = 'second benchmark passphrase';

function fsyncTree(path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) for (const f of readdirSync(path)) fsyncTree(join(path, f));
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const suite: BenchSuite = {
  name: 'rekey',
  description: `re-key of ${RECORDS} records + ${BLOB_MIB} MiB of blobs vs a plain copy of the same files`,
  async run({ workDir, log }) {
    await initCrypto();
    const dir = join(workDir, 'vault');
    const { vault } = await createVault(dir, { passphrase: PASS, kdf: KDF_FLOOR });
    log(`inserting ${RECORDS} records`);
    const text = 'x'.repeat(200);
    for (let done = 0; done < RECORDS; ) {
      const n = Math.min(5000, RECORDS - done);
      vault.action({ action: 'bench.fill' }, () => {
        for (let i = 0; i < n; i++) vault.store.insert('records', 'note', { n: done + i, text });
      });
      done += n;
    }
    log(`writing ${BLOB_MIB} MiB of blobs`);
    const piece = randomBytes(1024 * 1024);
    for (let left = BLOB_MIB; left > 0; left -= BLOB_FILE_MIB) {
      const mib = Math.min(BLOB_FILE_MIB, left);
      await vault.blobs.write((function* () {
        for (let i = 0; i < mib; i++) yield piece;
      })());
    }
    vault.close('bench');

    log('plain copy (baseline)');
    const copyMs = await timeMs(async () => {
      const to = join(workDir, 'copy');
      cpSync(join(dir, 'vault.db'), join(to, 'vault.db'));
      cpSync(join(dir, 'blobs'), join(to, 'blobs'), { recursive: true });
      fsyncTree(to);
    });

    log('re-key');
    const v = await unlockVault(dir, PASS, { via: 'bench' });
    let close = () => {};
    // When each step ended (ms from the start), to show where the time goes (KDF, records, audit, blobs, swap).
    const steps: Record<string, number> = {};
    const t0 = performance.now();
    const rekeyMs = await timeMs(async () => {
      const next = await v.changePassphrase(PASS, PASS2, KDF_FLOOR, (p) => {
        steps[p.step] = performance.now() - t0;
        if (p.step === 'records' && steps.firstRecords === undefined) steps.firstRecords = performance.now() - t0;
      });
      close = () => next.close('bench');
    });
    close();
    log(`steps (ms from start): ${Object.entries(steps).map(([k, t]) => `${k} ${round(t)}`).join(', ')}`);
    const bytes = BLOB_MIB;
    return [
      { metric: `re-key, ${RECORDS} records + ${BLOB_MIB} MiB`, value: round(rekeyMs), unit: 'ms', baseline: round(copyMs), ratio: rekeyMs / copyMs },
      { metric: 're-key throughput (blobs)', value: round(bytes / (rekeyMs / 1000)), unit: 'MiB/s' },
      { metric: 're-key throughput (records)', value: round(RECORDS / (rekeyMs / 1000)), unit: 'records/s' },
    ];
  },
};
