/**
 * The timeline at the size of a real case, pure parts: the layout's row cap with density bars (every item of a
 * lane is either a mark or counted in a bar, and zooming in turns bars back into marks), the canvas view's
 * hit-testing and visible-lane lookup against brute force, the keyboard's order, and zoom limits (decades to
 * days). Nothing here is timed: the longest task on opening and brushing is in `npm run bench -- --only
 * timeline-ui`.
 */
import { describe, expect, it } from 'vitest';
import { fromDay, timelineFromSnapshot, toDay, type TimelineModel } from '../../../shared/graph/timeline';
import { AXIS_HEIGHT, DENSITY_HEIGHT, LaneFramer, laneFrames, layoutTimeline, MAX_ROWS, prepared, type TimelineLayout } from '../../../shared/graph/timeline-layout';
import { timelineBody, timelineSvg } from '../../../shared/graph/timeline-svg';
import { hitTest, laneIndexAt, laneOfItem, MAX_SPAN, MIN_SPAN, panRange, shownOrder, stepItem, visibleLanes, zoomRange } from '../../../renderer/timeline/scene';
import { clusteredNetwork, hexId, link, node, snapshot } from '../../helpers/graph-fixtures';

const HUB = node('Hub');
const others = Array.from({ length: 42 }, (_, i) => node(`Person ${i}`));
/**
 * Forty payments from the hub on forty consecutive days of 2019, and two links in 2000 and 2020 that stretch
 * the case over twenty years: fitted, the forty are a few pixels apart (too many rows for one lane); zoomed
 * to spring 2019 they lie side by side.
 */
const payments = others.slice(0, 40).map((o, i) => link('Hub', o.name, { date: { value: fromDay(toDay('2019-03-01') + i) }, kind: 'paid', id: hexId(1000 + i) }));
const anchors = [link('Hub', others[40]!.name, { date: { value: '2000-06' }, id: hexId(1100) }), link('Hub', others[41]!.name, { date: { value: '2020-06' }, id: hexId(1101) })];
const hubItems = [...payments, ...anchors].map((l) => l.id).sort();
const busy = timelineFromSnapshot(snapshot([HUB, ...others], [...payments, ...anchors]));
const SPRING = { from: toDay('2019-02-20'), to: toDay('2019-04-20') };

/** Items of a lane inside the view, drawn or binned: every one accounted for exactly once. */
function accounted(l: TimelineLayout, laneId: string): string[] {
  const lane = l.lanes.find((x) => x.entityId === laneId)!;
  return [...lane.marks.map((m) => m.item.id), ...lane.bins.flatMap((b) => b.items)].sort();
}

