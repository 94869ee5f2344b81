/** FollowTheMoney test helpers: fixture paths, parsing JSON lines, comparing entities property by property. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
