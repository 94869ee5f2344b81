/**
 * Sealed-record store vs plaintext SQLite, 100k records of ~200 bytes of realistic JSON:
 *  - bulk insert in transactions of 1000 (sealed: Repository.transact, i.e. encrypt + insert + audit entry);
 *  - full load (sealed: `new Repository(vault)`, i.e. scan + decrypt + parse + index; plaintext: scan + parse +
 *    the same indexes).
 * The plaintext table gets the pragmas read back from the vault's own connection, the same random 16-byte ids
 * and the same JSON, so the difference is the sealing alone. Three alternating runs, medians.
 */
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { SYNTHETIC_KIND, syntheticRecord } from '../../../main/cli/synthetic';
import { KDF_FLOOR } from '../../../main/core/crypto/kdf';
import { initCrypto } from '../../../main/core/crypto/sodium';
import { Repository } from '../../../main/core/store/repository';
import { createVault, unlockVault } from '../../../main/core/vault/vault';
import type { BenchSuite } from '../types';
import { median, round, timeMs } from '../util';

const N = 100_000;
const BATCH = 1000;
const RUNS = 3;
const PASS = 'benchmark passphrase, not secret';
const PRAGMAS = ['locking_mode', 'journal_mode', 'synchronous', 'secure_delete', 'temp_store', 'foreign_keys', 'cache_size', 'wal_autocheckpoint', 'page_size'];

interface Plain {
  k: string;
  v: number;
  c: string;
  u: string;
  d: unknown;
}

function pragmasOf(db: Database.Database): Record<string, unknown> {
  return Object.fromEntries(PRAGMAS.map((p) => [p, db.pragma(p, { simple: true })]));
}

export const suite: BenchSuite = {
  name: 'store',
  description: `${N / 1000}k sealed records (~200-byte JSON) vs the same rows in plaintext better-sqlite3, transactions of ${BATCH}`,
  async run({ workDir, log }) {
    await initCrypto();
    const data = Array.from({ length: N }, (_, i) => syntheticRecord(i));
    const avgBytes = Math.round(data.reduce((n, d) => n + JSON.stringify(d).length, 0) / N);
    log(`records: ${N}, data JSON ${avgBytes} bytes on average`);
    let pragmas: Record<string, unknown> = {};

    const sealed = async (run: number) => {
      const dir = join(workDir, `sealed-${run}`);
      const { vault } = await createVault(dir, { passphrase: PASS, kdf: KDF_FLOOR });
      pragmas = pragmasOf(vault.db);
      const repo = new Repository(vault);
      const insertMs = await timeMs(() => {
        for (let s = 0; s < N; s += BATCH) {
          repo.transact({ action: 'bench.insert', details: { from: s } }, (tx) => {
            for (let i = s; i < s + BATCH; i++) tx.insert(SYNTHETIC_KIND, data[i]);
          });
        }
      });
      vault.close('bench');
      const again = await unlockVault(dir, PASS, { via: 'bench' });
      let loaded = 0;
      const loadMs = await timeMs(() => {
        loaded = new Repository(again).size;
      });
      again.close('bench');
      if (loaded !== N) throw new Error(`sealed load found ${loaded} records, expected ${N}`);
      log(`sealed run ${run}: insert ${round(insertMs)} ms, load ${round(loadMs)} ms`);
      return { insertMs, loadMs };
    };

    const plain = (run: number) => {
      const db = new Database(join(workDir, `plain-${run}.db`));
      if (pragmas.page_size) db.pragma(`page_size = ${String(pragmas.page_size)}`);
      for (const p of PRAGMAS) if (p !== 'page_size') db.pragma(`${p} = ${String(pragmas[p])}`);
      const mismatch = PRAGMAS.filter((p) => String(db.pragma(p, { simple: true })) !== String(pragmas[p]));
      if (mismatch.length) throw new Error(`plaintext database pragmas differ from the vault's: ${mismatch.join(', ')}`);
      db.exec('CREATE TABLE records (id BLOB PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID');
      const insert = db.prepare('INSERT INTO records (id, json) VALUES (?, ?)');
      const tx = db.transaction((s: number) => {
        const now = new Date().toISOString();
        for (let i = s; i < s + BATCH; i++) {
          const rec: Plain = { k: SYNTHETIC_KIND, v: 1, c: now, u: now, d: data[i] };
          insert.run(randomFillSync(new Uint8Array(16)), JSON.stringify(rec));
        }
      });
      const t0 = performance.now();
      for (let s = 0; s < N; s += BATCH) tx(s);
      const insertMs = performance.now() - t0;
      // The same in-memory indexes the Repository builds: by id and by kind.
      const byId = new Map<string, Plain>();
      const byKind = new Map<string, Map<string, Plain>>();
      const t1 = performance.now();
      for (const row of db.prepare('SELECT id, json FROM records').iterate() as Iterable<{ id: Buffer; json: string }>) {
        const id = row.id.toString('hex');
        const rec = JSON.parse(row.json) as Plain;
        byId.set(id, rec);
        let m = byKind.get(rec.k);
        if (!m) byKind.set(rec.k, (m = new Map()));
        m.set(id, rec);
      }
      const loadMs = performance.now() - t1;
      db.close();
      if (byId.size !== N) throw new Error(`plaintext load found ${byId.size} records`);
      log(`plaintext run ${run}: insert ${round(insertMs)} ms, load ${round(loadMs)} ms`);
      return { insertMs, loadMs };
    };

    // Alternate sealed and plaintext runs so drifting disk and cache state affects both alike. The sealed run
    // goes first each time, so the plaintext database can copy the vault's pragmas.
    const results = { sealed: [] as { insertMs: number; loadMs: number }[], plain: [] as { insertMs: number; loadMs: number }[] };
    for (let run = 0; run < RUNS; run++) {
      results.sealed.push(await sealed(run));
      results.plain.push(plain(run));
    }
    log(`pragmas: ${JSON.stringify(pragmas)}`);
    const rate = (ms: number) => round((N / ms) * 1000);
    const sIns = median(results.sealed.map((r) => r.insertMs));
    const pIns = median(results.plain.map((r) => r.insertMs));
    const sLoad = median(results.sealed.map((r) => r.loadMs));
    const pLoad = median(results.plain.map((r) => r.loadMs));
    const insRatio = round(sIns / pIns, 2);
    const loadRatio = round(sLoad / pLoad, 2);
    return [
      { metric: 'bulk insert, sealed', value: rate(sIns), unit: 'records/s', baseline: rate(pIns), ratio: insRatio, target: '>= 20000/s, <= 3x', pass: rate(sIns) >= 20_000 && insRatio <= 3 },
      { metric: 'full load, sealed (new Repository)', value: rate(sLoad), unit: 'records/s', baseline: rate(pLoad), ratio: loadRatio, target: '<= 3x', pass: loadRatio <= 3 },
      { metric: 'bulk insert, sealed (time)', value: round(sIns), unit: 'ms', baseline: round(pIns) },
      { metric: 'full load, sealed (time)', value: round(sLoad), unit: 'ms', baseline: round(pLoad) },
    ];
  },
};
