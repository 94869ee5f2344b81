/**
 * The timeline model: partial dates to drawn bounds (ranges, approximate, open ends, periods with a certain
 * core), lanes per entity, the layout (packing, the view range), the SVG (escaping, header), and witness
 * protection applied when main builds it from a real vault.
 */
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { buildTimeline, exportTimelineSvg } from '../../../main/core/graph/timeline';
import { checkSvg } from '../../../main/core/graph/image-check';
import { fromDay, ticks, tickUnit, timelineFromSnapshot, TimelineModel, toDay, type DatedClaim } from '../../../shared/graph/timeline';
import { layoutTimeline } from '../../../shared/graph/timeline-layout';
import { timelineSvg } from '../../../shared/graph/timeline-svg';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { hexId, link, node, snapshot } from '../../helpers/graph-fixtures';
import { tempDir } from '../../helpers/tmp';
import { newTestVault, WITNESS_PASS } from '../../helpers/vault';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const A = node('Anna');
const B = node('Bilal');
const C = node('Cyrus');

describe('timeline model from a snapshot', () => {
  it('turns partial dates into bounds: month, approximate year, range, open-ended period, whole day', () => {
    const month = link('Anna', 'Bilal', { kind: 'paid', date: { value: '2019-03' }, id: hexId(101) });
    const approx = link('Bilal', 'Cyrus', { kind: 'associate', date: { value: '2017', approximate: true }, id: hexId(102) });
    const member = link('Anna', 'Cyrus', { kind: 'member_of', start: { value: '2018-06' }, id: hexId(103) });
    const closed = link('Bilal', 'Anna', { kind: 'controls', start: { value: '2015' }, end: { value: '2016-02' }, id: hexId(104) });
    const day = link('Cyrus', 'Anna', { kind: 'paid', date: { value: '2020-01-05' }, id: hexId(105) });
    const undated = link('Anna', 'Bilal', { id: hexId(106) });
    const m = timelineFromSnapshot(snapshot([A, B, C], [month, approx, member, closed, day, undated]));
    expect(TimelineModel.safeParse(m).success).toBe(true);
    const by = (id: string) => m.items.find((i) => i.id === id)!;
    expect(by(month.id)).toMatchObject({ kind: 'link', earliest: '2019-03-01', latest: '2019-03-31', certain: null, point: true, openStart: false, openEnd: false, approximate: false });
    // Approximate: a year each side of the year.
    expect(by(approx.id)).toMatchObject({ earliest: '2016-01-01', latest: '2018-12-31', approximate: true, certain: null });
    // A membership without an end is still running: open end, certain from the last possible start day.
    expect(by(member.id)).toMatchObject({ earliest: '2018-06-01', openEnd: true, openStart: false, point: false, certain: { from: '2018-06-30', to: '2999-12-31' } });
    // A closed period: certain from the latest start to the earliest end.
    expect(by(closed.id)).toMatchObject({ earliest: '2015-01-01', latest: '2016-02-29', certain: { from: '2015-12-31', to: '2016-02-01' }, dateText: '2015 – 2016-02' });
    expect(by(day.id)).toMatchObject({ earliest: '2020-01-05', latest: '2020-01-05', certain: { from: '2020-01-05', to: '2020-01-05' } });
    expect(m.items.find((i) => i.id === undated.id)).toBeUndefined();
    expect(m.undated).toEqual({ events: 0, links: 1, claims: 0 });
    // Sorted by earliest bound.
    expect(m.items.map((i) => i.earliest)).toEqual([...m.items.map((i) => i.earliest)].sort());
    // The domain ignores the open end.
    expect(m.domain).toEqual({ from: '2015-01-01', to: '2020-01-05' });
  });

  it('puts every item in the lane of each entity it touches, lanes ordered by their first item', () => {
    const early = link('Bilal', 'Cyrus', { date: { value: '2010' }, id: hexId(201) });
    const late = link('Anna', 'Bilal', { date: { value: '2012' }, id: hexId(202) });
    const event = {
      id: hexId(203),
      title: 'Boat departure',
      date: { from: '2011-05', to: '2011-07' },
      participants: [
        { entityId: A.id, role: 'organiser' },
        { entityId: C.id, role: 'driver' },
        { entityId: hexId('Ghost'), role: 'not in the snapshot' },
      ],
      conduct: [],
    };
    const claims: DatedClaim[] = [
      { id: hexId(204), entityId: C.id, conduct: 'recruitment', label: 'Recruitment of persons', date: { value: '2009-11-02' } },
      { id: hexId(205), entityId: A.id, conduct: 'recruitment', label: 'Recruitment of persons', date: undefined },
    ];
    const m = timelineFromSnapshot(snapshot([A, B, C], [early, late], { events: [event] }), claims);
    const lane = (n: { id: string }) => m.lanes.find((l) => l.entityId === n.id)!;
    expect(m.lanes.map((l) => l.name)).toEqual(['Cyrus', 'Bilal', 'Anna']);
    expect(lane(C).items).toEqual([hexId(204), early.id, event.id]);
    expect(lane(B).items).toEqual([early.id, late.id]);
    expect(lane(A).items).toEqual([event.id, late.id]);
    const ev = m.items.find((i) => i.id === event.id)!;
    expect(ev).toMatchObject({ kind: 'event', earliest: '2011-05-01', latest: '2011-07-31', entities: [A.id, C.id], links: [] });
    expect(m.items.find((i) => i.id === late.id)!.links).toEqual([late.id]);
    expect(m.undated.claims).toBe(1);
  });

  it('is empty, with no domain, when nothing is dated', () => {
    const m = timelineFromSnapshot(snapshot([A, B], [link('Anna', 'Bilal', { id: hexId(301) })]));
    expect(m.items).toEqual([]);
    expect(m.lanes).toEqual([]);
    expect(m.domain).toBeNull();
    expect(timelineSvg(m)).toContain('No dated events or links in this case.');
  });
});

