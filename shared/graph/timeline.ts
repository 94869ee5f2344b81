/**
 * The timeline of a case (i2-style theme lines): events, dated links and dated conduct claims on a time axis,
 * one lane per entity they touch. Main builds it (main/core/graph/timeline.ts) from the graph snapshot, which
 * already applies witness protection, plus the dated claims; the renderer draws it beside the graph, the CLI
 * prints it or writes its SVG (./timeline-svg.ts).
 *
 * Partial dates become ranges (shared/model/partial-date.ts `dateBounds`, via ./time.ts `extentOf`):
 *   - `earliest`..`latest`: every day the item can have happened / been active (an approximate date widens a
 *     year each side; "2019-03" spans March);
 *   - `certain`: the days it certainly was active (a period whose start and end are known well enough), else
 *     null: the view draws the possible range light and the certain part solid;
 *   - `openStart` / `openEnd`: "since an unknown time" / "still active" (no start / no end recorded).
 *
 * Pure (no Node, no DOM).
 */
import { z } from 'zod';
import { formatPartialDate, type PartialDate } from '../model/partial-date';
import { Id } from '../model/records';
import type { CaseGraphSnapshot } from './snapshot';
import { eventExtent, extentOf, MAX_DATE, MIN_DATE, timeDomain, type Extent } from './time';

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const TIMELINE_KINDS = ['event', 'link', 'claim'] as const;
export const TimelineItemKind = z.enum(TIMELINE_KINDS);
export type TimelineItemKind = z.infer<typeof TimelineItemKind>;

