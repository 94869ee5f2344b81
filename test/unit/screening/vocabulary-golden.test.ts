/**
 * Screening and name-search results over fixed lists, compared with results recorded in
 * test/fixtures/golden/name-matching.json. Guards refactors of the shared term vocabulary
 * (shared/search/vocabulary.ts) and of ListMatcher's candidate search: the narrowing must change no result.
 * After an intended change of scoring, record again with SANCTUM_RECORD_GOLDEN=1 and review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ListEntry } from '../../../main/core/screening/list-model';
import { ListMatcher, type ScreenQuery } from '../../../main/core/screening/matcher';
import { parseUnConsolidatedList } from '../../../main/core/screening/un-xml';
import { NameIndex } from '../../../shared/search/name-index';
import { generatedEntity, queryFor, QUERY_KINDS, rng, type GeneratedEntity } from '../../bench/search-names';

const GOLDEN = new URL('../../fixtures/golden/name-matching.json', import.meta.url);
const RECORD = process.env.SANCTUM_RECORD_GOLDEN === '1';
const ENTRIES = 3_000;
/** Two-word "Mohamed X" entries, so that the commonest term passes the matcher's TERM_CAP (3,000 postings). */
const COMMON = 3_200;
const QUERIES = 250;

function entryOf(e: GeneratedEntity, i: number): ListEntry {
  const r = rng(i * 17 + 3);
  const person = e.kind === 'person';
  const aliases = (e.aliases ?? []).map((a) => (typeof a === 'string' ? a : a.value));
  const year = 1950 + Math.floor(r() * 50);
  return {
    id: `G.${i}`,
    schema: person ? 'Person' : 'Organization',
    caption: e.name,
    names: [{ value: e.name, kind: 'primary' }, ...aliases.map((value, k) => ({ value, kind: k % 2 ? ('alias' as const) : ('original-script' as const) }))],
    birthDates: person ? [`${year}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`] : [],
    nationalities: person ? [['ly', 'er', 'et', 'sd'][Math.floor(r() * 4)]!] : [],
    programs: ['G'],
  };
}

const generated = Array.from({ length: ENTRIES }, (_, i) => generatedEntity(i, ['case-a', 'case-b'], 7));
const un = parseUnConsolidatedList(readFileSync(new URL('../../fixtures/screening/un-small.xml', import.meta.url)), 'small').entries;
const variants = readFileSync(new URL('../../fixtures/screening/variants.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { query: ScreenQuery }).query);

/** Aimed queries of every kind (as typed, other spelling, prefix, typo, other script), some with a date. */
function queries(): { text: string; birthDates?: string[] }[] {
  const r = rng(99);
  const people = generated.filter((e) => e.kind === 'person');
  return Array.from({ length: QUERIES }, (_, i) => {
    const e = people[Math.floor(r() * people.length)]!;
    const q = queryFor(e, QUERY_KINDS[i % QUERY_KINDS.length]!, i);
    return i % 3 === 0 ? { text: q.text, birthDates: [`19${50 + (i % 50)}`] } : { text: q.text };
  });
}

/** "Mohamed <the last word of a generated name>", a person with no date or nationality. */
function commonEntry(i: number): ListEntry {
  const last = generated[i % ENTRIES]!.name.split(' ').at(-1)!;
  return { id: `M.${i}`, schema: 'Person', caption: `Mohamed ${last}`, names: [{ value: `Mohamed ${last}`, kind: 'primary' }], birthDates: [], nationalities: [], programs: ['G'] };
}

function screeningResults(): unknown[] {
  const matcher = new ListMatcher([...un, ...generated.map(entryOf), ...Array.from({ length: COMMON }, (_, i) => commonEntry(i))]);
  const all: ScreenQuery[] = [...variants, ...queries().map((q, i) => ({ id: `g${i}`, schema: 'Person', names: [q.text], ...(q.birthDates ? { birthDates: q.birthDates } : {}) }))];
  return all.map((q) => [q.id, matcher.screen(q, { limit: 3 }).map((r) => [r.id, r.score, r.verdict, r.explanation[0] ?? ''])]);
}

function searchResults(): unknown[] {
  const idx = new NameIndex();
  for (const e of generated) idx.upsert(e);
  return queries().map((q) => [q.text, idx.query(q.text, { limit: 3 }).map((h) => [h.id, h.score, h.matched])]);
}

describe('name matching over fixed lists', () => {
  const recorded = existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<'screening' | 'search', unknown[]>) : null;
  // Recording writes what the code returns now (no comparison); it never runs unless asked for, and no test is
  // skipped in a normal run.
  const fresh: Partial<Record<'screening' | 'search', unknown[]>> = {};
  const compare = (what: 'screening' | 'search', now: unknown[]) => {
    if (RECORD) {
      fresh[what] = now;
      if (fresh.screening && fresh.search) writeFileSync(GOLDEN, `${JSON.stringify({ screening: fresh.screening, search: fresh.search })}\n`);
      return;
    }
    expect(recorded, `${GOLDEN.pathname} is missing: record it with SANCTUM_RECORD_GOLDEN=1`).not.toBeNull();
    expect(now.length).toBe(recorded![what].length);
    now.forEach((r, i) => expect(r).toEqual(recorded![what][i]));
  };

  it('screening returns what was recorded, query by query', () => compare('screening', screeningResults()));
  it('name search returns what was recorded, query by query', () => compare('search', searchResults()));
});
