/**
 * Tag-file parsers: examples of the rules that matter, round trips of generated files, and arbitrary input
 * (which must only ever produce issues or a clean SanctumError, never a crash).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBagInfo, serializeBagInfo } from '../../../main/core/exchange/package/bag-info';
import { decodeBagPath, encodeBagPath, sanitiseFileName, unsafePathReason } from '../../../main/core/exchange/package/bag-paths';
import { parseBagitTxt, serializeBagitTxt, SUPPORTED_VERSIONS } from '../../../main/core/exchange/package/bagit-txt';
import { parseCustody } from '../../../main/core/exchange/package/custody';
import { parseFetch, parseManifest, serializeManifest } from '../../../main/core/exchange/package/manifest';
import { decodeTagFile, splitLines } from '../../../main/core/exchange/package/tag-text';
import { readTar } from '../../../main/core/exchange/package/tar';
import { globMatch } from '../../../main/core/exchange/package/bagit-profile';
import { SanctumError } from '../../../main/core/errors';

const lines = (t: string) => splitLines(t);
const bytes = (t: string) => new TextEncoder().encode(t);

describe('bagit.txt', () => {
  it('accepts exactly the two lines, with LF, CRLF or CR, and a missing final line ending', () => {
    for (const t of ['BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', 'BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8', 'BagIt-Version: 1.0\rTag-File-Character-Encoding: UTF-16\r']) {
      const b = parseBagitTxt(bytes(t));
      expect(b.problems).toEqual([]);
      expect(b.version).toMatch(/^\d+\.\d+$/);
    }
  });
  it.each([
    ['\ufeffBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n', /byte-order mark/],
    ['BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n', /whitespace before the colon/],
    ['BagIt-Version: 1.0 \nTag-File-Character-Encoding: UTF-8\n', /trailing whitespace/],
    ['BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n', /M\.N/],
    ['BagIt-Version: 2.5\nTag-File-Character-Encoding: UTF-8\n', /not a version/],
    ['BagIt-Version: 1.0\n', /exactly two lines/],
    ['BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n\n', /exactly two lines/],
    ['BagIt-Version:1.0\nTag-File-Character-Encoding: UTF-8\n', /exactly one space/],
  ])('rejects %j', (text, reason) => {
    expect(parseBagitTxt(bytes(text)).problems.join('; ')).toMatch(reason);
  });
  it('round-trips every supported version', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_VERSIONS), fc.constantFrom('UTF-8', 'UTF-16', 'ISO-8859-1'), (v, e) => {
        const b = parseBagitTxt(bytes(serializeBagitTxt(v, e)));
        expect(b).toEqual({ version: v, encoding: e, problems: [] });
      }),
    );
  });
});

describe('bag-info.txt', () => {
  it('joins continuation lines (the break stays, the indentation goes) and keeps order and repeats', () => {
    const { entries, issues } = parseBagInfo(lines('External-Description: Uncompressed images from the\n     Yoshimuri papers.\nContact-Name: A\ncontact-name: B\n'), '1.0');
    expect(issues).toEqual([]);
    expect(entries.map((e) => [e.label, e.value])).toEqual([
      ['External-Description', 'Uncompressed images from the\nYoshimuri papers.'],
      ['Contact-Name', 'A'],
      ['contact-name', 'B'],
    ]);
  });
  it('allows whitespace around the colon before 1.0 only', () => {
    expect(parseBagInfo(lines('Test-Tag    :   5\n'), '0.97').entries[0]).toMatchObject({ label: 'Test-Tag', value: '5' });
    expect(parseBagInfo(lines('Test-Tag : 5\n'), '1.0').issues[0]).toMatchObject({ severity: 'error', reason: expect.stringMatching(/whitespace/) });
  });
  it('reports a line without a colon and a leading continuation with their line numbers', () => {
    const { issues } = parseBagInfo(lines('  orphan\nno colon here\n'), '1.0');
    expect(issues.map((i) => i.line)).toEqual([1, 2]);
  });

  const label = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}( [A-Za-z0-9-]{1,10})?$/);
  const segment = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/[\r\n]/.test(s) && !/^[ \t]/.test(s) && !/[\u0085\u2028\u2029]/.test(s));
  const value = fc.tuple(fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/[\r\n\u0085\u2028\u2029]/.test(s)), fc.array(segment, { maxLength: 3 })).map(([first, rest]) => [first, ...rest].join('\n'));
  it('round-trips generated files', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label, value }), { maxLength: 12 }), (entries) => {
        const parsed = parseBagInfo(lines(serializeBagInfo(entries)), '1.0');
        expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(parsed.entries.map(({ label: l, value: v }) => ({ label: l, value: v }))).toEqual(entries);
      }),
    );
  });
});

describe('manifests and paths', () => {
  it('decodes only %0A, %0D and %25', () => {
    expect(decodeBagPath('data/a%25b%0Ac%0dd%7E')).toEqual({ path: 'data/a%b\nc\rd%7E', strayPercent: true });
  });
  it('tolerates md5sum "*" and "./" with warnings; refuses unsafe paths with an error naming the line', () => {
    const m = parseManifest(lines(`${'a'.repeat(32)} *data/x\n${'b'.repeat(32)}  ./data/y\n${'c'.repeat(32)}  data/../../z\n${'d'.repeat(31)}  data/short\n`), { algorithm: 'md5', kind: 'payload', version: '0.97' });
    expect(m.entries.map((e) => e.path)).toEqual(['data/x', 'data/y']);
    expect(m.issues.map((i) => [i.line, i.severity])).toEqual([
      [1, 'warning'],
      [2, 'warning'],
      [3, 'error'],
      [4, 'error'],
    ]);
  });
  it.each(['/etc/passwd', '~/x', '~root/x', 'C:\\x', 'data\\x', 'data/../x', '../x', 'data//x', 'data/./x', '%HOME%/x', 'data/x\0'])('refuses %j', (p) => {
    expect(unsafePathReason(p)).not.toBeNull();
  });
  it.each(['data/~x', 'data/%7Ex', 'data/a b', 'data/..x', 'data/x..', 'data/عربي.txt'])('allows %j', (p) => {
    expect(unsafePathReason(p)).toBeNull();
  });
  it('gives exported files safe names', () => {
    expect(sanitiseFileName('../..\\con.txt')).toBe('_.._con.txt');
    expect(sanitiseFileName('CON')).toBe('_CON');
    expect(sanitiseFileName('a:b*c?.pdf')).toBe('a_b_c_.pdf');
    expect(Buffer.byteLength(sanitiseFileName(`${'é'.repeat(300)}.pdf`))).toBeLessThanOrEqual(180);
    expect(sanitiseFileName(`${'é'.repeat(300)}.pdf`).endsWith('.pdf')).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(unsafePathReason(`data/x/${sanitiseFileName(s)}`)).toBeNull();
      }),
    );
  });

  // ":" is refused in bag paths (an NTFS alternate data stream): bags-paths tests cover that refusal.
  const component = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s !== '.' && s !== '..' && !/[\\/\0:]/.test(s));
  const path = fc.array(component, { minLength: 1, maxLength: 4 }).map((c) => `data/${c.join('/')}`);
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  it('round-trips generated manifests (paths with %, CR, LF, spaces, any script)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ path, checksum: hex }), { selector: (e) => e.path, maxLength: 10 }), (entries) => {
        const parsed = parseManifest(lines(serializeManifest(entries)), { algorithm: 'sha256', kind: 'payload', version: '1.0' });
        expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
        expect(new Set(parsed.entries.map((e) => `${e.checksum} ${e.path}`))).toEqual(new Set(entries.map((e) => `${e.checksum} ${e.path}`)));
      }),
    );
  });
  it('encodes and decodes any path back to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(decodeBagPath(encodeBagPath(s)).path).toBe(s);
      }),
    );
  });
  it('reads fetch.txt lines whose path has spaces, and refuses tag files in it', () => {
    const f = parseFetch(lines('http://x/a%201 - data/test 1.txt\nhttps://x/b 12 bagit.txt\nnot-a-url 3 data/c\n'), '1.0');
    expect(f.entries.map((e) => e.path)).toEqual(['data/test 1.txt', 'data/c']);
    expect(f.issues.map((i) => i.line)).toEqual([2, 3]);
  });
  it('matches BagIt-profile globs component by component', () => {
    expect(globMatch('data/evidence/*/*', 'data/evidence/abc/x.pdf')).toBe(true);
    expect(globMatch('data/evidence/*/*', 'data/evidence/abc/d/x.pdf')).toBe(false);
    expect(globMatch('sanctum/*', 'sanctum/signer.json')).toBe(true);
    expect(globMatch('manifest-*.txt', 'manifest-sha256.txt')).toBe(true);
  });
});