describe('timeline axis and layout', () => {
  it('picks tick units from decades to days as the view narrows, at calendar boundaries', () => {
    const d = (s: string) => toDay(s);
    expect(tickUnit(d('1950-01-01'), d('2020-01-01'))).toBe('decade');
    expect(tickUnit(d('2015-01-01'), d('2020-01-01'))).toBe('year');
    expect(tickUnit(d('2019-01-01'), d('2019-10-01'))).toBe('month');
    expect(tickUnit(d('2019-03-01'), d('2019-03-10'))).toBe('day');
    const years = ticks(d('2014-06-01'), d('2019-06-01'));
    expect(years.map((t) => t.label)).toEqual(['2015', '2016', '2017', '2018', '2019']);
    for (const t of years) expect(fromDay(t.day).endsWith('-01-01')).toBe(true);
    const days = ticks(d('2019-02-26'), d('2019-03-03'));
    expect(days.map((t) => t.label)).toEqual(['26', '27', '28', 'Mar 2019', '2', '3']);
    expect(fromDay(toDay('2024-02-29'))).toBe('2024-02-29');
  });

  it('stacks overlapping items of a lane in sub-rows and drops items outside the view', () => {
    const x1 = link('Anna', 'Bilal', { start: { value: '2015' }, end: { value: '2017' }, id: hexId(401) });
    const x2 = link('Anna', 'Cyrus', { start: { value: '2016' }, end: { value: '2018' }, id: hexId(402) });
    const x3 = link('Anna', 'Bilal', { date: { value: '2030' }, id: hexId(403) });
    const m = timelineFromSnapshot(snapshot([A, B, C], [x1, x2, x3]));
    const l = layoutTimeline(m, { width: 1000, lanes: [A.id], from: toDay('2014-01-01'), to: toDay('2020-01-01') });
    expect(l.lanes.map((x) => x.entityId)).toEqual([A.id]);
    const marks = l.marks.filter((mk) => mk.laneId === A.id);
    expect(marks.map((mk) => mk.item.id).sort()).toEqual([x1.id, x2.id]);
    expect(marks[0]!.y).not.toBe(marks[1]!.y);
    // x follows the dates: 2015 starts left of 2016.
    const byId = new Map(marks.map((mk) => [mk.item.id, mk]));
    expect(byId.get(x1.id)!.x1).toBeLessThan(byId.get(x2.id)!.x1);
    expect(l.day(l.x(toDay('2017-05-05')))).toBeCloseTo(toDay('2017-05-05'), 6);
  });

  it('writes a valid, escaped SVG with title, case, window and legend', () => {
    const evil = { ...node('Evil'), name: '<script>alert(1)</script> & "Co"' };
    const m = timelineFromSnapshot(snapshot([A, evil], [link('Anna', 'Evil', { date: { value: '2019' }, id: hexId(501) })], { caseName: 'Case <7>' }));
    const svg = timelineSvg(m, { generated: '2026-12-07', window: { from: '2019-02', to: '2019-06' } });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('Case: Case &lt;7&gt;');
    expect(svg).toContain('Time window: 2019-02 – 2019-06');
    expect(svg).toContain('exported 2026-12-07');
    expect(svg).toContain('Dated link');
    expect(svg).toContain('class="tl-window"');
    expect(() => checkSvg(Buffer.from(svg))).not.toThrow();
  });
});

