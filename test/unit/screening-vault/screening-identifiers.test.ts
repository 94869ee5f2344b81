/** Case entities are screened with their identifiers and gender (ScreeningService.queryOf). */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { ScreeningService } from '../../../main/core/screening/screening-service';
import { newTestVault } from '../../helpers/vault';

const list = Buffer.from(
  [
    { id: 'l-ves', schema: 'Vessel', properties: { name: ['Desert Falcon'], imoNumber: ['IMO 9345678'] } },
    { id: 'l-per', schema: 'Person', properties: { name: ['Ghebremedhin Tekle Abraha'], gender: ['male'], passportNumber: ['E0455871'] } },
  ]
    .map((x) => JSON.stringify(x))
    .join('\n'),
);

describe('screening case entities with identifiers', () => {
  it('finds a renamed vessel by its IMO number, and weighs gender', async () => {
    const { vault } = await newTestVault();
    const ws = new Workspace(vault);
    const caseId = ws.cases.create({ name: 'Identifiers' }).id;
    await ws.screening.importSnapshot(ScreeningService.parseBytes(list, 'ftm', 'ids.ftm.json'));
    const vessel = ws.entities.create({ caseId, kind: 'vessel', name: 'Blue Horizon', identifiers: [{ type: 'imo_number', value: '9345678' }, { type: 'phone_number', value: '+218 91 000 0000' }] });
    expect(ws.screening.queryOf(vessel.id)!.identifiers).toEqual([{ kind: 'imo', value: '9345678' }]);
    const v = (await ws.screening.screenEntity(vessel.id))!;
    expect(v.hits[0]).toMatchObject({ entryId: 'l-ves', verdict: 'match', features: { identifier: 'match' } });
    expect(v.hits[0]!.explanation.join('\n')).toMatch(/IMO number 9345678 is listed/);

    const woman = ws.entities.create({ caseId, kind: 'person', name: 'Ghebremedhin Tekle Abraha', gender: 'female' });
    expect(ws.screening.queryOf(woman.id)!.gender).toBe('female');
    const w = (await ws.screening.screenEntity(woman.id))!;
    expect(w.hits[0]).toMatchObject({ entryId: 'l-per', verdict: 'possible', features: { gender: 'conflict' } });
    const same = ws.entities.create({ caseId, kind: 'person', name: 'G. Abraha', identifiers: [{ type: 'passport', value: 'e 0455 871' }] });
    expect((await ws.screening.screenEntity(same.id))!.hits[0]).toMatchObject({ entryId: 'l-per', verdict: 'match' });
  });
});
