/**
 * A small, strict tar (POSIX ustar + pax) reader and writer for packages.
 *
 * Reading is for untrusted input, so it accepts only regular files and directories: hard and symbolic links,
 * devices, FIFOs and sparse or multi-volume entries are refused, as are unsafe paths (absolute, "..", "~",
 * backslashes, drive letters), a path that appears twice, and more entries or bytes than the limits allow.
 * A header with a bad checksum, or a stream that ends before the end-of-archive marker, is an error naming the
 * entry it happened in. The reader never writes anything: callers decide what to do with each entry's bytes.
 *
 * Writing produces ustar headers, with a pax extended header when a path is not short ASCII or a file is
 * 8 GiB or more; GNU tar, bsdtar and node-tar read them.
 */
import { SanctumError } from '../../errors';
import { ByteReader } from './byte-reader';
import { unsafePathReason } from './bag-paths';

const BLOCK = 512;

export interface TarLimits {
  maxEntries: number;
  /** Sum of all file sizes. */
  maxTotalBytes: number;
  maxPathBytes: number;
  /** Largest pax or GNU long-name header body held in memory. */
  maxMetaBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 64 * 1024 ** 3,
  maxPathBytes: 4096,
  maxMetaBytes: 1024 * 1024,
};

export interface TarEntry {
  /** Normalised: no leading "./", no trailing "/". */
  path: string;
  type: 'file' | 'directory';
  size: number;
  /** The file's bytes; read it fully, or not at all (the reader skips what is left). */
  body: AsyncGenerator<Uint8Array>;
}

const decoder = new TextDecoder('utf-8');

function cstr(b: Uint8Array, off: number, len: number): string {
  const field = b.subarray(off, off + len);
  const end = field.indexOf(0);
  return decoder.decode(end < 0 ? field : field.subarray(0, end));
}

function parseNumber(b: Uint8Array, off: number, len: number): number | null {
  const f = b.subarray(off, off + len);
  if (f[0]! & 0x80) {
    // GNU base-256: big-endian two's complement; we accept only non-negative values below 2^53.
    if (f[0]! & 0x40) return null;
    let n = f[0]! & 0x3f;
    for (let i = 1; i < f.length; i++) n = n * 256 + f[i]!;
    return Number.isSafeInteger(n) ? n : null;
  }
  const s = cstr(b, off, len).replace(/[ \0]+$/, '').trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return null;
  return parseInt(s, 8);
}

function checksumOk(h: Uint8Array): boolean {
  const stored = parseNumber(h, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const v = i >= 148 && i < 156 ? 32 : h[i]!;
    unsigned += v;
    signed += v > 127 ? v - 256 : v;
  }
  return stored === unsigned || stored === signed;
}

function parsePax(body: Uint8Array, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < body.length) {
    if (body[pos] === 0) break;
    const sp = body.indexOf(0x20, pos);
    const len = sp > pos ? Number(decoder.decode(body.subarray(pos, sp))) : NaN;
    if (!Number.isInteger(len) || len <= 0 || pos + len > body.length) {
      throw new SanctumError('UNSUPPORTED_FORMAT', 'a pax extended header is malformed', where);
    }
    const rec = decoder.decode(body.subarray(sp + 1, pos + len - 1));
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    pos += len;
  }
  return out;
}

