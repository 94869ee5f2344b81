/**
 * ":" in any path component of a bag is refused: on NTFS "file:stream" writes an alternate data stream, a
 * hidden file no manifest checksum covers. Checked in manifests, archive entries, names found on disk and by
 * import (which verifies first).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPackage, verifyBag } from '../../main/core/exchange/package';
import { unsafePathReason } from '../../main/core/exchange/package/bag-paths';
import { readTar } from '../../main/core/exchange/package/tar';
import { rejectsWith } from '../helpers/errors';
import { fileScopedVault } from '../helpers/package-fixture';
import { tempDir } from '../helpers/tmp';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A plain BagIt 1.0 bag: the files on disk and the manifest's lines (which may name other paths). */
function bag(dir: string, files: Record<string, string>, listed: Record<string, string> = files): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  for (const [p, body] of Object.entries(files)) writeFileSync(join(dir, ...p.split('/')), body);
  writeFileSync(join(dir, 'manifest-sha256.txt'), Object.entries(listed).map(([p, b]) => `${sha256(b)}  ${p}\n`).join(''));
  return dir;
}

function tarEntry(name: string, body: string): Buffer {
  const b = Buffer.from(body);
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write(`${b.length.toString(8).padStart(11, '0')}\0`, 124);
  h.fill(0x20, 148, 156);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const x of h) sum += x;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([h, b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
}

let v: Awaited<ReturnType<typeof fileScopedVault>>;
beforeAll(async () => {
  v = await fileScopedVault();
});
afterAll(() => v?.dispose());

describe('":" in a bag path (NTFS alternate data streams)', () => {
  it('is an unsafe path in any component', () => {
    for (const p of ['data/a.txt:hidden', 'data/a.txt::$DATA', 'data/x:y/b.txt', 'data/:z']) expect(unsafePathReason(p), p).toMatch(/alternate data stream/);
    expect(unsafePathReason('data/ok.txt')).toBeNull();
  });

  it('the verifier refuses a manifest line naming one', async () => {
    const dir = bag(tempDir(), { 'data/a.txt': 'a' }, { 'data/a.txt': 'a', 'data/a.txt:hidden': 'payload' });
    const r = await verifyBag(dir);
    expect(r.valid).toBe(false);
    expect(r.problems.some((p) => p.severity === 'error' && p.file === 'manifest-sha256.txt' && /alternate data stream/.test(p.reason))).toBe(true);
  });

  it('the verifier refuses such a file found in a bag folder, even when the manifest lists it', async () => {
    const dir = bag(tempDir(), { 'data/a.txt': 'a', 'data/b.txt:ads': 'hidden' });
    const r = await verifyBag(dir);
    expect(r.valid).toBe(false);
    expect(r.problems.some((p) => p.severity === 'error' && p.file === 'data/b.txt:ads' && /alternate data stream/.test(p.reason))).toBe(true);
  });

  it('an archive entry with one is refused', async () => {
    const bytes = Buffer.concat([tarEntry('bag/bagit.txt', 'BagIt-Version: 1.0\n'), tarEntry('bag/data/a.txt:hidden', 'x'), Buffer.alloc(1024)]);
    const read = async () => {
      for await (const e of readTar([bytes], { where: 't.tar' })) for await (const _ of e.body) void _;
    };
    await rejectsWith(read(), { code: 'HOSTILE_INPUT', message: /alternate data stream/, where: /a\.txt:hidden/ });
    const file = join(tempDir(), 'ads.tar');
    writeFileSync(file, bytes);
    const r = await verifyBag(file);
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => p.reason).join('\n')).toMatch(/alternate data stream/);
  });

  it('import refuses a package holding one, and records nothing', async () => {
    const dir = bag(tempDir(), { 'data/a.txt': 'a', 'data/b.txt:ads': 'hidden' });
    const before = v.ws.cases.list().length;
    const err = (await importPackage(v.ws, dir).catch((e: unknown) => e)) as { code?: string; report?: { problems: { reason: string }[] } };
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.report!.problems.map((p) => p.reason).join('\n')).toMatch(/alternate data stream/);
    expect(v.ws.cases.list().length).toBe(before);
  });
});
