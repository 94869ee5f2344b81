/** FtM / OpenSanctions JSON lines as a sanctions list: schemata, properties, bad lines with their numbers, limits. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFtmList, parseFtmListFile } from '../../../main/core/screening/ftm-list';
import { tempDir } from '../../helpers/tmp';

const enc = (s: string) => new TextEncoder().encode(s);
const line = (o: unknown) => JSON.stringify(o);

const LIST = [
  line({ id: 'os-milad', schema: 'Person', caption: 'Abd al-Rahman al-Milad', properties: {
    name: ['Abd al-Rahman al-Milad'], alias: ['عبد الرحمن الميلاد', 'Abdulrahman Milad'], weakAlias: ['Al-Bija'], birthDate: ['1989', '1988-01-01T00:00:00'],
    nationality: ['ly'], topics: ['sanction'], programId: ['UN-SCLYBIA'], notes: ['Commander of the coast guard'],
  } }),
  line({ id: 'os-falcon', schema: 'Company', properties: { name: ['Sea Falcon Maritime'], previousName: ['Red Sea Falcon Trading'], country: ['Libya'], program: ['LY'] } }),
  '',
  line({ id: 'san-1', schema: 'Sanction', properties: { entity: ['os-milad'], program: ['LY'] } }),
  'not json at all',
  line({ id: 'x', schema: 'Spaceship', properties: { name: ['Enterprise'] } }),
  line({ id: 'os-vessel', schema: 'Vessel', properties: { name: ['Blue Star'], country: ['mt'] } }),
  line({ id: 'os-noname', schema: 'Person', properties: { birthDate: ['1970'] } }),
  line({ id: 'os-milad', schema: 'Person', properties: { name: ['Rahman Salim Milad'], citizenship: ['tn'] } }),
  line({ id: 'os-le', schema: 'LegalEntity', properties: { name: ['Kufra Transport'], jurisdiction: ['ly'], birthDate: ['someday'] } }),
  line({ id: 'os-org', schema: 'Organization', properties: { name: ['Al-Nour Agency'], nationality: [{ nested: true }, 'xx'] } }),
].join('\r\n');

describe('parseFtmList', () => {
  const snap = parseFtmList(enc(LIST), 'list.ftm.jsonl');
  const byId = (id: string) => snap.entries.find((e) => e.id === id)!;

  it('reads persons, companies, legal entities, organisations and vessels; skips other FtM schemata', () => {
    expect(snap.format).toBe('ftm');
    expect(snap.entries.map((e) => [e.id, e.schema])).toEqual([
      ['os-milad', 'Person'], ['os-falcon', 'Company'], ['os-vessel', 'Vessel'], ['os-le', 'LegalEntity'], ['os-org', 'Organization'],
    ]);
    expect(snap.skipped).toBe(1);
    expect(snap.counts).toEqual({ individuals: 1, entities: 4, aliases: 5 });
    expect(snap.sha256).toBe(createHash('sha256').update(LIST).digest('hex'));
  });

  it('maps names, aliases, weak aliases and previous names, dates, countries and programs', () => {
    const m = byId('os-milad');
    expect(m.caption).toBe('Abd al-Rahman al-Milad');
    expect(m.names).toEqual([
      { value: 'Abd al-Rahman al-Milad', kind: 'primary' },
      { value: 'عبد الرحمن الميلاد', kind: 'original-script', quality: 'good' },
      { value: 'Abdulrahman Milad', kind: 'alias', quality: 'good' },
      { value: 'Al-Bija', kind: 'alias', quality: 'low' },
      { value: 'Rahman Salim Milad', kind: 'alias' }, // merged from a second fragment of os-milad
    ]);
    expect(m.birthDates).toEqual(['1989', '1988-01-01']);
    expect(m.nationalities).toEqual(['ly', 'tn']);
    expect(m.programs).toEqual(['UN-SCLYBIA']);
    expect(m.topics).toEqual(['sanction']);
    expect(m.remarks).toContain('Commander of the coast guard');
    expect(byId('os-falcon').names[1]).toEqual({ value: 'Red Sea Falcon Trading', kind: 'alias', former: true });
    expect(byId('os-falcon').nationalities).toEqual(['ly']);
    expect(byId('os-le').remarks).toContain('birth date not read: "someday"');
    expect(byId('os-org').nationalities).toEqual([]); // organisations take country, not nationality
  });

  it('reports every bad line with its number and reads past it', () => {
    expect(snap.problems).toEqual([
      { where: 'line 5', reason: expect.stringMatching(/^not JSON/) },
      { where: 'line 6', reason: 'unknown schema "Spaceship"' },
      { where: 'line 8', reason: 'Person "os-noname" has no name' },
    ]);
  });

  it('skips a line over the limit without failing the others, and rejects bytes that are not UTF-8', () => {
    const long = line({ id: 'big', schema: 'Person', properties: { name: ['x'.repeat(500)] } });
    const bytes = Buffer.concat([Buffer.from(`${long}\n`), Buffer.from([0xff, 0xfe, 0x0a]), Buffer.from(line({ id: 'ok', schema: 'Person', properties: { name: ['Ok'] } }))]);
    const s = parseFtmList(bytes, 'x', { maxLineBytes: 200 });
    expect(s.entries.map((e) => e.id)).toEqual(['ok']);
    expect(s.problems).toEqual([
      { where: 'line 1', reason: expect.stringMatching(/longer than 200 bytes/) },
      { where: 'line 2', reason: 'line is not valid UTF-8 text' },
    ]);
  });

  it('streams a file from disk to the same snapshot', async () => {
    const dir = tempDir();
    const path = join(dir, 'list.ftm.jsonl');
    writeFileSync(path, `\uFEFF${LIST}`);
    const fromFile = await parseFtmListFile(path);
    const inMemory = parseFtmList(enc(`\uFEFF${LIST}`), path);
    expect(fromFile.entries).toEqual(inMemory.entries);
    expect(fromFile.problems).toEqual(inMemory.problems);
    expect(fromFile.sha256).toBe(inMemory.sha256);
  });

  it('property: any sequence of lines yields entries or numbered problems, never a throw', () => {
    const anyLine = fc.oneof(
      fc.string(),
      fc.constantFrom(...LIST.split('\r\n')),
      fc.record({ id: fc.string({ maxLength: 3 }), schema: fc.constantFrom('Person', 'Company', 'Thing', 'Nope', ''), properties: fc.dictionary(fc.constantFrom('name', 'alias', 'birthDate'), fc.array(fc.oneof(fc.string(), fc.integer()))) }).map(line),
    );
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 20 }), (lines) => {
        const s = parseFtmList(enc(lines.join('\n')), 'p');
        for (const p of s.problems ?? []) expect(p.where).toMatch(/^line \d+$/);
        for (const e of s.entries) {
          expect(e.names[0]!.kind).toBe('primary');
          expect(e.names.every((n) => n.value.trim() !== '')).toBe(true);
        }
      }),
    );
  });
});
