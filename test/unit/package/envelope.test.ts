/** Transport encryption: several recipients, nobody else; truncation, extension, reordering and header edits refused. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, sodium } from '../../../main/core/crypto/sodium';
import { toBase64, toHex } from '../../../main/core/crypto/bytes';
import { decryptStream, encryptStream, ENVELOPE_CHUNK, type RecipientKeyPair } from '../../../main/core/exchange/package/envelope';
import { rejectsWith } from '../../helpers/errors';

let alice: RecipientKeyPair;
let bob: RecipientKeyPair;
let eve: RecipientKeyPair;

beforeAll(async () => {
  await initCrypto();
  const kp = () => {
    const k = sodium().crypto_box_keypair();
    return { publicKey: k.publicKey, secretKey: k.privateKey };
  };
  [alice, bob, eve] = [kp(), kp(), kp()];
});

async function all(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(Uint8Array.from(c));
  return Buffer.concat(parts);
}

function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

async function seal(plain: Buffer, to: RecipientKeyPair[]): Promise<Buffer> {
  // Odd-sized input chunks, so the re-chunking is exercised.
  const pieces = (async function* () {
    for (let o = 0; o < plain.length; o += 70_001) yield plain.subarray(o, o + 70_001);
  })();
  return all(encryptStream(pieces, to.map((k) => k.publicKey)));
}

const open = (ct: Uint8Array, key: RecipientKeyPair) => all(decryptStream([ct], key, 'pkg.sanctum'));

describe('encrypted packages', () => {
  it('every recipient decrypts the same bytes, whatever the size', async () => {
    for (const n of [0, 1, ENVELOPE_CHUNK - 1, ENVELOPE_CHUNK, ENVELOPE_CHUNK + 1, 3 * ENVELOPE_CHUNK + 17]) {
      const plain = pattern(n);
      const ct = await seal(plain, [alice, bob]);
      expect((await open(ct, alice)).equals(plain)).toBe(true);
      expect((await open(ct, bob)).equals(plain)).toBe(true);
    }
  });

  it('refuses anyone else, and does not name the recipients in the header', async () => {
    const ct = await seal(pattern(1000), [alice, bob]);
    await rejectsWith(open(ct, eve), { code: 'FORBIDDEN', message: /not encrypted to this vault/ });
    const text = ct.toString('latin1');
    for (const k of [alice, bob]) {
      expect(text).not.toContain(toHex(k.publicKey));
      expect(text).not.toContain(toBase64(k.publicKey));
    }
  });

  it('refuses a truncated, extended, reordered or re-headed file', async () => {
    const plain = pattern(2 * ENVELOPE_CHUNK + 500);
    const ct = await seal(plain, [alice]);
    const headerEnd = ct.length - (2 * (ENVELOPE_CHUNK + 17) + 500 + 17);
    await rejectsWith(open(ct.subarray(0, ct.length - 517), alice), { code: 'BLOB_TRUNCATED' });
    await rejectsWith(open(ct.subarray(0, ct.length - 100), alice), { code: 'BLOB_TAMPERED' });
    await rejectsWith(open(Buffer.concat([ct, Buffer.from('x')]), alice), { code: 'BLOB_TAMPERED' });
    const exact = await seal(pattern(ENVELOPE_CHUNK), [alice]);
    await rejectsWith(open(Buffer.concat([exact, Buffer.from('extra')]), alice), { code: 'BLOB_TAMPERED', message: /after the final chunk/ });
    const f1 = ct.subarray(headerEnd, headerEnd + ENVELOPE_CHUNK + 17);
    const f2 = ct.subarray(headerEnd + ENVELOPE_CHUNK + 17, headerEnd + 2 * (ENVELOPE_CHUNK + 17));
    const swapped = Buffer.concat([ct.subarray(0, headerEnd), f2, f1, ct.subarray(headerEnd + 2 * (ENVELOPE_CHUNK + 17))]);
    await rejectsWith(open(swapped, alice), { code: 'BLOB_TAMPERED', message: /chunk 0/ });
    // A header changed in a way that still parses (chunk size) makes every frame fail: the header is the AD.
    const edited = Buffer.from(ct.toString('latin1').replace('"chunk":1048576', '"chunk":1048575'), 'latin1');
    await rejectsWith(open(edited, alice), { code: 'BLOB_TAMPERED' });
    const flipped = Buffer.from(ct);
    flipped[headerEnd + 10]! ^= 1;
    await rejectsWith(open(flipped, alice), { code: 'BLOB_TAMPERED', message: /chunk 0/ });
    await rejectsWith(open(Buffer.from('SNCTPKG1\0\0\0\0'), alice), { code: 'UNSUPPORTED_FORMAT' });
  });
});
