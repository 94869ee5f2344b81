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
import { datesFromText, documentNumber, hijriToGregorian, parseUnConsolidatedList, splitNames, stripTimezone } from '../../../main/core/screening/un-xml';
import { sharedPath } from '../../helpers/shared-fixtures';

const SMALL = new URL('../../fixtures/screening/un-small.xml', import.meta.url);
const FULL = new URL('../../fixtures/screening/un-full.xml', import.meta.url);
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
    // The programme is the list type; the reference prefix (ZZ) is not a programme.
    expect(entry('ZZi.001').programs).toEqual(['Testland']);
  });
});

describe('parseUnConsolidatedList keeps every field (un-full.xml)', () => {
  const full = parseUnConsolidatedList(readFileSync(FULL), 'un-full.xml');
  const get = (id: string): ListEntry => {
    const e = full.entries.find((x) => x.id === id);
    if (!e) throw new Error(`${id} not parsed`);
    return e;
  };
  const lines = (id: string) => (get(id).remarks ?? '').split('\n');

  it('keeps INDIVIDUAL_DOCUMENT as identifiers: kind, number, issuing country and the rest as a note', () => {
    expect(get('ZZi.101').identifiers).toEqual([
      { kind: 'passport', value: 'B 0042173', country: 'vn', note: 'issued 2011-05-04; issued in Hanoi, Viet Nam; expired 4 May 2021' },
      { kind: 'national_id', value: '771-20-9', country: 'kp', note: 'Test identity card; as given: Testland national identity card number 771-20-9' },
      // No NUMBER: the number is read from the NOTE, which is kept whole.
      { kind: 'passport', value: 'K 550123', note: 'Testland passport number K 550123 issued on 1 Jan. 2001' },
      // TYPE_OF_DOCUMENT2 says what it is when TYPE_OF_DOCUMENT is the generic national id.
      { kind: 'other', value: 'BC-4471', note: 'Birth certificate' },
    ]);
    // A document without any number is not an identifier, but it is not dropped either.
    expect(lines('ZZi.101')).toContain('document without a number (Passport; issuing country: Egypt; issued in 1990 under another name)');
    expect(get('YYi.002').identifiers).toBeUndefined(); // <INDIVIDUAL_DOCUMENT/> only
  });

  it('keeps INDIVIDUAL_PLACE_OF_BIRTH as lines, skipping empty ones, and notes an unknown country', () => {
    expect(get('ZZi.101').birthPlaces).toEqual(['Keren, Anseba, Eritrea', 'possibly Massawa']);
    expect(get('YYi.002').birthPlaces).toEqual(['Nyala, Lemuria']);
    expect(lines('YYi.002')).toContain('place-of-birth country not mapped to a country code: "Lemuria"');
    expect(get('ZZi.103').birthPlaces).toBeUndefined();
  });

  it('keeps INDIVIDUAL_ADDRESS and ENTITY_ADDRESS as lines and their countries as codes', () => {
    expect(get('ZZi.101').addresses).toEqual(['12 Test Street, Hanoi, Test Province, 10000, Viet Nam (previous address)', "Côte d'Ivoire", 'Nowhere, Atlantis']);
    expect(get('ZZi.101').countries).toEqual(['vn', 'ci']);
    expect(lines('ZZi.101')).toContain('address country not mapped to a country code: "Atlantis"');
    expect(get('YYi.002').countries).toEqual(['sd', 'ss']); // "Sudan/South Sudan"
    expect(get('ZZi.103').addresses).toBeUndefined(); // <COUNTRY/> only
    expect(get('ZZe.101').addresses).toEqual(['PO Box 4417, Dar es Salaam, United Republic of Tanzania', 'Branch office: Test Harbour, State of Palestine']);
    expect(get('ZZe.101').countries).toEqual(['tz']);
  });

  it('reads gender from GENDER, else from the comments, and keeps an unmapped value in remarks', () => {
    expect(get('ZZi.101').gender).toBe('male');
    expect(get('YYi.002').gender).toBe('female'); // "Sex: female." in COMMENTS1 only
    expect(get('ZZi.103').gender).toBeUndefined();
    expect(lines('ZZi.103')).toContain('gender given as "Unknown"');
    expect(get('ZZe.101').gender).toBeUndefined();
  });

  it('keeps TITLE and DESIGNATION values (trimmed, whitespace collapsed)', () => {
    expect(get('ZZi.101').titles).toEqual(['Colonel', 'Haji']);
    expect(get('ZZi.101').positions).toEqual(['Leader of an invented smuggling network', 'Owner of a test boat yard']);
    expect(get('YYi.002').titles).toBeUndefined();
  });

  it('keeps LISTED_ON and the latest LAST_DAY_UPDATED, timezone suffixes stripped', () => {
    expect(get('ZZi.101').listedOn).toBe('2018-06-07');
    expect(get('YYi.002').listedOn).toBe('2020-01-15'); // 2020-01-15-05:00
    expect(get('ZZi.101').lastUpdated).toBe('2021-07-30'); // latest of 2019-02-11, 2021-07-30-04:00, 2020-01-05
    expect(get('YYi.002').lastUpdated).toBeUndefined(); // <VALUE/> only
    expect(get('ZZe.101').lastUpdated).toBe('2019-08-08');
  });

  it('takes programmes from UN_LIST_TYPE, not from the reference prefix', () => {
    expect(get('ZZi.101').programs).toEqual(['Testland']);
    expect(get('YYi.002').programs).toEqual(['Otherland']);
  });

  it('maps UN official country names, Kosovo, and "na" as not available', () => {
    expect(get('ZZi.101').nationalities).toEqual(['vn', 'bo']);
    expect(get('YYi.002').nationalities).toEqual(['ir']);
    expect(lines('YYi.002')).toContain('nationality given as "na" (not available)');
    expect(get('ZZi.103').nationalities).toEqual(['xk']);
    for (const e of full.entries) expect(e.remarks ?? '', e.id).not.toMatch(/nationality not mapped/);
  });

  it('keeps an element it does not map (SUBMITTED_BY) in remarks', () => {
    expect(lines('YYi.002')).toContain('submitted by: Testland');
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

  it('parses record by record: markup inside CDATA or comments does not split a record, stray records are ignored', () => {
    const xml = `<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2024-01-01"><!-- <INDIVIDUAL> in a comment --><INDIVIDUALS><INDIVIDUAL><REFERENCE_NUMBER>ZZi.1</REFERENCE_NUMBER><FIRST_NAME>Ann</FIRST_NAME><COMMENTS1><![CDATA[a </INDIVIDUAL><INDIVIDUAL> b]]></COMMENTS1></INDIVIDUAL><INDIVIDUAL/><ENTITY><REFERENCE_NUMBER>ZZe.9</REFERENCE_NUMBER></ENTITY></INDIVIDUALS><ENTITIES><ENTITY><REFERENCE_NUMBER>ZZe.1</REFERENCE_NUMBER><FIRST_NAME>Firm</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>`;
    const s = parseUnConsolidatedList(new TextEncoder().encode(xml), 'records.xml');
    expect(s.entries.map((e) => [e.id, e.schema, e.caption])).toEqual([['ZZi.1', 'Person', 'Ann'], ['ZZe.1', 'Organization', 'Firm']]);
    expect(s.entries[0]!.remarks).toBe('a </INDIVIDUAL><INDIVIDUAL> b');
    expect(s.generatedAt).toBe('2024-01-01');
    expect(parseUnConsolidatedList(new TextEncoder().encode('<CONSOLIDATED_LIST/>'), 'empty.xml').entries).toEqual([]);
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

  it('reads the document number out of free text', () => {
    expect(documentNumber('French passport number 05AT521433')).toBe('05AT521433');
    expect(documentNumber('Jordan 654781')).toBe('654781');
    expect(documentNumber('D 001206')).toBe('D 001206');
    expect(documentNumber('96 03 464086')).toBe('96 03 464086');
    expect(documentNumber('R00012098, South Sudan')).toBe('R00012098');
    expect(documentNumber('381110042 (Expired 25 Jan. 2016)')).toBe('381110042');
    expect(documentNumber('Provisional passport No.: 28642163')).toBe('28642163');
    expect(documentNumber('Tunisian passport number L 191609 issued on 28 Feb. 1996')).toBe('L 191609');
    expect(documentNumber('issued in 1993, under name X')).toBeUndefined();
    expect(documentNumber('Passport')).toBeUndefined();
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
      expect(e.programs).toEqual(['Libya']);
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
    expect(real!.entries.some((e) => e.remarks?.includes('nationality given as "na" (not available)'))).toBe(true);
    expect(real!.entries.find((e) => e.remarks?.includes('United States. Also believed'))?.nationalities).toEqual(['us', 'sy']);
  });

  // The raw records, read here with plain regular expressions (not the parser), to count against.
  const raw = REAL ? readFileSync(REAL, 'utf8') : '';
  const records = (tag: string) => [...raw.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
  const refOf = (rec: string) => /<REFERENCE_NUMBER>\s*([^<]*?)\s*<\/REFERENCE_NUMBER>/.exec(rec)![1]!;
  const hasFilled = (rec: string, tag: string) => new RegExp(`<${tag}>(?:(?!</${tag}>)[\\s\\S])*?<([A-Z_0-9]+)>\\s*[^<\\s][^<]*</\\1>`).test(rec);
  const byId = (id: string) => real!.entries.find((e) => e.id === id)!;

  it('keeps documents (269 individuals), places of birth (535) and addresses (542 entries), as the raw file has them', () => {
    const individuals = records('INDIVIDUAL');
    const entities = records('ENTITY');
    const withDocs = individuals.filter((r) => hasFilled(r, 'INDIVIDUAL_DOCUMENT')).map(refOf);
    const withPob = individuals.filter((r) => hasFilled(r, 'INDIVIDUAL_PLACE_OF_BIRTH')).map(refOf);
    const withAddr = [...individuals.filter((r) => hasFilled(r, 'INDIVIDUAL_ADDRESS')), ...entities.filter((r) => hasFilled(r, 'ENTITY_ADDRESS'))].map(refOf);
    expect([withDocs.length, withPob.length, withAddr.length]).toEqual([269, 535, 542]);
    expect(real!.entries.filter((e) => e.identifiers?.length).map((e) => e.id).sort()).toEqual(withDocs.sort());
    expect(real!.entries.filter((e) => e.birthPlaces?.length).map((e) => e.id).sort()).toEqual(withPob.sort());
    expect(real!.entries.filter((e) => e.addresses?.length).map((e) => e.id).sort()).toEqual(withAddr.sort());
    for (const e of real!.entries) for (const i of e.identifiers ?? []) {
      expect(['passport', 'national_id', 'other'], e.id).toContain(i.kind);
      expect(i.value, e.id).toMatch(/\d/);
    }
  });

  it('loses no nationality and maps every country name (0 unmapped)', () => {
    for (const rec of records('INDIVIDUAL')) {
      const given = [...(/<NATIONALITY>([\s\S]*?)<\/NATIONALITY>/.exec(rec)?.[1] ?? '').matchAll(/<VALUE>\s*([^<]*?)\s*<\/VALUE>/g)].map((m) => m[1]!).filter((v) => v && v !== 'na');
      if (given.length) expect(byId(refOf(rec)).nationalities.length, `${refOf(rec)}: ${given.join(' | ')}`).toBeGreaterThan(0);
    }
    const unmapped = real!.entries.flatMap((e) => (e.remarks ?? '').split('\n').filter((l) => /not mapped to a country code/.test(l)).map((l) => `${e.id}: ${l}`));
    expect(unmapped).toEqual([]);
  });

  it('reads gender, titles, designations, amendment dates and programmes', () => {
    for (const rec of records('INDIVIDUAL')) {
      const g = /<GENDER>\s*(Male|Female)\s*<\/GENDER>/i.exec(rec)?.[1];
      if (g) expect(byId(refOf(rec)).gender, refOf(rec)).toBe(g.toLowerCase());
    }
    // Gender given only in the comments ("Gender: male") is read too.
    expect(real!.entries.filter((e) => e.gender).length).toBeGreaterThan(records('INDIVIDUAL').filter((r) => /<GENDER>\s*(Male|Female)/i.test(r)).length);
    expect(real!.entries.filter((e) => e.titles?.length)).toHaveLength(records('INDIVIDUAL').filter((r) => hasFilled(r, 'TITLE')).length);
    expect(real!.entries.filter((e) => e.positions?.length)).toHaveLength([...records('INDIVIDUAL'), ...records('ENTITY')].filter((r) => hasFilled(r, 'DESIGNATION')).length);
    const milad = byId('LYi.026');
    expect(milad.listedOn).toBe('2018-06-07');
    for (const e of real!.entries) if (e.lastUpdated) expect(e.lastUpdated > (e.listedOn ?? ''), e.id).toBe(true);
    const listTypes = new Set(records('UN_LIST_TYPE').map((t) => t.trim()));
    expect(new Set(real!.entries.flatMap((e) => e.programs))).toEqual(listTypes);
  });
});
