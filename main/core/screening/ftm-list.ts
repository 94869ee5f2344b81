/**
 * A sanctions list as FollowTheMoney JSON lines (OpenSanctions `entities.ftm.json`, yente's input, Aleph
 * exports) read into the list model. Line by line with a per-line byte limit (the FtM import's, enforced before
 * a line is decoded), so a hostile file costs no more memory than a legal one; every bad line is reported with
 * its number and read past.
 *
 * Persons, organisations, companies, legal entities and vessels become entries (a schema that descends from one,
 * PublicBody from Organization, as its ancestor; the FtM model library decides, ../exchange/ftm/model.ts); other
 * FtM schemata (Sanction, Address, Ownership …) are skipped and counted; a schema FtM does not have is a problem
 * on that line. Several lines with one id (FtM fragments) are merged.
 *
 * Identifiers: every property of the identifier type the model gives the schema (passportNumber, idNumber,
 * imoNumber, innCode …, programId excepted), each with its kind (IDENTIFIER_KINDS; the rest are 'other'), and
 * the numbers of Passport / Identification / CryptoWallet records whose `holder` is a listed entity (in any order
 * in the file: attached when the snapshot is made). Also read: gender (checked against the model's values),
 * the top-level `target` flag, places of birth, addresses, titles, positions, other countries, last change.
 */
import { isUtf8 } from 'node:buffer';
import { normaliseYmd } from '../../../shared/model/partial-date';
import { sha256Hex } from '../crypto/hash';
import { MAX_LINE_BYTES, readLines, type LineSink } from '../exchange/ftm/lines';
import { FTM_SCHEMATA } from '../exchange/ftm/schemata';
import { ftmIsA, ftmModel, ftmProperties, ftmSchema } from '../exchange/ftm/model';
import { countryCode } from './countries';
import { countEntries, type ListEntry, type ListIdentifier, type ListIdentifierKind, type ListName, type ListSchema, type ListSnapshot } from './list-model';

/** The list schemata, most specific first: an FtM schema is read as the first of these it is (or descends from). */
const LIST_SCHEMATA: readonly ListSchema[] = ['Vessel', 'Company', 'Person', 'Organization', 'LegalEntity'];

// What the model says is looked up once per schema: Schema.getProperties() builds its map on every call (about
// 0.1 ms), which per line of a million-line list would be most of the import.
const listSchemaMemo = new Map<string, ListSchema | null>();
const propertyMemo = new Map<string, { all: ReadonlySet<string>; identifiers: ReadonlySet<string> }>();

/** The list schema an FtM schema is read as, or null when it is not screened. */
export function listSchemaOf(schema: string): ListSchema | null {
  let s = listSchemaMemo.get(schema);
  if (s === undefined) {
    s = ftmSchema(schema) ? (LIST_SCHEMATA.find((x) => ftmIsA(schema, x)) ?? null) : null;
    // Only model schemata are remembered (a hostile file cannot grow the map with made-up names).
    if (ftmSchema(schema)) listSchemaMemo.set(schema, s);
  }
  return s;
}

/** The property names of a model schema (inherited ones included), and those of the identifier type. */
export function schemaProperties(schema: string): { all: ReadonlySet<string>; identifiers: ReadonlySet<string> } {
  let p = propertyMemo.get(schema);
  if (!p) {
    const props = [...(ftmProperties(schema)?.values() ?? [])];
    p = { all: new Set(props.map((x) => x.name)), identifiers: new Set(props.filter((x) => x.type.name === 'identifier' && !NOT_IDENTIFIERS.has(x.name)).map((x) => x.name)) };
    if (ftmSchema(schema)) propertyMemo.set(schema, p);
  }
  return p;
}

const GENDERS: ReadonlySet<string> = new Set(ftmModel.getType('gender').values.keys());

/** The kind of each identifier property a screening compares by kind; every other identifier property is 'other'. */
export const IDENTIFIER_KINDS: Readonly<Record<string, ListIdentifierKind>> = {
  passportNumber: 'passport',
  idNumber: 'national_id',
  personalNumber: 'national_id',
  socialSecurityNumber: 'national_id',
  imoNumber: 'imo',
  mmsi: 'mmsi',
  registrationNumber: 'registration',
  ogrnCode: 'registration',
  okpoCode: 'registration',
  crsNumber: 'registration',
  leiCode: 'lei',
  swiftBic: 'bic',
  bicCode: 'bic',
  bikCode: 'bic',
  publicKey: 'crypto',
  accountId: 'crypto',
  taxNumber: 'tax',
  innCode: 'tax',
  vatCode: 'tax',
  kppCode: 'tax',
};
/** Identifier-typed properties that do not identify the entity (a programme reference). */
const NOT_IDENTIFIERS = new Set(['programId']);

