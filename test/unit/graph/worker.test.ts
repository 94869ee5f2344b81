/**
 * The analytics worker protocol through the very handler the Web Worker runs (renderer/graph/analytics.worker.ts
 * only wires it to `self`), and the renderer's client over a fake worker that passes every message through
 * structuredClone, as postMessage does.
 */
import { describe, expect, it } from 'vitest';
import { applyFilters, betweenness, buildGraph, overview, project } from '../../../shared/graph/analytics';
import {
  createGraphWorkerHandler,
  GraphWorkerClient,
  loadMessages,
  type GraphWorkerRequest,
  type GraphWorkerResponse,
  type HandlerOptions,
  LOAD_PART_ITEMS,
  type WorkerLike,
} from '../../../shared/graph/graph-worker-api';
import { clusteredNetwork, hexId, link, node, snapshot } from '../../helpers/graph-fixtures';

const small = snapshot(
  ['A', 'B', 'C', 'D'].map((n) => node(n)),
  [link('A', 'B', { kind: 'paid', money: { amount: 10, currency: 'USD' }, date: { value: '2017' } }), link('B', 'C', { kind: 'paid', money: { amount: 5, currency: 'USD' }, date: { value: '2019' } }), link('C', 'D')],
);

function harness(opts: HandlerOptions = {}) {
  const out: GraphWorkerResponse[] = [];
  const handle = createGraphWorkerHandler((m) => out.push(structuredClone(m)), opts);
  const send = (m: GraphWorkerRequest | Record<string, unknown>) => handle(structuredClone(m));
  const answer = async (id: string) => {
    for (let i = 0; i < 2000; i++) {
      const r = out.find((m) => m.id === id && m.type !== 'progress');
      if (r) return r;
      await new Promise((res) => setTimeout(res, 5));
    }
    throw new Error(`no answer for ${id}`);
  };
  return { out, send, answer };
}

