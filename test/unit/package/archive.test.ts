/**
 * Archives: our tar writer and reader against each other and against node-tar and GNU tar; hostile archives
 * (paths out of the bag, links, devices, duplicates, decompression bombs, damage, truncation) refused with a
 * clear error, by the reader, the verifier and extraction alike — which never writes outside its folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { SanctumError } from '../../../main/core/errors';
import { archiveEntries, extractArchive } from '../../../main/core/exchange/package/archive';
import { readTar, writeTar, type TarSourceEntry } from '../../../main/core/exchange/package/tar';
import { verifyBag } from '../../../main/core/exchange/package/verify';
import { rejectsWith } from '../../helpers/errors';
import { tempDir } from '../../helpers/tmp';

/** One raw ustar entry with any type flag (what a hostile tool would write). */
function raw(name: string, type: string, body: Buffer = Buffer.alloc(0), opts: { linkname?: string; size?: number } = {}): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${(opts.size ?? body.length).toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.fill(0x20, 148, 156);
  h.write(type, 156);
  h.write(opts.linkname ?? '', 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([h, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}
const END = Buffer.alloc(1024);

async function collect(bytes: Uint8Array | AsyncIterable<Uint8Array>, limits = {}) {
  const out: { path: string; type: string; data: Buffer }[] = [];
  for await (const e of readTar(bytes instanceof Uint8Array ? [bytes] : bytes, { where: 'test.tar', limits })) {
    const parts: Uint8Array[] = [];
    for await (const c of e.body) parts.push(Uint8Array.from(c));
    out.push({ path: e.path, type: e.type, data: Buffer.concat(parts) });
  }
  return out;
}

async function tarBytes(entries: TarSourceEntry[]): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of writeTar(entries, 1_700_000_000)) parts.push(Uint8Array.from(c));
  return Buffer.concat(parts);
}

const file = (path: string, data: string | Buffer): TarSourceEntry => {
  const b = Buffer.from(data);
  return { path, type: 'file', size: b.length, body: async function* () { yield b; } };
};

const NAMES = ['bag/bagit.txt', `bag/data/${'long-'.repeat(30)}name.txt`, 'bag/data/عربي/ملف.txt', `bag/data/${'d/'.repeat(60)}deep.bin`, 'bag/data/empty', 'bag/data/100% sure.txt'];

describe('tar writer and reader', () => {
  it('round-trip long, non-ASCII and deep paths, empty files and sizes across block boundaries', async () => {
    const entries = NAMES.map((p, i) => file(p, 'x'.repeat(i * 300)));
    const got = await collect(await tarBytes(entries));
    expect(got.map((g) => [g.path, g.data.length])).toEqual(NAMES.map((p, i) => [p, i * 300]));
  });

  it('writes archives node-tar and GNU tar read, and reads what they write', async () => {
    const dir = tempDir();
    const archive = join(dir, 'ours.tar');
    writeFileSync(archive, await tarBytes(NAMES.map((p) => file(p, p))));
    const seen: string[] = [];
    await tar.t({ file: archive, onReadEntry: (e) => void seen.push(e.path) });
    expect(seen).toEqual(NAMES);
    const hasGnuTar = (() => {
      try {
        execFileSync('tar', ['--version']);
        return true;
      } catch {
        return false;
      }
    })();
    if (hasGnuTar) {
      const out = join(dir, 'x');
      mkdirSync(out);
      execFileSync('tar', ['-xf', archive, '-C', out]);
      for (const p of NAMES) expect(readFileSync(join(out, p), 'utf8')).toBe(p);
      // GNU tar's own format (long names as 'L' entries) read back by ours.
      execFileSync('tar', ['--format=gnu', '-cf', join(dir, 'gnu.tar'), '-C', out, 'bag']);
      const back = await collect(readFileSync(join(dir, 'gnu.tar')));
      expect(back.filter((b) => b.type === 'file').map((b) => b.path).sort()).toEqual([...NAMES].sort());
    }
    // node-tar's pax output.
    await tar.c({ file: join(dir, 'node.tar'), cwd: join(dir, 'x'), portable: true }, ['bag']);
    const fromNode = await collect(readFileSync(join(dir, 'node.tar')));
    expect(fromNode.filter((b) => b.type === 'file').map((b) => b.path).sort()).toEqual([...NAMES].sort());
  });
});

describe('hostile and damaged archives', () => {
  const body = Buffer.from('pwned\n');
  const cases: [string, Buffer, RegExp, string][] = [
    ['a "../" path', Buffer.concat([raw('bag/bagit.txt', '0', body), raw('bag/../../evil.txt', '0', body), END]), /unsafe path.*"\.\."/, 'bag/../../evil.txt'],
    ['an absolute path', Buffer.concat([raw('/etc/cron.d/evil', '0', body), END]), /absolute/, '/etc/cron.d/evil'],
    ['a symbolic link', Buffer.concat([raw('bag/data/link', '2', Buffer.alloc(0), { linkname: '/etc/passwd' }), END]), /symbolic link/, 'bag/data/link'],
    ['a hard link', Buffer.concat([raw('bag/data/hard', '1', Buffer.alloc(0), { linkname: '/etc/shadow' }), END]), /hard link/, 'bag/data/hard'],
    ['a character device', Buffer.concat([raw('bag/data/dev', '3'), END]), /character device/, 'bag/data/dev'],
    ['a FIFO', Buffer.concat([raw('bag/data/fifo', '6'), END]), /FIFO/, 'bag/data/fifo'],
    ['a path twice', Buffer.concat([raw('bag/data/a', '0', body), raw('bag/data/a', '0', body), END]), /twice/, 'bag/data/a'],
    ['a Windows path', Buffer.concat([raw('bag\\..\\evil', '0', body), END]), /backslash/, 'bag\\..\\evil'],
  ];
  for (const [what, bytes, reason, where] of cases) {
    it(`refuses ${what}`, async () => {
      await rejectsWith(collect(bytes), { code: 'HOSTILE_INPUT', message: reason, where: new RegExp(`^${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    });
  }

  it('refuses more entries, or more bytes, than the limits allow (before reading the bytes)', async () => {
    await rejectsWith(collect(Buffer.concat([raw('a', '0', body), raw('b', '0', body), raw('c', '0', body), END]), { maxEntries: 2 }), { code: 'HOSTILE_INPUT', message: /more than 2 entries/ });
    // A header announcing 7 GiB, with no data behind it: refused at the header, not after reading.
    await rejectsWith(collect(Buffer.concat([raw('huge', '0', Buffer.alloc(0), { size: 7 * 1024 ** 3 }), END]), { maxTotalBytes: 1024 ** 3 }), { code: 'HOSTILE_INPUT', message: /add up to more than/ });
  });

  it('names the entry a truncation happened in, or the archive when it ends between entries', async () => {
    const whole = Buffer.concat([raw('bag/data/a.bin', '0', Buffer.alloc(5000, 1)), raw('bag/data/b.bin', '0', Buffer.alloc(10, 2)), END]);
    await rejectsWith(collect(whole.subarray(0, 3000)), { code: 'UNSUPPORTED_FORMAT', message: /truncated/, where: /^bag\/data\/a\.bin$/ });
    await rejectsWith(collect(whole.subarray(0, whole.length - 1024)), { code: 'UNSUPPORTED_FORMAT', message: /end-of-archive marker/, where: /test\.tar/ });
    const damaged = Buffer.from(whole);
    damaged[20]! ^= 0x01;
    await rejectsWith(collect(damaged), { code: 'UNSUPPORTED_FORMAT', message: /checksum/ });
  });

  it('stops a decompression bomb early, with the default limits', async () => {
    const dir = tempDir();
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const bomb = gzipSync(Buffer.concat([raw('bag/bagit.txt', '0', Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n')), raw('bag/data/zeros', '0', zeros), END]), { level: 9 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    const path = join(dir, 'bomb.tar.gz');
    writeFileSync(path, bomb);
    let read = 0;
    const err = await (async () => {
      for await (const e of archiveEntries(path, 'tar.gz')) for await (const c of e.body) read += c.length;
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SanctumError);
    expect((err as SanctumError).code).toBe('HOSTILE_INPUT');
    expect((err as SanctumError).message).toMatch(/decompression bomb/);
    expect(read).toBeLessThan(32 * 1024 * 1024);
    const report = await verifyBag(path);
    expect(report.valid).toBe(false);
    expect(report.problems[0]).toMatchObject({ severity: 'error', reason: expect.stringMatching(/decompression bomb/) });
    await rejectsWith(extractArchive(path, join(dir, 'out')), { code: 'HOSTILE_INPUT' });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('extraction refuses "../" and writes nothing, inside or outside its folder', async () => {
    const dir = tempDir();
    const path = join(dir, 'evil.tar');
    writeFileSync(path, Buffer.concat([raw('bag/bagit.txt', '0', body), raw('bag/../../escaped.txt', '0', body), END]));
    await rejectsWith(extractArchive(path, join(dir, 'deep', 'out')), { code: 'CONFLICT' }); // parent must exist
    mkdirSync(join(dir, 'deep'));
    await rejectsWith(extractArchive(path, join(dir, 'deep', 'out')), { code: 'HOSTILE_INPUT', where: /escaped/ });
    expect(readdirSync(dir).sort()).toEqual(['deep', 'evil.tar']);
    expect(readdirSync(join(dir, 'deep'))).toEqual([]);
  });

  it('extraction refuses every hostile archive (absolute path, links, devices, duplicates, backslashes) and leaves nothing behind', async () => {
    for (const [i, [what, bytes, reason]] of cases.entries()) {
      const dir = tempDir();
      const path = join(dir, `${i}.tar`);
      writeFileSync(path, bytes);
      await rejectsWith(extractArchive(path, join(dir, 'out')), { code: 'HOSTILE_INPUT', message: reason });
      // Neither the destination nor anything the entry pointed at: only the archive is left.
      expect(readdirSync(dir), what).toEqual([`${i}.tar`]);
    }
    expect(existsSync('/etc/cron.d/evil')).toBe(false);
  });

  it('the verifier reports each hostile archive as invalid, naming the entry', async () => {
    const dir = tempDir();
    for (const [i, [, bytes, reason, where]] of cases.entries()) {
      const path = join(dir, `${i}.tar`);
      writeFileSync(path, bytes);
      const r = await verifyBag(path);
      expect(r.valid).toBe(false);
      expect(r.problems.some((p) => p.severity === 'error' && reason.test(p.reason) && (p.file === where || p.file.endsWith(where.split('/').pop()!)))).toBe(true);
    }
  });
});
