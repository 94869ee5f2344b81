/**
 * Country names to codes: every UN member and observer state by its official UN name (a list written by hand in
 * the fixture, with the codes), Kosovo, the spellings the UN list uses, and free-text nationalities.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ftmModel } from '../../../main/core/exchange/ftm/model';
import { countryCode, knownCountryCodes, readCountries } from '../../../main/core/screening/countries';

type Pairs = [string, string][];
const STATES = JSON.parse(readFileSync(new URL('../../fixtures/screening/un-member-states.json', import.meta.url), 'utf8')) as { members: Pairs; observers: Pairs; other: Pairs };

describe('countryCode', () => {
  it('has 193 members and 2 observers in the fixture, each once with a distinct code', () => {
    expect(STATES.members).toHaveLength(193);
    expect(STATES.observers).toHaveLength(2);
    const all = [...STATES.members, ...STATES.observers];
    expect(new Set(all.map(([n]) => n)).size).toBe(195);
    expect(new Set(all.map(([, c]) => c)).size).toBe(195);
  });

  it('maps every UN member and observer state by its official UN name', () => {
    const wrong = [...STATES.members, ...STATES.observers].filter(([name, code]) => countryCode(name) !== code).map(([name, code]) => `${name}: ${countryCode(name)} (want ${code})`);
    expect(wrong).toEqual([]);
  });

  it('maps Kosovo (FtM xk), older UN names and the list’s own spellings', () => {
    const wrong = STATES.other.filter(([name, code]) => countryCode(name) !== code).map(([name, code]) => `${name}: ${countryCode(name)} (want ${code})`);
    expect(wrong).toEqual([]);
  });

  it('ignores case, accents and apostrophe style, and accepts known two-letter codes only', () => {
    expect(countryCode('COTE D’IVOIRE')).toBe('ci');
    expect(countryCode('  viet   nam ')).toBe('vn');
    expect(countryCode('XK')).toBe('xk');
    expect(countryCode('qq')).toBeNull();
    expect(countryCode('Atlantis')).toBeNull();
    // "Congo" alone is the Republic of the Congo in UN usage; the library gives it to both Congos.
    expect(countryCode('Congo')).toBe('cg');
  });

  it('maps only to FtM country codes (plus su, the USSR the list still names)', () => {
    const ftm = ftmModel.getType('country').values;
    for (const code of knownCountryCodes()) if (code !== 'su') expect(ftm.has(code), code).toBe(true);
    for (const [name] of [...STATES.members, ...STATES.observers, ...STATES.other]) expect(knownCountryCodes().has(countryCode(name)!), name).toBe(true);
    expect(countryCode('USSR')).toBe('su');
    // Pseudo-countries of the FtM model are not countries a person or address has.
    expect(countryCode('European Union')).toBeNull();
    expect(countryCode('United Nations')).toBeNull();
  });
});

describe('readCountries', () => {
  it('reads countries out of sentences, in the order given, and says when the text was not exactly a name', () => {
    expect(readCountries('Viet Nam')).toEqual({ codes: ['vn'], exact: true });
    expect(readCountries('United States. Also believed to hold Syrian nationality')).toEqual({ codes: ['us', 'sy'], exact: false });
    expect(readCountries('Sudan/South Sudan')).toEqual({ codes: ['sd', 'ss'], exact: false });
    expect(readCountries('Bahrain (citizenship revoked in Jan. 2015)').codes).toEqual(['bh']);
    expect(readCountries('Guinea-Bissau').codes).toEqual(['gw']);
    expect(readCountries('born in Papua New Guinea').codes).toEqual(['pg']);
    expect(readCountries('Believed to be in Niger or Nigeria').codes).toEqual(['ne', 'ng']);
    expect(readCountries('Hong Kong Special Administrative Region, China').codes).toEqual(['hk', 'cn']);
    expect(readCountries('somewhere at sea').codes).toEqual([]);
  });
});
