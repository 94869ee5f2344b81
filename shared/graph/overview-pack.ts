/**
 * The overview result crosses from the analytics worker to the page packed by column: a table of 5,000 rows as
 * 5,000 objects (each with nested money maps) cost the page's main thread hundreds of milliseconds to
 * deserialise (structured clone is per property); numbers as typed arrays (transferred, not copied) and names as
 * one string array cost a few. `packOverview` runs in the worker glue, `unpackOverview` in the client; a
 * message that was not packed passes through unchanged. Pure (no DOM, no Node).
 */
import type { NodeMetrics, OverviewResult } from './analytics';

const NUMERIC = ['degree', 'inDegree', 'outDegree', 'undirectedDegree', 'neighbours', 'evidenceDegree', 'betweenness', 'eigenvector', 'community', 'core', 'component', 'participation', 'brokerScore'] as const;

export interface PackedOverview {
  packed: 'overview-v1';
  ids: string[];
  names: string[];
  kinds: string[];
  /** Roles joined by "\n" (roles are vocabulary words, never contain one). */
  roles: string[];
  witness: Uint8Array;
  numeric: Record<(typeof NUMERIC)[number], Float64Array>;
  /** Rows with money, by row index (most rows have none). */
  money: Record<number, { moneyIn: Record<string, number>; moneyOut: Record<string, number> }>;
  visualIds: string[];
  visualSize: Float64Array;
  visualCommunity: Int32Array;
  rest: Omit<OverviewResult, 'rows' | 'visual'>;
}

export function packOverview(o: OverviewResult): { packed: PackedOverview; transfer: ArrayBuffer[] } {
  const n = o.rows.length;
  const numeric = Object.fromEntries(NUMERIC.map((k) => [k, new Float64Array(n)])) as PackedOverview['numeric'];
  const witness = new Uint8Array(n);
  const money: PackedOverview['money'] = {};
  o.rows.forEach((r, i) => {
    for (const k of NUMERIC) numeric[k][i] = r[k];
    witness[i] = r.isWitness ? 1 : 0;
    if (Object.keys(r.moneyIn).length || Object.keys(r.moneyOut).length) money[i] = { moneyIn: r.moneyIn, moneyOut: r.moneyOut };
  });
  const visualIds = Object.keys(o.visual);
  const visualSize = new Float64Array(visualIds.length);
  const visualCommunity = new Int32Array(visualIds.length);
  visualIds.forEach((id, i) => {
    visualSize[i] = o.visual[id]!.size;
    visualCommunity[i] = o.visual[id]!.community;
  });
  const { rows: _rows, visual: _visual, ...rest } = o;
  const packed: PackedOverview = {
    packed: 'overview-v1',
    ids: o.rows.map((r) => r.id),
    names: o.rows.map((r) => r.name),
    kinds: o.rows.map((r) => r.kind),
    roles: o.rows.map((r) => r.roles.join('\n')),
    witness,
    numeric,
    money,
    visualIds,
    visualSize,
    visualCommunity,
    rest,
  };
  return { packed, transfer: [witness.buffer, ...Object.values(numeric).map((a) => a.buffer), visualSize.buffer, visualCommunity.buffer] as ArrayBuffer[] };
}

export function isPackedOverview(v: unknown): v is PackedOverview {
  return typeof v === 'object' && v !== null && (v as { packed?: unknown }).packed === 'overview-v1';
}

export function unpackOverview(p: PackedOverview): OverviewResult {
  const rows: NodeMetrics[] = p.ids.map((id, i) => {
    const m = p.money[i];
    const row = {
      id,
      name: p.names[i]!,
      kind: p.kinds[i]!,
      roles: p.roles[i] ? p.roles[i]!.split('\n') : [],
      isWitness: p.witness[i] === 1,
      moneyIn: m?.moneyIn ?? {},
      moneyOut: m?.moneyOut ?? {},
    } as NodeMetrics;
    for (const k of NUMERIC) row[k] = p.numeric[k][i]!;
    return row;
  });
  const visual: OverviewResult['visual'] = {};
  p.visualIds.forEach((id, i) => (visual[id] = { size: p.visualSize[i]!, community: p.visualCommunity[i]! }));
  return { ...p.rest, rows, visual };
}
