/**
 * What FollowTheMoney is, from the model library (`@opensanctions/followthemoney`), never from a hand list:
 * schemata, their inheritance, properties (inherited ones included), property types, entity ranges and the edge
 * specification of relationship schemata. Importers, exporters and the screening list reader ask this module.
 *
 * Value validation follows the type semantics of the Python library (followthemoney/types/*.py) where the JS
 * model carries no code: dates are ISO-8601 prefixes, countries/languages/genders/topics come from the type's
 * own value table, identifiers and names are free text within the type's length limit.
 */
import { defaultModel, Model, type Property, type Schema } from '@opensanctions/followthemoney';

export const ftmModel = new Model(defaultModel);

/** The schema by name, or undefined for a name that is not in the model (never throws, never finds prototypes). */
export function ftmSchema(name: string): Schema | undefined {
  if (typeof name !== 'string' || !Object.hasOwn(ftmModel.schemata, name)) return undefined;
  return ftmModel.schemata[name];
}

/** Every schema name of the model, abstract ones included. */
export function ftmSchemaNames(): string[] {
  return Object.keys(ftmModel.schemata).sort();
}

// The model never changes, and the library rebuilds a schema's inherited property map (and walks its parents)
// on every call: writers ask per value, so the answers are kept.
const isACache = new Map<string, boolean>();
const fitsCache = new Map<string, boolean>();

/** True when `schema` is `parent` or inherits from it. */
export function ftmIsA(schema: string, parent: string): boolean {
  const key = `${schema}\0${parent}`;
  let r = isACache.get(key);
  if (r === undefined) {
    const s = ftmSchema(schema);
    r = s !== undefined && ftmSchema(parent) !== undefined && s.isA(parent);
    if (isACache.size < 10_000) isACache.set(key, r);
  }
  return r;
}

// Schema.getProperties() rebuilds its map on every call (~0.1 ms); readers ask per value, millions of times.
const propertyMaps = new Map<string, Map<string, Property>>();

/** Every property of a schema (inherited ones included), memoised; undefined for a name not in the model. */
export function ftmProperties(schema: string): ReadonlyMap<string, Property> | undefined {
  let m = propertyMaps.get(schema);
  if (m === undefined) {
    const s = ftmSchema(schema);
    if (!s) return undefined;
    m = s.getProperties();
    propertyMaps.set(schema, m);
  }
  return m;
}

/** The property of a schema (inherited ones included), or undefined. */
export function ftmProperty(schema: string, prop: string): Property | undefined {
  if (typeof prop !== 'string') return undefined;
  return ftmProperties(schema)?.get(prop);
}

/** The edge spec of a relationship schema (source/target property names, directed), or undefined. */
export function ftmEdge(schema: string): { source: string; target: string; directed: boolean } | undefined {
  const e = ftmSchema(schema)?.edge;
  return e ? { source: e.source, target: e.target, directed: e.directed } : undefined;
}

/** The schema an entity-typed property points at ("LegalEntity" for Payment:payer), or undefined. */
export function ftmRange(schema: string, prop: string): string | undefined {
  const p = ftmProperty(schema, prop);
  if (!p || p.type.name !== 'entity' || !p.hasRange) return undefined;
  return p.getRange().name;
}

/** True when an entity of schema `endpoint` may be a value of the entity property `schema.prop` (its range). */
export function ftmFitsRange(schema: string, prop: string, endpoint: string): boolean {
  const key = `${schema}\0${prop}\0${endpoint}`;
  let r = fitsCache.get(key);
  if (r === undefined) {
    const range = ftmRange(schema, prop);
    r = range !== undefined && ftmIsA(endpoint, range);
    if (fitsCache.size < 100_000) fitsCache.set(key, r);
  }
  return r;
}

export type ValueCheck = { ok: true; value: string } | { ok: false; reason: string };

const DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2}))?)?)?)?)?$/;

/** An FtM date: an ISO-8601 prefix (`2021`, `2021-02`, `2021-02-16`, … to seconds) that names a real day. */
export function checkFtmDate(raw: string): ValueCheck {
  const v = raw.trim().replace(/Z$/, '').replace(/\.\d+$/, '');
  const m = DATE_PREFIX.exec(v);
  if (!m) return { ok: false, reason: `"${raw}" is not an ISO-8601 date (YYYY, YYYY-MM or YYYY-MM-DD)` };
  const [, y, mo, d, h, mi, s] = m;
  const year = Number(y);
  if (year < 1000) return { ok: false, reason: `"${raw}": year out of range` };
  if (mo !== undefined && (Number(mo) < 1 || Number(mo) > 12)) return { ok: false, reason: `"${raw}": no month ${mo}` };
  if (d !== undefined) {
    const days = new Date(Date.UTC(year, Number(mo), 0)).getUTCDate();
    if (Number(d) < 1 || Number(d) > days) return { ok: false, reason: `"${raw}": no day ${d} in ${y}-${mo}` };
  }
  if (h !== undefined && Number(h) > 23) return { ok: false, reason: `"${raw}": no hour ${h}` };
  if (mi !== undefined && Number(mi) > 59) return { ok: false, reason: `"${raw}": no minute ${mi}` };
  if (s !== undefined && Number(s) > 59) return { ok: false, reason: `"${raw}": no second ${s}` };
  return { ok: true, value: v };
}