describe('tag-file encodings', () => {
  it('decodes UTF-16 by its BOM, ISO-8859-1 as Latin-1 (not windows-1252), and refuses a UTF-8 BOM', () => {
    expect(decodeTagFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('AB', 'utf16le').swap16()]), 'UTF-16')).toEqual({ ok: true, text: 'AB' });
    expect(decodeTagFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('AB', 'utf16le')]), 'utf-16')).toEqual({ ok: true, text: 'AB' });
    expect(decodeTagFile(Uint8Array.from([0x80, 0xe9]), 'ISO-8859-1')).toEqual({ ok: true, text: '\u0080é' });
    expect(decodeTagFile(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]), 'UTF-8').ok).toBe(false);
    expect(decodeTagFile(Uint8Array.from([0xc3, 0x28]), 'UTF-8').ok).toBe(false);
    expect(decodeTagFile(Uint8Array.from([0x41]), 'EBCDIC-XYZ').ok).toBe(false);
  });
});

describe('arbitrary input never throws anything but a clean SanctumError', () => {
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.constantFrom('BagIt-Version: ', '1.0', '\n', '\r', ':', ' ', '\t', 'data/', '..', '%0A', '%25', '*', './', 'a'.repeat(64), 'Label'), { maxLength: 40 }).map((a) => a.join('')));
  it('bagit.txt, bag-info, manifests, fetch.txt, custody excerpt', () => {
    fc.assert(
      fc.property(anyText, fc.uint8Array({ maxLength: 200 }), (text, raw) => {
        parseBagitTxt(raw);
        parseBagitTxt(bytes(text));
        for (const v of ['1.0', '0.97', null]) {
          parseBagInfo(lines(text), v);
          parseManifest(lines(text), { algorithm: 'sha256', kind: 'payload', version: v });
          parseManifest(lines(text), { algorithm: 'md5', kind: 'tag', version: v });
          parseFetch(lines(text), v);
        }
        for (const enc of ['UTF-8', 'UTF-16', 'ISO-8859-1', 'US-ASCII', 'nonsense']) decodeTagFile(raw, enc);
        parseCustody(text);
      }),
      { numRuns: 300 },
    );
  });
  it('tar streams', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 2048 }), async (raw) => {
        try {
          for await (const e of readTar([raw], { where: 'x.tar' })) for await (const _ of e.body) void _;
        } catch (e) {
          expect(e).toBeInstanceOf(SanctumError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
