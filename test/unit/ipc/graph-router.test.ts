/** The graph channels through createApp + router.invoke, responses validated against the contract. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { granter } from '../../helpers/grants';
import { createGraphWorkerHandler, type GraphWorkerResponse } from '../../../shared/graph/graph-worker-api';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

async function app() {
  const dir = tempDir();
  const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF }, { validateResponses: true });
  await openInSession(session);
  const { call } = caller(router);
  const f = await buildFixtureCase(session.workspace());
  return { session, router, call, dir, f, g: granter(grants) };
}

describe('graph channels over the real router', () => {
  it('serves the snapshot the worker analyses, with saved positions, pseudonyms only', async () => {
    const { call, f, session } = await app();
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    session.workspace().witnesses.setIdentity(f.witnessId, { fullName: 'Zz Hidden Person' });
    const w = session.workspace().entities.create({ caseId: f.caseId, kind: 'person', name: 'W-017', witnessId: f.witnessId, aliases: [{ value: 'Zz Hidden Alias' }] });
    expect(await call('graph.savePositions', { caseId: f.caseId, positions: { [f.e.milad]: { x: 10, y: -5 } } })).toEqual({ saved: 1, total: 1 });
    const snap = await call('graph.snapshot', { caseId: f.caseId });
    expect(snap).toMatchObject({ version: 1, caseId: f.caseId, caseName: 'Zawiya coast network', positions: { [f.e.milad]: { x: 10, y: -5 } } });
    expect(snap.nodes).toHaveLength(11);
    expect(snap.nodes.find((n) => n.id === w.id)).toMatchObject({ name: 'W-017', isWitness: true, aliases: [] });
    expect(JSON.stringify(snap)).not.toMatch(/Zz Hidden/);

    // What the renderer does next: hand it to its worker.
    const out: GraphWorkerResponse[] = [];
    const handle = createGraphWorkerHandler((m) => out.push(m));
    handle({ type: 'load', id: 'l', snapshot: structuredClone(snap) });
    handle({ type: 'run', id: 'p', job: { kind: 'shortestPath', source: f.e.financier, target: f.e.militia } });
    await new Promise((r) => setTimeout(r, 50));
    expect(out.find((m) => m.id === 'p')).toMatchObject({ type: 'result', result: { nodes: [f.e.financier, f.e.dabbashi, f.e.militia], links: [[f.links.paid], [f.links.member]] } });
  });

  it('saves, lists, replaces and deletes views; validates requests', async () => {
    const { call, f, router } = await app();
    const v = await call('graph.saveView', { caseId: f.caseId, name: 'Command chain', filters: { linkKinds: ['commands', 'member_of'] }, viewport: { zoom: 1.5, pan: { x: 0, y: 0 } }, colourBy: 'community' });
    expect(v).toMatchObject({ name: 'Command chain', colourBy: 'community', filters: { linkKinds: ['commands', 'member_of'] } });
    await expect(call('graph.saveView', { caseId: f.caseId, name: 'command chain' })).rejects.toMatchObject({ code: 'CONFLICT' });
    const updated = await call('graph.saveView', { caseId: f.caseId, id: v.id, name: 'Command chain', layout: 'breadthfirst' });
    expect(updated).toMatchObject({ id: v.id, layout: 'breadthfirst', filters: {} });
    expect((await call('graph.views', { caseId: f.caseId })).map((x: { id: string }) => x.id)).toEqual([v.id]);
    expect(await call('graph.deleteView', { id: v.id })).toEqual({ ok: true });
    expect(await call('graph.views', { caseId: f.caseId })).toEqual([]);
    expect(await router.invoke('graph.saveView', { caseId: f.caseId, name: 'x', filters: { linkKinds: ['teleported'] } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: 'filters.linkKinds.0' } });
    expect(await router.invoke('graph.savePositions', { caseId: f.caseId, positions: { 'not-an-id': { x: 1, y: 1 } } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await router.invoke('graph.snapshot', { caseId: '0'.repeat(32) })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('exports GraphML to a granted file, with analytics when asked, and is locked with the vault', async () => {
    const { call, f, dir, router, session, g } = await app();
    const path = join(dir, 'network.graphml');
    const r = await call('graph.exportGraphml', { caseId: f.caseId, grant: g.write('graph.exportGraphml', path), analytics: true });
    // Directed by default (networkx reads it); mixed on request.
    expect(r).toMatchObject({ name: 'network.graphml', format: 'graphml', caseId: f.caseId, nodes: 10, edges: 4, analytics: true, edgeMode: 'directed' });
    expect(readFileSync(path, 'utf8')).toContain('attr.name="betweenness"');
    expect(await router.invoke('graph.exportGraphml', { caseId: f.caseId, grant: g.write('graph.exportGraphml', path) })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await call('graph.exportGraphml', { caseId: f.caseId, grant: g.write('graph.exportGraphml', path), overwrite: true, edges: 'mixed', filters: { entityKinds: ['person'] } })).toMatchObject({ nodes: 5, edges: 1, edgeMode: 'mixed' });
    // GEXF: its own grant purpose (a GraphML grant does not write GEXF), the same options.
    const gexf = join(dir, 'network.gexf');
    expect(await router.invoke('graph.exportGexf', { caseId: f.caseId, grant: g.write('graph.exportGraphml', gexf) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('graph.exportGexf', { caseId: f.caseId, grant: g.write('graph.exportGexf', gexf), edges: 'mixed' })).toMatchObject({ name: 'network.gexf', format: 'gexf', nodes: 10, edges: 4, edgeMode: 'mixed' });
    expect(readFileSync(gexf, 'utf8')).toMatch(/<graph mode="dynamic" timeformat="date" defaultedgetype="undirected">/);
    session.lock();
    expect(await router.invoke('graph.snapshot', { caseId: f.caseId })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    expect(existsSync(path)).toBe(true);
  });

  it('writes a PNG or SVG the view produced only when the bytes are that format, refuses to overwrite, and logs it', async () => {
    const { call, router, f, dir, session, g } = await app();
    // A 1 × 1 PNG: the bytes are decoded, so they must be a real image.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const path = join(dir, 'view.png');
    const out = await call('graph.exportImage', { caseId: f.caseId, grant: g.write('graph.exportImage', path), format: 'png', base64: png.toString('base64') });
    expect(out).toMatchObject({ name: 'view.png', format: 'png', bytes: png.length });
    expect(readFileSync(path)).toEqual(png);
    expect([...session.vault().audit.entries()].some((e) => e.action === 'graph.exported' && e.details?.sha256 === out.sha256)).toBe(true);
    expect(await router.invoke('graph.exportImage', { caseId: f.caseId, grant: g.write('graph.exportImage', path), format: 'png', base64: png.toString('base64') })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await router.invoke('graph.exportImage', { caseId: f.caseId, grant: g.write('graph.exportImage', join(dir, 'x.png')), format: 'png', base64: Buffer.from('<svg></svg>').toString('base64') })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(existsSync(join(dir, 'x.png'))).toBe(false);
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(await call('graph.exportImage', { caseId: f.caseId, grant: g.write('graph.exportImage', join(dir, 'v.svg')), format: 'svg', base64: svg.toString('base64') })).toMatchObject({ format: 'svg', bytes: svg.length });
    expect(await router.invoke('graph.exportImage', { caseId: f.caseId, grant: g.write('graph.exportImage', join(dir, 'no-such-folder', 'v.svg')), format: 'svg', base64: svg.toString('base64') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('reports sanction status per entity: listed under a regime, or flagged by a group affiliation', async () => {
    const { call, f } = await app();
    expect(await call('graph.sanctionStatus', { caseId: f.caseId })).toEqual({});
    await call('criteria.addDesignation', { data: { caseId: f.caseId, entityId: f.e.milad, regimeIds: ['un-1970-libya'], references: ['LYi.026'], source: 'manual' } });
    await call('criteria.addDesignation', { data: { caseId: f.caseId, entityId: f.e.militia, regimeIds: [], groups: ['al-dabbashi'], source: 'manual' } });
    expect(await call('graph.sanctionStatus', { caseId: f.caseId })).toEqual({
      [f.e.milad]: { status: 'listed', regimes: ['un-1970-libya'] },
      [f.e.militia]: { status: 'flagged', regimes: [] },
    });
  });
});