describe('timeline layout at scale: rows capped, the rest as density bars', () => {
  it('keeps at most maxRows sub-rows and counts every other item of the lane into a bar under its date', () => {
    const l = layoutTimeline(busy, { width: 1000, lanes: [HUB.id] });
    const lane = l.lanes[0]!;
    expect(lane.rows).toBe(MAX_ROWS);
    expect(new Set(lane.marks.map((m) => m.y)).size).toBe(MAX_ROWS);
    const binned = lane.bins.reduce((n, b) => n + b.count, 0);
    expect(binned).toBeGreaterThan(0);
    expect(lane.marks.length + binned).toBe(hubItems.length);
    expect(l.inView).toBe(hubItems.length);
    expect(accounted(l, HUB.id)).toEqual(hubItems);
    // A bar sits where its items are: spring 2019, in pixels.
    for (const b of lane.bins) {
      expect(b.x).toBeGreaterThanOrEqual(l.x(toDay('2019-03-01')) - l.binPx - 8);
      expect(b.x).toBeLessThanOrEqual(l.x(toDay('2019-04-10')) + 8);
      expect(b.items.length).toBe(b.count);
      expect(b.items.every((id) => payments.some((p) => p.id === id))).toBe(true);
    }
    // The lane is tall enough for its rows and the bars, and the next thing starts below it.
    expect(lane.binY + DENSITY_HEIGHT).toBeLessThanOrEqual(lane.y + lane.height);
    expect(l.height).toBeGreaterThanOrEqual(lane.y + lane.height);
  });

  it('turns bars back into marks when zoomed in, and lanes keep their place while the view zooms', () => {
    const wide = layoutTimeline(busy, { width: 1000 });
    const near = layoutTimeline(busy, { width: 1000, ...SPRING });
    const hub = (l: TimelineLayout) => l.lanes.find((x) => x.entityId === HUB.id)!;
    const binned = (l: TimelineLayout) => hub(l).bins.reduce((n, b) => n + b.count, 0);
    expect(binned(wide)).toBeGreaterThan(0);
    expect(binned(near)).toBe(0);
    expect(hub(near).marks.length).toBe(payments.length);
    expect(near.inView).toBe(2 * payments.length);
    expect(accounted(near, HUB.id)).toEqual(payments.map((p) => p.id).sort());
    expect(near.lanes.map((x) => [x.entityId, x.y, x.height])).toEqual(wide.lanes.map((x) => [x.entityId, x.y, x.height]));
  });

  it('packs only the lanes in a band, each exactly as the whole layout packs it', () => {
    const s5 = clusteredNetwork(600, 1800, 7);
    const m = timelineFromSnapshot(s5);
    const frames = laneFrames(m, { width: 1100 });
    const whole = layoutTimeline(m, { width: 1100, frames });
    const band = { top: 2000, bottom: 2600 };
    const part = layoutTimeline(m, { width: 1100, frames, band });
    expect(part.height).toBe(whole.height);
    expect(part.inView).toBe(whole.inView);
    const packed = part.lanes.filter((l) => l.marks.length || l.bins.length);
    expect(packed.length).toBeGreaterThan(0);
    for (const [i, lane] of part.lanes.entries()) {
      const meets = lane.y + lane.height > band.top && lane.y < band.bottom;
      expect(lane.y).toBe(whole.lanes[i]!.y);
      if (meets) expect(lane.marks.map((mk) => [mk.item.id, mk.x1, mk.y])).toEqual(whole.lanes[i]!.marks.map((mk) => [mk.item.id, mk.x1, mk.y]));
      else expect(lane.marks).toEqual([]);
    }
    expect(part.marks.length).toBeLessThan(whole.marks.length);
  });

  it('places lanes a slice at a time (LaneFramer) exactly as one laneFrames call, reserving room for the rest', () => {
    const m = timelineFromSnapshot(clusteredNetwork(600, 1800, 7));
    const whole = laneFrames(m, { width: 1100 });
    expect(whole.complete).toBe(true);
    const f = new LaneFramer(m, { width: 1100 });
    // Down to a y: stops at the first lane that starts below it.
    expect(f.step({ untilY: 500 })).toBe(false);
    const top = f.frames();
    expect(top.complete).toBe(false);
    expect(top.lanes.length).toBeGreaterThan(0);
    expect(top.lanes.at(-1)!.y).toBeLessThanOrEqual(500);
    expect(top.lanes.at(-1)!.y + top.lanes.at(-1)!.height).toBeGreaterThan(500);
    // The lanes not placed yet have room kept for them: at least the smallest lane each.
    const rest = whole.lanes.length - top.lanes.length;
    expect(top.height).toBe(top.lanes.at(-1)!.y + top.lanes.at(-1)!.height + rest * (14 + 10));
    // A deadline: slices of 8 lanes (it is checked every 4 lanes; here it says stop at every second check), until done.
    let calls = 0;
    let slices = 0;
    while (!f.step({ deadline: () => ++calls % 2 === 0 })) slices++;
    expect(slices).toBeGreaterThan(3);
    const done = f.frames();
    expect(done.complete).toBe(true);
    expect(done.height).toBe(whole.height);
    expect(done.lanes.map((l) => [l.lane.entityId, l.y, l.height, l.rows, l.dense])).toEqual(whole.lanes.map((l) => [l.lane.entityId, l.y, l.height, l.rows, l.dense]));
    // The first n lanes, as the view reads them while a slice is under way.
    expect(f.frames(10).lanes).toEqual(whole.lanes.slice(0, 10));
    expect(f.frames(10).height).toBe(whole.lanes[10]!.y + (whole.lanes.length - 10) * 24);
    // A layout over the partial frames counts only the lanes placed; over all of them, the same as the whole.
    const partial = layoutTimeline(m, { width: 1100, frames: top });
    expect(partial.lanes.length).toBe(top.lanes.length);
    expect(partial.inView).toBeLessThan(layoutTimeline(m, { width: 1100, frames: whole }).inView);
  });

  it("parses an item's dates only when its lane is placed or drawn", () => {
    const m = timelineFromSnapshot(clusteredNetwork(300, 900, 3));
    const p = prepared(m);
    const first = m.lanes[0]!;
    const items = p.laneItems(first.entityId);
    expect(items.map((pi) => pi.item.id)).toEqual(first.items);
    expect(p.laneItems(first.entityId)).toBe(items);
    for (const pi of items) {
      expect(p.item(pi.item)).toBe(pi);
      expect(pi.a).toBe(toDay(pi.item.earliest));
      expect(pi.b).toBe(toDay(pi.item.latest) + 1);
    }
    expect(p.laneItems('not-a-lane')).toEqual([]);
  });

  it('with a larger row cap, nothing is binned', () => {
    const l = layoutTimeline(busy, { width: 1000, lanes: [HUB.id], maxRows: 100 });
    expect(l.lanes[0]!.bins).toEqual([]);
    expect(l.lanes[0]!.marks.length).toBe(hubItems.length);
  });

  it('draws the bars in the SVG export too, with their count', () => {
    const l = layoutTimeline(busy, { width: 1000, lanes: [HUB.id] });
    const body = timelineBody(l);
    const bars = [...body.matchAll(/<rect class="tl-density"[^>]*><title>(\d+) more<\/title>/g)].map((m) => Number(m[1]));
    expect(bars.length).toBe(l.lanes[0]!.bins.length);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(l.lanes[0]!.bins.reduce((n, b) => n + b.count, 0));
    expect(timelineSvg(busy, { lanes: [HUB.id] })).toContain('grey bars: more items than rows');
  });

  it('at 5k entities / 15k links: every dated link appears in both its lanes, as a mark or in a bar', () => {
    const s = clusteredNetwork(5000, 15000, 42);
    const m = timelineFromSnapshot(s);
    const l = layoutTimeline(m, { width: 1200 });
    expect(l.lanes.length).toBe(m.lanes.length);
    let expected = 0;
    for (const lane of m.lanes) expected += lane.items.length;
    let got = 0;
    for (const lane of l.lanes) {
      expect(lane.rows).toBeLessThanOrEqual(MAX_ROWS);
      got += lane.marks.length + lane.bins.reduce((n, b) => n + b.count, 0);
    }
    expect(got).toBe(expected);
    expect(l.inView).toBe(expected);
    // Lanes follow one another without gaps or overlaps (the canvas finds them by binary search).
    for (let i = 1; i < l.lanes.length; i++) expect(l.lanes[i]!.y).toBe(l.lanes[i - 1]!.y + l.lanes[i - 1]!.height);
    // Dates are parsed once per model.
    expect(prepared(m)).toBe(prepared(m));
  });
});

