/**
 * The renderer is untrusted and never names a place on this computer (ARCHITECTURE.md: files move through grants
 * minted in main). This walks every request and response schema of the contract and fails on a field named like
 * a filesystem location, so a new channel cannot take or leak one without this test being changed on purpose.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '../../../shared/ipc/contract';

const PATH_LIKE = /(path|dir|directory)$/i;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

/** Every object key reachable from `schema`, with where it sits. */
function keysOf(schema: z.ZodType, where: string, out: string[], seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return out;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const walk = (s: z.ZodType | undefined, w: string) => s && keysOf(s, w, out, seen);
  for (const [k, v] of Object.entries(def.shape ?? {})) {
    out.push(`${where}.${k}`);
    walk(v, `${where}.${k}`);
  }
  walk(def.element, `${where}[]`);
  walk(def.innerType, where);
  walk(def.valueType, `${where}{}`);
  walk(def.in, where);
  walk(def.out, where);
  walk(def.left, where);
  walk(def.right, where);
  for (const o of def.options ?? []) walk(o, where);
  if (def.getter) walk(def.getter(), where);
  return out;
}

describe('no filesystem paths across the IPC boundary', () => {
  const requests = Object.entries(contract).flatMap(([channel, spec]) => keysOf(spec.request as z.ZodType, `${channel} request`, []));
  const responses = Object.entries(contract).flatMap(([channel, spec]) => keysOf(spec.response as z.ZodType, `${channel} response`, []));

  it('reaches the fields it is about (so it cannot pass by reaching none)', () => {
    const want = ['evidence.intake request.grants', 'package.export request.out', 'entity.create request.data.name', 'vault.status response.folder', 'package.export response.items[].inBag'];
    expect(want.filter((k) => !requests.includes(k) && !responses.includes(k))).toEqual([]);
  });

  it('no request field is named like a path or a folder on this computer', () => {
    expect(requests.filter((k) => PATH_LIKE.test(k.split('.').at(-1)!))).toEqual([]);
  });

  it('no response field is either (the vault is named by its folder name only)', () => {
    expect(responses.filter((k) => PATH_LIKE.test(k.split('.').at(-1)!))).toEqual([]);
  });
});
