/**
 * The graph exports read by networkx, the reader issue 12 names: Debian's python3-networkx under
 * /usr/bin/python3 (.ci/run installs it). The default GraphML must load with nx.read_graphml, with the same
 * nodes, edges and typed attributes, and `degree` must be networkx's own degree of the multigraph; the GEXF
 * must load with nx.read_gexf, dynamic, with the spells the dates give. Skipped, with a message, only where
 * python3-networkx cannot be imported.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { exportGexf, exportGraphml } from '../../../main/core/exchange/graphml/export';
import { buildCaseSnapshot } from '../../../main/core/graph/snapshot';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { newTestVault, WITNESS_PASS } from '../../helpers/vault';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import networkx; print(networkx.__version__)'], { encoding: 'utf8' });
const hasNetworkx = probe.status === 0;
if (!hasNetworkx) console.warn(`[skip] networkx tests: ${PYTHON} cannot import networkx (install python3-networkx; .ci/run does)`);

const SECRET = { fullName: 'Zz Secret Fullname', otherNames: ['Zz Other Secret'], contact: 'zz-secret@example.org', address: 'Zz Secret Street 1' };

/** Reads both files and answers, as JSON, what networkx made of them. */
const READ = `
import json, sys
import networkx as nx

# In a multigraph both readers key each edge by its id in the file.
def edges(g):
    return {key: {"u": u, "v": v, **{k: x for k, x in d.items() if k != "id"}} for u, v, key, d in g.edges(keys=True, data=True)}

def undirected_view_neighbours(g, n):
    return len(set(g.predecessors(n)) | set(g.successors(n)))

out = {}
g = nx.read_graphml(sys.argv[1])
out["graphml"] = {
    "type": type(g).__name__, "directed": g.is_directed(), "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
    "node": {n: d for n, d in g.nodes(data=True)}, "edge": edges(g),
    "nxDegree": {n: g.degree(n) for n in g}, "nxDistinct": {n: undirected_view_neighbours(g, n) for n in g},
}
h = nx.read_gexf(sys.argv[2])
out["gexf"] = {
    "type": type(h).__name__, "directed": h.is_directed(), "mode": h.graph.get("mode"), "nodes": h.number_of_nodes(), "edges": h.number_of_edges(),
    "node": {n: d for n, d in h.nodes(data=True)}, "edge": edges(h),
    "nxDegree": {n: h.degree(n) for n in h},
}
print(json.dumps(out, default=str))
`;

type NxGraph = {
  type: string;
  directed: boolean;
  mode?: string;
  nodes: number;
  edges: number;
  node: Record<string, Record<string, unknown>>;
  edge: Record<string, Record<string, unknown>>;
  nxDegree: Record<string, number>;
  nxDistinct?: Record<string, number>;
};

