/**
 * The entity form's per-kind facts (issue 15) go out to FollowTheMoney and come back: a bank account's bank as
 * BankAccount.bankName, a vessel's flag as Vessel.flag, a company's jurisdiction as jurisdiction; a schema
 * without the property reports the field as not carried.
 */
import { describe, expect, it } from 'vitest';
import { ENTITY_CODECS, readProps, uncoveredEntityFields, writeProps, type EntityFields } from '../../../main/core/exchange/ftm/mapping';

const base: EntityFields = { kind: 'person', name: 'X', aliases: [], identifiers: [], roles: [], nationality: [], countries: [], description: '' };
const drop = () => undefined;

describe('per-kind entity facts in FtM', () => {
  it('writes and reads a bank account’s bank, a vessel’s flag and a company’s jurisdiction', () => {
    const cases: [string, Partial<EntityFields>, Record<string, string[]>][] = [
      ['BankAccount', { kind: 'bank_account', bankName: 'Sahara Bank' }, { bankName: ['Sahara Bank'] }],
      ['Vessel', { kind: 'vessel', flag: 'pa' }, { flag: ['pa'] }],
      ['Company', { kind: 'company', jurisdiction: 'mt' }, { jurisdiction: ['mt'] }],
      ['Organization', { kind: 'organization', jurisdiction: 'ly' }, { jurisdiction: ['ly'] }],
    ];
    for (const [schema, patch, props] of cases) {
      const d = { ...base, ...patch } as EntityFields;
      const out = writeProps(ENTITY_CODECS[schema]!, d, undefined, drop);
      expect(out, schema).toMatchObject(props);
      const back = readProps(ENTITY_CODECS[schema]!, out).fields;
      for (const k of Object.keys(patch)) if (k !== 'kind') expect(back[k as keyof EntityFields], `${schema} ${k}`).toEqual(patch[k as keyof EntityFields]);
      expect(uncoveredEntityFields(schema, d)).toEqual([]);
    }
  });

  it('reads the first valid country code of a flag, and keeps a value it cannot read aside', () => {
    const r = readProps(ENTITY_CODECS.Vessel!, { name: ['MV Sea Star'], flag: ['Panama', 'PA'] });
    expect(r.fields.flag).toBe('pa');
    expect(r.extra.flag).toEqual(['Panama', 'PA']); // the original values, for the round trip
    expect(readProps(ENTITY_CODECS.Vessel!, { name: ['MV Sea Star'], flag: ['Panama'] }).fields.flag).toBeUndefined();
  });

  it('reports a bank, flag or jurisdiction that the chosen schema cannot carry', () => {
    expect(uncoveredEntityFields('Person', { ...base, bankName: 'Sahara Bank', flag: 'pa', jurisdiction: 'mt' }).sort()).toEqual(['bankName', 'flag', 'jurisdiction']);
    expect(uncoveredEntityFields('Vessel', { ...base, kind: 'vessel', flag: 'pa' })).toEqual([]);
  });
});