describe('timeline from a real vault', () => {
  async function fixture() {
    const { vault } = await newTestVault();
    const ws = new Workspace(vault);
    const f = await buildFixtureCase(ws);
    await vault.unlockWitness(WITNESS_PASS);
    ws.witnesses.setIdentity(f.witnessId, { fullName: 'Zz Secret Fullname', otherNames: ['Zz Other Secret'] });
    const witnessEntity = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'W-017', witnessId: f.witnessId, roles: ['witness'], aliases: [{ value: 'Zz Alias Of Witness' }] }).id;
    ws.witnesses.update(f.witnessId, { entityId: witnessEntity });
    const met = ws.links.create({ caseId: f.caseId, kind: 'communicated_with', source: witnessEntity, target: f.e.milad, date: { value: '2017-04' } }).id;
    const dated = ws.claims.create({
      caseId: f.caseId,
      assertion: { type: 'conduct', entityId: f.e.ghermay, conduct: 'recruitment', date: { value: '2016', approximate: true } },
      statement: 'Ghermay recruited Zz Secret Fullname in Khartoum.',
    }).id;
    return { vault, ws, f, witnessEntity, met, dated };
  }

  it('carries events, dated links and dated claims with lanes, and no witness identity', async () => {
    const { ws, f, witnessEntity, met, dated } = await fixture();
    const m = buildTimeline(ws, f.caseId);
    expect(TimelineModel.safeParse(m).success).toBe(true);
    const ids = m.items.map((i) => i.id);
    // Dated: two events, commands (2015–), paid (2017-03), the new link, the dated claim; the undated links and claims are counted.
    expect(ids.sort()).toEqual([f.events.interception, f.events.detention, f.links.commands, f.links.paid, met, dated].sort());
    expect(m.undated).toEqual({ events: 0, links: 2, claims: 2 });
    const claim = m.items.find((i) => i.id === dated)!;
    expect(claim).toMatchObject({ kind: 'claim', earliest: '2015-01-01', latest: '2017-12-31', approximate: true, entities: [f.e.ghermay] });
    expect(claim.label).toMatch(/^Recruitment of persons: Ghermay recruited W-017 in Khartoum\.$/);
    const wLane = m.lanes.find((l) => l.entityId === witnessEntity)!;
    expect(wLane).toMatchObject({ name: 'W-017', isWitness: true, items: [met] });
    expect(m.items.find((i) => i.id === met)!.label).toBe('W-017 — communicated with → Abd Al-Rahman Al-Milad');
    // The victim entity is protected: present in no lane under its name (it has no dated item here anyway).
    expect(JSON.stringify(m)).not.toMatch(/Zz /);
    const miladLane = m.lanes.find((l) => l.entityId === f.e.milad)!;
    expect(miladLane.items).toEqual(expect.arrayContaining([f.events.interception, f.events.detention, f.links.commands, met]));
  });

  it('writes the SVG through protection, refuses to overwrite, and logs the export', async () => {
    const { ws, f } = await fixture();
    const out = join(tempDir(), 'timeline.svg');
    const r = exportTimelineSvg(ws, f.caseId, out, { window: { from: '2017' } });
    const svg = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/Zz /);
    expect(svg).toContain('W-017');
    expect(svg).toContain('Time window: 2017 – …');
    expect(r).toMatchObject({ items: 6, bytes: Buffer.byteLength(svg) });
    expect(() => exportTimelineSvg(ws, f.caseId, out)).toThrow(/already exists/);
    const audit = [...ws.ctx.vault.audit.entries()].filter((e) => e.action === 'graph.exported');
    expect(audit.map((e) => e.details)).toEqual([expect.objectContaining({ format: 'svg', what: 'timeline', sha256: r.sha256 })]);
  });
});