function normalise(raw: string): string {
  let p = raw;
  while (p.startsWith('./')) p = p.slice(2);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

const REFUSED: Record<string, string> = {
  '1': 'a hard link',
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO',
  S: 'a sparse file',
  M: 'a multi-volume continuation',
  V: 'a volume label',
  N: 'an old GNU long-name entry',
};

/**
 * Entries of a tar stream, in order. `where` names the archive in errors. Throws SanctumError HOSTILE_INPUT for
 * anything refused and UNSUPPORTED_FORMAT for damage (bad checksum, truncation), with `where` set to the entry.
 */
export async function* readTar(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, opts: { where: string; limits?: Partial<TarLimits> }): AsyncGenerator<TarEntry> {
  const limits = { ...DEFAULT_TAR_LIMITS, ...opts.limits };
  const r = new ByteReader(source, opts.where);
  const seen = new Set<string>();
  let entries = 0;
  let totalBytes = 0;
  let pax: Record<string, string> = {};
  let longName: string | null = null;
  let lastPath = '(start of archive)';
  try {
    for (;;) {
      const header = await r.exact(BLOCK, `the header after ${lastPath}`);
      if (header === null) {
        throw new SanctumError('UNSUPPORTED_FORMAT', `the archive ends after ${lastPath} without its end-of-archive marker (truncated)`, opts.where);
      }
      if (header.every((b) => b === 0)) return; // end of archive (a second zero block and padding may follow)
      if (!checksumOk(header)) throw new SanctumError('UNSUPPORTED_FORMAT', `a tar header after ${lastPath} is damaged (checksum mismatch)`, opts.where);
      const type = String.fromCharCode(header[156]!);
      const magic = cstr(header, 257, 6);
      const prefix = magic === 'ustar' && header[263] === 0x30 ? cstr(header, 345, 155) : '';
      const rawPath = pax.path ?? longName ?? (prefix ? `${prefix}/${cstr(header, 0, 100)}` : cstr(header, 0, 100));
      let size = parseNumber(header, 124, 12);
      if (pax.size !== undefined) size = /^\d+$/.test(pax.size) ? Number(pax.size) : null;
      if (size === null || !Number.isSafeInteger(size)) throw new SanctumError('UNSUPPORTED_FORMAT', 'a tar header has an unreadable size', rawPath);
      const truncated = () => new SanctumError('UNSUPPORTED_FORMAT', `the archive ends inside this entry (truncated after ${r.consumed} bytes)`, normalise(rawPath));
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;

      if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
        if (size > limits.maxMetaBytes) throw new SanctumError('HOSTILE_INPUT', `an extended header of ${size} bytes is larger than allowed`, opts.where);
        const body = (await r.exact(size, 'an extended header')) ?? new Uint8Array(0);
        await r.skip(padding, truncated);
        if (type === 'x') pax = parsePax(body, opts.where);
        else if (type === 'L') longName = cstr(body, 0, body.length);
        // 'g' (global pax) and 'K' (long link name) carry nothing we use; links are refused below anyway.
        continue;
      }
      pax = {};
      longName = null;
      if (Buffer.byteLength(rawPath) > limits.maxPathBytes) throw new SanctumError('HOSTILE_INPUT', `a path of ${Buffer.byteLength(rawPath)} bytes is longer than allowed`, rawPath.slice(0, 200));
      const path = normalise(rawPath);
      lastPath = path;
      if (REFUSED[type]) throw new SanctumError('HOSTILE_INPUT', `the archive contains ${REFUSED[type]}, which packages never hold; refused`, path);
      const isFile = type === '0' || type === '\0' || type === '7';
      if (!isFile && type !== '5') throw new SanctumError('HOSTILE_INPUT', `the archive contains an entry of unknown type "${type}"; refused`, path);
      const unsafe = unsafePathReason(path);
      if (unsafe) throw new SanctumError('HOSTILE_INPUT', `unsafe path in the archive: ${unsafe}; refused`, path);
      if (++entries > limits.maxEntries) throw new SanctumError('HOSTILE_INPUT', `the archive has more than ${limits.maxEntries} entries; refused`, opts.where);
      if (seen.has(path)) throw new SanctumError('HOSTILE_INPUT', 'the archive contains this path twice (a later copy could replace a checked one); refused', path);
      seen.add(path);
      if (type === '5') {
        await r.skip(size + padding, truncated);
        yield { path, type: 'directory', size: 0, body: (async function* () {})() };
        continue;
      }
      totalBytes += size;
      if (totalBytes > limits.maxTotalBytes) {
        throw new SanctumError('HOSTILE_INPUT', `the archive's files add up to more than ${limits.maxTotalBytes} bytes; refused`, path);
      }
      let read = 0;
      const body = (async function* () {
        for await (const chunk of r.stream(size, truncated)) {
          read += chunk.length;
          yield chunk;
        }
      })();
      yield { path, type: 'file', size, body };
      if (read < size) await r.skip(size - read, truncated);
      await r.skip(padding, truncated);
    }
  } finally {
    await r.close();
  }
}

