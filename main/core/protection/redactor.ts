/**
 * The redactor: from the matcher's (overlapping) matches to the spans that are replaced. Outright redactions
 * win over review hits, and the longest match wins where redactions overlap, so "Yonas Tesfamariam Berhe"
 * becomes one pseudonym rather than a pseudonym and a stray "Yonas".
 */
import type { Match } from './matcher';

export interface Chosen<M extends Match> {
  redact: M[];
  review: M[];
}

/** Non-overlapping spans: redactions first (longest first), then review hits outside them. */
export function chooseSpans<M extends Match>(matches: readonly M[]): Chosen<M> {
  const sorted = [...matches].sort((a, b) => (a.action === b.action ? b.end - b.start - (a.end - a.start) || a.start - b.start : a.action === 'redact' ? -1 : 1));
  const taken: M[] = [];
  const out: Chosen<M> = { redact: [], review: [] };
  for (const m of sorted) {
    if (taken.some((c) => m.start < c.end && c.start < m.end)) continue;
    taken.push(m);
    out[m.action].push(m);
  }
  return out;
}

/** Replace the spans (which must not overlap) by their replacements. */
export function applySpans(text: string, spans: readonly Match[]): string {
  let out = text;
  for (const m of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, m.start) + m.replacement + out.slice(m.end);
  return out;
}

/** Every outright redaction applied; review hits left as they are. */
export function redactText(text: string, matches: readonly Match[]): string {
  return applySpans(text, chooseSpans(matches).redact);
}
