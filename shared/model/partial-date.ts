/**
 * Partial dates as investigators record them: "1980", "1980-06", "1980-06-15", "approximately 1980",
 * "1980-1985", "between 1978 and 1982", "c. 1980". Stored as structured data so the time slider, the
 * screening matcher and the criteria engine can reason about bounds; the original text is kept verbatim.
 *
 * Pure (no Node, no DOM): used in main, the renderer and workers.
 */
import { z } from 'zod';

const YMD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export const PartialDateValue = z.string().regex(YMD, 'use YYYY, YYYY-MM or YYYY-MM-DD');

export const PartialDate = z
  .object({
    /** A single (possibly partial) date. */
    value: PartialDateValue.optional(),
    /** A range: earliest and latest possible dates. */
    from: PartialDateValue.optional(),
    to: PartialDateValue.optional(),
    approximate: z.boolean().optional(),
    /** What the source said, verbatim (e.g. "30-35 years old in 2017"). */
    text: z.string().max(200).optional(),
  })
  .refine((d) => d.value !== undefined || d.from !== undefined || d.to !== undefined || d.text !== undefined, {
    message: 'a date needs a value, a range or the source text',
  });
export type PartialDate = z.infer<typeof PartialDate>;

function validYmd(y: number, m?: number, d?: number): boolean {
  if (y < 1000 || y > 2999) return false;
  if (m === undefined) return true;
  if (m < 1 || m > 12) return false;
  if (d === undefined) return true;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d >= 1 && d <= days;
}

/** Normalise "1980/06/05", "05.06.1980", "1980-6" … to YYYY[-MM[-DD]], or null. */
export function normaliseYmd(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    const mo = m[2] ? Number(m[2]) : undefined;
    const d = m[3] ? Number(m[3]) : undefined;
    if (!validYmd(y, mo, d)) return null;
    return [m[1], mo && String(mo).padStart(2, '0'), d && String(d).padStart(2, '0')].filter(Boolean).join('-');
  }
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t); // day-first, as in most of the world
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    const y = Number(m[3]);
    if (!validYmd(y, mo, d)) return null;
    return `${m[3]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return null;
}

const APPROX = /^(?:approx(?:imately|\.)?|about|around|circa|ca?\.|c\.|~|est(?:imated)?\.?)\s*/i;

/** Parse free text into a PartialDate; returns one with only `text` when nothing structured is found. */
export function parsePartialDate(input: string): PartialDate {
  const text = input.trim();
  let rest = text;
  let approximate = false;
  const a = APPROX.exec(rest);
  if (a) {
    approximate = true;
    rest = rest.slice(a[0].length);
  }
  const single = normaliseYmd(rest);
  if (single) return approximate ? { value: single, approximate } : { value: single };
  const range =
    /^(?:between\s+)?(\d{4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?)\s*(?:-|–|—|\/|to|and|until)\s*(\d{4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?)$/i.exec(rest);
  if (range) {
    const from = normaliseYmd(range[1]!);
    const to = normaliseYmd(range[2]!);
    if (from && to && from <= to) return approximate ? { from, to, approximate } : { from, to };
  }
  return { text };
}

function startOf(v: string): string {
  const [y, m, d] = v.split('-');
  return `${y}-${m ?? '01'}-${d ?? '01'}`;
}

function endOf(v: string): string {
  const [y, m, d] = v.split('-');
  if (d) return v;
  if (m) return `${y}-${m}-${String(new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate()).padStart(2, '0')}`;
  return `${y}-12-31`;
}

function shiftYears(ymd: string, years: number): string {
  return `${Number(ymd.slice(0, 4)) + years}${ymd.slice(4)}`;
}

/**
 * Earliest and latest full dates (YYYY-MM-DD) a partial date can mean; approximate dates widen by a year each
 * side. Null when the date is text only.
 */
export function dateBounds(d: PartialDate | undefined): { earliest: string; latest: string } | null {
  if (!d) return null;
  let earliest: string | undefined;
  let latest: string | undefined;
  if (d.value) {
    earliest = startOf(d.value);
    latest = endOf(d.value);
  } else if (d.from || d.to) {
    earliest = d.from ? startOf(d.from) : undefined;
    latest = d.to ? endOf(d.to) : undefined;
    earliest ??= '1000-01-01';
    latest ??= '2999-12-31';
  }
  if (!earliest || !latest) return null;
  if (d.approximate) {
    earliest = shiftYears(earliest, -1);
    latest = shiftYears(latest, 1);
  }
  return { earliest, latest };
}

/** Do two partial dates possibly refer to the same day? (Used by screening: a clear mismatch lowers a score.) */
export function datesOverlap(a: PartialDate | undefined, b: PartialDate | undefined): boolean | null {
  const x = dateBounds(a);
  const y = dateBounds(b);
  if (!x || !y) return null;
  return x.earliest <= y.latest && y.earliest <= x.latest;
}

/** Human form: "1980", "June 1980", "c. 1980", "1978–1982". */
export function formatPartialDate(d: PartialDate | undefined): string {
  if (!d) return '';
  const pre = d.approximate ? 'c. ' : '';
  if (d.value) return pre + d.value;
  if (d.from || d.to) return `${pre}${d.from ?? '…'}–${d.to ?? '…'}`;
  return d.text ?? '';
}

/** A sortable key (earliest bound), or '' for undated. */
export function sortKey(d: PartialDate | undefined): string {
  return dateBounds(d)?.earliest ?? '';
}