export const TimelineItem = z.object({
  /** The record id (event, link or claim). */
  id: Id,
  kind: TimelineItemKind,
  /** What the view shows: event title, "A — paid → B", conduct and statement. Already through protection. */
  label: z.string(),
  /** The dates as recorded, in words ("2019-03", "c. 2017", "2018 – …"). */
  dateText: z.string(),
  earliest: Ymd,
  latest: Ymd,
  certain: z.object({ from: Ymd, to: Ymd }).nullable(),
  openStart: z.boolean(),
  openEnd: z.boolean(),
  approximate: z.boolean(),
  /** A moment (payment, event on a date) rather than a period (membership). */
  point: z.boolean(),
  /** Entities it touches (participants; link ends; the claim's subject). */
  entities: z.array(Id),
  /** Links it stands for (a link item: itself). */
  links: z.array(Id),
  /** Link kind for a link, conduct tag for a claim. */
  subkind: z.string().optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;

export const TimelineLane = z.object({
  entityId: Id,
  /** The node's name: a protected person's label / a witness's pseudonym. */
  name: z.string(),
  kind: z.string(),
  isWitness: z.boolean(),
  /** Item ids in this lane, by date. */
  items: z.array(Id),
});
export type TimelineLane = z.infer<typeof TimelineLane>;

export const TimelineModel = z.object({
  caseId: Id,
  caseName: z.string(),
  /** By earliest bound, then id. */
  items: z.array(TimelineItem),
  /** Entities with at least one dated item, by their first item, then name. */
  lanes: z.array(TimelineLane),
  /** Earliest and latest known bound (open ends ignored); null with no dated item. */
  domain: z.object({ from: Ymd, to: Ymd }).nullable(),
  /** Records left off the axis because they carry no usable date. */
  undated: z.object({ events: z.number().int(), links: z.number().int(), claims: z.number().int() }),
});
export type TimelineModel = z.infer<typeof TimelineModel>;

/** A dated conduct claim, as main hands it over (label already protected). */
export interface DatedClaim {
  id: string;
  entityId: string;
  conduct: string;
  label: string;
  date: PartialDate | undefined;
}

/** dateBounds' own open ends ("from 2015" has latest 2999-12-31) count as open, like ./time.ts's. */
const OPEN_LOW = new Set([MIN_DATE, '1000-01-01']);
const OPEN_HIGH = new Set([MAX_DATE, '2999-12-31']);

function itemFromExtent(x: Extent, base: Omit<TimelineItem, 'earliest' | 'latest' | 'certain' | 'openStart' | 'openEnd' | 'point'>, point: boolean): TimelineItem {
  const openStart = OPEN_LOW.has(x.earliest);
  const openEnd = OPEN_HIGH.has(x.latest);
  // Clamp the open ends to four-digit years so every bound stays a YYYY-MM-DD date.
  const earliest = openStart ? '1000-01-01' : x.earliest;
  const latest = openEnd ? '2999-12-31' : x.latest;
  let certain = x.certain ? { from: x.certain.from, to: OPEN_HIGH.has(x.certain.to) ? '2999-12-31' : x.certain.to } : null;
  // A whole-day point (a payment on 2019-03-04) is certain on that day.
  if (!certain && point && x.point && x.point.earliest === x.point.latest) certain = { from: x.point.earliest, to: x.point.latest };
  return { ...base, earliest, latest, certain, openStart, openEnd, point };
}

function periodText(start: PartialDate | undefined, end: PartialDate | undefined): string {
  const a = formatPartialDate(start);
  const b = formatPartialDate(end);
  if (a && b) return `${a} – ${b}`;
  if (a) return `${a} – …`;
  return `… – ${b}`;
}

const byDate = (a: TimelineItem, b: TimelineItem) => (a.earliest < b.earliest ? -1 : a.earliest > b.earliest ? 1 : a.latest < b.latest ? -1 : a.latest > b.latest ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Link kind in words for labels ("member_of" → "member of"). */
const kindWords = (k: string) => k.replace(/_/g, ' ');

/** The timeline from a (protected) snapshot and the dated claims. */
export function timelineFromSnapshot(s: CaseGraphSnapshot, claims: readonly DatedClaim[] = []): TimelineModel {
  const nodes = new Map(s.nodes.map((n) => [n.id, n]));
  const name = (id: string) => nodes.get(id)?.name ?? 'unknown entity';
  const items: TimelineItem[] = [];
  const undated = { events: 0, links: 0, claims: 0 };

  for (const e of s.events) {
    const x = eventExtent(e);
    if (!x) {
      undated.events++;
      continue;
    }
    const dateText = e.endDate ? periodText(e.date, e.endDate) : formatPartialDate(e.date);
    items.push(
      itemFromExtent(
        x,
        {
          id: e.id,
          kind: 'event',
          label: e.title,
          dateText,
          approximate: !!(e.date?.approximate || e.endDate?.approximate),
          entities: [...new Set(e.participants.map((p) => p.entityId).filter((id) => nodes.has(id)))],
          links: [],
        },
        !e.endDate,
      ),
    );
  }

  for (const l of s.links) {
    const x = extentOf(l);
    if (!x) {
      undated.links++;
      continue;
    }
    const period = !!(l.start || l.end);
    const dateText = period ? periodText(l.start, l.end) + (l.date ? `; ${formatPartialDate(l.date)}` : '') : formatPartialDate(l.date);
    const money = l.money ? ` (${l.money.amount.toLocaleString('en-US')}${l.money.currency ? ` ${l.money.currency}` : ''})` : '';
    items.push(
      itemFromExtent(
        x,
        {
          id: l.id,
          kind: 'link',
          label: `${name(l.source)} — ${kindWords(l.kind)} → ${name(l.target)}${money}`,
          dateText,
          approximate: !!(l.start?.approximate || l.end?.approximate || l.date?.approximate),
          entities: l.source === l.target ? [l.source] : [l.source, l.target],
          links: [l.id],
          subkind: l.kind,
        },
        !period,
      ),
    );
  }

  for (const c of claims) {
    const x = extentOf({ date: c.date });
    if (!x || !nodes.has(c.entityId)) {
      undated.claims++;
      continue;
    }
    items.push(
      itemFromExtent(
        x,
        { id: c.id, kind: 'claim', label: c.label, dateText: formatPartialDate(c.date), approximate: !!c.date?.approximate, entities: [c.entityId], links: [], subkind: c.conduct },
        true,
      ),
    );
  }

  items.sort(byDate);
  const laneItems = new Map<string, string[]>();
  for (const it of items) for (const id of it.entities) (laneItems.get(id) ?? laneItems.set(id, []).get(id)!).push(it.id);
  const first = new Map(items.map((it) => [it.id, it.earliest]));
  const lanes: TimelineLane[] = [...laneItems]
    .map(([entityId, ids]) => {
      const n = nodes.get(entityId)!;
      return { entityId, name: n.name, kind: n.kind, isWitness: n.isWitness, items: ids };
    })
    .sort((a, b) => {
      const fa = first.get(a.items[0]!)!;
      const fb = first.get(b.items[0]!)!;
      return fa < fb ? -1 : fa > fb ? 1 : a.name.localeCompare(b.name) || (a.entityId < b.entityId ? -1 : 1);
    });

  const domain = timeDomain(items.map((it) => ({ earliest: it.earliest, latest: it.latest, certain: it.certain, point: null })));
  return { caseId: s.caseId, caseName: s.caseName, items, lanes, domain, undated };
}

// --- time arithmetic for drawing (days since 1970-01-01, UTC) ------------------------------------------------

const DAY_MS = 86_400_000;

export function toDay(ymd: string): number {
  return Math.floor(Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10))) / DAY_MS);
}

