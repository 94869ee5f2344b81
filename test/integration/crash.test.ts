/**
 * Acceptance: killing the CLI with SIGKILL at random points during a bulk write never corrupts the vault —
 * `vault check` passes and every record reported as committed is present.
 *
 * One vault (KDF floor) per lane is reused across trials. Each trial starts `sanctum dev fill` with a random batch size,
 * waits for a random number of `committed` lines (0 = kill during start-up, key derivation or the first batch),
 * waits a random sub-millisecond-to-tens-of-milliseconds delay and sends SIGKILL. Then the real CLI must pass
 * `vault check`, and the records read back in-process must be exactly indices 0..n (no gap, no partial batch,
 * content as written) with n ≥ the last index reported committed.
 *
 * Replay a failure with the seed it prints: SANCTUM_CRASH_SEED=<seed> npx vitest run test/integration/crash.test.ts
 * (SANCTUM_CRASH_TRIALS=<n> changes the number of trials; the default is 50).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNTHETIC_KIND, syntheticRecord, type SyntheticData } from '../../main/cli/synthetic';
import { initCrypto } from '../../main/core/crypto/sodium';
import { createVault, unlockVault } from '../../main/core/vault/vault';
import { cliBundle, jsonOf, sanctum, spawnCli } from '../helpers/cli';
import { PASS, TEST_KDF } from '../helpers/vault';

const TRIALS = Number(process.env.SANCTUM_CRASH_TRIALS ?? 50);
const SEED = process.env.SANCTUM_CRASH_SEED ? Number(process.env.SANCTUM_CRASH_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const BATCHES = [5, 25, 100] as const;

/** mulberry32: small, fast, good enough to pick kill points reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  batch: number;
  killAfterLines: number;
  delayMs: number;
}

function planTrial(rand: () => number): Plan {
  const batch = BATCHES[Math.floor(rand() * BATCHES.length)]!;
  const killAfterLines = Math.floor(rand() * 5); // 0..4
  const r = rand();
  // A third of the kills follow a commit by less than a millisecond (busy-wait); the rest by up to 40 ms. With
  // no line to wait for, the delay runs from spawn and covers start-up, key derivation and the first batch.
  const delayMs = killAfterLines === 0 ? 150 + rand() * 600 : r < 1 / 3 ? rand() : 1 + rand() * 39;
  return { batch, killAfterLines, delayMs };
}

interface Outcome {
  reported: number | null;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Run one `dev fill` and SIGKILL it as planned. */
async function fillAndKill(dir: string, plan: Plan): Promise<Outcome> {
  const child = await spawnCli(['dev', 'fill', dir, '--count', '10000000', '--batch', String(plan.batch)], { env: { SANCTUM_PASSPHRASE: PASS } });
  child.stdin!.end();
  let stdout = '';
  let stderr = '';
  let lines = 0;
  let killScheduled = false;
  const kill = () => child.kill('SIGKILL');
  const scheduleKill = () => {
    killScheduled = true;
    if (plan.delayMs < 1) {
      const until = performance.now() + plan.delayMs;
      while (performance.now() < until) {
        /* busy-wait: timers cannot wait less than a millisecond */
      }
      kill();
    } else setTimeout(kill, plan.delayMs);
  };
  if (plan.killAfterLines === 0) scheduleKill();
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    lines = stdout.split('\n').filter((l) => l.startsWith('committed ')).length;
    if (!killScheduled && lines >= plan.killAfterLines) scheduleKill();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (c, s) => resolve({ code: c, signal: s })),
  );
  const committed = stdout
    .split('\n')
    .map((l) => /^committed (\d+)$/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined)
    .map(Number);
  return { reported: committed.length ? Math.max(...committed) : null, signal, code, stderr };
}

/**
 * Trials run in lanes (default 2, SANCTUM_CRASH_LANES), each on its own vault created once and reused across
 * the lane's trials. Vitest runs one test file at a time on a 2-core machine, so a second lane uses the idle core
 * and halves the wall time. The plans come from one PRNG stream in trial order, whatever the lane count.
 */
const LANES = Math.max(1, Number(process.env.SANCTUM_CRASH_LANES ?? Math.min(2, availableParallelism())));
let root = '';
const lanes: string[] = [];

