/**
 * Runs extraction in the text worker (text-worker.ts) behind a promise API, with progress, cancellation and a
 * deadline. Cancel asks the worker first; a parser stuck inside one call (a hostile PDF) does not answer, so after
 * a grace period, or at the deadline, the worker is terminated and a fresh one is started for the next file.
 * This module does not import the readers themselves, so they stay out of the app's main bundle (only the worker
 * bundle holds pdfjs, mammoth and mailparser); in-process.ts runs them on the calling thread for the CLI.
 */
import type { Worker } from 'node:worker_threads';
import { SanctumError } from '../errors';
import { spawnWorker } from '../workers/spawn';
import type { FromTextWorker, ToTextWorker } from './protocol';
import { LIMITS, type ExtractOptions, type ExtractResult } from './types';


export interface Extractor {
  extract(bytes: Uint8Array, mediaType: string, name: string, opts?: ExtractOptions): Promise<ExtractResult>;
  dispose(): void;
}

function spawnTextWorker(): Worker {
  return spawnWorker('text-worker', { name: 'sanctum-text' });
}

interface Pending {
  resolve: (r: ExtractResult) => void;
  reject: (e: Error) => void;
  onProgress: ExtractOptions['onProgress'];
}

export class TextWorkerClient implements Extractor {
  #worker: Worker | null = null;
  #nextId = 1;
  #disposed = false;
  readonly #pending = new Map<number, Pending>();

  constructor(private readonly opts: { deadlineMs?: number; cancelGraceMs?: number } = {}) {}

  #live(): Worker {
    if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    if (this.#worker) return this.#worker;
    const w = spawnTextWorker();
    w.unref();
    this.#worker = w;
    w.on('message', (m: FromTextWorker) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onProgress?.(m.done, m.total);
      else {
        this.#pending.delete(m.id);
        if (m.type === 'result') p.resolve(m.result);
        else p.reject(new SanctumError(m.code, m.message));
      }
    });
    const fail = (e: Error) => this.#kill(w, new SanctumError('INTERNAL', `the text worker stopped: ${e.message}`));
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return w;
  }

  /** Terminate `w` and fail everything it was doing with `err`. */
  #kill(w: Worker, err: Error): void {
    if (this.#worker !== w) return;
    this.#worker = null;
    void w.terminate();
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  extract(bytes: Uint8Array, mediaType: string, name: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
    if (opts.signal?.aborted) return Promise.reject(new SanctumError('CANCELLED', 'text extraction cancelled'));
    const w = this.#live();
    const id = this.#nextId++;
    return new Promise<ExtractResult>((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      const done = () => {
        for (const t of timers) clearTimeout(t);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        w.postMessage({ type: 'cancel', id } satisfies ToTextWorker);
        timers.push(setTimeout(() => this.#kill(w, new SanctumError('CANCELLED', 'text extraction cancelled')), this.opts.cancelGraceMs ?? 2000));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(
        setTimeout(() => this.#kill(w, new SanctumError('UNSUPPORTED_FORMAT', `reading ${name} took longer than ${Math.round((this.opts.deadlineMs ?? LIMITS.ms + 15_000) / 1000)} s; it was stopped`)), this.opts.deadlineMs ?? LIMITS.ms + 15_000),
      );
      this.#pending.set(id, {
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        onProgress: opts.onProgress,
      });
      // A copy is transferred: the caller's buffer stays usable (and is wiped by the caller).
      const copy = new Uint8Array(bytes);
      w.postMessage({ type: 'extract', id, bytes: copy, mediaType, name } satisfies ToTextWorker, [copy.buffer]);
    });
  }

  dispose(): void {
    this.#disposed = true;
    const w = this.#worker;
    if (w) this.#kill(w, new SanctumError('VAULT_LOCKED', 'the vault was locked'));
  }
}
