/**
 * FollowTheMoney import: JSON lines in, case records out, all or nothing.
 *
 * Accepts every schema of the FtM model (model.ts), in three shapes: flat lines (one entity each), the
 * OpenSanctions nested export (property values that are entity objects, forward or reverse) and delta files
 * (`{"op": "ADD"|"MOD"|"DEL", "entity": {...}}`). Pass 1 streams the file (per-line byte limit, see lines.ts),
 * flattens nested entities and checks every value against its FtM type: an invalid value is kept aside on the
 * record (`external.invalid`) with a warning naming the line, property, value and why; it never aborts the file.
 * Pass 2 decides what each FtM entity becomes, now that the whole file is known:
 *
 * - entity schemata (schemata.ts ENTITY_SCHEMATA) -> entities;
 * - relationship schemata whose ends are entities -> links, one per (source, target) pair;
 * - Event, Trip, Call -> events; Sanction -> designations on its entity;
 * - Passport / Identification -> identifiers on the holder; Note -> a note in the entity's description;
 * - everything else (Document, Contract, Risk …), and the above where an end is not an entity, is kept verbatim
 *   on the nearest imported entity (`external.kept`), or skipped with its reason when it touches none.
 *
 * Then, unless a line was rejected and the caller did not ask for the valid lines only, every record is written
 * in ONE transaction with ONE audit entry (`import.ftm`). Cancel is honoured until the commit starts.
 */
import { statSync } from 'node:fs';
import type { z } from 'zod';
import { regimeById, regimeForUnReference, REGIMES } from '../../../../shared/catalog';
import type { ImportReport } from '../../../../shared/ipc/schemas/case';
import { DesignationData, EntityData, EventData, LinkData, type FtmExternal, type FtmKept, type FtmMeta, type Identifier } from '../../../../shared/model/records';
import type { EntityKind } from '../../../../shared/model/vocabulary';
import type { CaseServices } from '../../case/services';
import { SanctumError } from '../../errors';
import { newRecordId } from '../../store/sealed-store';
import { readLines, type ByteSource } from './lines';
import { countryCodes, ENTITY_CODECS, exactYmd, first, LINK_CODECS, readProps, type LinkFields, type Props } from './mapping';
import type { Property, Schema } from '@opensanctions/followthemoney';
import { checkFtmValue, ftmEdge, ftmProperties, ftmSchema } from './model';
import { ENTITY_SCHEMATA, LINK_SCHEMATA, own } from './schemata';

export interface ImportOptions {
  /** Target case; the default case (`cases.defaultCase()`) when omitted. */
  caseId?: string;
  /** Import the valid lines even when others are rejected. Otherwise any rejection imports nothing. */
  validLinesOnly?: boolean;
  onProgress?: (p: { lines: number; bytes: number }) => void;
  signal?: AbortSignal;
  maxLineBytes?: number;
  /** Read and validate only: the report says what would be imported, nothing is written. */
  dryRun?: boolean;
}

/** Rejections (and warnings, and skipped lines) listed in a report; beyond this they are counted in one entry. */
export const MAX_LISTED_REJECTIONS = 10_000;

const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,99}$/;
const MAX_FTM_ID = 500;
/** Nesting deeper than this is not an OpenSanctions export but a hostile file. */
const MAX_NESTING = 8;
const META_STRINGS = ['caption', 'first_seen', 'last_seen', 'last_change'] as const;
const META_LISTS = ['datasets', 'referents'] as const;

type Rejection = ImportReport['rejected'][number];
type Warning = ImportReport['warnings'][number];

/** One FtM entity of the file (a line, or an entity nested in one), checked and flattened. */
interface Item {
  line: number;
  id: string;
  schema: string;
  props: Props;
  invalid: Props;
  meta?: FtmMeta;
  /** A line of its own (not nested): a second line with the same id is a duplicate, not a repeat. */
  top: boolean;
}

/** What an item became, decided in pass 2. */
type Fate = 'entity' | 'link' | 'event' | 'designation' | 'attached' | 'kept' | 'rejected' | 'skipped';

function zodReason(e: z.ZodError): string {
  const issue = e.issues[0]!;
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quote(id: string): string {
  return JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function unique(values: readonly string[] | undefined): string[] {
  return [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ''))];
}

/**
 * The list under `k`, created when missing. Keys come from the input: "constructor" or "toString" must be a
 * property like any other, never an Object.prototype member.
 */
