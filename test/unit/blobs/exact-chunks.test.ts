import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exactChunks } from '../../../main/core/blobs/blob-store';
import { BLOB_CHUNK_BYTES } from '../../../main/core/crypto/blob-stream';

const C = BLOB_CHUNK_BYTES;

function data(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >>> 8)) & 0xff;
  return out;
}

/** Split `bytes` at the given cut points; optionally hand out every piece in one reused buffer (as some sources do). */
async function* pieces(bytes: Uint8Array, cuts: number[], reuse: boolean): AsyncGenerator<Uint8Array> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  const shared = new Uint8Array(bytes.length);
  for (const p of [...points, bytes.length]) {
    const piece = bytes.subarray(prev, p);
    if (reuse) {
      shared.set(piece);
      yield shared.subarray(0, piece.length);
      shared.fill(0xee); // the source scribbles over its buffer once the consumer asks for more
    } else yield piece;
    prev = p;
  }
}

async function rechunk(source: AsyncIterable<Uint8Array>): Promise<{ out: Uint8Array; sizes: number[]; finals: boolean[] }> {
  const parts: Uint8Array[] = [];
  const sizes: number[] = [];
  const finals: boolean[] = [];
  for await (const { chunk, final } of exactChunks(source)) {
    parts.push(chunk.slice()); // what the consumer does synchronously: hash and encrypt it now
    sizes.push(chunk.length);
    finals.push(final);
  }
  return { out: Buffer.concat(parts), sizes, finals };
}

describe('exactChunks', () => {
  it('re-chunks any split of any stream into exact 64 KiB chunks, the last one marked (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 * C + 3 }),
        // Cuts anywhere, and often exactly on chunk boundaries (where the lookahead chunk ends a piece).
        fc.array(fc.oneof(fc.nat(), fc.nat({ max: 6 }).map((k) => k * C)), { maxLength: 12 }),
        fc.boolean(),
        async (size, cuts, reuse) => {
          const bytes = data(size);
          const { out, sizes, finals } = await rechunk(pieces(bytes, cuts, reuse));
          expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
          expect(finals.filter(Boolean)).toHaveLength(1);
          expect(finals.at(-1)).toBe(true);
          expect(sizes.slice(0, -1).every((n) => n === C)).toBe(true);
          expect(sizes.length).toBe(Math.max(1, Math.ceil(size / C)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('handles the edges: empty input, exact multiples, 1 MiB pieces, empty pieces', async () => {
    for (const [size, cut] of [
      [0, []],
      [C, []],
      [3 * C, [C]],
      [16 * C, []],
      [16 * C + 1, [16 * C]],
      [2 * C, [0, 0, C, C, 2 * C]],
    ] as [number, number[]][]) {
      for (const reuse of [false, true]) {
        const bytes = data(size);
        const r = await rechunk(pieces(bytes, cut, reuse));
        expect(Buffer.from(r.out).equals(Buffer.from(bytes)), `size ${size}, reuse ${reuse}`).toBe(true);
        expect(r.sizes, `size ${size}`).toEqual(size === 0 ? [0] : [...Array(Math.ceil(size / C)).keys()].map((i) => Math.min(C, size - i * C)));
      }
    }
  });
});