describe('graph worker handler', () => {
  it('loads a snapshot, runs jobs and answers like the analytics module; short runs do not wait for a long one', async () => {
    const h = harness();
    h.send({ type: 'load', id: 'l1', snapshot: small });
    expect(h.out[0]).toEqual({ type: 'loaded', id: 'l1', info: { caseId: small.caseId, nodes: 4, links: 3, events: 0, domain: { from: '2017-01-01', to: '2019-12-31' } } });
    h.send({ type: 'run', id: 'r1', job: { kind: 'overview' } });
    h.send({ type: 'run', id: 'r2', job: { kind: 'shortestPath', source: hexId('A'), target: hexId('D') } });
    h.send({ type: 'run', id: 'r3', job: { kind: 'moneyFlow', from: [hexId('A')], to: [hexId('C')] } });
    const r1 = await h.answer('r1');
    expect(r1).toEqual({ type: 'result', id: 'r1', result: structuredClone(overview(buildGraph(small))) });
    expect(await h.answer('r2')).toMatchObject({ type: 'result', result: { nodes: [hexId('A'), hexId('B'), hexId('C'), hexId('D')], length: 3 } });
    expect(await h.answer('r3')).toMatchObject({ result: { totals: { USD: { direct: 0, viaIntermediaries: 5, total: 5 } } } });
    // The overview (betweenness) is queued; the path and the money flow, asked after it, are answered first.
    const order = h.out.filter((m) => m.type === 'result').map((m) => m.id);
    expect(order).toEqual(['r2', 'r3', 'r1']);
  });

  it('answers other runs between the slices of a long one, and keeps the long ones in order', async () => {
    const net = clusteredNetwork(600, 1800, 5);
    const h = harness({ sliceMs: 0, progressMs: 0 });
    h.send({ type: 'load', id: 'l', snapshot: net });
    h.send({ type: 'run', id: 'o', job: { kind: 'overview', betweenness: 'exact' } });
    h.send({ type: 'run', id: 'b', job: { kind: 'betweenness', mode: 'exact', weight: 'evidence' } });
    // Asked while the overview runs: after its first slices (progress seen), before it ends.
    await new Promise((r) => setTimeout(r, 20));
    expect(h.out.some((m) => m.id === 'o' && m.type === 'progress')).toBe(true);
    expect(h.out.some((m) => m.id === 'o' && m.type === 'result')).toBe(false);
    h.send({ type: 'run', id: 'g', job: { kind: 'meta', groupBy: 'kind' } });
    h.send({ type: 'run', id: 'd', job: { kind: 'degree' } });
    const g = await h.answer('g');
    expect(g).toMatchObject({ type: 'result', result: { groups: expect.any(Array) } });
    await h.answer('b');
    const answered = h.out.filter((m) => m.type === 'result').map((m) => m.id);
    expect(answered).toEqual(['g', 'd', 'o', 'b']);
    // The long run still answers what it would have alone.
    const o = (await h.answer('o')) as Extract<GraphWorkerResponse, { type: 'result' }>;
    expect(o.result).toEqual(structuredClone(overview(buildGraph(net), { betweenness: 'exact' })));
  });

  it('applies the filters sent with a run (time window, kinds) and reports what they keep', async () => {
    const h = harness();
    h.send({ type: 'load', id: 'l', snapshot: small });
    h.send({ type: 'run', id: 'v', job: { kind: 'view' }, filters: { time: { from: '2018', to: '2019', includeUndated: false } } });
    expect(await h.answer('v')).toMatchObject({ result: { nodes: [hexId('A'), hexId('B'), hexId('C'), hexId('D')].sort(), links: [small.links[1]!.id], linkTime: { [small.links[1]!.id]: 'certain' } } });
    h.send({ type: 'run', id: 'm', job: { kind: 'moneyFlow', from: [hexId('A')], to: [hexId('C')] }, filters: { time: { to: '2018' } } });
    expect(await h.answer('m')).toMatchObject({ result: { paths: [], totals: {} } });
    h.send({ type: 'run', id: 'n', job: { kind: 'neighbourhood', nodes: [hexId('A')], depth: 2 } });
    expect(await h.answer('n')).toMatchObject({ result: { nodes: [hexId('A'), hexId('B'), hexId('C')], links: [small.links[0]!.id, small.links[1]!.id] } });
  });

  it('groups into meta-nodes under the filters, with the overview\'s communities, and picks the top entities', async () => {
    const s = clusteredNetwork(600, 1800, 5);
    const h = harness();
    h.send({ type: 'load', id: 'l', snapshot: s });
    h.send({ type: 'run', id: 'o', job: { kind: 'overview' } });
    h.send({ type: 'run', id: 'm', job: { kind: 'meta', groupBy: 'community' } });
    h.send({ type: 'run', id: 'k', job: { kind: 'meta', groupBy: 'kind', open: ['person'] }, filters: { entityKinds: ['person', 'company'] } });
    h.send({ type: 'run', id: 't', job: { kind: 'top', metric: 'degree', n: 5 } });
    const o = (await h.answer('o')) as Extract<GraphWorkerResponse, { type: 'result' }>;
    const rows = (o.result as { rows: { id: string; community: number; degree: number }[] }).rows;
    const m = (await h.answer('m')) as Extract<GraphWorkerResponse, { type: 'result' }>;
    const groups = (m.result as { groups: { key: string; count: number }[] }).groups;
    // Community n of the meta-nodes is community n of the table (same seed, same numbering).
    const size = new Map<string, number>();
    for (const r of rows) size.set(String(r.community + 1), (size.get(String(r.community + 1)) ?? 0) + 1);
    for (const g of groups.filter((x) => x.key !== 'other')) expect(g.count).toBe(size.get(g.key));
    expect(groups.reduce((a, g) => a + g.count, 0)).toBe(600);
    const k = (await h.answer('k')) as Extract<GraphWorkerResponse, { type: 'result' }>;
    const byKind = k.result as { groups: { key: string; count: number }[]; nodes: string[] };
    const persons = s.nodes.filter((n) => n.kind === 'person').length;
    expect(byKind.nodes).toHaveLength(persons);
    expect(byKind.groups.map((g) => [g.key, g.count])).toEqual([['company', s.nodes.filter((n) => n.kind === 'company').length]]);
    const t = (await h.answer('t')) as Extract<GraphWorkerResponse, { type: 'result' }>;
    const byDegree = [...rows].sort((a, b) => b.degree - a.degree);
    expect((t.result as string[]).map((id) => rows.find((r) => r.id === id)!.degree)).toEqual(byDegree.slice(0, 5).map((r) => r.degree));
  });

  it('assembles a snapshot sent in parts, validates it whole, and drops parts of a superseded load', async () => {
    const h = harness();
    const net = clusteredNetwork(300, 900, 3);
    for (const m of loadMessages({ type: 'load', id: 'p1', snapshot: net }, 100)) h.send(m);
    expect(await h.answer('p1')).toMatchObject({ type: 'loaded', info: { nodes: 300, links: net.links.length } });
    h.send({ type: 'run', id: 'd1', job: { kind: 'degree' } });
    expect(Object.keys(((await h.answer('d1')) as { result: object }).result)).toHaveLength(300);
    // A part of another load starts over; an invalid item fails the whole load.
    h.send({ type: 'load-part', id: 'p2', key: 'nodes', items: net.nodes.slice(0, 10) });
    h.send({ type: 'load-part', id: 'p3', key: 'nodes', items: [{ id: 'not an entity' }] });
    h.send({ type: 'load', id: 'p3', snapshot: { ...net, nodes: [], links: [], events: [] }, parts: true });
    expect(await h.answer('p3')).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
    h.send({ type: 'load', id: 'p2', snapshot: { ...net, nodes: [], links: [], events: [] }, parts: true });
    expect(await h.answer('p2')).toMatchObject({ type: 'loaded', info: { nodes: 0 } });
  });

  it('answers errors with codes: nothing loaded, unknown entity, invalid message, both sides of a flow', async () => {
    const h = harness();
    h.send({ type: 'run', id: 'e1', job: { kind: 'degree' } });
    expect(await h.answer('e1')).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT', message: expect.stringMatching(/no graph loaded/) } });
    h.send({ type: 'load', id: 'l', snapshot: small });
    h.send({ type: 'run', id: 'e2', job: { kind: 'shortestPath', source: hexId('A'), target: hexId('Z') } });
    expect(await h.answer('e2')).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
    h.send({ type: 'run', id: 'e3', job: { kind: 'simplePaths', source: hexId('A'), target: hexId('B'), maxLength: 99 } });
    expect(await h.answer('e3')).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT', message: expect.stringMatching(/job\.maxLength/) } });
    h.send({ type: 'run', id: 'e4', job: { kind: 'moneyFlow', from: [hexId('A')], to: [hexId('A'), hexId('B')] } });
    expect(await h.answer('e4')).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT', message: expect.stringMatching(/both sides/) } });
    h.send({ type: 'load', id: 'bad', snapshot: { ...small, nodes: [{ id: 'not-an-id' }] } });
    expect(await h.answer('bad')).toMatchObject({ type: 'error', error: { code: 'INVALID_INPUT' } });
  });

  it('reports progress through a long betweenness and stops at the next yield when cancelled', async () => {
    const net = clusteredNetwork(600, 1800, 5);
    let yields = 0;
    const h: ReturnType<typeof harness> = harness({
      sliceMs: 0,
      progressMs: 0,
      yieldToLoop: async () => {
        if (++yields === 3) h.send({ type: 'cancel', id: 'b2' });
        await new Promise((r) => setTimeout(r, 0));
      },
    });
    h.send({ type: 'load', id: 'l', snapshot: net });
    h.send({ type: 'run', id: 'b1', job: { kind: 'betweenness', mode: 'exact' } });
    const r = await h.answer('b1');
    const progress = h.out.filter((m) => m.id === 'b1' && m.type === 'progress').map((m) => (m as { progress: { done: number; total: number } }).progress);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    // Exact runs skip degree-1 sources (their neighbour's pass counts for them): fewer than 600.
    expect(progress[0]!.total).toBeGreaterThan(400);
    expect(progress[0]!.total).toBeLessThanOrEqual(600);
    const expected = betweenness(project(buildGraph(applyFilters(net).snapshot)));
    expect((r as { result: { scores: Record<string, number> } }).result.scores).toEqual(expected);

    yields = 0;
    h.send({ type: 'run', id: 'b2', job: { kind: 'betweenness', mode: 'exact', weight: 'evidence' } });
    expect(await h.answer('b2')).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } });
    // A cancel for a queued run stops it before it starts; a cancel for a finished run is ignored.
    h.send({ type: 'run', id: 'q1', job: { kind: 'betweenness', mode: 'exact', seed: 9 } });
    h.send({ type: 'cancel', id: 'q1' });
    expect(await h.answer('q1')).toMatchObject({ error: { code: 'CANCELLED' } });
    h.send({ type: 'cancel', id: 'b1' });
    h.send({ type: 'run', id: 'b1', job: { kind: 'degree' } });
    expect(await h.answer('b1')).toMatchObject({ type: 'result' });
  });
});

