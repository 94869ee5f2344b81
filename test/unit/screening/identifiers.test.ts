/** Identifiers, gender and the FtM target flag in screening: the FtM list reader fills them, the matcher weighs them. */
import { describe, expect, it } from 'vitest';
import { parseFtmList } from '../../../main/core/screening/ftm-list';
import type { ListEntry } from '../../../main/core/screening/list-model';
import { identifierKindsCompatible, ListMatcher, normaliseIdentifier, type ScreenQuery } from '../../../main/core/screening/matcher';
import { queryFromExample, queryIdentifiers } from '../../../main/core/screening/yente';
import { queryOf as screenQueryOf } from '../../../main/cli/commands/screening';

const lines = (...xs: unknown[]) => Buffer.from(xs.map((x) => JSON.stringify(x)).join('\n'));

/** A small FtM list, written for these tests (invented names and numbers). */
const LIST = lines(
  { id: 'ves-1', schema: 'Vessel', target: true, properties: { name: ['Sea Falcon'], imoNumber: ['IMO 9123456'], mmsi: ['273456789'], flag: ['ru'] } },
  // The passport comes before its holder: attached when the snapshot is made.
  { id: 'pass-1', schema: 'Passport', properties: { holder: ['per-1'], number: ['LY-12 34567'], country: ['ly'], startDate: ['2015-03-01'] } },
  { id: 'per-1', schema: 'Person', target: true, properties: { name: ['Tesfamariam Kidane Berhe'], gender: ['male'], birthDate: ['1979-04-12'], nationality: ['er'], idNumber: ['ER 55 0012'] } },
  { id: 'per-2', schema: 'Person', target: false, properties: { name: ['Selamawit Kidane Berhe'], gender: ['female'], birthPlace: ['Asmara'] } },
  { id: 'per-3', schema: 'Person', properties: { name: ['Yonas Haile Gebremedhin'], gender: ['male'], passportNumber: ['P00112233'] } },
  { id: 'org-1', schema: 'PublicBody', properties: { name: ['Coastal Guard Authority of Zawiya'], jurisdiction: ['ly'] } },
  { id: 'com-1', schema: 'Company', properties: { name: ['Red Sea Trading PLC'], innCode: ['7701234567'], registrationNumber: ['X'] } },
  { id: 'wal-1', schema: 'CryptoWallet', properties: { holder: ['com-1'], publicKey: ['0xAbC123dEf4567890'] } },
  { id: 'pers-x', schema: 'Person', properties: { name: ['Meron Tekle'], gender: ['nonsense'] } },
);

const snap = parseFtmList(LIST, 'test.ftm.json');
const byId = new Map(snap.entries.map((e) => [e.id, e]));
const matcher = new ListMatcher(snap.entries);
const q = (schema: string, names: string[], extra: Partial<ScreenQuery> = {}): ScreenQuery => ({ id: 'q', schema, names, ...extra });
const find = (query: ScreenQuery, id: string) => matcher.screen(query, { cutoff: 0 }).find((r) => r.id === id);

describe('the FtM list reader', () => {
  it('fills identifiers from the properties the model types as identifiers, with their kind', () => {
    expect(byId.get('ves-1')!.identifiers).toEqual([
      { kind: 'imo', value: 'IMO 9123456' },
      { kind: 'mmsi', value: '273456789' },
    ]);
    expect(byId.get('ves-1')!.nationalities).toEqual(['ru']);
    expect(byId.get('com-1')!.identifiers).toEqual(
      expect.arrayContaining([
        { kind: 'tax', value: '7701234567' },
        { kind: 'registration', value: 'X' },
        { kind: 'crypto', value: '0xAbC123dEf4567890' },
      ]),
    );
  });

  it('attaches Passport records to their holder, in whichever order the file has them', () => {
    expect(byId.get('per-1')!.identifiers).toEqual([
      { kind: 'national_id', value: 'ER 55 0012' },
      { kind: 'passport', value: 'LY-12 34567', country: 'ly', note: 'valid from 2015-03-01' },
    ]);
    // Documents are not entries.
    expect(byId.has('pass-1')).toBe(false);
    expect(byId.has('wal-1')).toBe(false);
  });

  it('reads gender (model values only), the target flag and places of birth', () => {
    expect(byId.get('per-1')).toMatchObject({ gender: 'male', target: true });
    expect(byId.get('per-2')).toMatchObject({ gender: 'female', target: false, birthPlaces: ['Asmara'] });
    expect(byId.get('per-3')!.target).toBeUndefined();
    expect(byId.get('pers-x')!.gender).toBeUndefined();
  });

  it('reads a schema descending from a list schema as that schema (PublicBody as Organization)', () => {
    expect(byId.get('org-1')).toMatchObject({ schema: 'Organization', nationalities: ['ly'] });
  });

  it('merges fragments: identifiers add up, one target fragment makes a target', () => {
    const s = parseFtmList(
      lines(
        { id: 'a', schema: 'Person', target: false, properties: { name: ['Abraha Tesfay'], passportNumber: ['E1111111'] } },
        { id: 'a', schema: 'Person', target: true, properties: { name: ['Abraha Tesfay'], idNumber: ['N2222222'] } },
      ),
      'frag',
    );
    expect(s.entries).toHaveLength(1);
    expect(s.entries[0]!.target).toBe(true);
    expect(s.entries[0]!.identifiers!.map((i) => i.kind)).toEqual(['passport', 'national_id']);
  });
});

