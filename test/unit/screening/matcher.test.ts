/** The matcher's features one by one, and the invariants screening depends on (property tests). */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListEntry } from '../../../main/core/screening/list-model';
import { compareBirthDates, ListMatcher, schemataCompatible, type ScreenQuery } from '../../../main/core/screening/matcher';
import { parseUnConsolidatedList } from '../../../main/core/screening/un-xml';
import { isJoiningWord } from '../../../shared/search/normalise';

const entries = parseUnConsolidatedList(readFileSync(new URL('../../fixtures/screening/un-small.xml', import.meta.url)), 'small').entries;
const matcher = new ListMatcher(entries);
const person = (names: string[], extra: Partial<ScreenQuery> = {}): ScreenQuery => ({ id: 'q', schema: 'Person', names, ...extra });
const top = (q: ScreenQuery) => matcher.screen(q)[0];

describe('ListMatcher features', () => {
  it('aligns name parts in any order, across scripts, with a per-pair explanation', () => {
    const r = top(person(['Zintani Abdelsalam Omran Khalifa']))!;
    expect(r).toMatchObject({ id: 'ZZi.001', caption: 'Khalifa Omran Abdelsalam al-Zintani', schema: 'Person', score: 1, verdict: 'match' });
    expect(r.features).toMatchObject({ name: 1, nameQueryCoverage: 1, nameListCoverage: 1, nameKind: 'primary', dob: 'unknown', nationality: 'unknown', schema: 'compatible' });
    expect(r.explanation[0]).toMatch(/Zintani = al-Zintani|Zintani = Zintani/);
    expect(top(person(['خليفة عمران عبد السلام الزنتاني']))!.id).toBe('ZZi.001');
    expect(top(person(['Игорь Валентинович Соколов']))!.id).toBe('ZZi.003');
  });

  it('takes initials for given names', () => {
    const r = top(person(['K. O. al-Zintani'], { birthDates: ['1979-04-12'] }))!;
    expect(r.id).toBe('ZZi.001');
    expect(r.explanation[0]).toMatch(/initial/);
  });

  it('raises the score for an exact or consistent date of birth and lowers it for a conflict', () => {
    const base = top(person(['Igor Sokolov']))!;
    const exactYear = top(person(['Igor Sokolov'], { birthDates: ['1966'] }))!;
    const conflict = top(person(['Igor Sokolov'], { birthDates: ['1990-01-01'] }))!;
    expect(exactYear.features.dob).toBe('partial');
    expect(exactYear.score).toBeGreaterThan(base.score);
    expect(conflict.features.dob).toBe('conflict');
    expect(conflict.score).toBeLessThan(base.score);
    expect(conflict.explanation.join('\n')).toMatch(/conflicts with the listed 1965, 1966, 1967, 1968/);
    const sameDay = top(person(['Osman Ahmed Osman'], { birthDates: ['1970-03-05'] }))!;
    expect(sameDay.features).toMatchObject({ dob: 'exact', dobAdjust: 0.08 });
  });

  it('tolerates a year either side (lists approximate) without raising the score', () => {
    expect(compareBirthDates(['1984'], ['1983']).feature).toBe('near');
    expect(compareBirthDates(['1985'], ['1983']).feature).toBe('conflict');
    expect(compareBirthDates(['1983-05-01'], ['1983-06-01']).feature).toBe('same-year');
    expect(compareBirthDates(['1983-05-01'], ['1983-05']).feature).toBe('partial');
    expect(compareBirthDates(['1983-05-01'], ['1990', '1983-05-01']).feature).toBe('exact');
    expect(compareBirthDates([], ['1983']).feature).toBe('unknown');
  });

  it('uses nationality, given as a code or a country name', () => {
    const same = top(person(['Igor Sokolov'], { nationalities: ['Russia'] }))!;
    const other = top(person(['Igor Sokolov'], { nationalities: ['ua'] }))!;
    expect(same.features).toMatchObject({ nationality: 'match', nationalityAdjust: 0.04 });
    expect(other.features).toMatchObject({ nationality: 'conflict', nationalityAdjust: -0.1 });
    expect(same.score).toBeGreaterThan(other.score);
  });

  it('never calls a person with conflicting date of birth and nationality a match, however close the name', () => {
    const r = top(person(['Osman Ahmed Osman'], { birthDates: ['1985-01-01'], nationalities: ['ke'] }))!;
    expect(r.features.name).toBe(1);
    expect(r.verdict).not.toBe('match');
    // Even with the threshold lowered to where the score would pass.
    expect(matcher.screen(person(['Osman Ahmed Osman'], { birthDates: ['1985-01-01'], nationalities: ['ke'] }), { threshold: 0.5 })[0]!.verdict).toBe('possible');
  });

  it('keeps persons and organisations apart', () => {
    expect(schemataCompatible('Person', 'Organization')).toBe(false);
    expect(schemataCompatible('Company', 'Organization')).toBe(true);
    expect(schemataCompatible('LegalEntity', 'Person')).toBe(true);
    expect(schemataCompatible('Vessel', 'Company')).toBe(false);
    const r = matcher.screen({ id: 'q', schema: 'Person', names: ['Sea Falcon Maritime Services and Logistics'] }, { cutoff: 0 })[0]!;
    expect(r.features.schema).toBe('incompatible');
    expect(r.verdict).not.toBe('match');
    expect(matcher.screen({ id: 'q', schema: 'Organization', names: ['Sea Falcon Maritime Services and Logistics'] })[0]!.verdict).toBe('match');
  });

  it('discounts one word against a full name and low-quality aliases', () => {
    const one = matcher.screen(person(['Zintani']), { cutoff: 0 })[0]!;
    expect(one.verdict).toBe('none');
    const low = top(person(['Abu Omran']))!;
    expect(low.features).toMatchObject({ nameQuality: 'low', nameKind: 'alias' });
    expect(low.score).toBeLessThan(1);
  });

  it('honours limit, threshold and cutoff', () => {
    expect(matcher.screen(person(['Khalifa Omran al-Zintani']), { limit: 1 })).toHaveLength(1);
    expect(matcher.screen(person(['Igor Sokolov']), { threshold: 0.9 })[0]!.verdict).toBe('possible');
    expect(matcher.screen(person(['Igor Sokolov']), { threshold: 0.99 })[0]!.verdict).toBe('none');
    expect(matcher.screen(person(['Unrelated Person Name']))).toEqual([]);
  });
});

