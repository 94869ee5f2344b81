/**
 * Main-process side of the graph: the snapshot built from a real vault (evidence grading, the witness rule),
 * saved positions and views, and the GraphML export parsed back as a standard GraphML reader would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { exportGraphml } from '../../../main/core/exchange/graphml/export';
import { EDGE_KEYS, NODE_KEYS, writeGraphml } from '../../../main/core/exchange/graphml/writer';
import { xmlSafe } from '../../../main/core/exchange/graphml/xml';
import { GraphStore } from '../../../main/core/graph/graph-store';
import { buildCaseSnapshot } from '../../../main/core/graph/snapshot';
import { CaseGraphSnapshot } from '../../../shared/graph/snapshot';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { hexId, link, node, snapshot } from '../../helpers/graph-fixtures';
import { newTestVault, WITNESS_PASS } from '../../helpers/vault';

/** Ermias Ghermay in Ge'ez script. */
const GEEZ = 'ኤርምያስ ገርማይ';
const SECRET = { fullName: 'Zz Secret Fullname', otherNames: ['Zz Other Secret'], contact: 'zz-secret@example.org', address: 'Zz Secret Street 1' };

/** The fixture case plus: a witness entity (with an identity in the compartment), an undirected link, a Ge'ez name, a second source on one link. */
async function fixture() {
  const { dir, vault } = await newTestVault();
  const ws = new Workspace(vault);
  const f = await buildFixtureCase(ws);
  await vault.unlockWitness(WITNESS_PASS);
  ws.witnesses.setIdentity(f.witnessId, SECRET);
  const witnessEntity = ws.entities.create({
    caseId: f.caseId,
    kind: 'person',
    name: 'W-017',
    witnessId: f.witnessId,
    roles: ['witness'],
    // An analyst's slip: identifying details on the entity itself must not leak either.
    aliases: [{ value: 'Zz Alias Of Witness' }],
    nationality: ['er'],
    birthDate: { value: '1995-02-03' },
  }).id;
  ws.witnesses.update(f.witnessId, { entityId: witnessEntity });
  const associate = ws.links.create({ caseId: f.caseId, kind: 'associate', source: f.e.ghermay, target: witnessEntity }).id;
  ws.entities.update(f.e.ghermay, { originalScriptName: GEEZ });
  // The commands link: the ledger (panel, A, credibility 1, verified); now also the NGO report and a translation of it.
  const translation = (await ws.evidence.addWorkingCopy(f.evidence.report, [new TextEncoder().encode('translated report')], { type: 'translated', originalName: 'report-en.txt' })).id;
  ws.claims.create({ caseId: f.caseId, assertion: { type: 'link', linkId: f.links.commands }, evidence: [{ evidenceId: f.evidence.report }, { evidenceId: translation }] });
  return { dir, vault, ws, f, witnessEntity, associate, translation };
}

