/**
 * Package inputs: a bag directory, a .tar, a .tar.gz, or an encrypted package (envelope.ts) holding a tar.
 * Archives are read as a stream of entries (tar.ts) with limits that stop decompression bombs: total bytes,
 * entry count, and the ratio of decompressed to compressed bytes once past a grace amount. Extraction writes
 * only regular files and directories, never outside the destination, never over an existing file, and removes
 * everything it wrote when it fails.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SanctumError, isSanctumError } from '../../errors';
import { decryptStream, isEnvelope, type RecipientKeyPair } from './envelope';
import { DEFAULT_TAR_LIMITS, readTar, type TarEntry, type TarLimits } from './tar';
import type { BagFormat } from './format';

export interface ArchiveLimits extends TarLimits {
  /** Decompressed bytes per compressed byte, checked once `ratioGraceBytes` have been decompressed. */
  maxRatio: number;
  ratioGraceBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { ...DEFAULT_TAR_LIMITS, maxRatio: 200, ratioGraceBytes: 16 * 1024 * 1024 };

export interface ArchiveOptions {
  limits?: Partial<ArchiveLimits>;
  /** Needed for encrypted packages. */
  recipient?: RecipientKeyPair;
  signal?: AbortSignal;
}

/** What a path holds, from its first bytes (extensions are not trusted). */
export async function sniffInput(path: string): Promise<BagFormat | 'unknown'> {
  const st = await stat(path).catch(() => null);
  if (!st) throw new SanctumError('NOT_FOUND', `${path} does not exist`, path);
  if (st.isDirectory()) return 'directory';
  if (!st.isFile()) return 'unknown';
  const fh = await open(path, 'r');
  try {
    const b = new Uint8Array(512);
    const { bytesRead } = await fh.read(b, 0, 512, 0);
    if (isEnvelope(b)) return 'encrypted';
    if (b[0] === 0x1f && b[1] === 0x8b) return 'tar.gz';
    if (bytesRead === 512 && String.fromCharCode(...b.subarray(257, 262)) === 'ustar') return 'tar';
    return 'unknown';
  } finally {
    await fh.close();
  }
}

async function* counted(source: AsyncIterable<Uint8Array>, counter: { n: number }, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const c of source) {
    if (signal?.aborted) throw new SanctumError('CANCELLED', 'cancelled');
    counter.n += c.length;
    yield c;
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>, where: string): AsyncGenerator<Uint8Array> {
  const z = createGunzip();
  pipeline(Readable.from(source), z, () => undefined);
  try {
    for await (const c of z as AsyncIterable<Buffer>) yield c;
  } catch (e) {
    if (isSanctumError(e)) throw e;
    throw new SanctumError('UNSUPPORTED_FORMAT', `the compressed data is damaged or truncated (${(e as Error).message})`, where);
  }
}

async function* bombGuard(source: AsyncIterable<Uint8Array>, compressed: { n: number }, limits: ArchiveLimits, where: string): AsyncGenerator<Uint8Array> {
  let out = 0;
  for await (const c of source) {
    out += c.length;
    if (out > limits.ratioGraceBytes && out / Math.max(1, compressed.n) > limits.maxRatio) {
      throw new SanctumError('HOSTILE_INPUT', `decompression bomb: ${out} bytes came out of ${compressed.n} compressed bytes (more than ${limits.maxRatio}:1); refused`, where);
    }
    if (out > limits.maxTotalBytes + 1024 * 1024 * 1024) {
      throw new SanctumError('HOSTILE_INPUT', `the archive expands to more than ${limits.maxTotalBytes} bytes; refused`, where);
    }
    yield c;
  }
}

/** The first bytes of a stream, and a stream that still yields them. */
async function peek(source: AsyncIterable<Uint8Array>, n: number): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const first: Uint8Array[] = [];
  let got = 0;
  while (got < n) {
    const r = await it.next();
    if (r.done) break;
    first.push(r.value);
    got += r.value.length;
  }
  const head = Buffer.concat(first).subarray(0, n);
  const stream = (async function* () {
    yield* first;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  })();
  return { head, stream };
}

