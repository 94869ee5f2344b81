/**
 * Sanctions screening (main/core/screening): 10k queries against the UN Consolidated List (../shared, or a
 * generated list of the same size when it is absent: the table says which), and against a synthetic list of
 * 250k names (62.5k entries x name + 3 aliases, multi-script, test/bench/search-names.ts).
 *
 * Queries are aimed at listed entries (the name as listed, another spelling in another order, a typo, the
 * original script, one name dropped, with and without date of birth) mixed with unrelated names, so both
 * the hit and the miss paths are timed. Reported: matcher build time, queries/s, heap and RSS, and how many
 * aimed queries found their entry as match or possible. Baseline: fuse.js over every name (what one would
 * write first), on a subsample, in the same run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import type { ListEntry } from '../../../main/core/screening/list-model';
import { ListMatcher, type ScreenQuery } from '../../../main/core/screening/matcher';
import { parseUnConsolidatedList } from '../../../main/core/screening/un-xml';
import { generatedEntity, queryFor, rng, type GeneratedEntity } from '../search-names';
import type { BenchRow, BenchSuite } from '../types';
import { round } from '../util';

const UN_FILE = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..', 'shared', 'un-consolidated-list', 'un-sc-consolidated-2020-03-20.xml');
const QUERIES = 10_000;
const BIG_ENTRIES = 62_500;
const BIG_QUERIES = 2_000;
const FUSE_SAMPLE_UN = 200;
const FUSE_SAMPLE_BIG = 10;
const TARGET_QPS = 500;
const NATS = ['ly', 'er', 'et', 'sd', 'eg', 'so', 'tn', 'ng'];

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

function memMiB(): { heap: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 1024 / 1024, rss: m.rss / 1024 / 1024 };
}

/** A generated case-file entity as a list entry, with a date of birth and nationality for persons. */
function entryOf(e: GeneratedEntity, i: number): ListEntry {
  const r = rng(i * 31 + 5);
  const person = e.kind === 'person';
  const aliases = (e.aliases ?? []).map((a) => (typeof a === 'string' ? a : a.value));
  return {
    id: `GEN.${i}`,
    schema: person ? 'Person' : 'Organization',
    caption: e.name,
    names: [{ value: e.name, kind: 'primary' }, ...aliases.map((value) => ({ value, kind: /\p{Script=Latin}/u.test(value) ? ('alias' as const) : ('original-script' as const) }))],
    birthDates: person ? [`${1950 + Math.floor(r() * 50)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`] : [],
    nationalities: person ? [NATS[Math.floor(r() * NATS.length)]!] : [],
    programs: ['GEN'],
  };
}

export function generatedList(n: number, seed: number): ListEntry[] {
  const cases = ['c'.repeat(32)];
  return Array.from({ length: n }, (_, i) => entryOf(generatedEntity(i, cases, seed), i));
}

function typo(word: string): string {
  return word.length < 5 ? word : word.slice(0, 2) + word[3] + word[2] + word.slice(4);
}

/** Queries aimed at listed entries (with their id) and unrelated ones (target null), deterministic. */
export function queriesFor(entries: readonly ListEntry[], n: number, unrelated: readonly ListEntry[]): { q: ScreenQuery; target: string | null }[] {
  const r = rng(4242);
  const out: { q: ScreenQuery; target: string | null }[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 4 === 3) {
      // Unrelated: a generated person from another population of names.
      const u = unrelated[i % unrelated.length]!;
      out.push({ q: { id: `u${i}`, schema: 'Person', names: [u.names[0]!.value], birthDates: u.birthDates }, target: null });
      continue;
    }
    const e = entries[Math.floor(r() * entries.length)]!;
    const primary = e.names[0]!.value;
    const words = primary.split(' ');
    const other = e.names.find((x) => x.kind === 'original-script')?.value;
    let name: string;
    switch (i % 6) {
      case 0: name = primary; break;
      case 1: name = [...words].reverse().join(' '); break;
      case 2: name = words.map((w, k) => (k === words.length - 1 ? typo(w) : w)).join(' '); break;
      case 3: name = other ?? primary; break;
      case 4: name = words.length > 2 ? words.filter((_, k) => k !== 1).join(' ') : primary; break;
      default: name = e.names[Math.min(e.names.length - 1, 2)]!.value;
    }
    const q: ScreenQuery = { id: `q${i}`, schema: e.schema, names: [name] };
    if (i % 2 === 0 && e.birthDates.length) q.birthDates = [e.birthDates[0]!];
    if (i % 3 === 0 && e.nationalities.length) q.nationalities = [e.nationalities[0]!];
    out.push({ q, target: e.id });
  }
  return out;
}

interface Run {
  qps: number;
  found: number;
  aimed: number;
  matches: number;
}

function run(matcher: ListMatcher, queries: readonly { q: ScreenQuery; target: string | null }[]): Run {
  for (const { q } of queries.slice(0, 200)) matcher.screen(q); // warm-up (JIT)
  let found = 0;
  let aimed = 0;
  let matches = 0;
  const t = performance.now();
  for (const { q, target } of queries) {
    const rs = matcher.screen(q);
    if (target) {
      aimed++;
      if (rs.some((x) => x.id === target && x.verdict !== 'none')) found++;
    } else if (rs.some((x) => x.verdict === 'match')) matches++;
  }
  return { qps: queries.length / ((performance.now() - t) / 1000), found, aimed, matches };
}

