/**
 * The checksum worker (hashing.ts starts a pool of them): hashes whole files, batches of small files, or bytes
 * streamed to it, with Node's native crypto, every algorithm of a task from the same buffer.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

export type ToHashWorker =
  | { t: 'batch'; id: number; files: { path: string; algs: string[] }[] }
  | { t: 'file'; id: number; path: string; algs: string[] }
  | { t: 'begin'; id: number; algs: string[] }
  | { t: 'data'; id: number; buf: Uint8Array }
  | { t: 'end'; id: number };

export type FromHashWorker =
  | { t: 'batch'; id: number; results: ({ size: number; digests: string[] } | { error: string })[] }
  | { t: 'progress'; id: number; bytes: number }
  | { t: 'ack'; id: number; bytes: number }
  | { t: 'done'; id: number; size: number; bytes: number; digests: string[] }
  | { t: 'fail'; id: number; error: string };

const port = parentPort;
if (!port) throw new Error('hash-worker.ts runs as a worker thread');
const reply = (m: FromHashWorker) => port.postMessage(m);

const buf = Buffer.allocUnsafe(4 << 20);
const PROGRESS_BYTES = 64 << 20;
const streams = new Map<number, { hs: Hash[]; size: number }>();

const reason = (e: unknown) => (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));

/** Read a file once, updating every hash; `onBytes` sees progress every PROGRESS_BYTES. */
function hashFile(path: string, algs: string[], onBytes?: (n: number) => void): { size: number; pending: number; digests: string[] } {
  const fd = openSync(path, 'r');
  try {
    const hs = algs.map((a) => createHash(a));
    let size = 0;
    let pending = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const view = n === buf.length ? buf : buf.subarray(0, n);
      for (const h of hs) h.update(view);
      size += n;
      pending += n;
      if (onBytes && pending >= PROGRESS_BYTES) {
        onBytes(pending);
        pending = 0;
      }
    }
    return { size, pending, digests: hs.map((h) => h.digest('hex')) };
  } finally {
    closeSync(fd);
  }
}

port.on('message', (m: ToHashWorker) => {
  switch (m.t) {
    case 'batch': {
      const results = m.files.map((f) => {
        try {
          const r = hashFile(f.path, f.algs);
          return { size: r.size, digests: r.digests };
        } catch (e) {
          return { error: reason(e) };
        }
      });
      reply({ t: 'batch', id: m.id, results });
      break;
    }
    case 'file':
      try {
        const r = hashFile(m.path, m.algs, (bytes) => reply({ t: 'progress', id: m.id, bytes }));
        reply({ t: 'done', id: m.id, size: r.size, bytes: r.pending, digests: r.digests });
      } catch (e) {
        reply({ t: 'fail', id: m.id, error: reason(e) });
      }
      break;
    case 'begin':
      streams.set(m.id, { hs: m.algs.map((a) => createHash(a)), size: 0 });
      break;
    case 'data': {
      const s = streams.get(m.id)!;
      for (const h of s.hs) h.update(m.buf);
      s.size += m.buf.length;
      reply({ t: 'ack', id: m.id, bytes: m.buf.length });
      break;
    }
    case 'end': {
      const s = streams.get(m.id)!;
      streams.delete(m.id);
      reply({ t: 'done', id: m.id, size: s.size, bytes: 0, digests: s.hs.map((h) => h.digest('hex')) });
      break;
    }
  }
});
