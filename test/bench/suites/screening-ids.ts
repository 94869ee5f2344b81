/**
 * Screening with identifiers (issue 12) at the sizes:
 *
 *  - a 10k-entity case screened against a 250k-name list (62.5k entries x name + 3 aliases, the screening suite's
 *    synthetic list), every person on it with a passport number and a gender, every organisation with a
 *    registration number. The case: the screening suite's aimed and unrelated queries; a fifth of the aimed ones
 *    carry the listed passport / registration number (written another way: lower case, spaces), a twentieth of
 *    those under another name (renamed: only the number can find it), and every unrelated one a number that is
 *    not listed. Baseline, same run: the same queries without identifiers (name screening only, interleaved
 *    chunk by chunk with the identifier run), and the identifier lookup as a scan of every listed identifier
 *    per query (what the index replaces);
 *  - import of a 1M-entity FtM list (persons with passports, companies, vessels, Passport and Sanction records),
 *    generated into the work folder and read in a child process, so peak RSS is the import's. Baseline: the same
 *    lines read and JSON.parse'd, nothing else.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { ListEntry, ListIdentifierKind } from '../../../main/core/screening/list-model';
import { identifierKindsCompatible, ListMatcher, normaliseIdentifier, type ScreenQuery } from '../../../main/core/screening/matcher';
import { rng } from '../search-names';
import type { BenchRow, BenchSuite } from '../types';
import { round } from '../util';
import { generatedList, queriesFor } from './screening';

const LIST_ENTRIES = 62_500;
const CASE_ENTITIES = 10_000;
const SCAN_SAMPLE = 200;
const IMPORT_ENTITIES = 1_000_000;
const TARGET_QPS = 500;
const CHILD = fileURLToPath(new URL('../ftm-list-child.ts', import.meta.url));

interface Aimed {
  q: ScreenQuery;
  target: string | null;
  /** Aimed by identifier: found only as a match counts. */
  byId: boolean;
  renamed: boolean;
}

/** The synthetic list with identifiers and genders. */
function listWithIdentifiers(): ListEntry[] {
  const entries = generatedList(LIST_ENTRIES, 7);
  entries.forEach((e, i) => {
    const r = rng(i * 17 + 3);
    if (e.schema === 'Person') {
      e.identifiers = [{ kind: 'passport', value: `${'ABEJLNPS'[i % 8]}${String(1_000_000 + i * 7).padStart(8, '0')}`, country: e.nationalities[0]! }];
      e.gender = r() < 0.7 ? 'male' : 'female';
    } else e.identifiers = [{ kind: 'registration', value: `RC-${100_000 + i}` }];
  });
  return entries;
}

/** The case: aimed and unrelated queries, with identifiers as the header says. */
function caseQueries(list: readonly ListEntry[]): Aimed[] {
  const unrelated = generatedList(2_000, 99);
  const byId = new Map(list.map((e) => [e.id, e]));
  let k = 0;
  return queriesFor(list, CASE_ENTITIES, unrelated).map(({ q, target }, i) => {
    if (!target) return { q: { ...q, identifiers: [{ kind: 'passport' as ListIdentifierKind, value: `Z${String(90_000_000 + i)}` }] }, target, byId: false, renamed: false };
    const e = byId.get(target)!;
    if (e.gender) q.gender = e.gender;
    if (k++ % 5 !== 0) return { q, target, byId: false, renamed: false };
    const id = e.identifiers![0]!;
    const value = id.value.toLowerCase().replace(/(\d{4})/, ' $1 ');
    const renamed = k % 20 === 1;
    const names = renamed ? [unrelated[i % unrelated.length]!.names[0]!.value] : q.names;
    return { q: { ...q, names, identifiers: [{ kind: id.kind, value }] }, target, byId: true, renamed };
  });
}

interface Tally {
  ms: number;
  found: number;
  aimed: number;
  idAimed: number;
  idMatch: number;
  renamed: number;
  renamedMatch: number;
  falseMatch: number;
  unrelated: number;
}

const strip = (q: ScreenQuery): ScreenQuery => {
  const { identifiers: _ids, ...rest } = q;
  return rest;
};

function tally(m: ListMatcher, queries: readonly Aimed[], withIds: boolean, t: Tally): void {
  const start = performance.now();
  const results = queries.map((x) => m.screen(withIds ? x.q : strip(x.q)));
  t.ms += performance.now() - start;
  queries.forEach((x, i) => {
    const rs = results[i]!;
    if (!x.target) {
      t.unrelated++;
      if (rs.some((r) => r.verdict === 'match')) t.falseMatch++;
      return;
    }
    const hit = rs.find((r) => r.id === x.target);
    if (x.renamed) {
      t.renamed++;
      if (hit?.verdict === 'match') t.renamedMatch++;
    } else {
      t.aimed++;
      if (hit && hit.verdict !== 'none') t.found++;
    }
    if (x.byId) {
      t.idAimed++;
      if (hit?.verdict === 'match') t.idMatch++;
    }
  });
}