describe('ListMatcher invariants (property tests)', () => {
  const people = entries.filter((e) => e.schema === 'Person');
  const latinPrimary = (e: ListEntry) => e.names[0]!.value;

  /** Name parts: a joining word (Abd, Ben, al-) stays with the word after it, as it belongs to it. */
  const units = (name: string) => {
    const out: string[] = [];
    let pending = '';
    for (const w of name.split(' ')) {
      if (isJoiningWord(w)) pending += `${w} `;
      else {
        out.push(pending + w);
        pending = '';
      }
    }
    if (pending) out.push(pending.trim());
    return out;
  };

  it('word order never changes the score', () => {
    fc.assert(
      fc.property(fc.constantFrom(...people), fc.integer({ min: 1, max: 1000 }), (e, seed) => {
        const words = units(latinPrimary(e));
        const shuffled = [...words].sort((a, b) => ((a.length * seed) % 7) - ((b.length * seed) % 7));
        const a = matcher.screen(person([words.join(' ')]))[0]!;
        const b = matcher.screen(person([shuffled.join(' ')]))[0]!;
        expect(b.id).toBe(a.id);
        expect(b.score).toBe(a.score);
      }),
    );
  });

  it('a listed name always finds its entry as a match, and results are sorted best first', () => {
    for (const e of entries) {
      for (const n of e.names) {
        const rs = matcher.screen({ id: 'q', schema: e.schema, names: [n.value] });
        const hit = rs.find((r) => r.id === e.id);
        expect(hit?.verdict, `${e.id} ${n.value}`).toBe(n.quality === 'low' && n.value.split(' ').length === 1 ? expect.any(String) : 'match');
        for (let i = 1; i < rs.length; i++) expect(rs[i - 1]!.score).toBeGreaterThanOrEqual(rs[i]!.score);
      }
    }
  });

  it('a conflicting date of birth and nationality caps any name at "possible"', () => {
    fc.assert(
      fc.property(fc.constantFrom(...people.filter((e) => e.birthDates.length && e.nationalities.length)), fc.integer({ min: 1900, max: 2010 }), (e, year) => {
        const years = e.birthDates.map((d) => Number(d.slice(0, 4)));
        fc.pre(years.every((y) => Math.abs(y - year) >= 2));
        const nat = ['br', 'jp', 'fi'].find((c) => !e.nationalities.includes(c))!;
        for (const n of e.names) {
          for (const r of matcher.screen(person([n.value], { birthDates: [`${year}-06-15`], nationalities: [nat] }), { threshold: 0.3 })) {
            if (r.id === e.id) expect(r.verdict).not.toBe('match');
          }
        }
      }),
    );
  });

  it('scores stay within [0, 1] and every result explains its name, date, nationality and verdict', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Khalifa', 'Omran', 'Igor', 'Sokolov', 'Abd', 'al-Karim', 'Bashir', 'محمد', 'Иван', 'Dawit', 'Sea', 'Falcon', 'X.'), { minLength: 1, maxLength: 6 }), (words) => {
        for (const r of matcher.screen(person([words.join(' ')]), { cutoff: 0, threshold: 0.8 })) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(1);
          expect(r.explanation[0]).toMatch(/^name: /);
          expect(r.explanation.at(-1)).toMatch(/^verdict: /);
          expect(r.explanation.length).toBeGreaterThanOrEqual(4);
        }
      }),
    );
  });
});
