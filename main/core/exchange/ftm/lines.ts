/**
 * JSON-lines reading with a hard per-line byte limit enforced while reading: a line that grows past the limit is
 * dropped at once and the rest of it skipped up to the next newline, so a hostile 10 GB "line" costs the same
 * memory as a legal one. Tolerates a UTF-8 BOM and CRLF line ends; hashes the whole file (SHA-256) on the way.
 */
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { createSha256 } from '../../crypto/hash';
import { SanctumError } from '../../errors';

export const MAX_LINE_BYTES = 2 * 1024 * 1024;

export interface LineSink {
  /** A non-blank line, decoded. `no` counts from 1, blank lines included. */
  line(no: number, text: string): void;
  /** A line that cannot even be decoded (too long, not UTF-8). */
  reject(no: number, reason: string): void;
}

export interface ReadOptions {
  maxLineBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: { lines: number; bytes: number }) => void;
}

export interface ReadStats {
  /** Physical lines, blank ones included. */
  lines: number;
  bytes: number;
  sha256: string;
  /** The most bytes of an unfinished line held at once (never more than the limit). */
  maxBufferedBytes: number;
}

export type ByteSource = string | AsyncIterable<Uint8Array>;

function formatLimit(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

function isBlank(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

export async function readLines(source: ByteSource, sink: LineSink, opts: ReadOptions = {}): Promise<ReadStats> {
  const max = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const tooLong = `line is longer than ${formatLimit(max)}, the limit for one entity; it was skipped without being read`;
  const input: AsyncIterable<Uint8Array> = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1024 * 1024 }) : source;
  const hash = createSha256();
  let lineNo = 0;
  let bytes = 0;
  let maxBuffered = 0;
  const parts: Buffer[] = [];
  let partLen = 0;
  let oversize = false;

  const handle = (buf: Buffer, s: number, e: number) => {
    if (e > s && buf[e - 1] === 0x0d) e--;
    if (lineNo === 1 && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
    if (e - s > max) return sink.reject(lineNo, tooLong);
    if (isBlank(buf, s, e)) return;
    if (!isUtf8(buf.subarray(s, e))) return sink.reject(lineNo, 'line is not valid UTF-8 text');
    sink.line(lineNo, buf.toString('utf8', s, e));
  };

  const endLine = (chunk: Buffer, s: number, e: number) => {
    lineNo++;
    if (oversize) sink.reject(lineNo, tooLong);
    else if (partLen === 0) handle(chunk, s, e);
    else if (partLen + (e - s) > max + 1) sink.reject(lineNo, tooLong);
    else {
      const whole = Buffer.concat([...parts, chunk.subarray(s, e)]);
      handle(whole, 0, whole.length);
    }
    oversize = false;
    parts.length = 0;
    partLen = 0;
  };

  for await (const raw of input) {
    if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'import cancelled; nothing was imported');
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    hash.update(chunk);
    bytes += chunk.length;
    let pos = 0;
    for (let nl = chunk.indexOf(0x0a, pos); nl !== -1; nl = chunk.indexOf(0x0a, pos)) {
      endLine(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < chunk.length && !oversize) {
      const rest = chunk.subarray(pos);
      // +1: a CR before the newline does not count against the limit.
      if (partLen + rest.length > max + 1) {
        oversize = true;
        parts.length = 0;
        partLen = 0;
      } else {
        parts.push(rest);
        partLen += rest.length;
        if (partLen > maxBuffered) maxBuffered = partLen;
      }
    }
    opts.onProgress?.({ lines: lineNo, bytes });
  }
  if (oversize || partLen > 0) endLine(Buffer.alloc(0), 0, 0);
  opts.onProgress?.({ lines: lineNo, bytes });
  return { lines: lineNo, bytes, sha256: hash.digest('hex'), maxBufferedBytes: maxBuffered };
}