beforeAll(async () => {
  await Promise.all([cliBundle(), initCrypto()]);
  root = mkdtempSync(join(tmpdir(), 'sanctum-crash-'));
  for (let l = 0; l < LANES; l++) {
    const dir = join(root, `vault-${l}`);
    const { vault } = await createVault(dir, { passphrase: PASS, witnessPassphrase: 'witness compartment phrase', kdf: TEST_KDF });
    vault.close();
    lanes.push(dir);
  }
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

interface Tally {
  duringStartup: number;
  batchInFlight: number;
  afterUnreportedCommit: number;
  records: number;
  fillMs: number;
  checkMs: number;
  readBackMs: number;
}

/** One trial: fill and kill, `vault check` by the CLI, then read every record back in-process. */
async function trial(dir: string, t: number, plan: Plan, present: number, tally: Tally): Promise<number> {
  const label = `seed ${SEED} trial ${t} ${JSON.stringify(plan)}`;
  let t0 = performance.now();
  const out = await fillAndKill(dir, plan);
  tally.fillMs += performance.now() - t0;
  expect(out.signal, `${label}: the fill must be killed, not finish (exit ${out.code}: ${out.stderr})`).toBe('SIGKILL');

  t0 = performance.now();
  const check = await sanctum(['vault', 'check', dir, '--json'], { env: { SANCTUM_PASSPHRASE: PASS } });
  expect(check.code, `${label}: vault check\n${check.stdout}\n${check.stderr}`).toBe(0);
  expect(jsonOf(check), label).toMatchObject({ ok: true, records: { failed: 0 }, audit: { ok: true } });
  tally.checkMs += performance.now() - t0;

  t0 = performance.now();
  const vault = await unlockVault(dir, PASS);
  const byIndex = new Map<number, SyntheticData>();
  try {
    for (const r of vault.store.scan<SyntheticData>('records')) {
      if (r.kind !== SYNTHETIC_KIND) continue;
      expect(byIndex.has(r.data.i), `${label}: index ${r.data.i} written twice`).toBe(false);
      byIndex.set(r.data.i, r.data);
    }
  } finally {
    vault.close();
  }
  tally.readBackMs += performance.now() - t0;

  const count = byIndex.size;
  const max = count ? Math.max(...byIndex.keys()) : -1;
  expect(max, `${label}: indices must be 0..n without gaps`).toBe(count - 1);
  if (out.reported !== null) expect(max, `${label}: a record reported committed is missing`).toBeGreaterThanOrEqual(out.reported);
  const written = count - present;
  expect(written % plan.batch, `${label}: ${written} new records is not a whole number of batches (partial transaction)`).toBe(0);
  for (let i = present; i < count; i++) expect(byIndex.get(i), `${label}: content of record ${i}`).toEqual(syntheticRecord(i));

  if (max > (out.reported ?? present - 1)) tally.afterUnreportedCommit++;
  else if (out.reported === null) tally.duringStartup++;
  else tally.batchInFlight++;
  return count;
}

describe('crash safety', () => {
  it(`survives ${TRIALS} SIGKILLs at random points of a bulk write (seed printed below)`, async () => {
    console.log(`crash test: seed ${SEED}, ${TRIALS} trials in ${LANES} lane(s) (replay: SANCTUM_CRASH_SEED=${SEED} npx vitest run test/integration/crash.test.ts)`);
    const rand = prng(SEED);
    const plans = Array.from({ length: TRIALS }, () => planTrial(rand));
    const started = performance.now();
    const tally: Tally = { duringStartup: 0, batchInFlight: 0, afterUnreportedCommit: 0, records: 0, fillMs: 0, checkMs: 0, readBackMs: 0 };
    await Promise.all(
      lanes.map(async (dir, lane) => {
        let present = 0; // records 0..present-1 are in this lane's vault
        for (let t = lane; t < TRIALS; t += LANES) present = await trial(dir, t, plans[t]!, present, tally);
        tally.records += present;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `crash test: ${TRIALS} trials in ${seconds.toFixed(1)} s; ${tally.records} records; killed before any commit ${tally.duringStartup}, ` +
        `with a batch in flight (rolled back) ${tally.batchInFlight}, after a commit not yet reported ${tally.afterUnreportedCommit}; ` +
        `summed over lanes: fill+kill ${s(tally.fillMs)} s, vault check ${s(tally.checkMs)} s, read-back ${s(tally.readBackMs)} s`,
    );
    // The plan must actually exercise kills inside a write transaction, not only between them.
    if (TRIALS >= 50) expect(tally.batchInFlight, `seed ${SEED}: too few kills landed mid-transaction`).toBeGreaterThanOrEqual(5);
  }, 600_000);
});
