import { describe, expect, it } from 'vitest';
import { Accumulator, rowTerm } from '../../../main/core/store/commitment';
import { initCrypto } from '../../../main/core/crypto/sodium';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

describe('commitment accumulator', () => {
  it('adds and subtracts mod 2^256 with carries across limbs, in any order', () => {
    const max = hex('ff'.repeat(32));
    const one = hex(`01${'00'.repeat(31)}`);
    const a = new Accumulator();
    a.add(max);
    a.add(one); // wraps to zero
    expect(a.hex()).toBe('00'.repeat(32));
    a.sub(one); // borrows back to 2^256 - 1
    expect(a.hex()).toBe('ff'.repeat(32));
    const b = Accumulator.from(a.hex());
    b.add(one);
    expect(b.hex()).toBe('00'.repeat(32));
  });

  it('terms depend on table, id and ciphertext; a multiset sum is order-free', async () => {
    await initCrypto();
    const key = new Uint8Array(32).fill(7);
    const id = new Uint8Array(16).fill(1);
    const ct = new Uint8Array(100).fill(2);
    const t = rowTerm(key, 'records', id, ct);
    expect(Buffer.from(rowTerm(key, 'witness_records', id, ct)).equals(Buffer.from(t))).toBe(false);
    expect(Buffer.from(rowTerm(key, 'records', new Uint8Array(16), ct)).equals(Buffer.from(t))).toBe(false);
    expect(Buffer.from(rowTerm(key, 'records', id, ct.subarray(1))).equals(Buffer.from(t))).toBe(false);
    const u = rowTerm(key, 'records', id, new Uint8Array(5000).fill(3)); // larger than the scratch buffer
    const x = new Accumulator();
    x.add(t);
    x.add(u);
    const y = new Accumulator();
    y.add(u);
    y.add(t);
    expect(x.hex()).toBe(y.hex());
    x.sub(u);
    const z = new Accumulator();
    z.add(t);
    expect(x.hex()).toBe(z.hex());
  });
});
