/** decryptPackage, the one decryption the CLI and the IPC handler both call: .tar out, folder out, refusals. */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, sodium } from '../../../main/core/crypto/sodium';
import { decryptPackage } from '../../../main/core/exchange/package/decrypt';
import { encryptStream, type RecipientKeyPair } from '../../../main/core/exchange/package/envelope';
import { writeTar, type TarSourceEntry } from '../../../main/core/exchange/package/tar';
import { rejectsWith } from '../../helpers/errors';

let dir: string;
let alice: RecipientKeyPair;
let eve: RecipientKeyPair;
let tar: Buffer;
let sealed: string;

async function all(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(Uint8Array.from(c));
  return Buffer.concat(parts);
}

const file = (path: string, text: string): TarSourceEntry => {
  const bytes = Buffer.from(text);
  return { path, type: 'file', size: bytes.length, body: async function* () { yield bytes; } };
};

beforeAll(async () => {
  await initCrypto();
  const kp = () => {
    const k = sodium().crypto_box_keypair();
    return { publicKey: k.publicKey, secretKey: k.privateKey };
  };
  [alice, eve] = [kp(), kp()];
  dir = await mkdtemp(join(tmpdir(), 'sanctum-decrypt-'));
  tar = await all(writeTar([file('bag/bagit.txt', 'BagIt-Version: 1.0\n'), file('bag/data/a.txt', 'alpha\n')], 1_700_000_000));
  sealed = join(dir, 'pkg.sanctum');
  await writeFile(sealed, await all(encryptStream((async function* () {
    yield tar;
  })(), [alice.publicKey])));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decryptPackage', () => {
  it('writes the decrypted archive to a .tar output, byte for byte', async () => {
    const out = join(dir, 'out.tar');
    expect(await decryptPackage(sealed, out, alice)).toBe(out);
    expect((await readFile(out)).equals(tar)).toBe(true);
  });

  it('extracts into a new folder and answers the bag folder inside it', async () => {
    const out = join(dir, 'out-folder');
    const bag = await decryptPackage(sealed, out, alice);
    expect(bag).toBe(join(out, 'bag'));
    expect(await readFile(join(bag, 'data', 'a.txt'), 'utf8')).toBe('alpha\n');
  });

  it('refuses another key and leaves nothing behind, for either output', async () => {
    await rejectsWith(decryptPackage(sealed, join(dir, 'eve.tar'), eve), { code: 'FORBIDDEN' });
    await rejectsWith(decryptPackage(sealed, join(dir, 'eve-folder'), eve), { code: 'FORBIDDEN' });
    const left = await readdir(dir);
    expect(left.filter((n) => n.startsWith('eve'))).toEqual([]);
  });

  it('refuses a file that is not an encrypted package, naming only its file name', async () => {
    const plain = join(dir, 'plain.tar');
    await writeFile(plain, tar);
    await rejectsWith(decryptPackage(plain, join(dir, 'plain-out.tar'), alice), { code: 'UNSUPPORTED_FORMAT', message: /not an encrypted package/, where: /^plain\.tar$/ });
  });

  it('stops when cancelled and removes the partial .tar', async () => {
    const ac = new AbortController();
    ac.abort();
    await rejectsWith(decryptPackage(sealed, join(dir, 'cancelled.tar'), alice, { signal: ac.signal }), { code: 'CANCELLED' });
    expect((await readdir(dir)).includes('cancelled.tar')).toBe(false);
  });

  it('never writes over an existing output', async () => {
    const out = join(dir, 'exists.tar');
    await writeFile(out, 'keep');
    await expect(decryptPackage(sealed, out, alice)).rejects.toThrow();
    expect(await readFile(out, 'utf8')).toBe('keep');
  });
});