describe('identifier matching', () => {
  it('normalises: upper case, letters and digits only, no IMO prefix', () => {
    expect(normaliseIdentifier('imo 9123456')).toBe('9123456');
    expect(normaliseIdentifier('LY-12 34567')).toBe('LY1234567');
    expect(normaliseIdentifier('ab.c/12')).toBe('ABC12');
    expect(identifierKindsCompatible('passport', 'national_id')).toBe(true);
    expect(identifierKindsCompatible('imo', 'passport')).toBe(false);
    expect(identifierKindsCompatible('other', 'imo')).toBe(true);
  });

  it('finds a renamed vessel by its IMO number alone, and says so', () => {
    const r = matcher.screen(q('Vessel', ['Ocean Star'], { identifiers: [{ kind: 'imo', value: '9123456' }] }))[0]!;
    expect(r).toMatchObject({ id: 'ves-1', verdict: 'match', features: { name: 0, identifier: 'match', identifierKind: 'imo' } });
    expect(r.score).toBeGreaterThanOrEqual(0.9);
    expect(r.explanation.join('\n')).toMatch(/identifier: IMO number 9123456 is listed as "IMO 9123456"/);
    // Without the number, the new name finds nothing.
    expect(matcher.screen(q('Vessel', ['Ocean Star'])).find((x) => x.id === 'ves-1')).toBeUndefined();
  });

  it('matches an identifier with no name in the query at all', () => {
    const r = matcher.screen(q('Vessel', [], { identifiers: [{ kind: 'mmsi', value: '273 456 789' }] }))[0]!;
    expect(r).toMatchObject({ id: 'ves-1', verdict: 'match' });
    expect(r.explanation[0]).toMatch(/^name: the query has no name/);
  });

  it('matches a passport number from a Passport record and raises a partial name match to a match', () => {
    const without = find(q('Person', ['Tesfamariam Berhe']), 'per-1')!;
    const withPassport = find(q('Person', ['Tesfamariam Berhe'], { identifiers: [{ kind: 'passport', value: 'LY1234567' }] }), 'per-1')!;
    expect(withPassport.score).toBeGreaterThan(without.score);
    expect(withPassport.verdict).toBe('match');
    expect(withPassport.features.identifierMatched).toBe('LY-12 34567');
    expect(withPassport.explanation.join('\n')).toMatch(/passport LY1234567 is listed as "LY-12 34567" \(country LY; valid from 2015-03-01\)/);
    // A passport number given as a national id (compatible kinds) matches too; as an IMO number it does not.
    expect(find(q('Person', ['Somebody Else'], { identifiers: [{ kind: 'national_id', value: 'P00112233' }] }), 'per-3')?.features.identifier).toBe('match');
    expect(find(q('Person', ['Somebody Else'], { identifiers: [{ kind: 'imo', value: 'P00112233' }] }), 'per-3')).toBeUndefined();
  });

  it('ignores identifiers too short to identify anything', () => {
    expect(find(q('Company', ['Unrelated Holdings'], { identifiers: [{ kind: 'registration', value: 'X' }] }), 'com-1')).toBeUndefined();
  });

  it('finds the one entry with the number among 20,000 identified ones, whatever the name', () => {
    const many: ListEntry[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `v${i}`,
      schema: 'Vessel',
      caption: `Vessel ${i}`,
      names: [{ value: `Vessel Number ${i}`, kind: 'primary' }],
      birthDates: [],
      nationalities: [],
      programs: [],
      identifiers: [{ kind: 'imo', value: String(9_000_000 + i) }],
    }));
    const m = new ListMatcher(many);
    const rs = m.screen(q('Vessel', ['Zzyzx'], { identifiers: [{ kind: 'imo', value: 'IMO9012345' }] }));
    expect(rs.map((r) => r.id)).toEqual(['v12345']);
  });
});

