/**
 * `sanctum screen`, `sanctum match` and `sanctum lists parse`: sanctions list screening without a vault.
 * `match` speaks yente's match API (one request document in, one response document out, core/screening/yente.ts);
 * `screen` keeps its own JSON-lines format. The list file (UN
 * Consolidated List XML or FtM JSON lines) is read into memory, the queries are streamed line by line, and each
 * result line is written as soon as its query is screened. (The vault-backed `lists import` lives elsewhere.)
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { escapeJsonControls } from '../../../shared/text/controls';
import { SanctumError } from '../../core/errors';
import { MAX_LINE_BYTES, readLines } from '../../core/exchange/ftm/lines';
import { LIST_FORMATS, ListMatcher, readListFile, type ListFormat, type ListSnapshot, type ScreenQuery } from '../../core/screening';
import { DEFAULT_THRESHOLD, POSSIBLE_BAND } from '../../core/screening/matcher';
import { answerMatch, queryIdentifiers, MAX_MATCH_LIMIT, MAX_MATCH_QUERIES, YENTE_LIMIT, YENTE_THRESHOLD } from '../../core/screening/yente';
import { YenteMatchRequest } from '../../core/screening/yente-schema';
import { defineCommand, UsageError, type Command, type CommandContext } from '../registry';

const FORMAT_OPTION = { type: 'string', valueName: 'F', description: `the list format: ${LIST_FORMATS.join(', ')}` } as const;

function formatOf(ctx: CommandContext): ListFormat {
  const f = ctx.string('format');
  if (f === undefined) throw new UsageError(`--format is required (${LIST_FORMATS.join(', ')})`, ctx.command);
  if (!(LIST_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown list format "${f}"; allowed: ${LIST_FORMATS.join(', ')}`, ctx.command);
  return f as ListFormat;
}

function existingFile(path: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw new SanctumError('NOT_FOUND', `cannot read ${path}`, path);
  return path;
}

function listSummary(s: ListSnapshot) {
  return { format: s.format, source: s.source, sha256: s.sha256, generatedAt: s.generatedAt ?? null, counts: s.counts, entries: s.entries.length };
}

/** How many entries carry each kept field, and how many values no country code was found for. */
function fieldCounts(s: ListSnapshot) {
  const n = (has: (e: ListSnapshot['entries'][number]) => boolean) => s.entries.filter(has).length;
  return {
    identifiers: n((e) => !!e.identifiers?.length),
    birthPlaces: n((e) => !!e.birthPlaces?.length),
    addresses: n((e) => !!e.addresses?.length),
    gender: n((e) => !!e.gender),
    titles: n((e) => !!e.titles?.length),
    positions: n((e) => !!e.positions?.length),
    lastUpdated: n((e) => !!e.lastUpdated),
    unmappedCountries: s.entries.reduce((k, e) => k + (e.remarks?.match(/not mapped to a country code/g)?.length ?? 0), 0),
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** One input line, an FtM entity as yente's match API takes it, as a screening query; or why it is not one. */
export function queryOf(text: string, line: number): ScreenQuery | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not a JSON object';
  const o = raw as Record<string, unknown>;
  const p = (typeof o.properties === 'object' && o.properties !== null ? o.properties : {}) as Record<string, unknown>;
  const names = [...strings(p.name), ...strings(p.alias), ...strings(p.weakAlias), ...strings(p.previousName)];
  const schema = typeof o.schema === 'string' ? o.schema : 'Thing';
  const identifiers = queryIdentifiers(schema, p);
  if (!names.length && !identifiers.length) return 'no "name" property';
  const q: ScreenQuery = { id: typeof o.id === 'string' && o.id ? o.id : `line ${line}`, schema, names };
  if (identifiers.length) q.identifiers = identifiers;
  const gender = strings(p.gender)[0];
  if (gender) q.gender = gender;
  const dates = strings(p.birthDate);
  if (dates.length) q.birthDates = dates;
  const nats = [...strings(p.nationality), ...strings(p.citizenship), ...strings(p.country)];
  if (nats.length) q.nationalities = nats;
  return q;
}

const listsParse = defineCommand({
  path: ['lists', 'parse'],
  group: 'Sanctions lists',
  summary: 'Read a sanctions list file and print what it holds (no vault)',
  usage: '<file> --format un-xml|ftm [--records]',
  description: `
Reads a UN Security Council Consolidated List (un-xml) or FollowTheMoney / OpenSanctions JSON lines (ftm) and
prints the counts of individuals, entities and aliases, how many entries carry documents, places of birth,
addresses, gender, titles, positions and amendment dates, how many country names could not be mapped to a code,
the file's SHA-256 and, for FtM, every line that could not be read. --records adds every entry as read (one JSON
line each; with --json, a "records" array). An XML file with a DOCTYPE or entity declaration is refused
(external entities, billion laughs).`,
  positionals: [{ name: 'file', description: 'the list file (- for standard input)', path: true }],
  options: { format: FORMAT_OPTION, records: { type: 'boolean', description: 'print every entry as read' } },
  async run(ctx) {
    const file = existingFile(await ctx.inputFile(ctx.arg(0)));
    const snap = await readListFile(file, formatOf(ctx));
    const problems = snap.problems ?? [];
    const records = ctx.flag('records');
    const fields = fieldCounts(snap);
    const json = { ...listSummary(snap), fields, problems, skipped: snap.skipped ?? 0, ...(records ? { records: snap.entries } : {}) };
    const c = snap.counts;
    const text = [
      `${file} (${snap.format}${snap.generatedAt ? `, generated ${snap.generatedAt}` : ''})`,
      `  ${c.individuals} individuals, ${c.entities} entities, ${c.aliases} aliases`,
      `  with documents ${fields.identifiers}, places of birth ${fields.birthPlaces}, addresses ${fields.addresses}, gender ${fields.gender}, titles ${fields.titles}, positions ${fields.positions}, last updated ${fields.lastUpdated}; country names not mapped: ${fields.unmappedCountries}`,
      `  SHA-256 ${snap.sha256}`,
      ...(snap.skipped ? [`  ${snap.skipped} records of other schemata skipped`] : []),
      ...problems.slice(0, 20).map((p) => `  ${p.where}: ${p.reason}`),
      ...(problems.length > 20 ? [`  … ${problems.length - 20} more (see --json)`] : []),
      // JSON lines: control and bidi characters as \u escapes, so the output layer leaves the JSON intact.
      ...(records ? snap.entries.map((e) => escapeJsonControls(JSON.stringify(e))) : []),
    ].join('\n');
    return { json, text, exitCode: problems.length ? 1 : 0 };
  },
});

const screen = defineCommand({
  path: ['screen'],
  group: 'Sanctions lists',
  summary: 'Screen people and organisations against a sanctions list file (no vault)',
  usage: '--list FILE --format un-xml|ftm --input QUERIES.jsonl [--threshold T] [--limit N] [--explain]',
  description: `
Each line of the input is an FtM entity as yente's match API takes it:
  {"id": "q1", "schema": "Person", "properties": {"name": ["..."], "birthDate": ["1988"], "nationality": ["ly"]}}
(alias, weakAlias and previousName count as names; citizenship and country as nationalities; identifier
properties such as passportNumber, idNumber, imoNumber, registrationNumber match on their own; gender counts).

Output, one JSON line per query as it is screened, results best first:
  {"query": "q1", "results": [{"id": "LYi.026", "caption": "...", "score": 0.97, "verdict": "match", "features": {...}}]}
A line that is not a query becomes {"line": N, "error": "..."} and the exit code 1. --explain adds each result's
reasons. With --json, one document instead: the list's counts and hash, a summary, and the same result lines.

Verdicts: "match" from the threshold (default ${DEFAULT_THRESHOLD}), "possible" from 0.15 below it. A conflicting date of
birth, or persons against organisations, is never a "match".`,
  positionals: [],
  options: {
    list: { type: 'string', valueName: 'FILE', description: 'the sanctions list (- for standard input)', path: true },
    format: FORMAT_OPTION,
    input: { type: 'string', valueName: 'FILE', description: 'the queries, FtM JSON lines (- for standard input)', path: true },
    threshold: { type: 'string', valueName: 'T', description: `score from which a result is a match (0 to 1, default ${DEFAULT_THRESHOLD})` },
    limit: { type: 'string', valueName: 'N', description: 'results per query (default 10, at most 100)' },
    explain: { type: 'boolean', description: 'add the reasons for each score to each result' },
  },
  async run(ctx) {
    const listArg = ctx.string('list');
    const inputArg = ctx.string('input');
    if (listArg === undefined) throw new UsageError('--list FILE is required', ctx.command);
    if (inputArg === undefined) throw new UsageError('--input FILE is required', ctx.command);
    const listFile = await ctx.inputFile(listArg);
    const input = await ctx.inputFile(inputArg);
    const format = formatOf(ctx);
    const rawThreshold = ctx.string('threshold');
    const threshold = rawThreshold === undefined ? DEFAULT_THRESHOLD : Number(rawThreshold);
    if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) throw new UsageError(`--threshold takes a number above 0 and at most 1, not "${rawThreshold}"`, ctx.command);
    const limit = ctx.int('limit', { min: 1, max: 100, default: 10 })!;
    const explain = ctx.flag('explain');
    existingFile(input);
    const snap = await readListFile(existingFile(listFile), format);
    const matcher = new ListMatcher(snap.entries);
    const lines: unknown[] = [];
    const summary = { queries: 0, rejected: 0, withMatch: 0, withPossible: 0 };
    const emit = (doc: unknown) => {
      if (ctx.json) lines.push(doc);
      // JSON lines: control and bidi characters as \u escapes, so the output layer leaves the JSON intact.
      else ctx.io.out(`${escapeJsonControls(JSON.stringify(doc))}\n`);
    };
    await readLines(
      input,
      {
        line(no, text) {
          const q = queryOf(text, no);
          if (typeof q === 'string') {
            summary.rejected++;
            return emit({ line: no, error: q });
          }
          summary.queries++;
          const results = matcher.screen(q, { threshold, limit });
          if (results.some((r) => r.verdict === 'match')) summary.withMatch++;
          else if (results.some((r) => r.verdict === 'possible')) summary.withPossible++;
          emit({
            query: q.id,
            results: results.map((r) => ({ id: r.id, caption: r.caption, score: r.score, verdict: r.verdict, features: r.features, ...(explain ? { explanation: r.explanation } : {}) })),
          });
        },
        reject(no, reason) {
          summary.rejected++;
          emit({ line: no, error: reason });
        },
      },
      { maxLineBytes: Math.min(MAX_LINE_BYTES, 1024 * 1024) },
    );
    const exitCode = summary.rejected ? 1 : 0;
    const line = `screened ${summary.queries} queries against ${snap.entries.length} listed (${snap.sha256.slice(0, 12)}…): ${summary.withMatch} with a match, ${summary.withPossible} with a possible match${summary.rejected ? `, ${summary.rejected} input line(s) rejected` : ''}`;
    if (ctx.json) return { json: { list: listSummary(snap), threshold, summary, results: lines }, text: '', exitCode };
    ctx.io.err(`${line}\n`);
    return { json: null, text: '', exitCode };
  },
});

