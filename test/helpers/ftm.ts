/** FollowTheMoney test helpers: fixture paths, parsing JSON lines, comparing entities property by property. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkFtmValue, ftmFitsRange, ftmProperty, validateFtmEntity } from '../../main/core/exchange/ftm/model';

export const FTM_FIXTURES = fileURLToPath(new URL('../fixtures/ftm/', import.meta.url));
export const NETWORK = `${FTM_FIXTURES}network.ftm.jsonl`;
export const MALFORMED = `${FTM_FIXTURES}malformed.ftm.jsonl`;

export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

export function parseFtm(text: string): FtmEntity[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as FtmEntity);
}

export function readFtm(path: string): FtmEntity[] {
  return parseFtm(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
}

/** Properties as multisets (values sorted, empty properties dropped), keys sorted: equal iff same content. */
export function multisets(props: Record<string, string[]> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of Object.keys(props).sort()) if (props[k]!.length) out[k] = [...props[k]!].sort();
  return out;
}

export function byId(list: FtmEntity[]): Map<string, FtmEntity> {
  return new Map(list.map((e) => [e.id, e]));
}

/**
 * Everything wrong with a file of FtM lines, judged by the model library: each line through validateFtmEntity,
 * ids unique, and every entity reference pointing at a line of the file whose schema is (or inherits from) the
 * property's range. Empty when the file is valid FtM.
 */
export function ftmFileProblems(lines: readonly { id?: unknown; schema?: unknown; properties?: unknown }[]): string[] {
  const out: string[] = [];
  const schemaOf = new Map<string, string>();
  for (const l of lines) {
    if (typeof l.id === 'string' && typeof l.schema === 'string') {
      if (schemaOf.has(l.id)) out.push(`${l.id}: id used twice`);
      schemaOf.set(l.id, l.schema);
    }
  }
  for (const l of lines) {
    for (const p of validateFtmEntity(l)) out.push(`${String(l.id)} (${String(l.schema)})${p.property ? ` ${p.property}` : ''}${p.value !== undefined ? ` ${JSON.stringify(p.value)}` : ''}: ${p.reason}`);
    if (typeof l.schema !== 'string' || !l.properties || typeof l.properties !== 'object') continue;
    for (const [name, values] of Object.entries(l.properties as Record<string, unknown>)) {
      if (ftmProperty(l.schema, name)?.type.name !== 'entity' || !Array.isArray(values)) continue;
      for (const v of values as string[]) {
        const target = schemaOf.get(v);
        if (target === undefined) out.push(`${String(l.id)} ${name}: refers to ${v}, not in the file`);
        else if (!ftmFitsRange(l.schema, name, target)) out.push(`${String(l.id)} ${name}: refers to a ${target}, outside the range of ${l.schema}.${name}`);
      }
    }
  }
  return out;
}

/**
 * What a valid FtM writer makes of a line: properties the schema lacks and values invalid for their type left
 * out, the others normalised as the model library does (trimmed, lower-case codes), without duplicates.
 */
export function cleanedFtm(e: FtmEntity): FtmEntity {
  const properties: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(e.properties)) {
    const prop = ftmProperty(e.schema, name);
    if (!prop) continue;
    const kept: string[] = [];
    for (const v of values) {
      const c = checkFtmValue(prop.type.name, v);
      if (c.ok && !kept.includes(c.value)) kept.push(c.value);
    }
    if (kept.length) properties[name] = kept;
  }
  return { ...e, properties };
}
