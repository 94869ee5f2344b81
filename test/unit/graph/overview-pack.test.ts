/** The overview crosses to the page packed by column; unpacked it is the same result (order of keys aside). */
import { describe, expect, it } from 'vitest';
import { buildGraph, overview, RANKED_METRICS } from '../../../shared/graph/analytics';
import { isPackedOverview, packOverview, unpackOverview } from '../../../shared/graph/overview-pack';
import { clusteredNetwork, link, node, snapshot } from '../../helpers/graph-fixtures';

describe('overview packing', () => {
  it('round-trips a clustered network with money, roles and a witness, through structuredClone with transfer', () => {
    const s = clusteredNetwork(400, 1200, 9);
    s.nodes[3] = { ...s.nodes[3]!, isWitness: true, roles: ['witness', 'trafficker'] };
    const o = overview(buildGraph(s));
    expect(o.rows.some((r) => Object.keys(r.moneyOut).length > 0)).toBe(true);
    const { packed, transfer } = packOverview(o);
    const moved = structuredClone(packed, { transfer });
    expect(isPackedOverview(moved)).toBe(true);
    expect(unpackOverview(moved)).toEqual(o);
    // Transferred, not copied: the worker's buffers are detached.
    expect(packed.numeric.betweenness.byteLength).toBe(0);
  });

  it('an empty graph and an entity without roles', () => {
    const o = overview(buildGraph(snapshot([node('A'), node('B')], [link('A', 'B')])));
    expect(unpackOverview(structuredClone(packOverview(o).packed))).toEqual(o);
    expect(isPackedOverview({ rows: [] })).toBe(false);
  });
});

describe('ranks for the table, computed with the overview (in the worker)', () => {
  it('every numeric column: dense, highest first, aligned with the rows, and they survive packing', () => {
    const o = overview(buildGraph(clusteredNetwork(300, 900, 5)));
    for (const k of RANKED_METRICS) {
      const r = o.ranks[k];
      expect(r).toHaveLength(o.rows.length);
      // Counted the slow way: 1 + the number of distinct values above this row's.
      const distinct = [...new Set(o.rows.map((x) => x[k]))];
      o.rows.forEach((row, i) => expect(r[i]).toBe(1 + distinct.filter((v) => v > row[k]).length));
    }
    // Betweenness differs across a clustered network: the ranks are not all 1.
    expect(new Set(o.ranks.betweenness).size).toBeGreaterThan(10);
    const back = unpackOverview(structuredClone(packOverview(o).packed));
    expect(back.ranks.degree).toEqual(o.ranks.degree);
  });
});

describe('the client unpacks what the worker glue packs', () => {
  it('run overview through a worker that packs overview results answers the plain result', async () => {
    const { createGraphWorkerHandler, GraphWorkerClient } = await import('../../../shared/graph/graph-worker-api');
    const s = clusteredNetwork(200, 600, 4);
    const fake = () => {
      const listeners: ((e: { data: unknown }) => void)[] = [];
      const handle = createGraphWorkerHandler((m) => {
        const out = m.type === 'result' && typeof m.result === 'object' && m.result !== null && 'rows' in m.result ? (() => {
          const { packed, transfer } = packOverview(m.result as Parameters<typeof packOverview>[0]);
          return structuredClone({ ...m, result: packed }, { transfer });
        })() : structuredClone(m);
        setTimeout(() => listeners.forEach((l) => l({ data: out })), 0);
      });
      return {
        postMessage: (msg: unknown) => handle(structuredClone(msg)),
        addEventListener: (type: string, l: (e: { data: unknown }) => void) => void (type === 'message' && listeners.push(l)),
        terminate: () => undefined,
      };
    };
    const client = new GraphWorkerClient(fake as never);
    await client.load(s);
    expect(await client.run({ kind: 'overview' })).toEqual(overview(buildGraph(s)));
    expect(await client.run({ kind: 'top', metric: 'degree', n: 3 })).toHaveLength(3);
    client.dispose();
  });
});