export function fromDay(day: number): string {
  const d = new Date(Math.round(day) * DAY_MS);
  const y = d.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export type TickUnit = 'decade' | 'five-years' | 'two-years' | 'year' | 'quarter' | 'month' | 'week' | 'day';

export interface Tick {
  day: number;
  label: string;
  /** A larger boundary (a decade among years, a year among months): drawn stronger. */
  major: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The finest unit whose ticks fit: at most `maxTicks` over [from, to] (days). */
export function tickUnit(from: number, to: number, maxTicks = 12): TickUnit {
  const span = Math.max(1, to - from);
  const per: [TickUnit, number][] = [
    ['day', 1],
    ['week', 7],
    ['month', 30.44],
    ['quarter', 91.3],
    ['year', 365.25],
    ['two-years', 730.5],
    ['five-years', 1826.25],
    ['decade', 3652.5],
  ];
  for (const [u, d] of per) if (span / d <= maxTicks) return u;
  return 'decade';
}

/** Axis ticks over [from, to] (days), at calendar boundaries: decades down to days, as the zoom allows. */
export function ticks(from: number, to: number, maxTicks = 12): Tick[] {
  const unit = tickUnit(from, to, maxTicks);
  const out: Tick[] = [];
  const start = fromDay(from);
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7)) - 1;
  const push = (day: number, label: string, major: boolean) => {
    if (day >= from && day <= to) out.push({ day, label, major });
  };
  const dayOf = (yy: number, mm: number, dd = 1) => Math.floor(Date.UTC(yy, mm, dd) / DAY_MS);
  if (unit === 'decade' || unit === 'five-years' || unit === 'two-years' || unit === 'year') {
    const step = { decade: 10, 'five-years': 5, 'two-years': 2, year: 1 }[unit];
    y = Math.floor(y / step) * step;
    for (let yy = y; dayOf(yy, 0) <= to && out.length < 500; yy += step) push(dayOf(yy, 0), String(yy), step < 10 ? yy % 10 === 0 : yy % 100 === 0);
  } else if (unit === 'quarter' || unit === 'month') {
    const step = unit === 'quarter' ? 3 : 1;
    m = Math.floor(m / step) * step;
    for (let i = 0; out.length < 500; i++) {
      const mm = m + i * step;
      const d = dayOf(y, mm);
      if (d > to) break;
      const real = new Date(d * DAY_MS);
      const month = real.getUTCMonth();
      push(d, month === 0 ? String(real.getUTCFullYear()) : unit === 'quarter' ? `Q${month / 3 + 1}` : MONTHS[month]!, month === 0);
    }
  } else {
    const step = unit === 'week' ? 7 : 1;
    // Weeks start on Mondays (1970-01-01 was a Thursday: day 4 is a Monday).
    let d = unit === 'week' ? from - ((((from - 4) % 7) + 7) % 7) : Math.floor(from);
    for (; d <= to && out.length < 500; d += step) {
      const ymd = fromDay(d);
      const first = ymd.endsWith('-01');
      push(d, first ? `${MONTHS[Number(ymd.slice(5, 7)) - 1]} ${ymd.slice(0, 4)}` : String(Number(ymd.slice(8, 10))), first);
    }
  }
  return out;
}