/** The tar byte stream inside an archive of the given format. */
export async function tarBytes(path: string, format: Exclude<BagFormat, 'directory'>, opts: ArchiveOptions = {}): Promise<AsyncIterable<Uint8Array>> {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...opts.limits };
  const compressed = { n: 0 };
  let s: AsyncIterable<Uint8Array> = counted(createReadStream(path, { highWaterMark: 1024 * 1024 }), compressed, opts.signal);
  if (format === 'encrypted') {
    if (!opts.recipient) throw new SanctumError('FORBIDDEN', 'this package is encrypted: open it with the recipient vault (give the vault to decrypt it)', path);
    s = decryptStream(s, opts.recipient, path);
    const { head, stream } = await peek(s, 2);
    s = head[0] === 0x1f && head[1] === 0x8b ? gunzip(stream, path) : stream;
  } else if (format === 'tar.gz') {
    s = gunzip(s, path);
  }
  return bombGuard(s, compressed, limits, path);
}

/** Entries of an archive, with every limit applied. Paths are as in the archive (see bagRoot). */
export async function* archiveEntries(path: string, format: Exclude<BagFormat, 'directory'>, opts: ArchiveOptions = {}): AsyncGenerator<TarEntry> {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...opts.limits };
  yield* readTar(await tarBytes(path, format, opts), { where: path, limits });
}

/**
 * The bag's folder inside an archive: "" when bagit.txt is at the top, else the one top-level folder that
 * holds bagit.txt (serialised bags conventionally have one). Null when neither.
 */
export function bagRoot(paths: Iterable<string>): string | null {
  const all = [...paths];
  if (all.includes('bagit.txt')) return '';
  const tops = new Set(all.map((p) => p.split('/')[0]!));
  if (tops.size === 1) {
    const [top] = tops;
    if (all.includes(`${top}/bagit.txt`)) return top!;
  }
  return null;
}

/**
 * Extract an archive into `dest` (which must not exist). Returns the bag directory inside it. On any error
 * nothing is left behind.
 */
export async function extractArchive(path: string, dest: string, opts: ArchiveOptions = {}): Promise<{ bagDir: string; files: number; bytes: number }> {
  const format = await sniffInput(path);
  if (format === 'directory' || format === 'unknown') throw new SanctumError('UNSUPPORTED_FORMAT', 'not a tar, tar.gz or encrypted package', path);
  const root = resolve(dest);
  await mkdir(root, { recursive: false, mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
    throw new SanctumError('CONFLICT', e.code === 'EEXIST' ? `${dest} already exists` : `cannot create ${dest}: ${e.code}`, dest);
  });
  let files = 0;
  let bytes = 0;
  const paths: string[] = [];
  try {
    for await (const entry of archiveEntries(path, format, opts)) {
      const target = resolve(root, ...entry.path.split('/'));
      // readTar already refused unsafe paths; this is the last line of defence.
      if (!target.startsWith(root + sep)) throw new SanctumError('HOSTILE_INPUT', 'entry would be written outside the destination; refused', entry.path);
      paths.push(entry.path);
      if (entry.type === 'directory') {
        await mkdir(target, { recursive: true, mode: 0o700 });
        continue;
      }
      await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
      const fh = await open(target, 'wx', 0o600);
      try {
        for await (const chunk of entry.body) {
          let off = 0;
          while (off < chunk.length) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      files++;
      bytes += entry.size;
    }
    const top = bagRoot(paths);
    if (top === null) throw new SanctumError('UNSUPPORTED_FORMAT', 'the archive holds no bag (no bagit.txt at its top or in its one top-level folder)', path);
    return { bagDir: top ? join(root, top) : root, files, bytes };
  } catch (e) {
    await rm(root, { recursive: true, force: true });
    throw e;
  }
}