/** A Worker stand-in: the real handler behind structuredClone and a timer. `freezeOn` makes it hang like a worker stuck in a stage that cannot yield. */
function fakeWorkers(opts: { freezeOn?: string; crashOn?: string } = {}) {
  const made: { terminated: boolean; frozen: boolean; posted: GraphWorkerRequest[] }[] = [];
  const create = (): WorkerLike => {
    const state = { terminated: false, frozen: false, posted: [] as GraphWorkerRequest[] };
    const first = made.length === 0;
    made.push(state);
    const listeners: Record<string, ((e: never) => void)[]> = { message: [], error: [] };
    const handle = createGraphWorkerHandler((m) => {
      setTimeout(() => {
        if (!state.terminated && !state.frozen) for (const l of listeners.message!) l({ data: structuredClone(m) } as never);
      }, 0);
    });
    return {
      postMessage(m: unknown) {
        const copy = structuredClone(m) as GraphWorkerRequest;
        state.posted.push(copy);
        setTimeout(() => {
          if (state.terminated || state.frozen) return;
          if (first && copy.type === 'run' && copy.job.kind === opts.freezeOn) {
            state.frozen = true;
            return;
          }
          if (copy.type === 'run' && copy.job.kind === opts.crashOn) {
            for (const l of listeners.error!) l({ message: 'boom' } as never);
            return;
          }
          handle(copy);
        }, 0);
      },
      addEventListener(type: 'message' | 'error', l: (e: never) => void) {
        listeners[type]!.push(l);
      },
      terminate() {
        state.terminated = true;
      },
    } as WorkerLike;
  };
  return { create, made };
}

