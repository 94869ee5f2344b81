/**
 * The one FtM writer on its own: partial dates as FtM dates, a line that loses a required property taking the
 * lines that need it along, references to lines not written dropped and listed, protection applied before
 * validation.
 */
import { describe, expect, it } from 'vitest';
import { ftmDate } from '../../../main/core/exchange/ftm/mapping';
import { FtmWriter } from '../../../main/core/exchange/ftm/writer';
import type { EntityData, LinkData } from '../../../shared/model/records';
import { ftmFileProblems } from '../../helpers/ftm';

const person = (name: string, extra: Partial<EntityData> = {}): EntityData =>
  ({ caseId: 'c', kind: 'person', name, aliases: [], identifiers: [], roles: [], nationality: [], countries: [], description: '', ...extra }) as EntityData;
const link = (kind: LinkData['kind'], extra: Partial<LinkData> = {}): LinkData => ({ caseId: 'c', kind, source: 's', target: 't', ...extra }) as LinkData;

function writer(protect: (v: string) => string = (v) => v) {
  const skipped = new Map<string, number>();
  const w = new FtmWriter({
    protect: (_where, props) => Object.fromEntries(Object.entries(props).map(([k, vs]) => [k, vs.map(protect)])),
    skip: (kind, _reason, n = 1) => skipped.set(kind, (skipped.get(kind) ?? 0) + n),
  });
  return { w, skipped };
}

describe('ftmDate', () => {
  it('writes a range as the period it names exactly, else its start', () => {
    expect(ftmDate({ value: '1980-06' })).toEqual({ value: '1980-06' });
    expect(ftmDate({ from: '2018-01-01', to: '2018-12-31' })).toEqual({ value: '2018' });
    expect(ftmDate({ from: '2018', to: '2018' })).toEqual({ value: '2018' });
    expect(ftmDate({ from: '2016-02-01', to: '2016-02-29' })).toEqual({ value: '2016-02' });
    expect(ftmDate({ from: '2016-02-05', to: '2016-02-05' })).toEqual({ value: '2016-02-05' });
    expect(ftmDate({ from: '2018-03', to: '2018-04' })).toEqual({ value: '2018-03', approximated: true });
    expect(ftmDate({ from: '2018', to: '2019' })).toEqual({ value: '2018', approximated: true });
    expect(ftmDate({ to: '2019-05' })).toEqual({ value: '2019-05', approximated: true });
    expect(ftmDate({ text: 'thirty years old in 2017' })).toEqual({});
  });
});

describe('FtmWriter', () => {
  it('leaves out a line without a required property, and the relationships that need it', () => {
    const { w, skipped } = writer();
    // FtM names are at most 384 characters; Sanctum allows 500.
    w.entity('p-long', person('x'.repeat(450)));
    w.entity('p-a', person('Alpha'));
    w.entity('p-b', person('Beta'));
    w.links([
      { id: 'l-1', data: link('associate'), from: 'p-a', to: 'p-long' },
      { id: 'l-2', data: link('associate'), from: 'p-a', to: 'p-b' },
    ]);
    const lines = w.finish();
    expect(lines.map((l) => l.id)).toEqual(['p-a', 'p-b', 'l-2']);
    expect(ftmFileProblems(lines)).toEqual([]);
    expect(w.invalid.map((i) => [i.id, i.property ?? null])).toEqual([
      ['p-long', 'name'],
      ['p-long', null],
      ['l-1', null],
    ]);
    expect(w.invalid[2]!.reason).toMatch(/Associate requires associate/);
    expect(skipped.get('Person lines without name')).toBe(1);
    expect(skipped.get('Associate lines without associate')).toBe(1);
    expect(skipped.get('invalid FtM values')).toBe(3);
  });

  it('drops references to entities not in the file, and links to entities FtM has no schema for', () => {
    const { w, skipped } = writer();
    w.entity('p-a', person('Alpha', { external: { extra: { addressEntity: ['somewhere-else'] } } } as Partial<EntityData>));
    expect(w.entity('ph', { ...person('+218 91'), kind: 'phone' } as EntityData)).toBe(false);
    w.links([{ id: 'l-1', data: link('communicated_with'), from: 'p-a', to: undefined }]);
    const lines = w.finish();
    expect(lines).toEqual([{ id: 'p-a', schema: 'Person', properties: { name: ['Alpha'] } }]);
    expect(w.invalid).toEqual([{ id: 'p-a', schema: 'Person', property: 'addressEntity', value: 'somewhere-else', reason: expect.stringMatching(/not in the file/) as string }]);
    expect(skipped.get('Phone')).toBe(1);
    expect(skipped.get('links')).toBe(1);
  });

  it('validates what protection lets out, not what the record held', () => {
    const { w } = writer((v) => v.replace('Secret Name', 'W-017'));
    w.entity('p', person('Secret Name'));
    expect(w.finish()).toEqual([{ id: 'p', schema: 'Person', properties: { name: ['W-017'] } }]);
  });
});