/** Identifiers of one entity from its properties: the model says which properties are identifiers. */
function identifiersOf(schema: string, props: Props): ListIdentifier[] {
  const out: ListIdentifier[] = [];
  const idProps = schemaProperties(schema).identifiers;
  for (const [prop, values] of Object.entries(props)) {
    if (!idProps.has(prop)) continue;
    const kind = IDENTIFIER_KINDS[prop] ?? 'other';
    for (const value of values) if (!out.some((x) => x.kind === kind && x.value === value)) out.push({ kind, value });
  }
  return out;
}

/** The kind of an Identification record's number, from its schema and its free-text `type`. */
function documentKind(schema: string, type: string | undefined): ListIdentifierKind {
  if (ftmIsA(schema, 'Passport') || /passport/i.test(type ?? '')) return 'passport';
  if (/tax|inn\b|vat/i.test(type ?? '')) return 'tax';
  if (/regist/i.test(type ?? '')) return 'registration';
  return 'national_id';
}

function addIdentifiers(into: ListEntry, ids: readonly ListIdentifier[]): void {
  if (!ids.length) return;
  const list = (into.identifiers ??= []);
  for (const id of ids) if (!list.some((x) => x.kind === id.kind && x.value === id.value)) list.push(id);
}
const MAX_ID = 500;
const MAX_VALUE = 2_000;
/** Problems listed in full; beyond this only counted (a broken 10 GB file must not produce a 10 GB report). */
export const MAX_LISTED_PROBLEMS = 1_000;

export interface FtmListOptions {
  maxLineBytes?: number;
}