/**
 * Both runs over the same queries, interleaved in chunks (with identifiers, then names only, chunk by chunk), so
 * a machine shared with other work slows both alike.
 */
function screenBoth(m: ListMatcher, queries: readonly Aimed[]): { withIds: Tally & { qps: number }; nameOnly: Tally & { qps: number } } {
  for (const x of queries.slice(0, 200)) m.screen(x.q); // warm-up
  const zero = (): Tally => ({ ms: 0, found: 0, aimed: 0, idAimed: 0, idMatch: 0, renamed: 0, renamedMatch: 0, falseMatch: 0, unrelated: 0 });
  const a = zero();
  const b = zero();
  for (let i = 0; i < queries.length; i += 500) {
    const chunk = queries.slice(i, i + 500);
    tally(m, chunk, true, a);
    tally(m, chunk, false, b);
  }
  return { withIds: { ...a, qps: queries.length / (a.ms / 1000) }, nameOnly: { ...b, qps: queries.length / (b.ms / 1000) } };
}

/** The obvious identifier lookup: every listed identifier, normalised and compared, for each query identifier. */
function scanLookup(list: readonly ListEntry[], q: ScreenQuery): number[] {
  const out: number[] = [];
  for (const qi of q.identifiers ?? []) {
    const k = normaliseIdentifier(qi.value);
    list.forEach((e, i) => {
      for (const li of e.identifiers ?? []) if (identifierKindsCompatible(qi.kind, li.kind) && normaliseIdentifier(li.value) === k) out.push(i);
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------ 1M FtM import

const GIVEN = ['Tesfay', 'Meron', 'Yonas', 'Amina', 'Ibrahim', 'Selam', 'Khalid', 'Hiwet', 'Omar', 'Saba', 'Mahmoud', 'Rahel', 'Abdirahman', 'Fatima'];
const FAMILY = ['Haile', 'Mohamed', 'Gebremariam', 'al-Zawi', 'Tekle', 'Hassan', 'Berhane', 'Yusuf', 'Kidane', 'Osman', 'Abraha', 'al-Warfalli'];
const COUNTRIES = ['er', 'et', 'sd', 'so', 'ly', 'ne', 'td', 'ng'];
const pick = <T>(xs: readonly T[], n: number): T => xs[Math.abs(n) % xs.length]!;

/** Entity i of the import file: 55% persons, 15% companies, 5% vessels, 15% passports (of person i-1), 10% sanctions. */
function ftmLine(i: number): string {
  const r = i % 20;
  const id = `imp-${i}`;
  if (r < 11) {
    return JSON.stringify({
      id,
      schema: 'Person',
      target: i % 7 !== 0,
      properties: {
        name: [`${pick(GIVEN, i)} ${pick(FAMILY, i >> 3)} ${pick(FAMILY, i >> 7)}`],
        alias: [`${pick(GIVEN, i)} ${pick(FAMILY, i >> 3)}`],
        gender: [i % 3 ? 'male' : 'female'],
        birthDate: [`19${50 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}`],
        nationality: [pick(COUNTRIES, i)],
        passportNumber: [`P${String(i).padStart(8, '0')}`],
        idNumber: [`N-${i}`],
      },
    });
  }
  if (r < 14) return JSON.stringify({ id, schema: 'Company', target: true, properties: { name: [`${pick(FAMILY, i)} Trading ${i} Ltd`], registrationNumber: [`C ${i}`], innCode: [String(7_700_000_000 + i)], jurisdiction: [pick(COUNTRIES, i)] } });
  if (r === 14) return JSON.stringify({ id, schema: 'Vessel', target: true, properties: { name: [`Sea ${pick(FAMILY, i)} ${i}`], imoNumber: [`IMO ${9_000_000 + (i % 999_999)}`], mmsi: [String(200_000_000 + i)] } });
  if (r < 18) return JSON.stringify({ id, schema: 'Passport', properties: { holder: [`imp-${i - (r - 14) - 4}`], number: [`X${i}`], country: [pick(COUNTRIES, i)] } });
  return JSON.stringify({ id, schema: 'Sanction', properties: { entity: [`imp-${i - r}`], program: ['Libya'] } });
}

async function writeImportFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < IMPORT_ENTITIES; i++) {
    buf += `${ftmLine(i)}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((res, rej) => out.on('finish', res).on('error', rej));
}

interface ChildResult {
  ms: number;
  lines: number;
  entries: number;
  identifiers: number;
  maxRssMiB: number;
}

function child(file: string, mode: 'list' | 'floor'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv.filter((a) => !a.startsWith('--inspect')), CHILD, file, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`ftm-list-child exited ${code}`))));
  });
}

export const suite: BenchSuite = {
  name: 'screening-ids',
  description: `screening with identifiers: a ${CASE_ENTITIES / 1000}k-entity case against a ${(LIST_ENTRIES * 4) / 1000}k-name list; import of a ${IMPORT_ENTITIES / 1e6}M-entity FtM list`,
  async run({ log, workDir }) {
    const rows: BenchRow[] = [];
    // ---- the 1M-entity import first, before this process holds the 250k-name matcher
    const file = join(workDir, 'list-1m.ftm.json');
    let t = performance.now();
    await writeImportFile(file);
    const mib = statSync(file).size / 1024 / 1024;
    log(`generated ${IMPORT_ENTITIES} FtM lines (${round(mib)} MiB) in ${round(performance.now() - t)} ms`);
    const floor = await child(file, 'floor');
    const imp = await child(file, 'list');
    log(`import: ${imp.entries} entries with ${imp.identifiers} identifiers in ${round(imp.ms)} ms, peak RSS ${round(imp.maxRssMiB)} MiB; JSON.parse alone ${round(floor.ms)} ms, ${round(floor.maxRssMiB)} MiB`);
    rows.push(
      { metric: `FtM list import: ${IMPORT_ENTITIES / 1e6}M entities (${round(mib)} MiB)`, value: round(IMPORT_ENTITIES / (imp.ms / 1000)), unit: 'entities/s', baseline: round(IMPORT_ENTITIES / (floor.ms / 1000)), ratio: imp.ms / floor.ms },
      { metric: 'FtM list import: entries read (persons, companies, vessels)', value: imp.entries, unit: 'entries' },
      { metric: 'FtM list import: identifiers attached', value: imp.identifiers, unit: 'identifiers' },
      { metric: 'FtM list import: peak RSS (child process)', value: round(imp.maxRssMiB), unit: 'MiB', baseline: round(floor.maxRssMiB), ratio: imp.maxRssMiB / floor.maxRssMiB },
    );

    // ---- a 10k-entity case against a 250k-name list
    const list = listWithIdentifiers();
    const names = list.reduce((n, e) => n + e.names.length, 0);
    t = performance.now();
    const m = new ListMatcher(list);
    const buildMs = performance.now() - t;
    const queries = caseQueries(list);
    const { withIds, nameOnly } = screenBoth(m, queries);
    log(`${names} names, built in ${round(buildMs)} ms; with identifiers ${round(withIds.qps)} q/s, names only ${round(nameOnly.qps)} q/s`);
    // The lookup alone: the index (a screen of identifier-only queries) against a scan of every listed identifier.
    const idQueries = queries.filter((x) => x.q.identifiers).slice(0, SCAN_SAMPLE);
    t = performance.now();
    for (const { q } of idQueries) m.screen({ id: q.id, schema: q.schema, names: [], identifiers: q.identifiers! });
    const indexUs = ((performance.now() - t) * 1000) / idQueries.length;
    t = performance.now();
    let scanned = 0;
    for (const { q } of idQueries) scanned += scanLookup(list, q).length;
    const scanUs = ((performance.now() - t) * 1000) / idQueries.length;
    log(`identifier lookup: index ${round(indexUs, 1)} µs/query, scan ${round(scanUs)} µs/query (${scanned} found)`);
    rows.push(
      { metric: 'list: names (entries x 4)', value: names, unit: 'names' },
      { metric: 'list: identifiers indexed', value: list.reduce((n, e) => n + (e.identifiers?.length ?? 0), 0), unit: 'identifiers' },
      { metric: 'matcher build (names + identifier index)', value: round(buildMs), unit: 'ms' },
      {
        metric: `case: screen ${CASE_ENTITIES / 1000}k entities with identifiers`,
        value: round(withIds.qps),
        unit: 'q/s',
        baseline: round(nameOnly.qps),
        ratio: nameOnly.qps / withIds.qps,
        target: `>= ${TARGET_QPS} q/s`,
        pass: withIds.qps >= TARGET_QPS,
      },
      { metric: 'identifier lookup per query: index (baseline: scan)', value: round(indexUs, 1), unit: 'µs', baseline: round(scanUs), ratio: indexUs / scanUs },
      { metric: 'aimed by name: found (match/possible)', value: round((100 * withIds.found) / withIds.aimed, 1), unit: '%' },
      { metric: 'aimed by identifier: found as match', value: round((100 * withIds.idMatch) / withIds.idAimed, 1), unit: '%' },
      { metric: 'renamed (identifier only): found as match', value: round((100 * withIds.renamedMatch) / Math.max(1, withIds.renamed), 1), unit: '%' },
      { metric: 'renamed, names only: found as match', value: round((100 * nameOnly.renamedMatch) / Math.max(1, nameOnly.renamed), 1), unit: '%' },
      { metric: 'unrelated queries called a match (baseline: names only)', value: round((100 * withIds.falseMatch) / withIds.unrelated, 2), unit: '%', baseline: round((100 * nameOnly.falseMatch) / nameOnly.unrelated, 2) },
    );
    return rows;
  },
};