describe('graph snapshot from the workspace', () => {
  it('carries entities, links with graded support, events and nothing about witnesses but the pseudonym', async () => {
    const { ws, f, witnessEntity, vault } = await fixture();
    const s = buildCaseSnapshot(ws, f.caseId);
    expect(CaseGraphSnapshot.safeParse(s).success).toBe(true);
    expect(s.nodes).toHaveLength(11);
    expect(s.links).toHaveLength(5);
    expect(s.events).toHaveLength(2);
    expect(s.nodes.map((n) => n.id)).toEqual([...s.nodes.map((n) => n.id)].sort());
    expect(s.nodes.find((n) => n.id === witnessEntity)).toEqual({ id: witnessEntity, kind: 'person', name: 'W-017', aliases: [], roles: ['witness'], nationality: [], countries: [], isWitness: true });
    const commands = s.links.find((l) => l.id === f.links.commands)!;
    expect(commands.support).toHaveLength(2);
    const items = commands.support.flatMap((c) => c.evidence);
    expect(items.map((i) => [i.grade, i.credibility, i.verified])).toEqual(expect.arrayContaining([['A', 1, true], ['B', 3, false]]));
    // The translation counts under its original's source: three items, two independent sources.
    expect(new Set(items.map((i) => i.sourceId)).size).toBe(2);
    expect(s.links.find((l) => l.id === f.links.paid)).toMatchObject({ money: { amount: 50000, currency: 'USD' }, date: { value: '2017-03' }, support: [] });
    // Same snapshot whether the compartment is open or not: it never reads it.
    vault.lockWitness();
    ws.forgetIdentities();
    expect(buildCaseSnapshot(ws, f.caseId)).toEqual(s);
    expect(JSON.stringify(s)).not.toMatch(/Zz /);
  });

  it('saves positions (merged, pruned to the case) and views as sealed records', async () => {
    const { ws, f } = await fixture();
    const store = new GraphStore(ws);
    const other = ws.cases.create({ name: 'Other case' }).id;
    const stranger = ws.entities.create({ caseId: other, kind: 'person', name: 'Elsewhere' }).id;
    expect(store.savePositions(f.caseId, { [f.e.milad]: { x: 1, y: 2 }, [f.e.boat]: { x: 3, y: 4 }, [stranger]: { x: 0, y: 0 } })).toEqual({ saved: 2, total: 2 });
    expect(store.savePositions(f.caseId, { [f.e.milad]: { x: 10, y: 20 } })).toEqual({ saved: 1, total: 2 });
    expect(buildCaseSnapshot(ws, f.caseId).positions).toEqual({ [f.e.milad]: { x: 10, y: 20 }, [f.e.boat]: { x: 3, y: 4 } });
    ws.entities.delete(f.e.boat, { confirm: true });
    expect(buildCaseSnapshot(ws, f.caseId).positions).toEqual({ [f.e.milad]: { x: 10, y: 20 } });
    expect(store.savePositions(f.caseId, { [f.e.zawiya]: { x: 5, y: 5 } }, { replace: true })).toEqual({ saved: 1, total: 1 });
    expect(() => store.savePositions(f.caseId, { [f.e.milad]: { x: Number.NaN, y: 0 } })).toThrow(/positions/);

    const v = store.saveView({ caseId: f.caseId, name: 'Money', filters: { linkKinds: ['paid', 'finances'], time: { from: '2017' } }, positions: { [f.e.milad]: { x: 1, y: 1 } }, sizeBy: 'money' });
    expect(v).toMatchObject({ name: 'Money', filters: { linkKinds: ['paid', 'finances'], time: { from: '2017', includeUndated: true } }, pinned: [] });
    expect(() => store.saveView({ caseId: f.caseId, name: 'money' })).toThrow(/already exists/);
    const replaced = store.saveView({ caseId: f.caseId, name: 'money', replace: true, layout: 'concentric' });
    expect(replaced.id).toBe(v.id);
    const second = store.saveView({ caseId: f.caseId, name: 'Command' });
    expect(store.views(f.caseId).map((x) => [x.name, x.layout ?? null])).toEqual([['Command', null], ['money', 'concentric']]);
    store.deleteView(second.id);
    expect(store.views(f.caseId)).toHaveLength(1);
    expect(store.views(other)).toEqual([]);
    const actions = [...ws.ctx.vault.audit.entries()].map((e) => e.action);
    expect(actions.filter((a) => a === 'graph.layout_saved')).toHaveLength(3);
    expect(actions).toEqual(expect.arrayContaining(['graph.view_saved', 'graph.view_deleted']));
  });
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['key', 'node', 'edge', 'data'].includes(name),
});

interface Parsed {
  keys: Map<string, { for: string; name: string; type: string }>;
  edgedefault: string;
  graphData: Record<string, string>;
  nodes: Map<string, Record<string, string>>;
  edges: Map<string, { source: string; target: string; directed?: string; data: Record<string, string> }>;
}

/** Read GraphML as a generic reader does, checking every <data> against its <key> declaration. */
function readGraphml(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml).graphml;
  const keys = new Map<string, { for: string; name: string; type: string }>();
  for (const k of doc.key) {
    expect(keys.has(k.id)).toBe(false);
    expect(['string', 'boolean', 'int', 'long', 'float', 'double']).toContain(k['attr.type']);
    keys.set(k.id, { for: k.for, name: k['attr.name'], type: k['attr.type'] });
  }
  const typed = (owner: string, data: { key: string; '#text'?: string }[] = []) => {
    const out: Record<string, string> = {};
    for (const d of data) {
      const k = keys.get(d.key);
      expect(k, `undeclared key ${d.key}`).toBeDefined();
      expect(k!.for).toBe(owner);
      const v = d['#text'] ?? '';
      if (k!.type === 'int') expect(v).toMatch(/^-?\d+$/);
      if (k!.type === 'double') expect(Number.isFinite(Number(v)) && v.trim() !== '').toBe(true);
      if (k!.type === 'boolean') expect(['true', 'false']).toContain(v);
      out[k!.name] = v;
    }
    return out;
  };
  const g = doc.graph;
  const nodes = new Map<string, Record<string, string>>();
  for (const n of g.node ?? []) nodes.set(n.id, typed('node', n.data));
  const edges = new Map<string, { source: string; target: string; directed?: string; data: Record<string, string> }>();
  for (const e of g.edge ?? []) edges.set(e.id, { source: e.source, target: e.target, ...(e.directed ? { directed: e.directed } : {}), data: typed('edge', e.data) });
  return { keys, edgedefault: g.edgedefault, graphData: typed('graph', g.data), nodes, edges };
}

