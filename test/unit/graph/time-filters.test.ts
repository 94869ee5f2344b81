/** The time model (partial dates, windows, certain vs possible), the other filters, and evidence strength. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFilters, asOf, buildGraph, edgeEvidence, extentOf, timeDomain, timeStatus } from '../../../shared/graph/analytics';
import type { TimeWindow } from '../../../shared/graph/snapshot';
import { dateBounds, type PartialDate } from '../../../shared/model/partial-date';
import { claim, hexId, link, node, snapshot } from '../../helpers/graph-fixtures';

const keptIds = (s: ReturnType<typeof snapshot>, w: TimeWindow) => applyFilters(s, { time: w }).snapshot.links.map((l) => l.id);

describe('time filtering', () => {
  const people = ['A', 'B', 'C', 'D'].map((n) => node(n));
  const paid = link('A', 'B', { kind: 'paid', date: { value: '2017-03' }, id: hexId(1) });
  const member = link('A', 'C', { kind: 'member_of', start: { value: '2015' }, id: hexId(2) });
  const ended = link('B', 'C', { kind: 'member_of', end: { value: '2016-06-30' }, id: hexId(3) });
  const approx = link('C', 'D', { kind: 'paid', date: { value: '2017', approximate: true }, id: hexId(4) });
  const undated = link('A', 'D', { id: hexId(5) });
  const textOnly = link('B', 'D', { kind: 'paid', date: { text: 'during the war' }, id: hexId(6) });
  const s = snapshot(people, [paid, member, ended, approx, undated, textOnly]);

  it('keeps a month-precise payment on any day of that month, and not the day after', () => {
    expect(keptIds(s, asOf('2017-03-01'))).toContain(paid.id);
    expect(keptIds(s, asOf('2017-03-31'))).toContain(paid.id);
    expect(keptIds(s, asOf('2017-04-01'))).not.toContain(paid.id);
    expect(keptIds(s, asOf('2017-02-28'))).not.toContain(paid.id);
  });

  it('treats a membership without an end as ongoing and one without a start as open before', () => {
    expect(keptIds(s, asOf('2023-01-01'))).toContain(member.id);
    expect(keptIds(s, asOf('2014-12-31'))).not.toContain(member.id);
    expect(keptIds(s, asOf('1990'))).toContain(ended.id);
    expect(keptIds(s, asOf('2016-07-01'))).not.toContain(ended.id);
  });

  it('widens approximate dates by a year each side', () => {
    expect(keptIds(s, asOf('2016-01-01'))).toContain(approx.id);
    expect(keptIds(s, asOf('2018-12-31'))).toContain(approx.id);
    expect(keptIds(s, asOf('2019-01-01'))).not.toContain(approx.id);
  });

  it('keeps undated and text-only links unless they are excluded', () => {
    expect(keptIds(s, asOf('1900'))).toEqual(expect.arrayContaining([undated.id, textOnly.id]));
    expect(keptIds(s, asOf('1900', false))).not.toContain(undated.id);
    expect(keptIds(s, asOf('1900', false))).not.toContain(textOnly.id);
    expect(applyFilters(s, { time: { from: '2017' } }).linkTime[undated.id]).toBe('undated');
  });

  it('says whether a kept link was certainly or only possibly active in the window', () => {
    const f = applyFilters(s, { time: { from: '2017-01-01', to: '2017-12-31' } });
    expect(f.linkTime[paid.id]).toBe('certain'); // March 2017 lies inside 2017
    expect(f.linkTime[member.id]).toBe('certain'); // since 2015, still active
    expect(f.linkTime[approx.id]).toBe('possible'); // c. 2017 may be 2016 or 2018
    expect(applyFilters(s, { time: asOf('2017-03-15') }).linkTime[paid.id]).toBe('possible');
    expect(f.linkTime[ended.id]).toBeUndefined(); // ended mid-2016
  });

  it('filters events by date too and gives the slider its range', () => {
    const withEvents = snapshot(people, [paid, member], {
      events: [
        { id: hexId(10), title: 'Interception', date: { value: '2017-05-14' }, participants: [{ entityId: hexId('A'), role: '' }], conduct: [] },
        { id: hexId(11), title: 'Detention', date: { from: '2017-05', to: '2017-07' }, participants: [], conduct: [] },
        { id: hexId(12), title: 'Meeting', endDate: { value: '2019' }, date: { value: '2018' }, participants: [], conduct: [] },
      ],
    });
    const f = applyFilters(withEvents, { time: asOf('2017-06-01') });
    expect(f.snapshot.events.map((e) => e.id)).toEqual([hexId(11)]);
    expect(f.eventTime[hexId(11)]).toBe('possible');
    expect(timeDomain([...withEvents.links.map(extentOf), { earliest: '2018-01-01', latest: '2019-12-31', certain: null, point: null }])).toEqual({ from: '2015-01-01', to: '2019-12-31' });
  });

  // Partial dates as investigators record them: a year, a month, a day, approximate or not, or a range.
  const ymd = fc
    .tuple(fc.integer({ min: 1990, max: 2030 }), fc.option(fc.integer({ min: 1, max: 12 })), fc.option(fc.integer({ min: 1, max: 28 })))
    .map(([y, m, d]) => [String(y), m && String(m).padStart(2, '0'), m && d && String(d).padStart(2, '0')].filter(Boolean).join('-'));
  const day = fc.date({ min: new Date('1985-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const partial: fc.Arbitrary<PartialDate> = fc.oneof(
    fc.record({ value: ymd, approximate: fc.boolean() }),
    fc.tuple(ymd, ymd).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
    fc.record({ from: ymd }),
    fc.record({ to: ymd }),
  );
  const window = fc.tuple(fc.option(ymd), fc.option(ymd)).map(([from, to]) => ({ ...(from ? { from } : {}), ...(to ? { to } : {}) }));

  it('property: a dated payment is kept as of a day exactly when the day is within its bounds', () => {
    fc.assert(
      fc.property(partial, day, (date, d) => {
        const l = link('A', 'B', { kind: 'paid', date, id: hexId(99) });
        const b = dateBounds(date)!;
        const kept = keptIds(snapshot(people, [l]), asOf(d)).length === 1;
        expect(kept).toBe(b.earliest <= d && d <= b.latest);
      }),
      { numRuns: 500 },
    );
  });

  it('property: widening a window never drops a link; certain implies possible; excluding undated removes only undated', () => {
    const anyLink = fc.record({ date: fc.option(partial), start: fc.option(partial), end: fc.option(partial) });
    fc.assert(
      fc.property(fc.array(anyLink, { maxLength: 12 }), window, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 800 }), (specs, w, widenBefore, widenAfter) => {
        const links = specs.map((sp, i) =>
          link('A', 'B', { kind: 'member_of', id: hexId(1000 + i), ...(sp.date ? { date: sp.date } : {}), ...(sp.start ? { start: sp.start } : {}), ...(sp.end ? { end: sp.end } : {}) }),
        );
        const snap = snapshot(people, links);
        const narrow = applyFilters(snap, { time: w });
        const shift = (d: string, days: number) => new Date(Date.parse(d) + days * 86_400_000).toISOString().slice(0, 10);
        const from = w.from ? shift(dateBounds({ value: w.from })!.earliest, -widenBefore) : undefined;
        const to = w.to ? shift(dateBounds({ value: w.to })!.latest, widenAfter) : undefined;
        const wide = applyFilters(snap, { time: { ...(from ? { from } : {}), ...(to ? { to } : {}) } });
        const wideIds = new Set(wide.snapshot.links.map((l) => l.id));
        for (const l of narrow.snapshot.links) expect(wideIds.has(l.id)).toBe(true);
        for (const l of links) {
          const st = timeStatus(extentOf(l), w);
          if (st === 'certain') expect(timeStatus(extentOf(l), { ...w, includeUndated: false })).toBe('certain');
        }
        const dated = applyFilters(snap, { time: { ...w, includeUndated: false } }).snapshot.links.map((l) => l.id);
        const removed = narrow.snapshot.links.filter((l) => !dated.includes(l.id));
        for (const l of removed) expect(extentOf(l)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('other filters', () => {
  const s = snapshot(
    [node('A', { roles: ['financier'] }), node('B', { kind: 'armed_group' }), node('C', { roles: ['victim'] }), node('D')],
    [
      link('A', 'B', { kind: 'finances', support: [claim(['panel', 'A', 2]), claim(['ngo', 'C', 3])], id: hexId(1) }),
      link('C', 'B', { kind: 'member_of', support: [claim(['ngo', 'C', 3])], id: hexId(2) }),
      link('A', 'C', { kind: 'associate', id: hexId(3) }),
    ],
  );
  const ids = (f: Parameters<typeof applyFilters>[1]) => {
    const r = applyFilters(s, f).snapshot;
    return { nodes: r.nodes.map((n) => n.name), links: r.links.map((l) => l.id) };
  };

  it('by kind, role and link kind; links need both ends', () => {
    expect(ids({ entityKinds: ['person'] })).toEqual({ nodes: ['A', 'C', 'D'], links: [hexId(3)] });
    expect(ids({ roles: ['financier'] }).nodes).toEqual(['A']);
    expect(ids({ linkKinds: ['finances', 'member_of'] }).links).toEqual([hexId(1), hexId(2)]);
  });

  it('by evidence grade and number of sources; hidden, focused and isolated nodes', () => {
    expect(ids({ minGrade: 'B' }).links).toEqual([hexId(1)]);
    expect(ids({ minGrade: 'C' }).links).toEqual([hexId(1), hexId(2)]);
    expect(ids({ minSources: 2 }).links).toEqual([hexId(1)]);
    expect(ids({ hiddenNodes: [hexId('B')] })).toEqual({ nodes: ['A', 'C', 'D'], links: [hexId(3)] });
    expect(ids({ onlyNodes: [hexId('A'), hexId('B')] })).toEqual({ nodes: ['A', 'B'], links: [hexId(1)] });
    expect(ids({ dropIsolated: true }).nodes).toEqual(['A', 'B', 'C']);
    expect(ids({ minSources: 2, dropIsolated: true }).nodes).toEqual(['A', 'B']);
  });

  it('keeps saved positions only for the nodes that remain', () => {
    const withPos = { ...s, positions: { [hexId('A')]: { x: 1, y: 2 }, [hexId('D')]: { x: 3, y: 4 } } };
    expect(applyFilters(withPos, { dropIsolated: true }).snapshot.positions).toEqual({ [hexId('A')]: { x: 1, y: 2 } });
  });
});

describe('evidence strength', () => {
  it('counts independent sources: two items from one source are one source', () => {
    const e = edgeEvidence([claim(['panel', 'A', 2], ['panel', 'A', 3]), claim(['panel', 'A', 1])]);
    expect(e).toMatchObject({ claims: 2, items: 3, sources: 1, bestGrade: 'A', bestCredibility: 1, singleSource: true, unsupported: false });
    // One source counts once, by its best item: A1 = 0.9 × 0.9 (not 1 − (1−.81)(1−.675)(1−.54)).
    expect(e.strength).toBeCloseTo(0.81, 12);
  });

  it('grows with each independent source (noisy-OR) and counts a verified document at least 0.9', () => {
    const one = edgeEvidence([claim(['s1', 'B', 2])]).strength;
    const two = edgeEvidence([claim(['s1', 'B', 2]), claim(['s2', 'B', 2])]).strength;
    expect(one).toBeCloseTo(0.5625, 12);
    expect(two).toBeCloseTo(1 - (1 - 0.5625) ** 2, 12);
    expect(edgeEvidence([claim(['s1', 'D', 5, true])])).toMatchObject({ strength: 0.9, verified: true });
  });

  it('pools items without a source as one unknown source, and flags links without evidence', () => {
    expect(edgeEvidence([claim([null, null, 2], [null, null, 3])])).toMatchObject({ sources: 1, bestGrade: null, bestCredibility: 2, singleSource: true });
    expect(edgeEvidence([])).toMatchObject({ sources: 0, unsupported: true, strength: 0, singleSource: false });
    expect(edgeEvidence([{ ...claim(), evidence: [] }])).toMatchObject({ claims: 1, sources: 0, unsupported: true });
  });

  it('is carried on every edge of the built graph, with direction from the link kind', () => {
    const g = buildGraph(snapshot([node('A'), node('B')], [link('A', 'B', { kind: 'paid', support: [claim(['x', 'C', 3])], id: hexId(1) }), link('A', 'B', { kind: 'family', id: hexId(2) })]));
    expect(g.getEdgeAttributes(hexId(1))).toMatchObject({ directed: true, evidence: { sources: 1, bestGrade: 'C' } });
    expect(g.isUndirected(hexId(2))).toBe(true);
    expect(g.getEdgeAttribute(hexId(2), 'evidence').unsupported).toBe(true);
  });
});
