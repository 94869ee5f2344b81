/** `sanctum graph export` and `sanctum export --format graphml|gexf` through the real CLI (bundled, spawned). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { buildFixtureCase } from '../helpers/case-fixture';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { newTestVault, PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

async function vaultWithCase() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  ws.dispose();
  vault.close();
  return { dir, f, out: join(tempDir(), 'network.graphml') };
}

const env = { SANCTUM_PASSPHRASE: PASS };
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;
const count = (xml: string) => {
  const g = new XMLParser({ ignoreAttributes: false }).parse(xml).graphml.graph;
  return { nodes: [g.node ?? []].flat().length, edges: [g.edge ?? []].flat().length };
};

describe('GraphML from the command line', () => {
  it('writes GraphML with analytics for a case named on the command line', async () => {
    const { dir, f, out } = await vaultWithCase();
    const r = await sanctum(['graph', 'export', dir, '--case', 'zawiya coast network', '--out', out, '--json'], { env });
    expect(r.code, explain(r)).toBe(0);
    const j = jsonOf(r);
    // Directed by default: networkx reads it.
    expect(j).toMatchObject({ format: 'graphml', caseId: f.caseId, nodes: 10, edges: 4, analytics: true, edgeMode: 'directed', path: out });
    const xml = readFileSync(out, 'utf8');
    expect(count(xml)).toEqual({ nodes: 10, edges: 4 });
    expect(xml).toContain('attr.name="community"');
    expect(xml).not.toMatch(/ directed="/);

    const again = await sanctum(['graph', 'export', dir, '--out', out], { env });
    expect(again.code, explain(again)).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const forced = await sanctum(['graph', 'export', dir, '--out', out, '--force', '--edges', 'mixed', '--no-analytics'], { env });
    expect(forced.code, explain(forced)).toBe(0);
    expect(forced.stdout).toMatch(/10 entities, 4 links/);
    expect(forced.stdout).toMatch(/networkx cannot read them/);
    expect(readFileSync(out, 'utf8')).not.toContain('attr.name="community"');
  });

  it('writes GEXF with spells for Gephi with --format gexf, to a file or to standard output', async () => {
    const { dir, f, out } = await vaultWithCase();
    const gexf = out.replace(/\.graphml$/, '.gexf');
    const r = await sanctum(['graph', 'export', dir, '--format', 'gexf', '--out', gexf, '--json'], { env });
    expect(r.code, explain(r)).toBe(0);
    expect(jsonOf(r)).toMatchObject({ format: 'gexf', caseId: f.caseId, nodes: 10, edges: 4, edgeMode: 'directed' });
    const text = readFileSync(gexf, 'utf8');
    const g = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).gexf.graph;
    expect(g).toMatchObject({ mode: 'dynamic', timeformat: 'date', defaultedgetype: 'directed' });
    const paid = [g.edges.edge].flat().find((e: { id: string }) => e.id === f.links.paid);
    expect(paid.spells.spell).toEqual({ start: '2017-03-01', end: '2017-03-31' });

    // To standard output: the same bytes as the file, the summary on stderr.
    const piped = await sanctum(['graph', 'export', dir, '--format', 'gexf', '--out', '-'], { env });
    expect(piped.code, explain(piped)).toBe(0);
    expect(piped.stdout).toBe(text);
    expect(piped.stderr).toMatch(/as GEXF to standard output: 10 entities, 4 links/);
    const viaExport = await sanctum(['export', dir, '--format', 'gexf', '--out', '-'], { env });
    expect(viaExport.code, explain(viaExport)).toBe(0);
    expect(viaExport.stdout).toBe(text);
    // --json would share stdout with the file.
    const both = await sanctum(['graph', 'export', dir, '--out', '-', '--json'], { env });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--json cannot go with --out -/);
  });

  it('is what `sanctum export --format graphml` writes', async () => {
    const { dir, f, out } = await vaultWithCase();
    const r = await sanctum(['export', dir, '--format', 'graphml', '--case', f.caseId, '--out', out, '--json'], { env });
    expect(r.code, explain(r)).toBe(0);
    expect(jsonOf(r)).toMatchObject({ caseId: f.caseId, entities: 10, links: 4, skipped: [], path: out });
    const xml = readFileSync(out, 'utf8');
    expect(count(xml)).toEqual({ nodes: 10, edges: 4 });
    expect(xml).toContain('attr.name="betweenness"');
    expect(jsonOf(r).sha256).toMatch(/^[0-9a-f]{64}$/);
    const imp = await sanctum(['import', dir, out, '--format', 'graphml'], { env });
    expect(imp.code, explain(imp)).toBe(2);
  });

  it('reports usage errors with exit 2', async () => {
    const { dir, out } = await vaultWithCase();
    const bad = await sanctum(['graph', 'export', dir, '--out', out, '--edges', 'sideways'], { env });
    expect(bad.code, explain(bad)).toBe(2);
    expect(bad.stderr).toMatch(/--edges takes directed or mixed/);
    const badFormat = await sanctum(['graph', 'export', dir, '--out', out, '--format', 'dot'], { env });
    expect(badFormat.code, explain(badFormat)).toBe(2);
    expect(badFormat.stderr).toMatch(/--format takes graphml or gexf/);
    const noOut = await sanctum(['graph', 'export', dir], { env });
    expect(noOut.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe('exploring a network from the command line', () => {
  it('lists neighbours, expands, and groups into meta-nodes; protected entities under their label only', async () => {
    const { dir, f } = await vaultWithCase();
    // Al-Fitouri: member of the militia, paid by Financier X (fixture links).
    const nb = await sanctum(['graph', 'neighbours', dir, '--entity', 'Ahmad Oumar Imhamad Al-Fitouri', '--json'], { env });
    expect(nb.code, explain(nb)).toBe(0);
    const rows = jsonOf(nb).neighbours as { id: string; links: string[] }[];
    expect(new Map(rows.map((r) => [r.id, r.links]))).toEqual(
      new Map([
        [f.e.militia, ['member_of →']],
        [f.e.financier, ['← paid']],
      ]),
    );

    const ex = await sanctum(['graph', 'expand', dir, '--entity', f.e.milad, '--depth', '1', '--json'], { env });
    expect(ex.code, explain(ex)).toBe(0);
    const j = jsonOf(ex) as { added: { id: string }[]; links: string[] };
    expect(new Set(j.added.map((a) => a.id))).toEqual(new Set([f.e.coastguard, f.e.boat]));
    expect(new Set(j.links)).toEqual(new Set([f.links.commands, f.links.owns]));

    const ov = await sanctum(['graph', 'overview', dir, '--by', 'organisation', '--json'], { env });
    expect(ov.code, explain(ov)).toBe(0);
    const groups = jsonOf(ov).groups as { key: string; count: number; money: Record<string, number> }[];
    // The militia's group: itself and its member; the coast guard's: itself and its commander.
    expect(groups.find((g) => g.key === f.e.militia)?.count).toBe(2);
    expect(groups.find((g) => g.key === f.e.coastguard)?.count).toBe(2);
    expect(groups.reduce((a, g) => a + g.count, 0)).toBe(10);
    // The victim is protected: its recorded name never leaves, in text or JSON.
    const text = await sanctum(['graph', 'overview', dir, '--by', 'kind', '--open', 'person'], { env });
    expect(text.code, explain(text)).toBe(0);
    expect(text.stdout).toMatch(/Protected person/);
    for (const r of [nb, ex, ov, text]) expect(r.stdout).not.toContain('V-003');

    const bad = await sanctum(['graph', 'overview', dir, '--by', 'colour'], { env });
    expect(bad.code).toBe(2);
    const unknown = await sanctum(['graph', 'neighbours', dir, '--entity', 'Nobody'], { env });
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no entity "Nobody"/);
  });
});