describe('GraphML export', () => {
  it('writes the case so that a GraphML reader gets the same nodes, edges and attributes', async () => {
    const { ws, f, dir, associate, witnessEntity } = await fixture();
    const path = join(dir, '..', 'case.graphml');
    const report = exportGraphml(ws, f.caseId, path, { analytics: true, edges: 'mixed' });
    expect(report).toMatchObject({ format: 'graphml', nodes: 11, edges: 5, edgeMode: 'mixed', analytics: true });
    const xml = readFileSync(path, 'utf8');
    const g = readGraphml(xml);
    expect(g.nodes.size).toBe(ws.entities.list(f.caseId).length);
    expect(g.edges.size).toBe(ws.links.list(f.caseId).length);
    expect(g.graphData).toMatchObject({ case: 'Zawiya coast network', case_id: f.caseId, louvain_seed: '1', betweenness_approximate: 'false' });

    expect(g.nodes.get(f.e.milad)).toMatchObject({
      label: 'Abd Al-Rahman Al-Milad',
      kind: 'person',
      original_script_name: 'عبد الرحمن الميلاد',
      aliases: 'Rahman Salim Milad; Al-Bija; عبد الرحمن الميلاد',
      roles: 'commander; corrupt_official',
      nationality: 'ly',
      birth_earliest: '1989-12-29',
      birth_latest: '1989-12-29',
      witness: 'false',
    });
    expect(g.nodes.get(f.e.ghermay)).toMatchObject({ original_script_name: GEEZ, birth_earliest: '1979-01-01', birth_latest: '1981-12-31', birth_text: 'c. 1980' });
    expect(g.nodes.get(witnessEntity)).toEqual({ label: 'W-017', kind: 'person', kind_label: 'Person', roles: 'witness', witness: 'true', ...pick(g.nodes.get(witnessEntity)!, ['degree', 'degree_distinct', 'betweenness', 'eigenvector', 'community', 'core', 'broker_score']) });
    // Analytics are written (and typed: readGraphml checks every value against its key).
    expect(Number(g.nodes.get(f.e.milad)!.degree)).toBe(2);
    expect(Number(g.nodes.get(f.e.milad)!.community)).toBeGreaterThanOrEqual(0);

    // Directed links keep their direction (edgedefault), the undirected one says so on the edge.
    expect(g.edgedefault).toBe('directed');
    expect(g.edges.get(f.links.paid)).toEqual({
      source: f.e.financier,
      target: f.e.dabbashi,
      // No claim asserts it: weight 1 (the link itself is one assertion).
      data: expect.objectContaining({ kind: 'paid', label: 'Paid', link_directed: 'true', weight: '1', amount: '50000', currency: 'USD', date_earliest: '2017-03-01', date_latest: '2017-03-31', date_text: '2017-03', sources: '0', unsupported: 'true' }),
    });
    expect(g.edges.get(associate)).toMatchObject({ directed: 'false', data: { kind: 'associate', link_directed: 'false' } });
    expect(g.edges.get(f.links.commands)!.data).toMatchObject({
      start_earliest: '2015-01-01',
      start_latest: '2015-12-31',
      active_earliest: '2015-01-01',
      active_latest: '9999-12-31',
      claims: '2',
      weight: '2',
      sources: '2',
      best_grade: 'A',
      best_credibility: '1',
      verified_document: 'true',
      single_source: 'false',
    });
    expect(Number(g.edges.get(f.links.commands)!.data.evidence_strength)).toBeCloseTo(1 - (1 - 0.9) * (1 - 0.75 * 0.6), 12);
    expect(g.edges.get(f.links.member)!.data).toMatchObject({ role: 'leader' });

    // The compartment is open, and still: pseudonyms only.
    expect(ws.ctx.vault.witnessUnlocked).toBe(true);
    for (const secret of [SECRET.fullName, SECRET.otherNames[0]!, SECRET.contact, SECRET.address, 'Zz Alias Of Witness', '1995-02-03']) expect(xml).not.toContain(secret);
    expect([...ws.ctx.vault.audit.entries()].at(-1)).toMatchObject({ action: 'graph.exported', details: { format: 'graphml', nodes: 11, edges: 5, sha256: report.sha256 } });
  });

  it('writes every edge as directed for networkx, refuses to overwrite, and filters like the view', async () => {
    const { ws, f, dir } = await fixture();
    const path = join(dir, '..', 'nx.graphml');
    // Directed is the default.
    expect(exportGraphml(ws, f.caseId, path)).toMatchObject({ edgeMode: 'directed' });
    const xml = readFileSync(path, 'utf8');
    expect(xml).not.toMatch(/ directed="/);
    const g = readGraphml(xml);
    expect(g.edgedefault).toBe('directed');
    expect([...g.edges.values()].filter((e) => e.data.link_directed === 'false')).toHaveLength(1);
    expect(g.keys.has('n_betweenness')).toBe(false);
    expect(() => exportGraphml(ws, f.caseId, path)).toThrow(/already exists/);
    const filtered = exportGraphml(ws, f.caseId, path, { overwrite: true, filters: { linkKinds: ['paid'], dropIsolated: true } });
    expect(filtered).toMatchObject({ nodes: 2, edges: 1 });
    expect(() => exportGraphml(ws, f.caseId, join(dir, 'no', 'such', 'dir.graphml'))).toThrow(/does not exist/);
    expect(() => exportGraphml(ws, f.caseId, path, { overwrite: true, filters: { minGrade: 'Z' } })).toThrow(/filters/);
  });

  it('declares each key once with its type, and omits data that has no value', () => {
    const all = [...NODE_KEYS, ...EDGE_KEYS];
    expect(new Set(all.map((k) => k.id)).size).toBe(all.length);
    const xml = writeGraphml(snapshot([node('A'), node('B')], [link('A', 'B', { kind: 'family' })]), { edges: 'mixed' }).xml;
    const g = readGraphml(xml);
    expect(g.edgedefault).toBe('undirected'); // no directed link at all
    expect([...g.edges.values()][0]).not.toHaveProperty('directed');
    expect(Object.keys(g.nodes.get(hexId('A'))!).sort()).toEqual(['kind', 'kind_label', 'label', 'witness']);
    const empty = readGraphml(writeGraphml(snapshot([], [])).xml);
    expect(empty.nodes.size + empty.edges.size).toBe(0);
    // The attributes whose name could mislead say what they mean in the file itself.
    const descs = new Map<string, string>();
    for (const k of parser.parse(writeGraphml(snapshot([node('A')], []), { analytics: {} }).xml).graphml.key) if (k.desc) descs.set(k['attr.name'], String(k.desc));
    expect(descs.get('degree')).toMatch(/parallel links counted each/);
    expect(descs.get('degree_distinct')).toMatch(/distinct entities/);
    expect(descs.get('weight')).toMatch(/claims asserting this link, at least 1/);
    expect(descs.get('link_directed')).toMatch(/direction/);
  });

  it('property: any Unicode name round-trips through the file (XML-illegal characters become U+FFFD)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 20 }), (names, role) => {
        const nodes = names.map((name, i) => ({ ...node(String(i), { id: hexId(i) }), name, aliases: [name, `${name}&<>"'`] }));
        const links = nodes.length > 1 ? [{ id: hexId(0xeeee), kind: 'associate' as const, source: hexId(0), target: hexId(1), role, support: [] }] : [];
        const g = readGraphml(writeGraphml(snapshot(nodes, links, { caseName: names[0]! })).xml);
        names.forEach((name, i) => {
          expect(g.nodes.get(hexId(i))!.label).toBe(xmlSafe(name));
          expect(g.nodes.get(hexId(i))!.aliases).toBe(xmlSafe(`${name}; ${name}&<>"'`));
        });
        if (links.length && role) expect(g.edges.get(hexId(0xeeee))!.data.role).toBe(xmlSafe(role));
        expect(g.graphData.case).toBe(xmlSafe(names[0]!));
      }),
      { numRuns: 300 },
    );
    // Names of legal characters come back exactly, including the tricky ones.
    for (const name of ['a\r\nb', ' lead and trail ', 'tab\there', ']]>', 'عبد الرحمن', 'ኤርምያስ', '𝕏 \u{1F600}']) expect(xmlSafe(name)).toBe(name);
    expect(xmlSafe('a\u0000b\uFFFEc\uD800')).toBe('a\uFFFDb\uFFFDc\uFFFD');
  });
});

function pick(o: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]!]));
}
