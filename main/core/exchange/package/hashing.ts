/**
 * Checksums off the main thread. Verification hashes every payload file with every manifest algorithm
 * (SHA-256 and SHA-512 for our packages: ~1.6 GB/s and ~0.7 GB/s per core here), so:
 *  - each file is read once per task and every algorithm of the task is updated from the same buffer;
 *  - tasks run on a pool of worker threads, largest first, and a large file with two algorithms becomes two
 *    tasks so that both cores work on it (the second read comes from the page cache);
 *  - small jobs (under 32 MiB in all) are hashed in the calling thread: starting workers would cost more;
 *  - small files go to a worker in batches (up to 64 files, 2 MiB), one message each way per batch: a round trip
 *    per 32 KiB file left the workers waiting for the next one about as long as they spent hashing it.
 * The export streams bytes it has just written to a worker (`StreamHasher`) while it decrypts the next chunk.
 *
 * The worker is hash-worker.ts, started through workers/spawn.ts.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { SanctumError } from '../../errors';
import { spawnWorker } from '../../workers/spawn';
import { ALGORITHMS } from './format';
import type { FromHashWorker, ToHashWorker } from './hash-worker';

export type Digests = Record<string, string>;

export interface FileHashJob {
  path: string;
  algorithms: readonly string[];
  size: number;
}

export interface HashResults {
  digests: Map<string, Digests>;
  /** Files that could not be read, with the reason. */
  failures: Map<string, string>;
}

function nodeNames(algs: readonly string[]): string[] {
  return algs.map((a) => {
    const spec = ALGORITHMS[a];
    if (!spec) throw new SanctumError('UNSUPPORTED_FORMAT', `unsupported checksum algorithm ${a}`);
    return spec.node;
  });
}

function spawn(): Worker {
  const w = spawnWorker('hash-worker');
  w.unref();
  return w;
}

type WorkerReply = FromHashWorker;
const post = (w: Worker, m: ToHashWorker) => w.postMessage(m);

export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const IN_THREAD_BYTES = 32 * 1024 * 1024;
const SPLIT_BYTES = 16 * 1024 * 1024;
/** Files below this size are sent in batches of up to BATCH_FILES files and BATCH_BYTES bytes. */
const BATCH_FILE_BYTES = 1024 * 1024;
const BATCH_FILES = 64;
const BATCH_BYTES = 2 * 1024 * 1024;
/** Relative cost per byte, for largest-first scheduling (measured: SHA-512 ~2.2x SHA-256 with SHA-NI). */
const COST: Record<string, number> = { sha256: 1, sha512: 2.2, md5: 2.1, sha1: 0.9 };

async function hashInThread(jobs: readonly FileHashJob[], out: HashResults, onBytes: (n: number) => void, signal?: AbortSignal): Promise<void> {
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const job of jobs) {
    if (signal?.aborted) throw new SanctumError('CANCELLED', 'verification cancelled');
    let fh;
    try {
      fh = await open(job.path, 'r');
      const hs = nodeNames(job.algorithms).map((a) => createHash(a));
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        const view = buf.subarray(0, bytesRead);
        for (const h of hs) h.update(view);
        onBytes(bytesRead);
      }
      out.digests.set(job.path, Object.fromEntries(job.algorithms.map((a, i) => [a, hs[i]!.digest('hex')])));
    } catch (e) {
      if (e instanceof SanctumError) throw e;
      out.failures.set(job.path, (e as NodeJS.ErrnoException).code ?? String(e));
    } finally {
      await fh?.close();
    }
  }
}

/**
 * Hash files with the algorithms each needs. `onProgress(bytesDone, bytesTotal)` counts file bytes (a file with
 * two algorithm tasks counts half its size per task).
 */