function listOf(p: Props, k: string): string[] {
  if (!Object.hasOwn(p, k)) {
    // Assignment makes an own property for every name but "__proto__" (kept out by PROPERTY_NAME; defined anyway).
    if (k === '__proto__') Object.defineProperty(p, k, { value: [], enumerable: true, writable: true, configurable: true });
    else p[k] = [];
  }
  return p[k]!;
}

function put(p: Props, k: string, v: string): void {
  const list = listOf(p, k);
  if (!list.includes(v)) list.push(v);
}

/** OpenSanctions' top-level fields, as far as they have the shape the format gives them. */
function metaOf(obj: Record<string, unknown>): FtmMeta | undefined {
  const m: FtmMeta = {};
  for (const k of META_STRINGS) {
    const v = obj[k];
    if (typeof v === 'string' && v.length <= (k === 'caption' ? 1000 : 100)) m[k] = v;
  }
  for (const k of META_LISTS) {
    const v = obj[k];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length <= (k === 'datasets' ? 200 : 500))) m[k] = v.slice(0, k === 'datasets' ? 1000 : 10_000) as string[];
  }
  if (typeof obj.target === 'boolean') m.target = obj.target;
  return Object.keys(m).length ? m : undefined;
}

/** The kind an FtM schema becomes as an entity, or undefined when it is not an entity to the case model. */
function entityKindOf(schema: string): EntityKind | undefined {
  return own(ENTITY_SCHEMATA, schema);
}

/** A name for an entity whose schema does not require one (a bank account with only an IBAN, an address). */
function fallbackName(item: Item): string {
  const p = item.props;
  for (const prop of ['name', 'full', 'iban', 'accountNumber', 'publicKey', 'registrationNumber', 'imoNumber', 'serialNumber', 'title']) {
    const v = first(p[prop], 500);
    if (v) return v;
  }
  const parts = ['street', 'street2', 'postalCode', 'city', 'region', 'state', 'country'].flatMap((k) => p[k] ?? []).map((v) => v.trim()).filter(Boolean);
  const joined = parts.join(', ');
  if (joined && joined.length <= 500) return joined;
  const caption = item.meta?.caption?.trim();
  if (caption && caption.length <= 500) return caption;
  return `${item.schema} ${item.id}`.slice(0, 500);
}

function regimesOf(props: Props): string[] {
  const out = new Set<string>();
  for (const v of [...(props.programId ?? []), ...(props.program ?? []), ...(props.unscId ?? [])]) {
    const t = v.trim();
    const r = regimeById(t) ?? regimeForUnReference(t) ?? REGIMES.find((x) => x.unList && x.unList.listType.toLowerCase() === t.toLowerCase());
    if (r) out.add(r.id);
  }
  return [...out];
}

function dateOf(values: readonly string[] | undefined): { value: string } | undefined {
  for (const v of values ?? []) {
    const ymd = v.trim().slice(0, 10);
    if (exactYmd(ymd)) return { value: ymd };
  }
  return undefined;
}

function textOf(props: Props, keys: readonly string[], max: number): string {
  return keys
    .flatMap((k) => props[k] ?? [])
    .map((v) => v.trim())
    .filter(Boolean)
    .join('\n\n')
    .slice(0, max);
}

function externalOf(item: Item, extra?: Props): FtmExternal {
  return {
    ftmId: item.id,
    ftmSchema: item.schema,
    ...(extra && Object.keys(extra).length ? { extra } : {}),
    ...(item.meta ? { meta: item.meta } : {}),
    ...(Object.keys(item.invalid).length ? { invalid: item.invalid } : {}),
  };
}

function keptOf(item: Item): FtmKept {
  return { id: item.id, schema: item.schema, properties: item.props, ...(item.meta ? { meta: item.meta } : {}) };
}

/** A schema's properties (inherited and reverse ones), from the model wrapper's per-schema memo. */
function propertiesOf(schema: Schema): ReadonlyMap<string, Property> {
  return ftmProperties(schema.name)!;
}

/** Entity-typed property values of an item: the other FtM entities it refers to. */
function refsOf(item: Item): { prop: string; ids: string[] }[] {
  const props = propertiesOf(ftmSchema(item.schema)!);
  const out: { prop: string; ids: string[] }[] = [];
  for (const [k, v] of Object.entries(item.props)) if (props.get(k)?.type.name === 'entity') out.push({ prop: k, ids: unique(v) });
  return out;
}

/** An import writes records into a case in one transaction: the context and the case list are all it uses. */
export type FtmImportSources = Pick<CaseServices, 'ctx' | 'cases'>;