describe('gender and target', () => {
  it('lowers the score for a different gender, never a match, and explains it', () => {
    const same = find(q('Person', ['Tesfamariam Kidane Berhe'], { gender: 'male' }), 'per-1')!;
    const other = find(q('Person', ['Tesfamariam Kidane Berhe'], { gender: 'female' }), 'per-1')!;
    const none = find(q('Person', ['Tesfamariam Kidane Berhe']), 'per-1')!;
    expect(same).toMatchObject({ verdict: 'match', features: { gender: 'match', genderAdjust: 0 } });
    expect(same.score).toBe(none.score);
    expect(other.features).toMatchObject({ gender: 'conflict', genderAdjust: -0.15 });
    expect(other.score).toBeCloseTo(none.score - 0.15, 3);
    expect(other.verdict).not.toBe('match');
    expect(other.explanation.join('\n')).toMatch(/gender female differs from the listed male → -0\.15, never a match/);
    expect(other.explanation.at(-1)).toMatch(/not a match, because the gender differs/);
    // Gender the list does not give changes nothing.
    expect(find(q('Person', ['Meron Tekle'], { gender: 'female' }), 'pers-x')!.features.gender).toBe('unknown');
  });

  it('lowers a target: false entry (a relative on the list as context) below a match, and explains it', () => {
    const r = find(q('Person', ['Selamawit Kidane Berhe']), 'per-2')!;
    expect(r.features).toMatchObject({ name: 1, target: 'no' });
    expect(r.score).toBeCloseTo(0.7, 3);
    expect(r.verdict).toBe('possible');
    expect(r.explanation.join('\n')).toMatch(/listed only as context, not as a sanctions target .* ×0\.7, never a match/);
    // Whatever the threshold: not a target is never a match.
    expect(matcher.screen(q('Person', ['Selamawit Kidane Berhe']), { threshold: 0.6 }).find((x) => x.id === 'per-2')!.verdict).toBe('possible');
    // The same name on a target entry is a match.
    expect(find(q('Person', ['Tesfamariam Kidane Berhe']), 'per-1')!.verdict).toBe('match');
  });
});

describe('explanations', () => {
  it('gives every line a feature and score, in the same order as the explanation, with unique features', () => {
    const r = find(q('Person', ['Tesfamariam Berhe'], { identifiers: [{ kind: 'passport', value: 'LY1234567' }], gender: 'female', birthDates: ['1979'], nationalities: ['er'] }), 'per-1')!;
    expect(r.reasons.map((x) => x.detail)).toEqual(r.explanation);
    expect(r.reasons.map((x) => x.feature)).toEqual(['name', 'identifier', 'birth_date', 'nationality', 'gender', 'verdict']);
    expect(new Set(r.explanation).size).toBe(r.explanation.length);
    expect(r.reasons.find((x) => x.feature === 'identifier')).toMatchObject({ score: 1, query: 'LY1234567', candidate: 'LY-12 34567' });
    expect(r.reasons.find((x) => x.feature === 'birth_date')!.score).toBe(0.05);
    expect(r.reasons.at(-1)).toMatchObject({ feature: 'verdict', score: r.score });
    // A gender conflict caps the verdict even with an identifier.
    expect(r.verdict).toBe('possible');
  });
});

describe('queries from FtM entities (sanctum screen and sanctum match)', () => {
  it('reads identifier properties with their kind, other model identifiers as "other", never programId', () => {
    expect(queryIdentifiers('Company', { name: ['X'], innCode: '7701234567', dunsCode: ['15-048-3782'], programId: ['LY'] })).toEqual([
      { kind: 'tax', value: '7701234567' },
      { kind: 'other', value: '15-048-3782' },
    ]);
    // A property the schema does not type as an identifier is not one.
    expect(queryIdentifiers('Person', { notes: ['P1234567'] })).toEqual([]);
  });

  it('joins name parts, takes strings or lists, and refuses a query with nothing to match on', () => {
    const qy = queryFromExample('k', { schema: 'Person', properties: { firstName: 'Tesfamariam', lastName: ['Berhe'], gender: 'male', passportNumber: 'LY1234567', nationality: 'er' } });
    expect(qy).toEqual({ id: 'k', schema: 'Person', names: ['Tesfamariam Berhe'], nationalities: ['er'], identifiers: [{ kind: 'passport', value: 'LY1234567' }], gender: 'male' });
    expect(queryFromExample('k', { schema: 'Spaceship', properties: { name: 'x' } })).toMatch(/unknown schema/);
    expect(queryFromExample('k', { schema: 'Person', properties: { birthDate: '1980' } })).toMatch(/no name and no identifier/);
  });

  it('sanctum screen reads identifiers and gender from its input lines too', () => {
    const qy = screenQueryOf(JSON.stringify({ id: 'v', schema: 'Vessel', properties: { imoNumber: ['9123456'] } }), 1);
    expect(qy).toMatchObject({ id: 'v', names: [], identifiers: [{ kind: 'imo', value: '9123456' }] });
    expect(matcher.screen(qy as ScreenQuery)[0]).toMatchObject({ id: 'ves-1', verdict: 'match' });
    expect(screenQueryOf(JSON.stringify({ schema: 'Person', properties: {} }), 2)).toBe('no "name" property');
  });
});