function fuseQps(entries: readonly ListEntry[], queries: readonly { q: ScreenQuery }[], sample: number, log: (m: string) => void, label: string): number {
  const flat = entries.flatMap((e) => e.names.map((n) => ({ id: e.id, name: n.value })));
  const t0 = performance.now();
  const fuse = new Fuse(flat, { keys: ['name'], includeScore: true, threshold: 0.4, ignoreLocation: true });
  const buildMs = performance.now() - t0;
  const picked = queries.filter((_, i) => i % Math.floor(queries.length / sample) === 0).slice(0, sample);
  const t = performance.now();
  for (const { q } of picked) for (const n of q.names) fuse.search(n, { limit: 10 });
  const ms = performance.now() - t;
  log(`fuse.js over ${flat.length} names (${label}): built in ${round(buildMs)} ms, ${picked.length} queries in ${round(ms)} ms`);
  return picked.length / (ms / 1000);
}

export const suite: BenchSuite = {
  name: 'screening',
  description: `sanctions screening: ${QUERIES / 1000}k queries against the UN list and ${BIG_QUERIES / 1000}k against a ${(BIG_ENTRIES * 4) / 1000}k-name list; vs fuse.js over all names`,
  async run({ log }) {
    const rows: BenchRow[] = [];
    const haveUn = existsSync(UN_FILE);
    const unEntries = haveUn ? parseUnConsolidatedList(readFileSync(UN_FILE), UN_FILE).entries : generatedList(1014, 11);
    const label = haveUn ? 'UN list 2020-03-20' : 'generated 1,014-entry list (../shared/un-consolidated-list absent)';
    log(`list: ${label}, ${unEntries.length} entries`);
    const unrelated = generatedList(2_000, 99);

    // ---- the UN list
    const m0 = memMiB();
    let t = performance.now();
    const unMatcher = new ListMatcher(unEntries);
    const unBuildMs = performance.now() - t;
    const m1 = memMiB();
    const unQueries = queriesFor(unEntries, QUERIES, unrelated);
    const un = run(unMatcher, unQueries);
    const m2 = memMiB();
    log(`${label}: ${unMatcher.nameCount} names, built in ${round(unBuildMs)} ms; ${round(un.qps)} q/s; ${un.found}/${un.aimed} aimed queries found; ${un.matches} unrelated queries matched`);
    const unFuse = fuseQps(unEntries, unQueries, FUSE_SAMPLE_UN, log, label);

    rows.push(
      { metric: `list (${haveUn ? 'UN 2020-03-20' : 'generated, UN absent'})`, value: unEntries.length, unit: 'entries' },
      { metric: 'UN: matcher build', value: round(unBuildMs), unit: 'ms' },
      { metric: 'UN: matcher heap', value: round(m1.heap - m0.heap, 1), unit: 'MiB' },
      { metric: `UN: screen ${QUERIES / 1000}k queries`, value: round(un.qps), unit: 'q/s', baseline: round(unFuse), ratio: unFuse / un.qps, target: `>= ${TARGET_QPS} q/s`, pass: un.qps >= TARGET_QPS },
      { metric: 'UN: aimed queries found (match/possible)', value: round((100 * un.found) / un.aimed, 1), unit: '%' },
      { metric: 'UN: unrelated queries called a match', value: round((100 * un.matches) / (QUERIES - un.aimed), 2), unit: '%' },
      { metric: 'UN: process RSS after run', value: round(m2.rss), unit: 'MiB' },
    );

    // ---- a synthetic 250k-name list
    const big = generatedList(BIG_ENTRIES, 7);
    const names = big.reduce((n, e) => n + e.names.length, 0);
    const b0 = memMiB();
    t = performance.now();
    const bigMatcher = new ListMatcher(big);
    const bigBuildMs = performance.now() - t;
    const b1 = memMiB();
    const bigQueries = queriesFor(big, BIG_QUERIES, unrelated);
    // Half the aimed queries as the search bench writes them (spelling variants, typos, script).
    const r = rng(77);
    const people = big.map((e, i) => ({ e, g: generatedEntity(i, ['c'.repeat(32)], 7) })).filter((x) => x.g.population !== 'org');
    for (let i = 0; i < bigQueries.length; i += 8) {
      const p = people[Math.floor(r() * people.length)]!;
      const bq = queryFor(p.g, (['variant', 'typo', 'script'] as const)[i % 3]!, i + 1);
      bigQueries[i] = { q: { id: `s${i}`, schema: 'Person', names: [bq.text] }, target: p.e.id };
    }
    const bigRun = run(bigMatcher, bigQueries);
    const b2 = memMiB();
    log(`synthetic: ${names} names (${bigMatcher.nameCount} after de-duplication), built in ${round(bigBuildMs)} ms; ${round(bigRun.qps)} q/s; ${bigRun.found}/${bigRun.aimed} aimed found`);
    const bigFuse = fuseQps(big, bigQueries, FUSE_SAMPLE_BIG, log, 'synthetic');
    rows.push(
      { metric: 'synthetic: names', value: names, unit: 'names' },
      { metric: 'synthetic: matcher build', value: round(bigBuildMs), unit: 'ms' },
      { metric: 'synthetic: matcher heap', value: round(b1.heap - b0.heap), unit: 'MiB' },
      { metric: `synthetic: screen ${BIG_QUERIES / 1000}k queries`, value: round(bigRun.qps), unit: 'q/s', baseline: round(bigFuse, 2), ratio: bigFuse / bigRun.qps },
      { metric: 'synthetic: aimed queries found (match/possible)', value: round((100 * bigRun.found) / bigRun.aimed, 1), unit: '%' },
      { metric: 'synthetic: process RSS after run', value: round(b2.rss), unit: 'MiB' },
    );
    return rows;
  },
};
