/**
 * Time model of the graph: when a link or event can have been active, from partial dates
 * (shared/model/partial-date.ts `dateBounds`), and which of them a date window keeps.
 *
 * A link's extent is the hull of what it records:
 *  - a period (start / end, e.g. membership): from the earliest possible start to the latest possible end; a
 *    missing end means "still active" (investigators record memberships without an end), a missing start
 *    means "since an unknown time";
 *  - a date (a payment): the bounds of that date.
 * Text-only dates ("during the war") have no bounds: such a link counts as undated.
 *
 * A window keeps what was *possibly* active in it (bounds overlap), so a partial date is never dropped when it
 * could fall inside; `status` says whether it was *certainly* in the window, so the view can fade the rest.
 *
 * Pure (no Node, no DOM).
 */
import { dateBounds, type PartialDate } from '../model/partial-date';
import type { TimeWindow } from './snapshot';

export const MIN_DATE = '0000-01-01';
export const MAX_DATE = '9999-12-31';

export interface Extent {
  /** Earliest day it can have been active (YYYY-MM-DD), MIN_DATE when open. */
  earliest: string;
  /** Latest day, MAX_DATE when open. */
  latest: string;
  /** Days on which it was certainly active, when any are known (for a dated point, null unless a whole day). */
  certain: { from: string; to: string } | null;
  /** For a point in time (a payment): its bounds; "certainly in a window" means both bounds inside. */
  point: { earliest: string; latest: string } | null;
}

export type TimeStatus = 'certain' | 'possible' | 'undated';

interface Dated {
  start?: PartialDate | undefined;
  end?: PartialDate | undefined;
  date?: PartialDate | undefined;
}

/** The extent of a link (start/end/date) or an event (date/endDate mapped to start/end), or null if undated. */
export function extentOf(d: Dated): Extent | null {
  const start = dateBounds(d.start);
  const end = dateBounds(d.end);
  const point = dateBounds(d.date);
  let earliest: string | null = null;
  let latest: string | null = null;
  let certain: Extent['certain'] = null;
  if (start || end) {
    earliest = start?.earliest ?? MIN_DATE;
    latest = end?.latest ?? MAX_DATE;
    // Certainly active from the latest possible start to the earliest possible end (open end: still active).
    if (start) {
      const to = end?.earliest ?? MAX_DATE;
      if (start.latest <= to) certain = { from: start.latest, to };
    }
  }
  if (point) {
    earliest = earliest === null || point.earliest < earliest ? point.earliest : earliest;
    latest = latest === null || point.latest > latest ? point.latest : latest;
  }
  if (earliest === null || latest === null) return null;
  return { earliest, latest, certain, point };
}

/** An event's extent: its date, to its end date when it lasted. */
export function eventExtent(e: { date?: PartialDate | undefined; endDate?: PartialDate | undefined }): Extent | null {
  if (e.endDate) return extentOf({ start: e.date, end: e.endDate });
  return extentOf({ date: e.date });
}

/** A window's bounds as whole days; partial bounds widen ("2017" as `to` means up to 2017-12-31). */
export function windowBounds(w: TimeWindow): { from: string; to: string } {
  const from = w.from ? dateBounds({ value: w.from })!.earliest : MIN_DATE;
  const to = w.to ? dateBounds({ value: w.to })!.latest : MAX_DATE;
  return { from, to };
}

/** The window for "the network as of this date" (a partial date means any day of it). */
export function asOf(date: string, includeUndated = true): TimeWindow {
  return { from: date, to: date, includeUndated };
}

/**
 * Where an extent stands relative to a window: null = outside (filtered out), else certain / possible.
 * Undated things get 'undated' when the window includes them, else null.
 */
export function timeStatus(extent: Extent | null, w: TimeWindow): TimeStatus | null {
  if (!extent) return w.includeUndated === false ? null : 'undated';
  const { from, to } = windowBounds(w);
  if (extent.earliest > to || extent.latest < from) return null;
  const certainPeriod = extent.certain !== null && extent.certain.from <= to && extent.certain.to >= from;
  const certainPoint = extent.point !== null && extent.point.earliest >= from && extent.point.latest <= to;
  return certainPeriod || certainPoint ? 'certain' : 'possible';
}

/** The date range the slider should span: earliest and latest known bounds (open ends ignored). */
export function timeDomain(items: Iterable<Extent | null>): { from: string; to: string } | null {
  let from: string | null = null;
  let to: string | null = null;
  const see = (d: string) => {
    // Open ends, ours and dateBounds' own ("from 2015" has latest 2999-12-31), would stretch the slider.
    if (d === MIN_DATE || d === MAX_DATE || d === '1000-01-01' || d === '2999-12-31') return;
    if (from === null || d < from) from = d;
    if (to === null || d > to) to = d;
  };
  for (const e of items) {
    if (!e) continue;
    see(e.earliest);
    see(e.latest);
    if (e.certain) {
      see(e.certain.from);
      see(e.certain.to);
    }
  }
  return from !== null && to !== null ? { from, to } : null;
}