export async function hashFiles(jobs: readonly FileHashJob[], opts: { workers?: number; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<HashResults> {
  const out: HashResults = { digests: new Map(), failures: new Map() };
  const total = jobs.reduce((s, j) => s + j.size, 0);
  let done = 0;
  const report = (n: number) => {
    done += n;
    opts.onProgress?.(Math.min(done, total), total);
  };
  const workers = opts.workers ?? defaultWorkers();
  if (workers <= 1 || total < IN_THREAD_BYTES) {
    await hashInThread(jobs, out, report, opts.signal);
    return out;
  }
  interface Task {
    job: FileHashJob;
    algs: string[];
    share: number;
    /** Further small files hashed in the same message (whole, with all their algorithms). */
    more?: FileHashJob[];
  }
  const tasks: Task[] = [];
  let batch: Task | null = null;
  let batchBytes = 0;
  for (const job of jobs) {
    if (job.algorithms.length === 0) continue;
    if (job.size >= SPLIT_BYTES && job.algorithms.length > 1) {
      for (const a of job.algorithms) tasks.push({ job, algs: [a], share: 1 / job.algorithms.length });
    } else if (job.size < BATCH_FILE_BYTES) {
      if (batch && batch.more!.length + 1 < BATCH_FILES && batchBytes + job.size <= BATCH_BYTES) {
        batch.more!.push(job);
        batchBytes += job.size;
      } else {
        tasks.push((batch = { job, algs: [...job.algorithms], share: 1, more: [] }));
        batchBytes = job.size;
      }
    } else tasks.push({ job, algs: [...job.algorithms], share: 1 });
  }
  const taskJobs = (t: Task) => [t.job, ...(t.more ?? [])];
  const cost = (t: Task) => taskJobs(t).reduce((c, j) => c + j.size * (t.more ? j.algorithms : t.algs).reduce((s, a) => s + (COST[a] ?? 2), 0), 0);
  tasks.sort((a, b) => cost(b) - cost(a));
  const partial = new Map<string, Digests>();
  const pool = Array.from({ length: Math.min(workers, tasks.length) }, spawn);
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const onAbort = () => reject(new SanctumError('CANCELLED', 'verification cancelled'));
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = () => {
        opts.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const dispatch = (w: Worker, id: number) => {
        const t = tasks[id]!;
        running++;
        if (t.more) post(w, { t: 'batch', id, files: taskJobs(t).map((j) => ({ path: j.path, algs: nodeNames(j.algorithms) })) });
        else post(w, { t: 'file', id, path: t.job.path, algs: nodeNames(t.algs) });
      };
      pool.forEach((w) => {
        w.on('message', (m: WorkerReply) => {
          const t = tasks[m.id]!;
          if (m.t === 'progress') return report(m.bytes * t.share);
          if (m.t === 'ack') return;
          running--;
          if (m.t === 'batch') {
            taskJobs(t).forEach((j, i) => {
              const r = m.results[i]!;
              if ('error' in r) out.failures.set(j.path, r.error);
              else {
                report(r.size);
                partial.set(j.path, Object.fromEntries(j.algorithms.map((a, k) => [a, r.digests[k]!])));
              }
            });
          } else if (m.t === 'fail') out.failures.set(t.job.path, m.error);
          else {
            report(m.bytes * t.share);
            const d = partial.get(t.job.path) ?? {};
            t.algs.forEach((a, i) => (d[a] = m.digests[i]!));
            partial.set(t.job.path, d);
          }
          if (next < tasks.length) dispatch(w, next++);
          else if (running === 0) finish();
        });
        w.on('error', (e) => reject(new SanctumError('INTERNAL', `hashing worker failed: ${e.message}`)));
        if (next < tasks.length) dispatch(w, next++);
      });
      if (tasks.length === 0) finish();
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  for (const job of jobs) {
    const d = partial.get(job.path);
    if (d && !out.failures.has(job.path) && job.algorithms.every((a) => d[a] !== undefined)) out.digests.set(job.path, d);
  }
  return out;
}

/** Hash bytes as they stream past: chunks are copied to a worker, which hashes while the caller goes on. */
export class StreamHasher {
  readonly #w: Worker = spawn();
  #next = 0;
  #unacked = 0;
  #waiters: (() => void)[] = [];
  readonly #pending = new Map<number, { resolve: (d: { digests: string[]; size: number }) => void; reject: (e: Error) => void }>();
  #failed: Error | null = null;
  static readonly MAX_IN_FLIGHT = 32 * 1024 * 1024;

  constructor() {
    this.#w.on('message', (m: WorkerReply) => {
      if (m.t === 'ack') {
        this.#unacked -= m.bytes;
        if (this.#unacked <= StreamHasher.MAX_IN_FLIGHT) for (const w of this.#waiters.splice(0)) w();
      } else if (m.t === 'done') {
        this.#pending.get(m.id)?.resolve(m);
        this.#pending.delete(m.id);
      }
    });
    this.#w.on('error', (e) => {
      this.#failed = new SanctumError('INTERNAL', `hashing worker failed: ${e.message}`);
      for (const p of this.#pending.values()) p.reject(this.#failed);
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  /** Start hashing one stream; feed it with update(), then await digest(). */
  open(algorithms: readonly string[]): { update(chunk: Uint8Array): Promise<void>; digest(): Promise<{ digests: Digests; size: number }> } {
    const id = this.#next++;
    post(this.#w, { t: 'begin', id, algs: nodeNames(algorithms) });
    return {
      update: async (chunk: Uint8Array) => {
        if (this.#failed) throw this.#failed;
        this.#unacked += chunk.length;
        post(this.#w, { t: 'data', id, buf: chunk });
        while (this.#unacked > StreamHasher.MAX_IN_FLIGHT && !this.#failed) await new Promise<void>((r) => this.#waiters.push(r));
      },
      digest: () =>
        new Promise((resolve, reject) => {
          if (this.#failed) return reject(this.#failed);
          this.#pending.set(id, {
            resolve: (m) => resolve({ size: m.size, digests: Object.fromEntries(algorithms.map((a, i) => [a, m.digests[i]!])) }),
            reject,
          });
          post(this.#w, { t: 'end', id });
        }),
    };
  }

  async close(): Promise<void> {
    await this.#w.terminate();
  }
}

/** Hash a small byte array in the calling thread. */
export function digestBytes(bytes: Uint8Array | string, algorithms: readonly string[]): Digests {
  return Object.fromEntries(algorithms.map((a) => [a, createHash(ALGORITHMS[a]!.node).update(bytes).digest('hex')]));
}
