/**
 * yente's match API over a list file (`sanctum match`): a request document (yente-schema.ts YenteMatchRequest)
 * is read into screening queries and the matcher's results are written back in yente's response shape.
 *
 * Query properties read (others are kept in the echoed query and ignored): names (name, alias, weakAlias,
 * previousName, and the name parts firstName, secondName, middleName, fatherName, motherName, lastName joined as
 * one more name), birthDate, nationality / citizenship / country / jurisdiction, gender, and every property the
 * FtM model types as an identifier (passportNumber, idNumber, imoNumber, innCode …; programId excepted).
 *
 * Where we differ from yente (README): `match` is the screening verdict (score at or above the threshold and
 * no cap: a conflicting date of birth or gender, an incompatible schema, a non-target entry, common name parts
 * only are never a match), results are returned down to the cut-off (the "possible" band, 0.15 below the
 * threshold, unless given), and `total` counts the results at or above the cut-off before `limit`.
 */
import { ftmSchema } from '../exchange/ftm/model';
import { IDENTIFIER_KINDS, schemaProperties } from './ftm-list';
import type { ListEntry, ListIdentifierKind } from './list-model';
import { POSSIBLE_BAND, type ListMatcher, type ScreenQuery, type ScreenResult } from './matcher';
import type { YenteEntityExample, YenteMatchRequest, YenteMatchResponse, YenteScoredEntity } from './yente-schema';

/** yente's defaults (settings.SCORE_THRESHOLD, settings.MATCH_PAGE) and most queries in one request. */
export const YENTE_THRESHOLD = 0.7;
export const YENTE_LIMIT = 5;
export const MAX_MATCH_QUERIES = 1_000;
export const MAX_MATCH_LIMIT = 500;

const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName'] as const;
const NAME_PARTS = ['firstName', 'secondName', 'middleName', 'fatherName', 'motherName', 'lastName'] as const;
const COUNTRY_PROPS = ['nationality', 'citizenship', 'country', 'jurisdiction', 'mainCountry'] as const;

const valuesOf = (v: string | string[] | undefined): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => x.trim()).filter(Boolean));

/**
 * The identifiers among an FtM entity's properties: known identifier properties with their kind
 * (IDENTIFIER_KINDS), any other property the model types as an identifier for this schema as 'other'.
 */
export function queryIdentifiers(schema: string, properties: Readonly<Record<string, string | string[] | unknown>>): { kind: ListIdentifierKind; value: string }[] {
  const out: { kind: ListIdentifierKind; value: string }[] = [];
  for (const prop of Object.keys(properties)) {
    if (prop === 'programId') continue;
    const kind = Object.hasOwn(IDENTIFIER_KINDS, prop) ? IDENTIFIER_KINDS[prop]! : schemaProperties(schema).identifiers.has(prop) ? 'other' : null;
    const v = properties[prop];
    const values = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    if (kind) for (const value of values.map((x) => x.trim()).filter(Boolean)) out.push({ kind, value });
  }
  return out;
}

/** A request's query entity as a screening query, or why it cannot be one (yente answers 400 for the batch). */
export function queryFromExample(key: string, ex: YenteEntityExample): ScreenQuery | string {
  if (!ftmSchema(ex.schema)) return `query "${key}": unknown schema "${ex.schema.slice(0, 80)}"`;
  const p = ex.properties;
  const get = (k: string) => (Object.hasOwn(p, k) ? valuesOf(p[k]) : []);
  const names = NAME_PROPS.flatMap(get);
  const parts = NAME_PARTS.flatMap(get);
  if (parts.length) names.push(parts.join(' '));
  const identifiers = queryIdentifiers(ex.schema, p);
  if (!names.length && !identifiers.length) return `query "${key}": no name and no identifier to match on`;
  const q: ScreenQuery = { id: ex.id ?? key, schema: ex.schema, names };
  const dates = get('birthDate').concat(get('incorporationDate'));
  if (dates.length) q.birthDates = dates;
  const nats = COUNTRY_PROPS.flatMap(get);
  if (nats.length) q.nationalities = nats;
  if (identifiers.length) q.identifiers = identifiers;
  const gender = get('gender')[0];
  if (gender) q.gender = gender;
  return q;
}

/** The FtM property each identifier kind is written as (a kind the entry's schema lacks is left out). */
const KIND_PROPERTY: Record<ListIdentifierKind, string | null> = {
  passport: 'passportNumber',
  national_id: 'idNumber',
  imo: 'imoNumber',
  mmsi: 'mmsi',
  registration: 'registrationNumber',
  lei: 'leiCode',
  bic: 'swiftBic',
  crypto: null,
  tax: 'taxNumber',
  other: null,
};