describe('graph worker client', () => {
  it('resolves loads and runs with typed results, and passes progress on', async () => {
    const w = fakeWorkers();
    const client = new GraphWorkerClient(w.create);
    expect(await client.load(small)).toMatchObject({ nodes: 4, links: 3 });
    const stages = new Set<string>();
    const o = await client.run({ kind: 'overview' }, { onProgress: (p) => stages.add(p.stage) });
    expect(o.rows).toHaveLength(4);
    expect(stages.has('projection')).toBe(true);
    const path = await client.run({ kind: 'shortestPath', source: hexId('A'), target: hexId('C') });
    expect(path?.length).toBe(2);
    await expect(client.run({ kind: 'shortestPath', source: hexId('A'), target: hexId('X') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    client.dispose();
    await expect(client.run({ kind: 'degree' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('cancels through an AbortSignal; the worker goes on serving other requests', async () => {
    const w = fakeWorkers();
    const client = new GraphWorkerClient(w.create);
    await client.load(clusteredNetwork(400, 1200, 2));
    const ctrl = new AbortController();
    const slow = client.run({ kind: 'betweenness', mode: 'exact' }, { signal: ctrl.signal });
    ctrl.abort();
    await expect(slow).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await client.run({ kind: 'kcore' })).maxCore).toBeGreaterThan(0);
    expect(w.made).toHaveLength(1);
    const aborted = new AbortController();
    aborted.abort();
    await expect(client.run({ kind: 'degree' }, { signal: aborted.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('cancels a pending run superseded by a newer one of the same key; other keys are left alone', async () => {
    const w = fakeWorkers();
    const client = new GraphWorkerClient(w.create);
    await client.load(clusteredNetwork(400, 1200, 2));
    const first = client.run({ kind: 'betweenness', mode: 'exact' }, { supersede: 'metric' });
    const other = client.run({ kind: 'kcore' }, { supersede: 'core' });
    const second = client.run({ kind: 'betweenness', mode: 'exact', weight: 'evidence' }, { supersede: 'metric' });
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await second).approximate).toBe(false);
    expect((await other).maxCore).toBeGreaterThan(0);
    // The key is free again once its run has answered: a later run is not cancelled by the finished one.
    expect(Object.keys((await client.run({ kind: 'degree' }, { supersede: 'metric' })) ?? {}).length).toBe(400);
    client.dispose();
  });

  it('replaces a worker that does not acknowledge a cancel, replaying the snapshot and the other runs', async () => {
    const w = fakeWorkers({ freezeOn: 'eigenvector' });
    const client = new GraphWorkerClient(w.create, { hardCancelMs: 30 });
    await client.load(small);
    const ctrl = new AbortController();
    const stuck = client.run({ kind: 'eigenvector' }, { signal: ctrl.signal });
    const queued = client.run({ kind: 'degree' });
    await new Promise((r) => setTimeout(r, 10));
    ctrl.abort();
    await expect(stuck).rejects.toMatchObject({ code: 'CANCELLED' });
    const degree = await queued;
    expect(degree[hexId('B')]).toMatchObject({ in: 1, out: 1 });
    expect(w.made).toHaveLength(2);
    expect(w.made[0]!.terminated).toBe(true);
  });

  it('sends a large snapshot in parts, one per task, and runs asked meanwhile see the whole of it', async () => {
    const w = fakeWorkers();
    const client = new GraphWorkerClient(w.create);
    const net = clusteredNetwork(2000, 6000, 5);
    // Not awaited: the run must still reach the worker after the last part and answer for the new graph.
    const loaded = client.load(net);
    const degree = client.run({ kind: 'degree' });
    // Nothing big goes out in the task that asked for the load.
    expect(w.made[0]?.posted.length ?? 0).toBeLessThanOrEqual(1);
    expect(await loaded).toMatchObject({ nodes: 2000, links: net.links.length });
    expect(Object.keys(await degree)).toHaveLength(2000);
    const posted = w.made[0]!.posted;
    const parts = posted.filter((m) => m.type === 'load-part');
    expect(parts.length).toBe(Math.ceil(2000 / LOAD_PART_ITEMS) + Math.ceil(net.links.length / LOAD_PART_ITEMS));
    expect(parts.every((m) => m.type === 'load-part' && m.items.length <= LOAD_PART_ITEMS)).toBe(true);
    // Parts, then the load that closes them, then the run: in that order.
    const kinds = posted.map((m) => m.type);
    expect(kinds.indexOf('load')).toBe(parts.length);
    expect(kinds.lastIndexOf('run')).toBeGreaterThan(kinds.indexOf('load'));
    // A small snapshot still goes in one message.
    await client.load(small);
    expect(w.made[0]!.posted.filter((m) => m.type === 'load-part')).toHaveLength(parts.length);
    expect(Object.keys(await client.run({ kind: 'degree' }))).toHaveLength(4);
  });

  it('a fresh worker after a crash gets the whole large snapshot again', async () => {
    const w = fakeWorkers({ crashOn: 'kcore' });
    const client = new GraphWorkerClient(w.create);
    await client.load(clusteredNetwork(2000, 6000, 5));
    await expect(client.run({ kind: 'kcore' })).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(Object.keys(await client.run({ kind: 'degree' }))).toHaveLength(2000);
    expect(w.made).toHaveLength(2);
  });

  it('fails pending requests when the worker crashes, and starts a fresh one for the next', async () => {
    const w = fakeWorkers({ crashOn: 'kcore' });
    const client = new GraphWorkerClient(w.create);
    await client.load(small);
    await expect(client.run({ kind: 'kcore' })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/boom/) });
    expect((await client.run({ kind: 'degree' }))[hexId('A')]).toMatchObject({ out: 1 });
    expect(w.made).toHaveLength(2);
  });
});