/** A layout of many small lanes for the lookups. */
function manyLanes(): { model: TimelineModel; l: TimelineLayout } {
  const people = Array.from({ length: 60 }, (_, i) => node(`P${i}`));
  const links = people.slice(1).map((p, i) => link(people[i]!.name, p.name, { date: { value: `${2000 + (i % 20)}-0${1 + (i % 9)}` }, id: hexId(5000 + i) }));
  const model = timelineFromSnapshot(snapshot(people, links));
  return { model, l: layoutTimeline(model, { width: 900 }) };
}

describe('canvas view lookups', () => {
  const { model, l } = manyLanes();

  it('finds the lane under a y and the lanes in a scrolled band, as a linear scan would', () => {
    for (let y = 0; y < l.height + 20; y += 3) {
      const brute = l.lanes.findIndex((lane) => y >= lane.y && y < lane.y + lane.height);
      expect(laneIndexAt(l, y)).toBe(brute);
    }
    for (const [top, bottom] of [
      [AXIS_HEIGHT, AXIS_HEIGHT + 100],
      [400, 650],
      [l.height - 50, l.height + 200],
      [-100, 0],
    ] as const) {
      const brute = l.lanes.map((lane, i) => ({ lane, i })).filter(({ lane }) => lane.y + lane.height > top && lane.y < bottom).map(({ i }) => i);
      const [a, b] = visibleLanes(l, top, bottom);
      expect(Array.from({ length: b - a }, (_, k) => a + k)).toEqual(brute);
    }
  });

  it('hit-tests marks (centre and edge), lanes and empty space', () => {
    for (const m of l.marks.slice(0, 30)) {
      const hit = hitTest(l, (m.x1 + m.x2) / 2, m.y + m.h / 2);
      expect(hit?.kind).toBe('mark');
      if (hit?.kind === 'mark') {
        expect(hit.mark.item.id).toBe(m.item.id);
        expect(hit.lane.entityId).toBe(m.laneId);
      }
    }
    const m = l.marks[0]!;
    expect(hitTest(l, m.x2 + 1, m.y + 1)?.kind).toBe('mark');
    // The label column and the space beside a mark are its lane, not an item; above the lanes nothing.
    expect(hitTest(l, 10, m.y + 2)).toEqual({ kind: 'lane', lane: l.lanes.find((x) => x.entityId === m.laneId) });
    const lane = l.lanes[0]!;
    const emptyX = lane.marks.every((mk) => mk.x2 + 40 < l.labelWidth + l.plotWidth) ? Math.max(...lane.marks.map((mk) => mk.x2)) + 30 : l.labelWidth + 2;
    if (!lane.marks.some((mk) => emptyX >= mk.x1 - 2 && emptyX <= mk.x2 + 2)) expect(hitTest(l, emptyX, lane.y + 3)?.kind).toBe('lane');
    expect(hitTest(l, 300, AXIS_HEIGHT - 5)).toBeNull();
  });

  it('hit-tests a density bar and reports its count', () => {
    const b = layoutTimeline(busy, { width: 1000, lanes: [HUB.id] });
    const lane = b.lanes[0]!;
    const bin = lane.bins[0]!;
    const hit = hitTest(b, bin.x + 1, lane.binY + DENSITY_HEIGHT / 2);
    expect(hit?.kind).toBe('density');
    if (hit?.kind === 'density') expect(hit.bin).toBe(bin);
  });

  it('steps through the drawn items in date order from the keyboard', () => {
    const order = shownOrder(model, l);
    expect(order.length).toBe(new Set(l.marks.map((m) => m.item.id)).size);
    for (let i = 1; i < order.length; i++) expect(order[i - 1]!.earliest <= order[i]!.earliest).toBe(true);
    expect(stepItem(order, null, 1)).toBe(order[0]);
    expect(stepItem(order, null, -1)).toBe(order[order.length - 1]);
    expect(stepItem(order, order[0]!.id, 1)).toBe(order[1]);
    expect(stepItem(order, order[0]!.id, -1)).toBe(order[0]);
    expect(stepItem([], null, 1)).toBeNull();
    expect(order[2]!.entities).toContain(laneOfItem(l, order[2]!)!.entityId);
    // Zoomed to a stretch, only the items there are stepped through.
    const part = layoutTimeline(model, { width: 900, from: toDay('2005-01-01'), to: toDay('2009-12-31') });
    const inPart = shownOrder(model, part);
    expect(inPart.length).toBeGreaterThan(0);
    expect(inPart.length).toBeLessThan(order.length);
    for (const it of inPart) expect(it.latest >= '2005-01-01' && it.earliest <= '2009-12-31').toBe(true);
  });

  it('zooms from decades to days around a day, within the limits, and pans by a fraction', () => {
    const r = { from: 10_000, to: 11_000 };
    const z = zoomRange(r, 0.5, 10_250);
    expect(z.to - z.from).toBeCloseTo(500, 6);
    // The day under the pointer stays where it was (a quarter of the way along).
    expect((10_250 - z.from) / (z.to - z.from)).toBeCloseTo(0.25, 6);
    let narrow = r;
    for (let i = 0; i < 50; i++) narrow = zoomRange(narrow, 0.5);
    expect(narrow.to - narrow.from).toBeCloseTo(MIN_SPAN, 6);
    let wide = r;
    for (let i = 0; i < 50; i++) wide = zoomRange(wide, 2);
    expect(wide.to - wide.from).toBeCloseTo(MAX_SPAN, 6);
    expect(panRange(r, -0.1)).toEqual({ from: 9_900, to: 10_900 });
  });
});
