/**
 * Pull exact byte counts out of an async stream of chunks, without copying whole chunks: the tar reader and
 * the decrypter both need "the next 512 bytes" or "the next N bytes as they come".
 */
import { SanctumError } from '../../errors';

export class ByteReader {
  readonly #it: AsyncIterator<Uint8Array>;
  #buf: Uint8Array = new Uint8Array(0);
  #off = 0;
  #done = false;
  /** Bytes handed out so far. */
  consumed = 0;

  constructor(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, readonly where: string) {
    this.#it =
      Symbol.asyncIterator in source
        ? source[Symbol.asyncIterator]()
        : (async function* () {
            yield* source;
          })();
  }

  async #fill(): Promise<boolean> {
    while (this.#off >= this.#buf.length) {
      if (this.#done) return false;
      const r = await this.#it.next();
      if (r.done) {
        this.#done = true;
        return false;
      }
      this.#buf = r.value;
      this.#off = 0;
    }
    return true;
  }

  /** Exactly n bytes; null if the stream ended before the first byte; throws if it ends in the middle. */
  async exact(n: number, what: string): Promise<Uint8Array | null> {
    if (!(await this.#fill())) return null;
    if (this.#buf.length - this.#off >= n) {
      const out = this.#buf.subarray(this.#off, this.#off + n);
      this.#off += n;
      this.consumed += n;
      return out;
    }
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (!(await this.#fill())) throw new SanctumError('UNSUPPORTED_FORMAT', `the data ends inside ${what} (truncated)`, this.where);
      const take = Math.min(n - got, this.#buf.length - this.#off);
      out.set(this.#buf.subarray(this.#off, this.#off + take), got);
      got += take;
      this.#off += take;
      this.consumed += take;
    }
    return out;
  }

  /** Up to n bytes: fewer only at the end of the stream, null when nothing is left. */
  async upTo(n: number): Promise<Uint8Array | null> {
    if (!(await this.#fill())) return null;
    const parts: Uint8Array[] = [];
    let got = 0;
    while (got < n && (await this.#fill())) {
      const take = Math.min(n - got, this.#buf.length - this.#off);
      parts.push(this.#buf.subarray(this.#off, this.#off + take));
      this.#off += take;
      got += take;
    }
    this.consumed += got;
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(got);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** The next n bytes as views into the incoming chunks; throws `truncated` if the stream ends first. */
  async *stream(n: number, truncated: () => SanctumError): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      if (!(await this.#fill())) throw truncated();
      const take = Math.min(left, this.#buf.length - this.#off);
      const out = this.#buf.subarray(this.#off, this.#off + take);
      this.#off += take;
      this.consumed += take;
      left -= take;
      yield out;
    }
  }

  async skip(n: number, truncated: () => SanctumError): Promise<void> {
    for await (const _ of this.stream(n, truncated)) void _;
  }

  /** Everything that is left (for trailing data checks). */
  async atEnd(): Promise<boolean> {
    return !(await this.#fill());
  }

  async close(): Promise<void> {
    await this.#it.return?.();
  }
}