/** A list entry as FtM properties (only properties its schema has, each a list). */
export function entryProperties(e: ListEntry): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const has = schemaProperties(e.schema).all;
  const add = (prop: string, values: readonly string[] | undefined) => {
    if (!values?.length || !has.has(prop)) return;
    const list = (out[prop] ??= []);
    for (const v of values) if (!list.includes(v)) list.push(v);
  };
  add('name', e.names.filter((n) => n.kind === 'primary' || (n.kind === 'original-script' && !n.former && n.quality !== 'low')).map((n) => n.value));
  add('alias', e.names.filter((n) => n.kind === 'alias' && !n.former && n.quality !== 'low').map((n) => n.value));
  add('weakAlias', e.names.filter((n) => n.kind !== 'primary' && !n.former && n.quality === 'low').map((n) => n.value));
  add('previousName', e.names.filter((n) => n.former).map((n) => n.value));
  add('birthDate', e.birthDates);
  add(e.schema === 'Person' ? 'nationality' : 'country', e.nationalities);
  add('country', e.countries);
  if (e.gender) add('gender', [e.gender]);
  add('birthPlace', e.birthPlaces);
  add('address', e.addresses);
  add('title', e.titles);
  add('position', e.positions);
  add('topics', e.topics);
  add('programId', e.programs);
  if (e.remarks) add('notes', [e.remarks]);
  if (e.listedOn) add('createdAt', [e.listedOn]);
  for (const id of e.identifiers ?? []) {
    const prop = KIND_PROPERTY[id.kind];
    if (prop) add(prop, [id.value]);
  }
  return out;
}

/** What each feature of our explanations means (yente's `matcher` field), with its coefficient. */
export const MATCHER_DOCS: YenteMatchResponse['matcher'] = {
  name: { description: 'Name alignment score: rarity-weighted coverage of the query name and the listed name (0 to 1).', coefficient: 1, url: null },
  rarity: { description: 'Mean rarity weight of the aligned name parts in this list (1 rare, down to 0.25 common).', coefficient: 0, url: null },
  identifier: { description: 'A query identifier equals a listed one of a compatible kind: name score +0.20, at least 0.90.', coefficient: 0.2, url: null },
  birth_date: { description: 'Date-of-birth adjustment: same day +0.08, consistent partial date +0.05, conflict -0.15 (never a match).', coefficient: 1, url: null },
  nationality: { description: 'Nationality adjustment: shared +0.04, disjoint -0.10.', coefficient: 1, url: null },
  gender: { description: 'Gender adjustment: both known and different -0.15 (never a match).', coefficient: 1, url: null },
  target: { description: 'The entry is listed only as context (FtM target: false): score x0.7, never a match.', coefficient: 0.7, url: null },
  schema: { description: 'Incompatible schemata (a person against a company): score x0.6, never a match.', coefficient: 0.6, url: null },
  verdict: { description: 'The final score and why it is, or is not, a match.', coefficient: 1, url: null },
};

/** One result in yente's shape. */
export function yenteResult(e: ListEntry, r: ScreenResult, datasets: string[]): YenteScoredEntity {
  const features: Record<string, number> = {};
  const explanations: YenteScoredEntity['explanations'] = {};
  for (const x of r.reasons) {
    features[x.feature] = x.score;
    explanations[x.feature] = { score: x.score, detail: x.detail, ...(x.query !== undefined ? { query: x.query } : {}), ...(x.candidate !== undefined ? { candidate: x.candidate } : {}) };
  }
  const day = (d: string | undefined) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00` : null);
  return {
    id: e.id,
    caption: e.caption,
    schema: e.schema,
    properties: entryProperties(e),
    datasets,
    referents: [],
    target: e.target !== false,
    first_seen: day(e.listedOn),
    last_seen: null,
    last_change: day(e.lastUpdated),
    score: r.score,
    features,
    explanations,
    match: r.verdict === 'match',
  };
}

export interface MatchOptions {
  threshold: number;
  limit: number;
  /** Lowest score returned (default: the "possible" band, POSSIBLE_BAND below the threshold). */
  cutoff?: number;
  /** The `datasets` each result names (the list file's name). */
  dataset: string;
}

/** Answer a yente match request against a list, or say which query cannot be read. */
export function answerMatch(matcher: ListMatcher, req: YenteMatchRequest, opts: MatchOptions): YenteMatchResponse | { error: string } {
  const keys = Object.keys(req.queries);
  if (!keys.length) return { error: 'no queries provided' };
  if (keys.length > MAX_MATCH_QUERIES) return { error: `too many queries in one request (limit: ${MAX_MATCH_QUERIES})` };
  const queries: [string, ScreenQuery, YenteEntityExample][] = [];
  for (const key of keys) {
    const ex = req.queries[key]!;
    const q = queryFromExample(key, ex);
    if (typeof q === 'string') return { error: q };
    queries.push([key, q, ex]);
  }
  const byId = new Map(matcher.entries.map((e) => [e.id, e]));
  const cutoff = opts.cutoff ?? Math.max(0, opts.threshold - POSSIBLE_BAND);
  const responses: YenteMatchResponse['responses'] = {};
  for (const [key, q, ex] of queries) {
    const { results, total } = matcher.screenCounted(q, { threshold: opts.threshold, limit: opts.limit, cutoff });
    responses[key] = {
      status: 200,
      results: results.map((r) => yenteResult(byId.get(r.id)!, r, [opts.dataset])),
      total: { value: total, relation: 'eq' },
      query: { id: ex.id ?? key, schema: ex.schema, properties: Object.fromEntries(Object.entries(ex.properties).map(([k, v]) => [k, valuesOf(v)])) },
    };
  }
  return { responses, matcher: MATCHER_DOCS, limit: opts.limit };
}