// ------------------------------------------------------------------------------------------------ writing

const encoder = new TextEncoder();

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function ustarHeader(name: string, prefix: string, size: number, type: '0' | '5' | 'x', mtime: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (s: string, off: number, len: number) => h.set(encoder.encode(s).subarray(0, len), off);
  put(name, 0, 100);
  put(type === '5' ? '0000755\0' : '0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  if (size < 8 ** 11) put(octal(size, 12), 124, 12);
  else {
    // GNU base-256 for 8 GiB and more (a pax size record says the same for POSIX readers).
    h[124] = 0x80;
    let v = size;
    for (let i = 135; i > 124; i--) {
      h[i] = v % 256;
      v = Math.floor(v / 256);
    }
  }
  put(octal(Math.max(0, Math.floor(mtime)), 12), 136, 12);
  h.fill(0x20, 148, 156);
  h[156] = type.charCodeAt(0);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

function isPortableAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** Header blocks for one entry (a pax header first when the path or size needs one). */
export function tarHeaderBlocks(path: string, size: number, type: 'file' | 'directory', mtime: number): Uint8Array[] {
  const t = type === 'directory' ? '5' : '0';
  const full = type === 'directory' ? `${path}/` : path;
  let name = full;
  let prefix = '';
  const records: string[] = [];
  if (!isPortableAscii(full) || Buffer.byteLength(full) > 100) {
    const cut = full.lastIndexOf('/', full.length - 2);
    if (isPortableAscii(full) && cut > 0 && cut <= 155 && full.length - cut - 1 <= 100) {
      prefix = full.slice(0, cut);
      name = full.slice(cut + 1);
    } else {
      records.push(paxRecord('path', full));
      name = full.replace(/[^\x20-\x7e]/g, '_').slice(-100);
    }
  }
  if (size >= 8 ** 11) records.push(paxRecord('size', String(size)));
  const blocks: Uint8Array[] = [];
  if (records.length) {
    const body = encoder.encode(records.join(''));
    blocks.push(ustarHeader(`PaxHeader/${name}`.slice(0, 100), '', body.length, 'x', mtime), body);
    const pad = (BLOCK - (body.length % BLOCK)) % BLOCK;
    if (pad) blocks.push(new Uint8Array(pad));
  }
  blocks.push(ustarHeader(name, prefix, size, t, mtime));
  return blocks;
}

export interface TarSourceEntry {
  path: string;
  type: 'file' | 'directory';
  size: number;
  body?: () => AsyncIterable<Uint8Array>;
}

/** Serialise entries as a tar stream; a body that yields more or fewer bytes than `size` is an error. */
export async function* writeTar(entries: AsyncIterable<TarSourceEntry> | Iterable<TarSourceEntry>, mtime = Date.now() / 1000): AsyncGenerator<Uint8Array> {
  for await (const e of entries as AsyncIterable<TarSourceEntry>) {
    yield* tarHeaderBlocks(e.path, e.type === 'file' ? e.size : 0, e.type, mtime);
    if (e.type !== 'file') continue;
    let n = 0;
    if (e.body) {
      for await (const chunk of e.body()) {
        n += chunk.length;
        if (n > e.size) throw new SanctumError('INTERNAL', `${e.path} grew while it was being archived`, e.path);
        yield chunk;
      }
    }
    if (n !== e.size) throw new SanctumError('INTERNAL', `${e.path} has ${n} bytes, ${e.size} were announced`, e.path);
    const pad = (BLOCK - (e.size % BLOCK)) % BLOCK;
    if (pad) yield new Uint8Array(pad);
  }
  yield new Uint8Array(BLOCK * 2);
}