/** The largest match request read (a yente batch is far smaller). */
const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** A whole input (file or stdin), at most `max` bytes. */
async function readAll(source: AsyncIterable<Uint8Array>, max: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > max) throw new SanctumError('INVALID_INPUT', `${what} is larger than ${max / 1024 / 1024} MiB`, what);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

function numberOption(ctx: CommandContext, name: string, fallback: number): number {
  const raw = ctx.string(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} takes a number from 0 to 1, not "${raw}"`, ctx.command);
  return n;
}

const match = defineCommand({
  path: ['match'],
  group: 'Sanctions lists',
  summary: "Match entities against a sanctions list file, in yente's request and response shape (no vault)",
  usage: '--list FILE --format un-xml|ftm --input FILE|- [--threshold T] [--limit N] [--cutoff C]',
  description: `
Reads one yente match request (the body of POST /match/{dataset}) from a file, or from stdin with --input -:
  {"queries": {"q1": {"schema": "Person", "properties": {"name": ["..."], "birthDate": "1979",
                                                        "passportNumber": ["..."]}}}}
A property value is a string or a list of strings. Names: name, alias, weakAlias, previousName, and the parts
firstName, secondName, middleName, fatherName, motherName, lastName. Also read: birthDate, nationality,
citizenship, country, jurisdiction, gender, and every identifier property (passportNumber, idNumber,
imoNumber, mmsi, registrationNumber, leiCode, swiftBic, taxNumber, innCode …). "weights" and "config" are
accepted and ignored. At most ${MAX_MATCH_QUERIES} queries.

Writes one yente response document to stdout:
  {"responses": {"q1": {"status": 200, "results": [{"id", "caption", "schema", "properties", "datasets",
   "target", "score", "match", "features", "explanations", ...}], "total": {"value": N, "relation": "eq"},
   "query": {...}}}, "matcher": {...}, "limit": N}
"explanations" say, per feature (name, identifier, birth_date, nationality, gender, target, schema, verdict),
its score and why. An identifier of a compatible kind matches on its own (a renamed vessel with its IMO number).

Defaults are yente's: --threshold ${YENTE_THRESHOLD} (sanctum screen: ${DEFAULT_THRESHOLD}), --limit ${YENTE_LIMIT}. Unlike yente, "match" is
sanctum's verdict (a conflicting date of birth or gender, a non-target entry or an incompatible schema is never
a match), results are returned down to --cutoff (default: ${POSSIBLE_BAND} below the threshold), and total counts
every result above the cut-off. The query is the user's own: nothing is read from or written to a vault.`,
  positionals: [],
  options: {
    list: { type: 'string', valueName: 'FILE', description: 'the sanctions list' },
    format: FORMAT_OPTION,
    input: { type: 'string', valueName: 'FILE', description: 'the yente match request, or - for stdin' },
    threshold: { type: 'string', valueName: 'T', description: `score from which a result is a match (0 to 1, default ${YENTE_THRESHOLD}, as yente)` },
    limit: { type: 'string', valueName: 'N', description: `results per query (default ${YENTE_LIMIT}, as yente; at most ${MAX_MATCH_LIMIT})` },
    cutoff: { type: 'string', valueName: 'C', description: `lowest score returned (0 to 1, default ${POSSIBLE_BAND} below the threshold)` },
  },
  async run(ctx) {
    const listFile = ctx.string('list');
    const input = ctx.string('input');
    if (listFile === undefined) throw new UsageError('--list FILE is required', ctx.command);
    if (input === undefined) throw new UsageError('--input FILE (or - for stdin) is required', ctx.command);
    const format = formatOf(ctx);
    const threshold = numberOption(ctx, 'threshold', YENTE_THRESHOLD);
    if (threshold === 0) throw new UsageError('--threshold must be above 0', ctx.command);
    const cutoffRaw = ctx.string('cutoff');
    const cutoff = cutoffRaw === undefined ? undefined : numberOption(ctx, 'cutoff', 0);
    const limit = ctx.int('limit', { min: 1, max: MAX_MATCH_LIMIT, default: YENTE_LIMIT })!;
    let source: AsyncIterable<Uint8Array>;
    if (input === '-') {
      if (!ctx.io.stdin) throw new UsageError('--input -: there is no standard input here', ctx.command);
      source = ctx.io.stdin();
    } else source = createReadStream(existingFile(input));
    const bytes = await readAll(source, MAX_REQUEST_BYTES, input === '-' ? 'stdin' : input);
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new SanctumError('INVALID_INPUT', `the match request is not JSON: ${(e as Error).message}`, 'input');
    }
    const req = YenteMatchRequest.safeParse(raw);
    if (!req.success) {
      const first = req.error.issues[0]!;
      throw new SanctumError('INVALID_INPUT', `the match request is not yente's shape: ${first.path.join('.') || '(document)'}: ${first.message}`, 'input');
    }
    const snap = await readListFile(existingFile(listFile), format);
    const matcher = new ListMatcher(snap.entries);
    const dataset = basename(listFile).replace(/\.(ftm\.)?(json|jsonl|ndjson|xml)$/i, '') || format;
    const res = answerMatch(matcher, req.data, { threshold, limit, dataset, ...(cutoff !== undefined ? { cutoff } : {}) });
    if ('error' in res) throw new SanctumError('INVALID_INPUT', res.error, 'input');
    // The response is the document on stdout with or without --json; control and bidi characters as \u escapes.
    if (ctx.json) return { json: res, text: '' };
    ctx.io.out(`${escapeJsonControls(JSON.stringify(res))}\n`);
    const n = Object.keys(res.responses).length;
    const matched = Object.values(res.responses).filter((r) => r.results.some((x) => x.match)).length;
    ctx.io.err(`matched ${n} ${n === 1 ? 'query' : 'queries'} against ${snap.entries.length} listed (${snap.sha256.slice(0, 12)}…): ${matched} with a match\n`);
    return { json: null, text: '' };
  },
});

export const screeningCommands: Command[] = [screen, match, listsParse];