export async function importFtm(ws: FtmImportSources, source: ByteSource, opts: ImportOptions = {}): Promise<ImportReport> {
  const caseId = opts.caseId ? ws.cases.get(opts.caseId).id : ws.cases.defaultCase().id;
  if (typeof source === 'string') {
    let ok = false;
    try {
      ok = statSync(source).isFile();
    } catch {
      ok = false;
    }
    if (!ok) throw new SanctumError('NOT_FOUND', `cannot read ${source}`, source);
  }

  // FtM ids already in the case: importing the same file twice would otherwise duplicate every record. Entities
  // among them can be the end of a relationship in this file (a delta file adds links to what came before).
  const existing = new Set<string>();
  const existingEntities = new Map<string, string>();
  for (const id of ws.ctx.index.ids('case', caseId)) {
    const rec = ws.ctx.repo.get<{ external?: { ftmId?: string } }>(id);
    const ftmId = rec?.data.external?.ftmId;
    if (ftmId === undefined) continue;
    existing.add(ftmId);
    if (rec!.kind === 'entity') existingEntities.set(ftmId, id);
  }

  const rejected: Rejection[] = [];
  let rejectedTotal = 0;
  const reject = (line: number, reason: string, id?: string) => {
    rejectedTotal++;
    if (rejected.length < MAX_LISTED_REJECTIONS) rejected.push(id === undefined ? { line, reason } : { line, reason, id });
  };
  const warnings: Warning[] = [];
  let warningsTotal = 0;
  const warn = (w: Warning) => {
    warningsTotal++;
    if (warnings.length < MAX_LISTED_REJECTIONS) warnings.push(w);
  };
  const skippedLines: Rejection[] = [];
  let skipped = 0;
  const skip = (line: number, reason: string, id?: string) => {
    skipped++;
    if (skippedLines.length < MAX_LISTED_REJECTIONS) skippedLines.push(id === undefined ? { line, reason } : { line, reason, id });
  };

  // Entities per schema as the file has them (nested ones included); keys are schema names of the model.
  const bySchema = new Map<string, number>();
  const items = new Map<string, Item>();
  const rejectedIds = new Map<string, number>();

  /**
   * One FtM entity object -> items (itself, then what is nested in it). Returns the reason when the object
   * itself cannot be read; problems with single values become warnings.
   */
  const flatten = (obj: unknown, line: number, depth: number, out: Item[]): string | Item => {
    if (!isObject(obj)) return 'not a JSON object; each line must be one FtM entity';
    const id = obj.id;
    if (typeof id !== 'string' || id.trim() === '') return 'no "id" (each FtM entity needs a string id)';
    if (id.length > MAX_FTM_ID) return `"id" is longer than ${MAX_FTM_ID} characters`;
    const schemaName = obj.schema;
    if (typeof schemaName !== 'string' || schemaName === '') return 'no "schema"';
    const schema = ftmSchema(schemaName);
    if (!schema) return `unknown schema ${quote(schemaName)}; not a schema of the FollowTheMoney model`;
    if (schema.abstract) return `schema ${schemaName} is abstract in the FollowTheMoney model; an entity needs a concrete schema`;
    const raw = obj.properties;
    if (raw !== undefined && !isObject(raw)) return '"properties" is not an object';
    const item: Item = { line, id, schema: schemaName, props: {}, invalid: {}, meta: metaOf(obj), top: depth === 0 };
    const known = propertiesOf(schema);
    const children: { item: Item; reverse?: string }[] = [];
    for (const [k, v] of Object.entries(raw ?? {})) {
      if (!PROPERTY_NAME.test(k)) return `property name ${JSON.stringify(k.slice(0, 100))} is not allowed`;
      if (!Array.isArray(v)) return `property "${k}" is not an array of strings`;
      const prop = known.get(k);
      for (const value of v) {
        if (isObject(value) && prop?.type.name === 'entity') {
          // The nested export: an entity in place of its id (forward), or one pointing back here (reverse).
          if (depth >= MAX_NESTING) return `entities nested more than ${MAX_NESTING} deep`;
          const child = flatten(value, line, depth + 1, out);
          if (typeof child === 'string') {
            warn({ line, id, property: k, value: shown(value), reason: `nested entity left out: ${child}` });
            continue;
          }
          if (prop.stub) children.push({ item: child, reverse: prop.getReverse().name });
          else put(item.props, k, child.id);
          continue;
        }
        if (!prop) {
          listOf(item.invalid, k).push(shown(value));
          warn({ line, id, property: k, value: shown(value), reason: `${schemaName} has no property ${k} in the FtM model; kept aside` });
          continue;
        }
        if (prop.stub) {
          listOf(item.invalid, k).push(shown(value));
          warn({ line, id, property: k, value: shown(value), reason: `${k} is a reverse property; only nested entities are read there; kept aside` });
          continue;
        }
        const check = checkFtmValue(prop.type.name, value);
        if (!check.ok) {
          listOf(item.invalid, k).push(shown(value));
          warn({ line, id, property: k, value: shown(value), reason: `${check.reason}; kept aside` });
          continue;
        }
        // The value as given: the codecs normalise what the model stores, the rest stays verbatim.
        listOf(item.props, k).push(value as string);
      }
    }
    for (const c of children) put(c.item.props, c.reverse!, id);
    out.unshift(item);
    return item;
  };

  /** Registers one item of a line; false when the line is rejected. */
  const register = (item: Item, delta: boolean): boolean => {
    const prev = items.get(item.id);
    if (prev && !(delta && item.top)) {
      if (prev.top && item.top) {
        reject(item.line, `duplicate id ${quote(item.id)} (first on line ${prev.line})`, item.id);
        return false;
      }
      // The same entity nested twice (an address shared by two people): one entity, with every value.
      for (const [k, vs] of Object.entries(item.props)) for (const v of vs) put(prev.props, k, v);
      for (const [k, vs] of Object.entries(item.invalid)) for (const v of vs) put(prev.invalid, k, v);
      prev.top ||= item.top;
      return true;
    }
    if (existing.has(item.id)) {
      if (!item.top) return true; // a nested copy of something imported before: referenced, not imported again
      if (delta) {
        skip(item.line, `${quote(item.id)} is already in this case; a delta's change to a record imported before is not applied (edit it by hand)`, item.id);
        return true;
      }
      rejectedIds.set(item.id, item.line);
      reject(item.line, `id ${quote(item.id)} is already in this case (imported before)`, item.id);
      return false;
    }
    // A delta's MOD (or a second ADD) replaces what the file said before: the last word counts.
    items.set(item.id, item);
    bySchema.set(item.schema, (bySchema.get(item.schema) ?? 0) + (prev ? 0 : 1));
    return true;
  };

  const onLine = (line: number, text: string) => {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return reject(line, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (!isObject(obj)) return reject(line, 'not a JSON object; each line must be one FtM entity');
    let entity: unknown = obj;
    let delta = false;
    if (obj.schema === undefined && obj.op !== undefined && obj.entity !== undefined) {
      delta = true;
      const op = typeof obj.op === 'string' ? obj.op.toUpperCase() : '';
      if (op !== 'ADD' && op !== 'MOD' && op !== 'DEL') return reject(line, `delta "op" is ${shown(obj.op)}; expected ADD, MOD or DEL`);
      entity = obj.entity;
      if (op === 'DEL') {
        const id = isObject(entity) ? entity.id : undefined;
        if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_FTM_ID) return reject(line, 'delta DEL without an entity id');
        const had = items.get(id);
        if (had) {
          items.delete(id);
          bySchema.set(had.schema, bySchema.get(had.schema)! - 1);
          return skip(line, `DEL: ${quote(id)} (line ${had.line}) removed from this import`, id);
        }
        if (existing.has(id)) return skip(line, `DEL: ${quote(id)} is in this case already and is not deleted by an import (case records are removed by hand)`, id);
        return skip(line, `DEL: ${quote(id)} is neither in this file nor in this case; nothing to delete`, id);
      }
    }
    const out: Item[] = [];
    const top = flatten(entity, line, 0, out);
    if (typeof top === 'string') {
      const id = isObject(entity) && typeof entity.id === 'string' ? entity.id.slice(0, 100) : undefined;
      if (id !== undefined && isObject(entity) && ftmSchema(String(entity.schema)) !== undefined) rejectedIds.set(id, line);
      return reject(line, top, id);
    }
    // Nested children first (they were flattened first), so that a rejected top line leaves them standing
    // only when they are shared with other lines.
    for (const it of out) if (it !== top) register(it, delta);
    register(top, delta);
  };

  const stats = await readLines(source, { line: onLine, reject }, { ...opts });

  // ---------------------------------------------------------------------------------------------- pass 2
  const fate = new Map<string, Fate>();
  const recordIds = new Map<string, string>();
  const ref = (ftmId: string) => recordIds.get(ftmId) ?? existingEntities.get(ftmId);
  const rejectItem = (it: Item, reason: string) => {
    fate.set(it.id, 'rejected');
    rejectedIds.set(it.id, it.line);
    reject(it.line, reason, it.id);
  };
  /** A required property of the model missing: the line says less than its schema promises. */
  const missingRequired = (it: Item): string | undefined => {
    const s = ftmSchema(it.schema)!;
    const req = s.required.find((r) => !(it.props[r] ?? []).length);
    if (req === undefined) return undefined;
    if (req === 'name' && s.isA('Thing')) return `${it.schema} has no name (property "name")`;
    return `${it.schema} has no "${req}"`;
  };

  // Entities first: every other schema hangs off them.
  type Draft = Omit<Partial<EntityData>, 'external'> & { external: FtmExternal };
  const entities = new Map<string, { item: Item; data: Draft }>();
  for (const it of items.values()) {
    const kind = entityKindOf(it.schema);
    if (!kind) continue;
    const missing = missingRequired(it);
    if (missing) {
      rejectItem(it, missing);
      continue;
    }
    const { fields, extra } = readProps(ENTITY_CODECS[it.schema]!, it.props);
    const data = { caseId, kind, ...fields, name: fields.name ?? fallbackName(it), external: externalOf(it, extra) };
    entities.set(it.id, { item: it, data: data as Draft });
    fate.set(it.id, 'entity');
    recordIds.set(it.id, newRecordId());
  }

  /** FtM entities to keep verbatim on an imported entity, with the entity ids they touch directly. */
  const toKeep: Item[] = [];
  const links: { item: Item; data: LinkData }[] = [];
  const events: { item: Item; data: EventData }[] = [];
  const designations: { item: Item; data: DesignationData }[] = [];
  let attached = 0;
  const attach = new Map<string, { identifiers: Identifier[]; notes: string[]; kept: FtmKept[] }>();
  const onEntity = (ftmId: string) => {
    let a = attach.get(ftmId);
    if (!a) attach.set(ftmId, (a = { identifiers: [], notes: [], kept: [] }));
    return a;
  };
  /** Why an end cannot be used, or undefined when it resolves to an entity record (new or imported before). */
  const endProblem = (prop: string, id: string): string | undefined => {
    if (ref(id)) return undefined;
    const other = items.get(id);
    if (other && ftmEdge(other.schema)) return `"${prop}" is ${quote(id)}, a relationship, not an entity`;
    if (rejectedIds.has(id)) return `"${prop}" is ${quote(id)}, which was rejected (line ${rejectedIds.get(id)})`;
    if (other) return `"${prop}" is ${quote(id)}, a ${other.schema}, which is not an entity to the case model`;
    return `"${prop}" refers to ${quote(id)}, which is not an entity in this file or case`;
  };
  /** An end that is in the file but is no entity record (a Document, a Contract): keep the item, don't reject. */
  const keepable = (id: string) => {
    const other = items.get(id);
    return other !== undefined && !rejectedIds.has(id) && !ftmEdge(other.schema) && !entityKindOf(other.schema);
  };

  for (const it of items.values()) {
    if (fate.has(it.id)) continue;
    const s = ftmSchema(it.schema)!;
    const missing = missingRequired(it);
    const edge = ftmEdge(it.schema);

    if (s.isA('Sanction') || s.isA('Identification') || it.schema === 'Note') {
      const endProp = s.isA('Sanction') ? 'entity' : s.isA('Identification') ? 'holder' : 'entity';
      if (missing && !(it.schema === 'Note')) {
        rejectItem(it, missing);
        continue;
      }
      const ends = unique(it.props[endProp]);
      const hits = ends.filter((e) => ref(e));
      const hard = ends.filter((e) => !ref(e) && !keepable(e)).map((e) => endProblem(endProp, e)!);
      if (hard.length && !hits.length) {
        rejectItem(it, hard[0]!);
        continue;
      }
      for (const h of hard) warn({ line: it.line, id: it.id, property: endProp, reason: h });
      if (!hits.length) {
        toKeep.push(it);
        continue;
      }
      if (s.isA('Sanction')) {
        const p = it.props;
        const note = [
          ...(p.program ?? []).map((v) => `Programme: ${v}`),
          ...(p.programId ?? []).map((v) => `Programme id: ${v}`),
          ...(p.authority ?? []).map((v) => `Authority: ${v}`),
          ...(p.country ?? []).map((v) => `Country: ${v}`),
          ...(p.reason ?? []).map((v) => `Reason: ${v}`),
          ...(p.provisions ?? []).map((v) => `Provisions: ${v}`),
          ...(p.status ?? []).map((v) => `Status: ${v}`),
          ...(p.startDate ?? []).map((v) => `From: ${v}`),
          ...(p.endDate ?? []).map((v) => `Until: ${v}`),
          ...(p.sourceUrl ?? []).map((v) => `Source: ${v}`),
          `FtM Sanction ${it.id}`,
        ].join('\n');
        const references = unique([...(p.unscId ?? []), ...(p.authorityId ?? [])]).filter((r) => r.length <= 50);
        const listedOn = dateOf(p.listingDate) ?? dateOf(p.startDate);
        let bad: string | undefined;
        const made: DesignationData[] = [];
        for (const e of hits) {
          const parsed = DesignationData.safeParse({
            caseId,
            entityId: ref(e),
            regimeIds: regimesOf(p),
            references,
            ...(listedOn ? { listedOn } : {}),
            source: 'import',
            note: note.slice(0, 5000),
            external: externalOf(it, p),
          });
          if (parsed.success) made.push(parsed.data);
          else bad ??= zodReason(parsed.error);
        }
        if (bad) {
          rejectItem(it, bad);
          continue;
        }
        for (const d of made) designations.push({ item: it, data: d });
        fate.set(it.id, 'designation');
        continue;
      }
      // Passport, Identification, Note: on the entity, and kept verbatim there for the round trip.
      const newHits = hits.filter((e) => recordIds.has(e));
      for (const e of hits.filter((x) => !recordIds.has(x))) {
        warn({ line: it.line, id: it.id, property: endProp, value: e, reason: `${quote(e)} was imported before; the ${it.schema} is not added to it (add it by hand)` });
      }
      if (!newHits.length) {
        skip(it.line, `${it.schema} of records imported before only; not added to them`, it.id);
        fate.set(it.id, 'skipped');
        continue;
      }
      for (const e of newHits) {
        const a = onEntity(e);
        a.kept.push(keptOf(it));
        if (s.isA('Identification')) {
          const number = first(it.props.number, 500) ?? first(it.props.passportNumber, 500);
          if (number) {
            const country = countryCodes(it.props.country)[0];
            const issued = dateOf(it.props.startDate);
            const expires = dateOf(it.props.endDate);
            const type = s.isA('Passport') ? 'passport' : /national|identity|id card/i.test((it.props.type ?? []).join(' ')) ? 'national_id' : 'other';
            const noteText = [...(it.props.type ?? []), ...(it.props.authority ?? []).map((v) => `issued by ${v}`)].join('; ').slice(0, 500);
            a.identifiers.push({ type, value: number, ...(country ? { country } : {}), ...(issued ? { issued } : {}), ...(expires ? { expires } : {}), ...(noteText ? { note: noteText } : {}) });
          }
        } else {
          const body = textOf(it.props, ['description', 'summary', 'notes'], 5000);
          const title = first(it.props.name, 500);
          if (body || title) a.notes.push(`Note${title ? ` "${title}"` : ''}: ${body}`.trim());
        }
      }
      fate.set(it.id, 'attached');
      attached++;
      continue;
    }

    if (s.isA('Event') || s.isA('Call')) {
      if (missing && s.isA('Event') && !(it.props.name ?? []).length) {
        rejectItem(it, missing);
        continue;
      }
      if (missing) warn({ line: it.line, id: it.id, reason: `${missing}, which the FtM model requires; imported without it` });
      const participants: { entityId: string; role: string }[] = [];
      let locationId: string | undefined;
      for (const r of refsOf(it)) {
        if (r.prop === 'proof') continue;
        for (const e of r.ids) {
          const rid = ref(e);
          if (!rid) {
            if (!keepable(e)) warn({ line: it.line, id: it.id, property: r.prop, value: e, reason: endProblem(r.prop, e)! });
            continue;
          }
          const kind = entities.get(e)?.data.kind ?? ws.ctx.repo.get<EntityData>(rid)?.data.kind;
          if (kind === 'location' && locationId === undefined) locationId = rid;
          // Never a perpetrator role from FtM: "organizer" or "involved" does not say who did what.
          else if (!participants.some((x) => x.entityId === rid)) participants.push({ entityId: rid, role: 'unspecified' });
        }
      }
      const placeName = first(it.props.location, 500) ?? first(it.props.address, 500);
      const country = countryCodes(it.props.country)[0];
      const parsed = EventData.safeParse({
        caseId,
        title: first(it.props.name, 500) ?? it.meta?.caption?.trim().slice(0, 500) ?? `${it.schema} ${it.id}`.slice(0, 500),
        ...(dateOf(it.props.startDate) ?? dateOf(it.props.date) ? { date: dateOf(it.props.startDate) ?? dateOf(it.props.date) } : {}),
        ...(dateOf(it.props.endDate) ? { endDate: dateOf(it.props.endDate) } : {}),
        place: { ...(placeName ? { name: placeName } : {}), ...(country ? { country } : {}), ...(locationId ? { locationId } : {}) },
        description: textOf(it.props, ['description', 'summary', 'notes'], 50_000),
        participants,
        external: externalOf(it, it.props),
      });
      if (!parsed.success) {
        rejectItem(it, zodReason(parsed.error));
        continue;
      }
      events.push({ item: it, data: parsed.data });
      fate.set(it.id, 'event');
      continue;
    }

    const spec = own(LINK_SCHEMATA, it.schema);
    if (edge && spec) {
      if (missing) {
        rejectItem(it, missing);
        continue;
      }
      const sources = unique(it.props[spec.source]);
      const targets = unique(it.props[spec.target]);
      let problem: string | undefined;
      let keep = false;
      for (const [prop, ids] of [
        [spec.source, sources],
        [spec.target, targets],
      ] as const) {
        for (const e of ids) {
          if (ref(e)) continue;
          if (keepable(e)) keep = true;
          else problem ??= endProblem(prop, e);
        }
      }
      if (problem) {
        rejectItem(it, problem);
        continue;
      }
      if (keep) {
        // An end is an FtM entity the case model has no record for (a Security owned, a Position …).
        toKeep.push(it);
        continue;
      }
      const { fields, extra } = readProps(LINK_CODECS[it.schema]!, it.props, [spec.source, spec.target]);
      const split = sources.length > 1 || targets.length > 1;
      const made: LinkData[] = [];
      let bad: string | undefined;
      for (const a of sources) {
        for (const b of targets) {
          if (ref(a) === ref(b)) {
            if (split) warn({ line: it.line, id: it.id, reason: `the pair ${quote(a)} -> ${quote(b)} is one entity; no link for it` });
            else bad ??= 'both ends are the same entity';
            continue;
          }
          const parsed = LinkData.safeParse({
            caseId,
            ...(fields as Partial<LinkFields>),
            source: ref(a),
            target: ref(b),
            external: { ...externalOf(it, extra), ...(split ? { ends: { source: sources, target: targets } } : {}) },
          });
          if (parsed.success) made.push(parsed.data);
          else bad ??= zodReason(parsed.error);
        }
      }
      if (bad || !made.length) {
        rejectItem(it, bad ?? 'both ends are the same entity');
        continue;
      }
      for (const l of made) links.push({ item: it, data: l });
      fate.set(it.id, 'link');
      continue;
    }

    // Everything else of the model: verbatim on the entity it belongs to.
    toKeep.push(it);
  }

  // Kept items hang on the nearest new entity: directly referred to, or through other kept items (a Document
  // documented by a Documentation of a person). Breadth first from the entities, so the nearest one wins.
  const pending = new Map(toKeep.map((it) => [it.id, it]));
  const neighbours = new Map<string, string[]>();
  const link2 = (a: string, b: string) => {
    let l = neighbours.get(a);
    if (!l) neighbours.set(a, (l = []));
    l.push(b);
  };
  for (const it of toKeep) {
    for (const r of refsOf(it)) {
      for (const e of r.ids) {
        link2(it.id, e);
        link2(e, it.id);
      }
    }
  }
  const owner = new Map<string, string>();
  const queue: string[] = [];
  for (const it of toKeep) {
    const direct = refsOf(it)
      .flatMap((r) => r.ids)
      .find((e) => recordIds.has(e));
    if (direct !== undefined) {
      owner.set(it.id, direct);
      queue.push(it.id);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i]!;
    for (const n of neighbours.get(at) ?? []) {
      if (!pending.has(n) || owner.has(n)) continue;
      owner.set(n, owner.get(at)!);
      queue.push(n);
    }
  }
  let kept = attached;
  for (const it of toKeep) {
    const o = owner.get(it.id);
    if (o === undefined) {
      skip(
        it.line,
        refsOf(it).some((r) => r.ids.some((e) => existingEntities.has(e)))
          ? `${it.schema} refers only to records imported before; not added to them`
          : `${it.schema} has no record in the case model and refers to no entity of this file, so there is nothing to keep it on`,
        it.id,
      );
      fate.set(it.id, 'skipped');
      continue;
    }
    onEntity(o).kept.push(keptOf(it));
    fate.set(it.id, 'kept');
    kept++;
  }

  // The entities, with what hangs on them, through the model's own validation.
  const entityData = new Map<string, EntityData>();
  for (const [ftmId, e] of entities) {
    const a = attach.get(ftmId);
    const d = { ...e.data };
    if (a) {
      d.identifiers = [...(d.identifiers ?? []), ...a.identifiers.filter((x) => !(d.identifiers ?? []).some((y) => y.type === x.type && y.value === x.value))];
      if (a.notes.length) d.description = [d.description ?? '', ...a.notes].filter(Boolean).join('\n\n').slice(0, 20_000);
      if (a.kept.length) d.external = { ...d.external, kept: a.kept };
    }
    const parsed = EntityData.safeParse(d);
    if (!parsed.success) {
      rejectItem(e.item, zodReason(parsed.error));
      continue;
    }
    entityData.set(ftmId, parsed.data);
  }
  // Records that point at an entity rejected only now (validation of the whole entity) cannot stand.
  const lateIds = new Set([...entities.keys()].filter((k) => !entityData.has(k)).map((k) => recordIds.get(k)!));
  const late = (rid: string) => lateIds.has(rid);
  const dropLate = <T extends { item: Item }>(list: T[], ids: (t: T) => string[]): T[] =>
    list.filter((x) => {
      if (!ids(x).some(late)) return true;
      if (fate.get(x.item.id) !== 'rejected') rejectItem(x.item, 'refers to an entity that was rejected');
      return false;
    });
  const linkList = entityData.size === entities.size ? links : dropLate(links, (l) => [l.data.source, l.data.target]);
  const eventList = entityData.size === entities.size ? events : dropLate(events, (v) => v.data.participants.map((p) => p.entityId));
  const designationList = entityData.size === entities.size ? designations : dropLate(designations, (d) => [d.data.entityId]);

  rejected.sort((a, b) => a.line - b.line);
  warnings.sort((a, b) => a.line - b.line);
  skippedLines.sort((a, b) => a.line - b.line);
  if (rejectedTotal > rejected.length) rejected.push({ line: 0, reason: `… and ${rejectedTotal - rejected.length} more rejected lines, not listed` });
  if (warningsTotal > warnings.length) warnings.push({ line: 0, reason: `… and ${warningsTotal - warnings.length} more warnings, not listed` });
  if (skipped > skippedLines.length) skippedLines.push({ line: 0, reason: `… and ${skipped - skippedLines.length} more skipped lines, not listed` });
  const aborted = rejectedTotal > 0 && !opts.validLinesOnly;
  const report: ImportReport = {
    format: 'ftm',
    caseId,
    lines: stats.lines,
    imported: aborted
      ? { entities: 0, links: 0, events: 0, designations: 0, kept: 0, skipped }
      : { entities: entityData.size, links: linkList.length, events: eventList.length, designations: designationList.length, kept, skipped },
    bySchema: Object.fromEntries([...bySchema].filter(([, n]) => n > 0)),
    rejected,
    skippedLines,
    warnings,
    aborted,
  };
  if (aborted || opts.dryRun) return report;
  if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'import cancelled; nothing was imported');
  if (entityData.size + linkList.length + eventList.length + designationList.length === 0) return report;

  // Inserted in id order: ids are random, and random-order inserts into the B-tree cost about 1.7x as much
  // (page splits all over the table). The order is not observable afterwards: rows are kept in id order anyway.
  const rows: { id: string; kind: 'entity' | 'link' | 'event' | 'designation'; data: unknown }[] = [];
  for (const [ftmId, d] of entityData) rows.push({ id: recordIds.get(ftmId)!, kind: 'entity', data: d });
  for (const l of linkList) rows.push({ id: newRecordId(), kind: 'link', data: l.data });
  for (const v of eventList) rows.push({ id: newRecordId(), kind: 'event', data: v.data });
  for (const d of designationList) rows.push({ id: newRecordId(), kind: 'designation', data: d.data });
  rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  ws.ctx.repo.transact(
    {
      action: 'import.ftm',
      target: { kind: 'case', id: caseId },
      details: {
        format: 'ftm',
        sha256: stats.sha256,
        bytes: stats.bytes,
        lines: stats.lines,
        entities: entityData.size,
        links: linkList.length,
        events: eventList.length,
        designations: designationList.length,
        kept,
        skipped,
        warnings: warningsTotal,
        rejected: rejectedTotal,
        validLinesOnly: opts.validLinesOnly === true,
      },
    },
    (tx) => {
      for (const r of rows) tx.insert(r.kind, r.data, { id: r.id });
    },
  );
  return report;
}
