/**
 * Schema and property names are input: one named after an Object.prototype member (constructor, __proto__,
 * toString, hasOwnProperty …) must be a clear rejection of that line — never an internal error that aborts the
 * whole import — and the other lines import. Covers the FtM import, the FtM sanctions-list parser and the
 * property mapping.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { importFtm } from '../../main/core/exchange/ftm';
import { parseFtmList } from '../../main/core/screening/ftm-list';
import type { EntityData } from '../../shared/model/records';
import { newTestVault } from '../helpers/vault';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const good = (id: string, name: string) => JSON.stringify({ id, schema: 'Person', properties: { name: [name] } });

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

describe('FtM names that are Object.prototype members', () => {
  it.each(NAMES)('import: schema %j is rejected on its line, the rest imported', async (schema) => {
    const { vault } = await newTestVault();
    const ws = new Workspace(vault);
    try {
      const text = [good('p1', 'Tesfay Weldemariam'), JSON.stringify({ id: 'evil', schema, properties: { name: ['X'] } }), good('p2', 'Salem Ali')].join('\n');
      const report = await importFtm(ws, bytes(text), { validLinesOnly: true });
      expect(report.rejected).toEqual([{ line: 2, id: 'evil', reason: expect.stringMatching(/unknown schema/) }]);
      expect(ws.entities.list(report.caseId).map((e) => e.data.name).sort()).toEqual(['Salem Ali', 'Tesfay Weldemariam']);
    } finally {
      ws.dispose();
      vault.close();
    }
  });

  it('import: property names that are prototype members are kept aside as plain properties or rejected, never crash', async () => {
    const { vault } = await newTestVault();
    const ws = new Workspace(vault);
    try {
      const lines = NAMES.map((p, i) => `{"id":"q${i}","schema":"Person","properties":{"name":["Person ${i}"],${JSON.stringify(p)}:["v${i}"]}}`);
      const report = await importFtm(ws, bytes([...lines, good('p2', 'Salem Ali')].join('\n')), { validLinesOnly: true });
      const imported = new Map(ws.entities.list(report.caseId).map((e) => [e.data.external?.ftmId, e.data as EntityData]));
      expect(imported.get('p2')?.name).toBe('Salem Ali');
      NAMES.forEach((p, i) => {
        const rejection = report.rejected.find((r) => r.line === i + 1);
        if (rejection) expect(rejection.reason).toMatch(/property name .* is not allowed/);
        else {
          const e = imported.get(`q${i}`)!;
          expect(e.name).toBe(`Person ${i}`);
          // Person has no such property: the value is kept aside with a warning, as a plain own property.
          expect(Object.getPrototypeOf(e.external!.invalid)).toBe(Object.prototype);
          expect(Object.hasOwn(e.external!.invalid!, p) && e.external!.invalid![p]).toEqual([`v${i}`]);
          expect(report.warnings).toContainEqual({ line: i + 1, id: `q${i}`, property: p, value: `v${i}`, reason: `Person has no property ${p} in the FtM model; kept aside` });
        }
      });
    } finally {
      ws.dispose();
      vault.close();
    }
  });

  it.each(NAMES)('list parser: schema %j is rejected on its line, the rest parsed', (schema) => {
    const text = [good('p1', 'Tesfay Weldemariam'), JSON.stringify({ id: 'evil', schema, properties: { name: ['X'] } }), good('p2', 'Salem Ali')].join('\n');
    const snap = parseFtmList(Buffer.from(text), 'list.jsonl');
    expect(snap.entries.map((e) => e.id)).toEqual(['p1', 'p2']);
    expect(snap.problems).toEqual([{ where: 'line 2', reason: expect.stringMatching(/unknown schema/) }]);
  });

  it('list parser: a "__proto__" property does not replace the prototype of the properties', () => {
    const line = '{"id":"p1","schema":"Person","properties":{"__proto__":["Injected"],"name":["Tesfay Weldemariam"],"constructor":["c"],"toString":["t"]}}';
    const snap = parseFtmList(Buffer.from(`${line}\n${good('p2', 'Salem Ali')}`), 'list.jsonl');
    expect(snap.entries.map((e) => [e.id, e.names.map((n) => n.value)])).toEqual([
      ['p1', ['Tesfay Weldemariam']],
      ['p2', ['Salem Ali']],
    ]);
  });
});