type Props = Record<string, string[]>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** String values of each property; nested entities (OpenSanctions' nested export) are not names and are left out. */
function propsOf(raw: unknown): Props | string {
  if (raw === undefined) return {};
  if (!isObject(raw)) return '"properties" is not an object';
  // No prototype: a property named "__proto__" or "constructor" is just a property.
  const out: Props = Object.create(null) as Props;
  for (const [k, v] of Object.entries(raw)) {
    if (!Array.isArray(v)) return `property "${k.slice(0, 100)}" is not an array`;
    const strings = v.filter((x): x is string => typeof x === 'string').map((x) => x.replace(/\s+/g, ' ').trim()).filter((x) => x && x.length <= MAX_VALUE);
    if (strings.length) out[k] = strings;
  }
  return out;
}

const LATIN_OR_NONE = /^[^\p{L}]*$|\p{Script=Latin}/u;

function pushUnique<T>(list: T[], v: T): void {
  if (!list.includes(v)) list.push(v);
}

/** Collects entries from lines, in order; shared by the in-memory and the streamed reader. */
class FtmListBuilder implements LineSink {
  readonly entries = new Map<string, ListEntry>();
  readonly problems: { where: string; reason: string }[] = [];
  problemCount = 0;
  skipped = 0;

  reject(no: number, reason: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push({ where: `line ${no}`, reason });
  }

  line(no: number, text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return this.reject(no, `not JSON: ${(e as Error).message}`);
    }
    if (!isObject(raw)) return this.reject(no, 'not a JSON object');
    const { id, schema } = raw;
    if (typeof schema !== 'string' || !schema) return this.reject(no, 'no "schema"');
    const listSchema = listSchemaOf(schema);
    if (!listSchema) {
      if (!FTM_SCHEMATA.has(schema) && !ftmSchema(schema)) return this.reject(no, `unknown schema ${JSON.stringify(schema.slice(0, 80))}`);
      this.skipped++;
      // A passport, an identity document or a wallet names its holder: its number identifies the holder.
      if (ftmIsA(schema, 'Identification') || schema === 'CryptoWallet') this.#document(schema, raw.properties);
      return;
    }
    if (typeof id !== 'string' || !id.trim() || id.length > MAX_ID) return this.reject(no, `"id" must be a string of 1 to ${MAX_ID} characters`);
    const props = propsOf(raw.properties);
    if (typeof props === 'string') return this.reject(no, props);
    const names: ListName[] = [];
    const addName = (value: string, kind: ListName['kind'], extra: Partial<ListName> = {}) => {
      if (names.some((n) => n.value === value)) return;
      names.push({ value, kind: kind !== 'primary' && !LATIN_OR_NONE.test(value) ? 'original-script' : kind, ...extra });
    };
    const nameValues = props.name ?? [];
    nameValues.forEach((v, i) => addName(v, i === 0 ? 'primary' : 'alias'));
    for (const v of props.alias ?? []) addName(v, 'alias', { quality: 'good' });
    for (const v of props.weakAlias ?? []) addName(v, 'alias', { quality: 'low' });
    for (const v of props.previousName ?? []) addName(v, 'alias', { former: true });
    if (!names.length) return this.reject(no, `${schema} ${JSON.stringify(id.slice(0, 80))} has no name`);
    if (names[0]!.kind !== 'primary') names[0] = { ...names[0]!, kind: 'primary' };

    const remarks: string[] = [];
    const birthDates: string[] = [];
    for (const v of props.birthDate ?? []) {
      const ymd = normaliseYmd(v.slice(0, 10));
      if (ymd) pushUnique(birthDates, ymd);
      else remarks.push(`birth date not read: "${v}"`);
    }
    const nationalities: string[] = [];
    const countryProps = schema === 'Person' ? ['nationality', 'citizenship'] : listSchema === 'Vessel' ? ['flag', 'country'] : ['country', 'jurisdiction', 'mainCountry'];
    // A person with no nationality or citizenship: their country is the best there is.
    if (schema === 'Person' && !props.nationality && !props.citizenship) countryProps.push('country');
    for (const p of countryProps) {
      for (const v of props[p] ?? []) {
        const c = countryCode(v) ?? (/^[a-z]{2}(-[a-z0-9]+)?$/i.test(v) ? v.slice(0, 2).toLowerCase() : null);
        if (c) pushUnique(nationalities, c);
        else remarks.push(`${p} not mapped to a country code: "${v}"`);
      }
    }
    const programs: string[] = [];
    for (const v of [...(props.programId ?? []), ...(props.program ?? [])]) pushUnique(programs, v);
    const topics = props.topics ?? [];
    const notes = [...(props.notes ?? []), ...(props.summary ?? [])];
    const identifiers = identifiersOf(schema, props);
    const gender = (props.gender ?? []).map((g) => g.toLowerCase()).find((g) => GENDERS.has(g));
    // FtM `target` is top-level; an entity without it is a target (lists written by hand often omit it).
    const target = typeof raw.target === 'boolean' ? raw.target : undefined;
    const countries: string[] = [];
    if (schema === 'Person' && (props.nationality || props.citizenship)) {
      for (const v of props.country ?? []) {
        const c = countryCode(v) ?? (/^[a-z]{2}$/i.test(v) ? v.toLowerCase() : null);
        if (c && !nationalities.includes(c)) pushUnique(countries, c);
      }
    }
    const extra = {
      birthPlaces: props.birthPlace ?? [],
      addresses: props.address ?? [],
      titles: props.title ?? [],
      positions: props.position ?? [],
    } as const;

    const prev = this.entries.get(id);
    if (prev) {
      // A fragment of an entity already seen: merge what it adds.
      for (const n of names) if (!prev.names.some((x) => x.value === n.value)) prev.names.push(n.kind === 'primary' ? { ...n, kind: 'alias' } : n);
      for (const d of birthDates) pushUnique(prev.birthDates, d);
      for (const c of nationalities) pushUnique(prev.nationalities, c);
      for (const p of programs) pushUnique(prev.programs, p);
      for (const t of topics) pushUnique((prev.topics ??= []), t);
      addIdentifiers(prev, identifiers);
      if (gender && !prev.gender) prev.gender = gender;
      // Fragments of one entity: a target if any fragment says so.
      if (target !== undefined) prev.target = prev.target === true || target;
      for (const c of countries) pushUnique((prev.countries ??= []), c);
      for (const [k, vs] of Object.entries(extra)) for (const v of vs) pushUnique((prev[k as keyof typeof extra] ??= []), v);
      const more = [...notes, ...remarks].join('\n');
      if (more) prev.remarks = prev.remarks ? `${prev.remarks}\n${more}` : more;
      return;
    }
    const caption = typeof raw.caption === 'string' && raw.caption.trim() ? raw.caption.trim() : names[0]!.value;
    const entry: ListEntry = { id, schema: listSchema, caption, names, birthDates, nationalities, programs };
    const listed = props.createdAt?.[0] ?? (typeof raw.first_seen === 'string' ? raw.first_seen : undefined);
    const listedOn = listed ? normaliseYmd(listed.slice(0, 10)) : null;
    if (listedOn) entry.listedOn = listedOn;
    if (topics.length) entry.topics = [...topics];
    addIdentifiers(entry, identifiers);
    if (gender) entry.gender = gender;
    if (target !== undefined) entry.target = target;
    if (countries.length) entry.countries = countries;
    for (const [k, vs] of Object.entries(extra)) if (vs.length) entry[k as keyof typeof extra] = [...vs];
    const changed = typeof raw.last_change === 'string' ? normaliseYmd(raw.last_change.slice(0, 10)) : null;
    if (changed) entry.lastUpdated = changed;
    const remarkText = [...notes, ...remarks].join('\n');
    if (remarkText) entry.remarks = remarkText;
    this.entries.set(id, entry);
  }

  /** Identifiers of documents by holder id, attached when the snapshot is made (the holder may come later). */
  readonly #documents = new Map<string, ListIdentifier[]>();

  #document(schema: string, rawProps: unknown): void {
    const props = propsOf(rawProps);
    if (typeof props === 'string') return;
    const holders = props.holder ?? [];
    if (!holders.length) return;
    const ids: ListIdentifier[] = [];
    const country = (props.country ?? []).map((c) => countryCode(c) ?? (/^[a-z]{2}$/i.test(c) ? c.toLowerCase() : null)).find((c) => c !== null);
    const kind = schema === 'CryptoWallet' ? 'crypto' : documentKind(schema, props.type?.[0]);
    const values = schema === 'CryptoWallet' ? [...(props.publicKey ?? []), ...(props.accountId ?? [])] : [...(props.number ?? []), ...(props.passportNumber ?? [])];
    const note = [props.type?.[0], props.startDate?.[0] && `valid from ${props.startDate[0]}`, props.endDate?.[0] && `until ${props.endDate[0]}`].filter(Boolean).join(', ');
    for (const value of values) ids.push({ kind, value, ...(country ? { country } : {}), ...(note ? { note } : {}) });
    for (const h of holders) {
      const list = this.#documents.get(h) ?? [];
      for (const id of ids) if (!list.some((x) => x.kind === id.kind && x.value === id.value)) list.push(id);
      this.#documents.set(h, list);
    }
  }

  snapshot(source: string, sha256: string): ListSnapshot {
    for (const [holder, ids] of this.#documents) {
      const e = this.entries.get(holder);
      if (e) addIdentifiers(e, ids);
    }
    const entries = [...this.entries.values()];
    const problems = [...this.problems];
    if (this.problemCount > problems.length) problems.push({ where: source, reason: `${this.problemCount - problems.length} more problem(s) not listed` });
    const snap: ListSnapshot = { format: 'ftm', source, sha256, importedAt: new Date().toISOString(), entries, counts: countEntries(entries) };
    if (problems.length) snap.problems = problems;
    if (this.skipped) snap.skipped = this.skipped;
    return snap;
  }
}

/** Parse FtM JSON lines held in memory, line by line (each at most `maxLineBytes`). */
export function parseFtmList(bytes: Uint8Array, source: string, opts: FtmListOptions = {}): ListSnapshot {
  const max = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b = new FtmListBuilder();
  let start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  let no = 0;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    no++;
    let e = end;
    if (e > start && buf[e - 1] === 0x0d) e--;
    if (e - start > max) b.reject(no, `line is longer than ${max} bytes, the limit for one entity; it was skipped`);
    else if (e > start) {
      const slice = buf.subarray(start, e);
      if (!isUtf8(slice)) b.reject(no, 'line is not valid UTF-8 text');
      else {
        const text = slice.toString('utf8');
        if (text.trim()) b.line(no, text);
      }
    }
    if (end === buf.length) break;
    start = end + 1;
  }
  return b.snapshot(source, sha256Hex(bytes));
}

/** Parse a FtM JSON-lines file streamed from disk (never held whole in memory; hashed on the way). */
export async function parseFtmListFile(path: string, opts: FtmListOptions = {}): Promise<ListSnapshot> {
  const b = new FtmListBuilder();
  const stats = await readLines(path, b, opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes });
  return b.snapshot(path, stats.sha256);
}
