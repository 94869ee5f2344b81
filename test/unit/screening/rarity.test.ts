/**
 * Rarity weighting (main/core/screening/rarity.ts): name parts weigh by how informative they are in the list,
 * and a match carried only by common parts is at most "possible" until a date of birth or nationality supports
 * it. The list here has 1,202 entries built from four common given names and one rare surname each.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ListEntry } from '../../../main/core/screening/list-model';
import { ListMatcher, type ScreenQuery } from '../../../main/core/screening/matcher';
import { COMMON_SHARE, isCommon, MIN_LIST_SIZE, rarityWeight, WEIGHT_FLOOR } from '../../../main/core/screening/rarity';

const COMMON = ['Mohammed', 'Ali', 'Ahmed', 'Hassan'];
const SPELLINGS: Record<string, string[]> = { Mohammed: ['Mohammed', 'Muhammad', 'Mohamed'], Ali: ['Ali'], Ahmed: ['Ahmed', 'Ahmad'], Hassan: ['Hassan', 'Hasan'] };
const LETTERS = 'bdfgklmnprstvz';
/** A made-up surname per index, far enough from its neighbours (three letters differ) to be rare. */
const surname = (i: number) => {
  let s = '';
  for (let n = i, k = 0; k < 3; k++, n = Math.floor(n / LETTERS.length)) s += `${LETTERS[n % LETTERS.length]}a`;
  return `Qu${s}wi`.replace(/^./, 'Q');
};

const entries: ListEntry[] = Array.from({ length: 1200 }, (_, i) => ({
  id: `GEN.${i}`,
  schema: 'Person',
  caption: `${COMMON[i % 4]} ${COMMON[(i >> 2) % 4]} ${surname(i)}`,
  names: [{ value: `${COMMON[i % 4]} ${COMMON[(i >> 2) % 4]} ${surname(i)}`, kind: 'primary' }],
  birthDates: [`${1950 + (i % 40)}-01-01`],
  nationalities: ['eg'],
  programs: ['T'],
}));
entries.push(
  { id: 'T.COMMON', schema: 'Person', caption: 'Ali Mohammed', names: [{ value: 'Ali Mohammed', kind: 'primary' }], birthDates: ['1975-03-01'], nationalities: ['ly'], programs: ['T'] },
  { id: 'T.RARE', schema: 'Person', caption: 'Ali Zuwayyid', names: [{ value: 'Ali Zuwayyid', kind: 'primary' }], birthDates: ['1980-06-02'], nationalities: ['sd'], programs: ['T'] },
);
const matcher = new ListMatcher(entries);
const person = (names: string[], extra: Partial<ScreenQuery> = {}): ScreenQuery => ({ id: 'q', schema: 'Person', names, ...extra });
const hit = (q: ScreenQuery, id: string) => matcher.screen(q, { limit: 50 }).find((r) => r.id === id);

describe('rarity weights', () => {
  it('weigh common parts down, to a floor; a small list counts as MIN_LIST_SIZE entries', () => {
    const m = matcher.rarity('Mohamed');
    expect(m.common).toBe(true);
    expect(m.weight).toBeLessThan(0.5);
    expect(m.weight).toBeGreaterThanOrEqual(WEIGHT_FLOOR);
    expect(matcher.rarity('Muhammad')).toEqual(m); // spellings normalise alike
    expect(matcher.rarity('Zuwayyid')).toEqual({ weight: 1, entries: 1, common: false });
    expect(matcher.rarity('Nonexistent')).toEqual({ weight: 1, entries: 0, common: false });
    expect(rarityWeight(5, 13)).toBe(1);
    expect(rarityWeight(5, 13)).toBe(rarityWeight(5, MIN_LIST_SIZE));
    expect(isCommon(13, 13)).toBe(false);
  });

  it('property: the weight never grows with the number of entries having the part, stays in [floor, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), (n, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const w1 = rarityWeight(Math.min(lo, n), n);
        const w2 = rarityWeight(Math.min(hi, n), n);
        expect(w2).toBeLessThanOrEqual(w1);
        expect(w1).toBeLessThanOrEqual(1);
        expect(w2).toBeGreaterThanOrEqual(WEIGHT_FLOOR);
        expect(isCommon(Math.min(hi, n), n)).toBe(Math.min(hi, n) / Math.max(n, MIN_LIST_SIZE) >= COMMON_SHARE);
      }),
    );
  });
});

describe('the common-name rule', () => {
  it('a match on common parts only is "possible" without a date of birth or nationality, and says why', () => {
    const r = hit(person(['Ali Mohammed']), 'T.COMMON')!;
    expect(r.features).toMatchObject({ name: 1, nameCommonOnly: 'yes' });
    expect(r.verdict).toBe('possible');
    expect(String(r.features.nameWeights)).toMatch(/mohammed 0\.\d+/);
    expect(r.explanation.join('\n')).toMatch(/'mohammed' is common in this list/);
    expect(r.explanation.at(-1)).toMatch(/only common name parts \('ali', 'mohammed'\) match and no date of birth, nationality or identifier supports them/);
    // Whatever the threshold.
    expect(matcher.screen(person(['Mohamed Ali']), { threshold: 0.5 }).find((x) => x.id === 'T.COMMON')!.verdict).toBe('possible');
  });

  it('a supporting date of birth or nationality makes it a match again; a same-year date does not', () => {
    expect(hit(person(['Ali Mohammed'], { birthDates: ['1975-03-01'] }), 'T.COMMON')!.verdict).toBe('match');
    expect(hit(person(['Ali Mohammed'], { birthDates: ['1975'] }), 'T.COMMON')!.verdict).toBe('match');
    expect(hit(person(['Ali Mohammed'], { nationalities: ['Libya'] }), 'T.COMMON')!.verdict).toBe('match');
    expect(hit(person(['Ali Mohammed'], { birthDates: ['1975-09-09'] }), 'T.COMMON')!.verdict).toBe('possible');
  });

  it('a rare-name match is still a match, with nothing to support it', () => {
    const r = hit(person(['Ali Zuwayyid']), 'T.RARE')!;
    expect(r).toMatchObject({ verdict: 'match', score: 1 });
    expect(r.features.nameCommonOnly).toBe('no');
    const g = hit(person([entries[77]!.names[0]!.value]), 'GEN.77')!;
    expect(g.verdict).toBe('match');
  });

  it('a common part left out of a listed name costs less than a rare one', () => {
    const dropCommon = hit(person([`${COMMON[5 % 4]} ${surname(5)}`]), 'GEN.5')!;
    const dropRare = hit(person([`${COMMON[5 % 4]} ${COMMON[(5 >> 2) % 4]}`]), 'GEN.5');
    expect(dropCommon.score).toBeGreaterThan(dropRare?.score ?? 0);
  });

  it('property: a query of common parts only, in any spelling and order, is never a match without support', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...COMMON), { minLength: 1, maxLength: 4 }), fc.nat(), (parts, seed) => {
        const name = parts.map((p, i) => SPELLINGS[p]![(seed + i) % SPELLINGS[p]!.length]).join(' ');
        for (const r of matcher.screen(person([name]), { cutoff: 0, threshold: 0.6, limit: 50 })) {
          expect(r.verdict).not.toBe('match');
          expect(r.features.nameCommonOnly).toBe('yes');
        }
      }),
    );
  });

  it('property: every listed name with a rare surname finds its entry as a match, first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1199 }), (i) => {
        const rs = matcher.screen(person([entries[i]!.names[0]!.value]));
        expect(rs[0]).toMatchObject({ id: `GEN.${i}`, verdict: 'match' });
      }),
      { numRuns: 60 },
    );
  });
});