function readWithNetworkx(graphml: string, gexf: string): { graphml: NxGraph; gexf: NxGraph } {
  const r = spawnSync(PYTHON, ['-c', READ, graphml, gexf], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`networkx failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The fixture case plus parallel links, an undirected dated link, claims, an event and a witness. */
async function fixture() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  await vault.unlockWitness(WITNESS_PASS);
  ws.witnesses.setIdentity(f.witnessId, SECRET);
  const witnessEntity = ws.entities.create({ caseId: f.caseId, kind: 'person', name: 'W-017', witnessId: f.witnessId, roles: ['witness'], aliases: [{ value: 'Zz Alias Of Witness' }] }).id;
  ws.witnesses.update(f.witnessId, { entityId: witnessEntity });
  // A second payment between the same two: a parallel edge. Asserted by two claims.
  const paid2 = ws.links.create({ caseId: f.caseId, kind: 'paid', source: f.e.financier, target: f.e.dabbashi, money: { amount: 20000, currency: 'USD' }, date: { value: '2017-04' } }).id;
  for (const ev of [f.evidence.ledger, f.evidence.report]) ws.claims.create({ caseId: f.caseId, assertion: { type: 'link', linkId: paid2 }, evidence: [{ evidenceId: ev }] });
  // Undirected, dated as a period.
  const associate = ws.links.create({ caseId: f.caseId, kind: 'associate', source: f.e.ghermay, target: f.e.financier, start: { value: '2016-01' }, end: { value: '2016-06' } }).id;
  const witnessLink = ws.links.create({ caseId: f.caseId, kind: 'associate', source: witnessEntity, target: f.e.ghermay }).id;
  ws.events.create({ caseId: f.caseId, title: 'A meeting', date: { value: '2018-02-02' }, participants: [{ entityId: f.e.financier, role: 'attended' }], conduct: [] });
  return { dir, ws, f, paid2, associate, witnessLink, witnessEntity };
}

describe.skipIf(!hasNetworkx)(`graph exports read by networkx (${PYTHON}, networkx ${probe.stdout.trim() || 'missing'})`, () => {
  it('reads the default GraphML and the GEXF with the same nodes, edges, attributes, degrees and spells', async () => {
    const { dir, ws, f, paid2, associate, witnessLink, witnessEntity } = await fixture();
    const graphmlPath = join(dir, '..', 'case.graphml');
    const gexfPath = join(dir, '..', 'case.gexf');
    const gm = exportGraphml(ws, f.caseId, graphmlPath, { analytics: true });
    const gx = exportGexf(ws, f.caseId, gexfPath, { analytics: true });
    expect(gm).toMatchObject({ edgeMode: 'directed', format: 'graphml' });
    expect(gx).toMatchObject({ edgeMode: 'directed', format: 'gexf' });
    const nx = readWithNetworkx(graphmlPath, gexfPath);

    // What the case holds, counted from the records, not from the export.
    const entities = ws.entities.list(f.caseId);
    const links = ws.links.list(f.caseId);
    const snap = buildCaseSnapshot(ws, f.caseId);
    const claimsOf = new Map(snap.links.map((l) => [l.id, l.support.length]));

    for (const g of [nx.graphml, nx.gexf]) {
      // Parallel links make it a multigraph; directed, so networkx accepted it at all.
      expect(g).toMatchObject({ type: 'MultiDiGraph', directed: true, nodes: entities.length, edges: links.length });
      expect(Object.keys(g.edge).sort()).toEqual(links.map((l) => l.id).sort());
    }
    expect(nx.gexf.mode).toBe('dynamic');

    for (const e of entities) {
      const touching = links.filter((l) => l.data.source === e.id || l.data.target === e.id);
      const others = new Set(touching.map((l) => (l.data.source === e.id ? l.data.target : l.data.source)));
      // degree counts parallel links, as networkx's degree of the multigraph does; degree_distinct does not.
      for (const g of [nx.graphml, nx.gexf]) {
        expect(g.node[e.id]!.degree, e.data.name).toBe(touching.length);
        expect(g.nxDegree[e.id], e.data.name).toBe(touching.length);
        expect(g.node[e.id]!.degree_distinct, e.data.name).toBe(others.size);
      }
      expect(nx.graphml.nxDistinct![e.id], e.data.name).toBe(others.size);
    }
    expect(nx.graphml.node[f.e.financier]).toMatchObject({ degree: 3, degree_distinct: 2 });

    for (const l of links) {
      for (const g of [nx.graphml, nx.gexf]) {
        const edge = g.edge[l.id]!;
        expect(edge).toMatchObject({ u: l.data.source, v: l.data.target, kind: l.data.kind });
        // weight: claims asserting the link, at least 1; typed as a number by both readers.
        expect(edge.weight, l.data.kind).toBe(Math.max(1, claimsOf.get(l.id)!));
        expect(typeof edge.link_directed).toBe('boolean');
      }
    }
    expect(nx.graphml.edge[paid2]).toMatchObject({ weight: 2, claims: 2, link_directed: true, amount: 20000, currency: 'USD' });
    expect(nx.graphml.edge[associate]).toMatchObject({ weight: 1, link_directed: false });
    expect(nx.gexf.edge[associate]).toMatchObject({ label: 'Associate', link_directed: false });
    expect(nx.graphml.node[f.e.milad]).toMatchObject({ label: 'Abd Al-Rahman Al-Milad', kind: 'person', witness: false });
    expect(typeof nx.graphml.node[f.e.milad]!.betweenness).toBe('number');

    // Spells: partial dates as ranges; open ends left out (networkx reads a missing bound as "None").
    expect(nx.gexf.edge[f.links.paid]!.spells).toEqual([['2017-03-01', '2017-03-31']]);
    expect(nx.gexf.edge[associate]!.spells).toEqual([['2016-01-01', '2016-06-30']]);
    expect(nx.gexf.edge[f.links.commands]!.spells).toEqual([['2015-01-01', 'None']]);
    expect(nx.gexf.edge[f.links.owns]).not.toHaveProperty('spells');
    // A node: its links' and events' spells, touching ones merged (2017-03 and 2017-04).
    expect(nx.gexf.node[f.e.financier]!.spells).toEqual([
      ['2016-01-01', '2016-06-30'],
      ['2017-03-01', '2017-04-30'],
      ['2018-02-02', '2018-02-02'],
    ]);
    // An undated link (owns) means always there: no spells for Milad.
    expect(nx.gexf.node[f.e.milad]).not.toHaveProperty('spells');

    // Protection: the witness is there under the pseudonym only, in both files.
    expect(nx.graphml.node[witnessEntity]).toMatchObject({ label: 'W-017', witness: true });
    expect(nx.gexf.node[witnessEntity]).toMatchObject({ label: 'W-017', witness: true });
    expect(nx.gexf.edge[witnessLink]).toBeDefined();
    for (const path of [graphmlPath, gexfPath]) {
      const text = readFileSync(path, 'utf8');
      for (const secret of [SECRET.fullName, SECRET.otherNames[0]!, SECRET.contact, 'Zz Alias Of Witness']) expect(text).not.toContain(secret);
    }
  });

  it('refuses the mixed files, as networkx does for mixed graphs (the option is for Gephi)', async () => {
    const { dir, ws, f } = await fixture();
    const graphmlPath = join(dir, '..', 'mixed.graphml');
    const gexfPath = join(dir, '..', 'mixed.gexf');
    exportGraphml(ws, f.caseId, graphmlPath, { edges: 'mixed' });
    exportGexf(ws, f.caseId, gexfPath, { edges: 'mixed' });
    const one = (fn: string, path: string) => spawnSync(PYTHON, ['-c', `import sys, networkx as nx\nnx.${fn}(sys.argv[1])`, path], { encoding: 'utf8' });
    expect(one('read_graphml', graphmlPath).stderr).toMatch(/directed=false edge found in directed graph/);
    expect(one('read_gexf', gexfPath).stderr).toMatch(/Directed edge found in undirected graph/);
  });
});
