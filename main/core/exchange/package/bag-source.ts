/**
 * What the verifier reads a bag through: a directory on disk, or an archive read as a stream.
 *
 * An archive is verified without extracting it: one pass over the stream lists every entry, keeps the tag files
 * (small, outside data/) in memory, and hashes every file with SHA-256 and SHA-512 plus any algorithm whose
 * manifest has already gone past. Only a bag whose manifests use other algorithms and come after the payload
 * needs a second pass.
 */
import { createHash, type Hash } from 'node:crypto';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SanctumError, isSanctumError } from '../../errors';
import { archiveEntries, bagRoot, type ArchiveOptions } from './archive';
import { unsafePathReason } from './bag-paths';
import { ALGORITHMS, type BagFormat, type BagProblem } from './format';
import { hashFiles, type Digests, type HashResults } from './hashing';
import { parseManifestFileName } from './manifest';

/** Tag files are read whole; a custody excerpt of 500 000 entries is about 200 MB. */
export const MAX_TAG_FILE_BYTES = 256 * 1024 * 1024;

export interface HashRequest {
  path: string;
  algorithms: string[];
}

export interface BagSource {
  format: BagFormat;
  /** For archives: the folder holding the bag. */
  root: string | null;
  /** Regular files by bag-relative path, with their sizes. */
  files: Map<string, number>;
  /** Problems found while listing: links, special files, a damaged or hostile archive. */
  problems: BagProblem[];
  read(path: string): Promise<Uint8Array>;
  digests(requests: readonly HashRequest[], onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<HashResults>;
}

// ------------------------------------------------------------------------------------------------ directory

export async function directorySource(dir: string, opts: { workers?: number } = {}): Promise<BagSource> {
  const files = new Map<string, number>();
  const problems: BagProblem[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      // A name legal here may be dangerous where the bag is opened next (":" is an NTFS alternate data stream).
      const unsafe = unsafePathReason(p);
      if (unsafe) problems.push({ severity: 'error', file: p, reason: `unsafe name: ${unsafe}` });
      if (e.isSymbolicLink()) problems.push({ severity: 'error', file: p, reason: 'is a symbolic link; bags are checked without following links' });
      else if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.set(p, (await lstat(join(dir, p))).size);
      else problems.push({ severity: 'error', file: p, reason: 'is not a regular file (device, socket or FIFO)' });
    }
  };
  await walk('');
  const abs = (p: string) => join(dir, ...p.split('/'));
  return {
    format: 'directory',
    root: null,
    files,
    problems,
    async read(path) {
      const size = files.get(path);
      if (size === undefined) throw new SanctumError('NOT_FOUND', 'no such file in the bag', path);
      if (size > MAX_TAG_FILE_BYTES) throw new SanctumError('HOSTILE_INPUT', `tag file of ${size} bytes is larger than ${MAX_TAG_FILE_BYTES}`, path);
      const fh = await open(abs(path), 'r');
      try {
        const buf = new Uint8Array(size);
        let off = 0;
        while (off < size) {
          const { bytesRead } = await fh.read(buf, off, size - off, off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return buf.subarray(0, off);
      } finally {
        await fh.close();
      }
    },
    async digests(requests, onProgress, signal) {
      const res = await hashFiles(
        requests.map((r) => ({ path: abs(r.path), algorithms: r.algorithms, size: files.get(r.path) ?? 0 })),
        { ...(opts.workers !== undefined ? { workers: opts.workers } : {}), ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) },
      );
      const back = new Map(requests.map((r) => [abs(r.path), r.path]));
      const out: HashResults = { digests: new Map(), failures: new Map() };
      for (const [p, d] of res.digests) out.digests.set(back.get(p)!, d);
      for (const [p, f] of res.failures) out.failures.set(back.get(p)!, f);
      return out;
    },
  };
}

// -------------------------------------------------------------------------------------------------- archive

const ALWAYS = ['sha256', 'sha512'];

function keepsBytes(rawPath: string): boolean {
  const parts = rawPath.split('/');
  return parts[0] !== 'data' && parts[1] !== 'data';
}

export async function archiveSource(path: string, format: Exclude<BagFormat, 'directory'>, opts: ArchiveOptions & { onProgress?: (bytes: number) => void } = {}): Promise<BagSource> {
  const raw = new Map<string, { size: number; digests: Digests; bytes?: Uint8Array }>();
  const problems: { severity: 'error'; raw: string; reason: string }[] = [];
  const algs = new Set(ALWAYS);
  let streamed = 0;
  try {
    for await (const entry of archiveEntries(path, format, opts)) {
      if (entry.type !== 'file') continue;
      const name = entry.path.split('/').pop()!;
      const m = parseManifestFileName(name);
      if (m && ALGORITHMS[m.algorithm]) algs.add(m.algorithm);
      const used = [...algs];
      const hs: Hash[] = used.map((a) => createHash(ALGORITHMS[a]!.node));
      const keep = keepsBytes(entry.path) && entry.size <= MAX_TAG_FILE_BYTES;
      const parts: Uint8Array[] = [];
      for await (const chunk of entry.body) {
        for (const h of hs) h.update(chunk);
        if (keep) parts.push(chunk.slice());
        streamed += chunk.length;
        opts.onProgress?.(streamed);
      }
      raw.set(entry.path, {
        size: entry.size,
        digests: Object.fromEntries(used.map((a, i) => [a, hs[i]!.digest('hex')])),
        ...(keep ? { bytes: Buffer.concat(parts) } : {}),
      });
    }
  } catch (e) {
    if (!isSanctumError(e) || e.code === 'INTERNAL') throw e;
    if (e.code === 'CANCELLED' || e.code === 'FORBIDDEN') throw e;
    problems.push({ severity: 'error', raw: e.where && e.where !== path ? e.where : '', reason: e.message });
  }
  // Without bagit.txt (a truncated archive stops early) the one top-level folder, if there is one, is the bag's.
  const seen = [...raw.keys(), ...problems.map((p) => p.raw).filter((p) => p && unsafePathReason(p) === null)];
  const tops = new Set(seen.map((p) => p.split('/')[0]!));
  const [onlyTop] = tops;
  const root = bagRoot(raw.keys()) ?? (tops.size === 1 && onlyTop !== 'data' && seen.every((p) => p.includes('/')) ? onlyTop! : '');
  const strip = (p: string) => (root && p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p);
  const files = new Map<string, number>();
  const byRel = new Map<string, { size: number; digests: Digests; bytes?: Uint8Array }>();
  for (const [p, v] of raw) {
    if (root && !p.startsWith(`${root}/`)) {
      problems.push({ severity: 'error', raw: p, reason: `is outside the bag's folder "${root}/" in the archive` });
      continue;
    }
    files.set(strip(p), v.size);
    byRel.set(strip(p), v);
  }
  /** A second pass for what the first did not keep or compute. */
  const rescan = async (want: Map<string, string[]>, keepBytes: Set<string>) => {
    for await (const entry of archiveEntries(path, format, opts)) {
      const p = strip(entry.path);
      if (entry.type !== 'file' || (!want.has(p) && !keepBytes.has(p))) continue;
      const a = want.get(p) ?? [];
      const hs = a.map((x) => createHash(ALGORITHMS[x]!.node));
      const parts: Uint8Array[] = [];
      for await (const chunk of entry.body) {
        for (const h of hs) h.update(chunk);
        if (keepBytes.has(p)) parts.push(chunk.slice());
      }
      const v = byRel.get(p)!;
      a.forEach((x, i) => (v.digests[x] = hs[i]!.digest('hex')));
      if (keepBytes.has(p)) v.bytes = Buffer.concat(parts);
    }
  };

  return {
    format,
    root,
    files,
    problems: problems.map((p) => ({ severity: p.severity, file: p.raw ? strip(p.raw) : '(archive)', reason: p.reason })),
    async read(p) {
      const v = byRel.get(p);
      if (!v) throw new SanctumError('NOT_FOUND', 'no such file in the archive', p);
      if (v.size > MAX_TAG_FILE_BYTES) throw new SanctumError('HOSTILE_INPUT', `tag file of ${v.size} bytes is larger than ${MAX_TAG_FILE_BYTES}`, p);
      if (!v.bytes) await rescan(new Map(), new Set([p]));
      return v.bytes!;
    },
    async digests(requests) {
      const missing = new Map<string, string[]>();
      for (const r of requests) {
        const v = byRel.get(r.path);
        const need = r.algorithms.filter((a) => v && v.digests[a] === undefined);
        if (need.length) missing.set(r.path, need);
      }
      if (missing.size) await rescan(missing, new Set());
      const out: HashResults = { digests: new Map(), failures: new Map() };
      for (const r of requests) {
        const v = byRel.get(r.path);
        if (!v) out.failures.set(r.path, 'ENOENT');
        else out.digests.set(r.path, Object.fromEntries(r.algorithms.map((a) => [a, v.digests[a]!])));
      }
      return out;
    },
  };
}
