/**
 * The UN Consolidated List reader: the quirks of the real file (on our own invented fixture, and on the real
 * 2020 list when ../shared is present), hostile XML refused before parsing, and parser invariants.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSanctumError } from '../../../main/core/errors';
import type { ListEntry } from '../../../main/core/screening/list-model';
import { datesFromText, hijriToGregorian, parseUnConsolidatedList, splitNames, stripTimezone } from '../../../main/core/screening/un-xml';
import { sharedPath } from '../../helpers/shared-fixtures';

const SMALL = new URL('../../fixtures/screening/un-small.xml', import.meta.url);
const REAL = sharedPath('un-consolidated-list', 'un-sc-consolidated-2020-03-20.xml');
const YMD = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const small = parseUnConsolidatedList(readFileSync(SMALL), 'un-small.xml');
const entry = (id: string): ListEntry => {
  const e = small.entries.find((x) => x.id === id);
  if (!e) throw new Error(`${id} not parsed`);
  return e;
};
const names = (id: string, kind?: string) => entry(id).names.filter((n) => !kind || n.kind === kind).map((n) => n.value);

function refusal(xml: string): { code: string; message: string } {
  try {
    parseUnConsolidatedList(new TextEncoder().encode(xml), 'hostile.xml');
  } catch (e) {
    if (isSanctumError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('not refused');
}

const individual = (inner: string) =>
  `<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>ZZi.900</REFERENCE_NUMBER>${inner}</INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;

describe('parseUnConsolidatedList on the invented fixture', () => {
  it('counts individuals, entities and aliases, hashes the bytes and keeps the generation date', () => {
    expect(small.format).toBe('un-xml');
    expect(small.counts).toEqual({ individuals: 10, entities: 3, aliases: small.entries.reduce((n, e) => n + e.names.length - 1, 0) });
    expect(small.entries.filter((e) => e.schema === 'Person')).toHaveLength(10);
    expect(small.sha256).toBe(createHash('sha256').update(readFileSync(SMALL)).digest('hex'));
    expect(small.generatedAt).toBe('2024-02-01T10:00:00.000-05:00');
    expect(Date.parse(small.importedAt)).not.toBeNaN();
  });

  it('trims padded values, drops empty aliases and decodes the predefined entities', () => {
    expect(entry('ZZi.001').caption).toBe('Khalifa Omran Abdelsalam al-Zintani');
    expect(entry('ZZi.002').id).toBe('ZZi.002'); // "ZZi.002 " in the file
    expect(names('ZZi.003')).toEqual(['IGOR VALENTINOVICH SOKOLOV', 'Игорь Валентинович Соколов']);
    expect(entry('ZZe.001').caption).toBe('SEA FALCON MARITIME SERVICES & LOGISTICS');
    for (const e of small.entries) for (const n of e.names) expect(n.value).toBe(n.value.replace(/\s+/g, ' ').trim());
  });

  it('splits several names in one alias field, and reads original script, language labels and notes', () => {
    expect(names('ZZi.002', 'alias')).toEqual(['Yonas Tekleh', 'Jonas Tekle Berhane']);
    expect(entry('ZZi.002').names.find((n) => n.kind === 'original-script')).toEqual({ value: 'ዮናስ ተክለ ብርሃነ', kind: 'original-script', lang: 'Tigrinya' });
    expect(names('ZZi.004')).toEqual(['Abd al-Karim Salih Bashir', 'Abdelkarim Saleh Bachir', 'عبد الكريم صالح بشير', 'Karim Bashir']);
    expect(entry('ZZi.004').remarks).toContain('born 3 Mar. 1975 (false passport no. X123)');
    expect(names('ZZi.010', 'original-script')).toEqual(['يوسف أبو بكر الترهوني', 'يوسف الترهوني']);
    expect(names('ZZi.010', 'alias')).toEqual(['Yusuf al-Tarhuni', 'Youssef Tarhouni']);
    expect(names('ZZe.002')).toEqual(['KUFRA DESERT TRANSPORT COMPANY', 'KDTC', 'Sharikat al-Kufra lil-Naql', 'شركة الكفرة للنقل']);
  });

  it('keeps alias quality (Good/Low) and former names (f.k.a.)', () => {
    expect(entry('ZZi.001').names.map((n) => n.quality)).toEqual([undefined, undefined, 'good', 'low']);
    expect(entry('ZZe.001').names.find((n) => n.value.startsWith('Red Sea'))).toMatchObject({ kind: 'alias', former: true });
  });

  it('reads every form of date of birth, and strips timezone suffixes', () => {
    expect(entry('ZZi.001').birthDates).toEqual(['1979-04-12']); // 1979-04-12-05:00
    expect(entry('ZZi.001').listedOn).toBe('2019-02-01');
    expect(entry('ZZi.002').birthDates).toEqual(['1983']); // APPROXIMATELY + YEAR
    expect(entry('ZZi.002').birthDateNotes).toEqual(['approximately 1983']);
    expect(entry('ZZi.003').birthDates).toEqual(['1965', '1966', '1967', '1968']); // BETWEEN, expanded
    expect(entry('ZZi.004').birthDates).toEqual(['1974-11']); // "Nov. 1974"
    expect(entry('ZZi.005').birthDates).toEqual(['1989', '1990']); // "29 years old", listed 2019
    expect(entry('ZZi.006').birthDates).toEqual(['1980-01-30']); // 12/03/1400 Hijri
    expect(entry('ZZi.008').birthDates).toEqual(['1986-11-21', '1987-01-02']);
    expect(entry('ZZi.009').birthDates).toEqual(['1990-08', '1990-09']); // "Between Aug. and Sep. 1990"
    expect(entry('ZZi.010').birthDates).toEqual(['1981-09']); // NOTE "Sep." + YEAR
  });

  it('maps nationality names to ISO codes and keeps what it cannot map in remarks', () => {
    expect(entry('ZZi.001').nationalities).toEqual(['ly']);
    expect(entry('ZZi.002').nationalities).toEqual(['er']);
    expect(entry('ZZi.002').remarks).toContain('"Possibly Eritrean" read as er');
    expect(entry('ZZi.004').nationalities).toEqual(['sd', 'td']);
    expect(entry('ZZi.008').nationalities).toEqual(['et']);
    expect(entry('ZZi.008').remarks).toContain('not mapped to a country code: "Atlantis (claimed)"');
    expect(entry('ZZi.001').programs).toEqual(['ZZ', 'Testland']);
  });
});

describe('hostile XML', () => {
  it('refuses an external entity before parsing, naming the problem', () => {
    const r = refusal(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST><INDIVIDUALS/>&xxe;</CONSOLIDATED_LIST>`);
    expect(r.code).toBe('HOSTILE_INPUT');
    expect(r.message).toMatch(/DOCTYPE/);
    expect(r.message).toMatch(/external entity/);
  });

  it('refuses billion laughs, and an ENTITY declaration anywhere', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><CONSOLIDATED_LIST>&lol2;</CONSOLIDATED_LIST>`;
    expect(refusal(lol)).toMatchObject({ code: 'HOSTILE_INPUT', message: expect.stringMatching(/billion laughs/) });
    expect(refusal(`<CONSOLIDATED_LIST><!ENTITY a "b"></CONSOLIDATED_LIST>`)).toMatchObject({ code: 'HOSTILE_INPUT', message: expect.stringMatching(/ENTITY/) });
    expect(refusal(`<!doctype CONSOLIDATED_LIST><CONSOLIDATED_LIST/>`).code).toBe('HOSTILE_INPUT');
  });

  it('expands the predefined entities only, never HTML ones', () => {
    const s = parseUnConsolidatedList(new TextEncoder().encode(individual('<FIRST_NAME>A &amp; B</FIRST_NAME><COMMENTS1>&lt;x&gt; &nbsp;&copy;</COMMENTS1>')), 'x');
    expect(s.entries[0]!.caption).toBe('A & B');
    expect(s.entries[0]!.remarks).toBe('<x> &nbsp;&copy;');
  });

  it('rejects malformed XML, another root and bytes that are not UTF-8', () => {
    expect(refusal('<CONSOLIDATED_LIST><INDIVIDUALS></CONSOLIDATED_LIST>').code).toBe('INVALID_INPUT');
    expect(refusal('<OTHER_LIST/>').code).toBe('UNSUPPORTED_FORMAT');
    expect(() => parseUnConsolidatedList(new Uint8Array([0x3c, 0x61, 0xff, 0xfe, 0x3e]), 'bin')).toThrow(/UTF-8/);
  });
});

describe('parser pieces', () => {
  it('strips timezone suffixes and converts Hijri dates', () => {
    expect(stripTimezone('1960-01-01-05:00')).toBe('1960-01-01');
    expect(stripTimezone('2015-04-14+04:00')).toBe('2015-04-14');
    expect(stripTimezone('1960')).toBe('1960');
    expect(stripTimezone('not a date')).toBeNull();
    expect(hijriToGregorian(1402, 6, 24)).toBe('1982-04-19');
    expect(hijriToGregorian(1, 1, 1)).toBe('0622-07-19'); // proleptic Gregorian of 16 July 622 (Julian)
  });

  it('property: Hijri conversion agrees with the ICU islamic-civil calendar', () => {
    const fmt = new Intl.DateTimeFormat('en-u-ca-islamic-civil', { timeZone: 'UTC', day: 'numeric', month: 'numeric', year: 'numeric' });
    fc.assert(
      fc.property(fc.integer({ min: 1300, max: 1500 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 29 }), (y, m, d) => {
        expect(fmt.format(new Date(`${hijriToGregorian(y, m, d)}T12:00:00Z`))).toBe(`${m}/${d}/${y} AH`);
      }),
    );
  });

  it('reads free-text dates of birth relative to the listing year', () => {
    expect(datesFromText('30-35 years old', 2018).dates).toEqual(['1982', '1983', '1984', '1985', '1986', '1987', '1988']);
    expect(datesFromText('August 1961', undefined).dates).toEqual(['1961-08']);
    expect(datesFromText('circa 1970', undefined).dates).toEqual(['1970']);
    expect(datesFromText('unknown', 2018).dates).toEqual([]);
  });

  it('property: split names are non-empty, trimmed, and carry no separators', () => {
    const word = fc.constantFrom('Abu', 'al-Milad', 'Rahman', 'محمد', 'Иван', ' ', '  ', ';', '(', ')', ',', 'born 1970', 'original script:', 'X');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), (parts) => {
        for (const n of splitNames(parts.join(' ')).names) {
          expect(n.value).toBe(n.value.trim());
          expect(n.value).not.toMatch(/[;()]|\s{2}/);
          expect(n.value).toMatch(/\p{L}/u);
        }
      }),
    );
  });

  it('property: padded name parts and any date form parse to trimmed names and ISO partial dates', () => {
    const part = fc.constantFrom('Khalifa', 'Omran', 'al-Zintani', 'RI', 'WON HO', 'Mus’ab', '');
    const pad = fc.constantFrom('', ' ', '  ', '\n ');
    const dob = fc.oneof(
      fc.integer({ min: 1940, max: 2005 }).map((y) => `<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>${y}</YEAR>`),
      fc.date({ min: new Date('1940-01-01'), max: new Date('2005-12-31'), noInvalidDate: true }).map((d) => `<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>${d.toISOString().slice(0, 10)}-05:00</DATE>`),
      fc.tuple(fc.integer({ min: 1940, max: 1990 }), fc.integer({ min: 0, max: 30 })).map(([y, n]) => `<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>${y}</FROM_YEAR><TO_YEAR>${y + n}</TO_YEAR>`),
      fc.constantFrom('<TYPE_OF_DATE/>', '<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>29 years old</NOTE>', '<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>whenever</NOTE>'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(pad, part, pad), { minLength: 1, maxLength: 4 }), dob, (parts, d) => {
        const tags = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'];
        const xml = individual(`${parts.map(([a, p, b], i) => `<${tags[i]}>${a}${p}${b}</${tags[i]}>`).join('')}<LISTED_ON>2018-06-07</LISTED_ON><INDIVIDUAL_DATE_OF_BIRTH>${d}</INDIVIDUAL_DATE_OF_BIRTH>`);
        const e = parseUnConsolidatedList(new TextEncoder().encode(xml), 'p').entries[0]!;
        const expected = parts.map(([, p]) => p).filter(Boolean).join(' ');
        expect(e.caption).toBe(expected || 'ZZi.900');
        for (const b of e.birthDates) expect(b).toMatch(YMD);
        expect(e.birthDates.length).toBeLessThanOrEqual(16);
      }),
      { numRuns: 200 },
    );
  });
});

describe.skipIf(!REAL)(REAL ? 'the real UN Consolidated List (2020-03-20)' : 'the real UN Consolidated List — SKIPPED (../shared/un-consolidated-list not found)', () => {
  const real = REAL ? parseUnConsolidatedList(readFileSync(REAL), REAL) : null;

  it('imports 709 individuals and 305 entities', () => {
    expect(real!.counts.individuals).toBe(709);
    expect(real!.counts.entities).toBe(305);
    expect(real!.sha256).toBe('3a11ee1e784463f88946501c42f78f6c76f5eea526e55207a151c45079fd0514');
    expect(new Set(real!.entries.map((e) => e.id)).size).toBe(1014);
  });

  it('has LYi.021 to LYi.026 with aliases, original-script names and dates of birth', () => {
    for (const n of [21, 22, 23, 24, 25, 26]) {
      const e = real!.entries.find((x) => x.id === `LYi.0${n}`)!;
      expect(e, `LYi.0${n}`).toBeDefined();
      expect(e.programs).toContain('LY');
      expect(e.names.filter((x) => x.kind === 'alias').length, e.id).toBeGreaterThan(0);
      expect(e.birthDates.length, e.id).toBeGreaterThan(0);
      expect(e.nationalities, e.id).toEqual([n <= 22 ? 'er' : 'ly']);
      // LYi.026 is the one without a name in original script in this snapshot.
      if (n !== 26) expect(e.names.some((x) => x.kind === 'original-script'), e.id).toBe(true);
    }
    const milad = real!.entries.find((x) => x.id === 'LYi.026')!;
    expect(milad.caption).toBe('Abd Al-Rahman al-Milad');
    expect(milad.names.map((x) => [x.value, x.quality])).toEqual([['Abd Al-Rahman al-Milad', undefined], ['Rahman Salim Milad', 'low'], ['al-Bija', 'low']]);
    expect(milad.birthDates).toEqual(['1988', '1989']); // "29 years old" at listing in 2018
    expect(real!.entries.find((x) => x.id === 'LYi.023')!.birthDates).toEqual(['1988-05-07']);
  });

  it('reads every date as ISO and drops no nationality silently', () => {
    for (const e of real!.entries) {
      for (const d of e.birthDates) expect(d, e.id).toMatch(YMD);
      for (const n of e.nationalities) expect(n, e.id).toMatch(/^[a-z]{2}$/);
      for (const n of e.names) expect(n.value.trim(), e.id).not.toBe('');
    }
    expect(real!.entries.some((e) => e.remarks?.includes('nationality not mapped to a country code: "na"'))).toBe(true);
    expect(real!.entries.find((e) => e.remarks?.includes('United States. Also believed'))?.nationalities).toEqual(['us', 'sy']);
  });
});
