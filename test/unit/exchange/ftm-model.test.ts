import { describe, expect, it } from 'vitest';
import { checkFtmDate, checkFtmValue, ftmEdge, ftmIsA, ftmProperty, ftmRange, ftmSchema, ftmSchemaNames, validateFtmEntity } from '../../../main/core/exchange/ftm/model';

describe('FtM model wrapper', () => {
  it('knows the schemata of the model library, inheritance and edges', () => {
    expect(ftmSchemaNames()).toContain('Sanction');
    expect(ftmSchema('constructor')).toBeUndefined();
    expect(ftmSchema('SanctumClaim')).toBeUndefined();
    expect(ftmIsA('Company', 'LegalEntity')).toBe(true);
    expect(ftmIsA('Address', 'LegalEntity')).toBe(false);
    expect(ftmProperty('Company', 'name')?.type.name).toBe('name');
    expect(ftmRange('Associate', 'associate')).toBe('Person');
    expect(ftmEdge('Ownership')).toMatchObject({ source: 'owner', target: 'asset' });
  });

  it('checks dates as ISO prefixes naming real days', () => {
    expect(checkFtmDate('2021')).toEqual({ ok: true, value: '2021' });
    expect(checkFtmDate('2021-02-16T21:48')).toEqual({ ok: true, value: '2021-02-16T21:48' });
    expect(checkFtmDate('2021-02-29').ok).toBe(false);
    expect(checkFtmDate('2020-02-29').ok).toBe(true);
    expect(checkFtmDate('15/03/1980').ok).toBe(false);
    expect(checkFtmDate('2018/2019').ok).toBe(false);
  });

  it('normalises table values and refuses names where codes belong', () => {
    expect(checkFtmValue('country', 'LY')).toEqual({ ok: true, value: 'ly' });
    expect(checkFtmValue('country', 'Libya').ok).toBe(false);
    expect(checkFtmValue('gender', 'Female')).toEqual({ ok: true, value: 'female' });
    expect(checkFtmValue('topic', 'crime.traffick').ok).toBe(true);
    expect(checkFtmValue('topic', 'recruiter').ok).toBe(false);
    expect(checkFtmValue('url', 'javascript:alert(1)').ok).toBe(false);
    expect(checkFtmValue('name', '  ').ok).toBe(false);
  });

  it('reports every problem of an entity line', () => {
    const problems = validateFtmEntity({
      id: 'p1',
      schema: 'Person',
      properties: { name: ['A B'], birthDate: ['15/03/1980'], nationality: ['LY'], shoeSize: ['44'] },
    });
    expect(problems.map((p) => p.property)).toEqual(['birthDate', 'nationality', 'shoeSize']);
    expect(validateFtmEntity({ id: 't', schema: 'Thing', properties: { name: ['x'] } }).at(0)?.reason).toMatch(/abstract/);
    expect(validateFtmEntity({ id: 'ok', schema: 'Person', properties: { name: ['A B'], nationality: ['ly'] } })).toEqual([]);
  });
});