function tableValue(type: string, raw: string): ValueCheck {
  const values = ftmModel.getType(type).values;
  const v = raw.trim().toLowerCase();
  if (values.has(v)) return { ok: true, value: v };
  return { ok: false, reason: `"${raw}" is not a ${type} code of the FtM model` };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'mailto:']);

/**
 * Check and normalise one value for an FtM property type. Returns the value to write (countries lower-case,
 * trimmed text) or why it cannot be written.
 */
export function checkFtmValue(typeName: string, raw: unknown): ValueCheck {
  if (typeof raw !== 'string') return { ok: false, reason: `a ${typeName} value must be a string, not ${typeof raw}` };
  const type = ftmModel.types[typeName];
  if (!type) return { ok: false, reason: `unknown property type ${typeName}` };
  const v = raw.trim();
  if (v === '') return { ok: false, reason: 'empty value' };
  const max = type.maxLength > 0 ? type.maxLength : Infinity;
  // Long free text is allowed by the model (text, html, json have no practical cap); names and codes are not.
  if (v.length > max && !['text', 'html', 'json'].includes(typeName)) {
    return { ok: false, reason: `${typeName} value longer than ${max} characters` };
  }
  switch (typeName) {
    case 'date':
      return checkFtmDate(v);
    case 'country':
    case 'language':
    case 'gender':
    case 'topic':
      return tableValue(typeName, v);
    case 'email':
      return EMAIL.test(v) ? { ok: true, value: v } : { ok: false, reason: `"${raw}" is not an e-mail address` };
    case 'url': {
      try {
        const u = new URL(v);
        return URL_SCHEMES.has(u.protocol) ? { ok: true, value: v } : { ok: false, reason: `"${raw}": scheme ${u.protocol} not allowed` };
      } catch {
        return { ok: false, reason: `"${raw}" is not a URL` };
      }
    }
    case 'number':
      return /^-?[\d.,\s]+(?:[eE][-+]?\d+)?$/.test(v) && /\d/.test(v) ? { ok: true, value: v } : { ok: false, reason: `"${raw}" is not a number` };
    case 'phone':
      return /^\+?[\d\s().-]{4,}$/.test(v) ? { ok: true, value: v } : { ok: false, reason: `"${raw}" is not a phone number` };
    case 'entity':
      return /^[\w.:-]+$/.test(v) ? { ok: true, value: v } : { ok: false, reason: `"${raw}" is not an entity id` };
    case 'ip':
      return /^[\d.]+$|^[\da-fA-F:]+$/.test(v) ? { ok: true, value: v } : { ok: false, reason: `"${raw}" is not an IP address` };
    case 'checksum':
      return /^[\da-fA-F]{32,128}$/.test(v) ? { ok: true, value: v.toLowerCase() } : { ok: false, reason: `"${raw}" is not a checksum` };
    case 'json':
      try {
        JSON.parse(v);
        return { ok: true, value: v };
      } catch {
        return { ok: false, reason: 'not JSON' };
      }
    default:
      // name, string, text, html, address, identifier, mimetype: free text.
      return { ok: true, value: v };
  }
}

export interface FtmLineProblem {
  property?: string;
  value?: string;
  reason: string;
}

/**
 * Everything wrong with one FtM entity as a writer would emit it: schema unknown or abstract, properties the
 * schema lacks, values invalid for their type. Entity references are checked for form only (the range needs
 * the other entity; writers check it where they know both ends).
 */
export function validateFtmEntity(entity: { id?: unknown; schema?: unknown; properties?: unknown }): FtmLineProblem[] {
  const out: FtmLineProblem[] = [];
  if (typeof entity.id !== 'string' || entity.id === '') out.push({ reason: 'no id' });
  const schema = typeof entity.schema === 'string' ? ftmSchema(entity.schema) : undefined;
  if (!schema) return [...out, { reason: `unknown schema ${JSON.stringify(entity.schema)}` }];
  if (schema.abstract) out.push({ reason: `schema ${schema.name} is abstract` });
  const props = entity.properties;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return [...out, { reason: 'properties is not an object' }];
  const known = ftmProperties(schema.name)!;
  for (const [name, values] of Object.entries(props as Record<string, unknown>)) {
    const p = known.get(name);
    if (!p) {
      out.push({ property: name, reason: `${schema.name} has no property ${name}` });
      continue;
    }
    if (!Array.isArray(values)) {
      out.push({ property: name, reason: 'values must be a list' });
      continue;
    }
    for (const raw of values) {
      const c = checkFtmValue(p.type.name, raw);
      if (!c.ok) out.push({ property: name, value: String(raw), reason: c.reason });
      else if (c.value !== raw) out.push({ property: name, value: String(raw), reason: `not normalised (write "${c.value}")` });
    }
  }
  for (const req of schema.required) {
    const vals = (props as Record<string, unknown>)[req];
    if (!Array.isArray(vals) || vals.length === 0) out.push({ property: req, reason: `${schema.name} requires ${req}` });
  }
  return out;
}
