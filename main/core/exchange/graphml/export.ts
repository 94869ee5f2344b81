/**
 * Export a case's network as GraphML or GEXF: build the snapshot (pseudonyms only, every label through witness
 * protection), apply the view's filters, add the analytics if asked, write atomically (a crash leaves the old
 * file or the new one, never half) or to a sink (the CLI's `--out -`), and record the export in the audit log —
 * data leaving the vault is always logged.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { overview } from '../../../../shared/graph/analytics';
import { buildGraph } from '../../../../shared/graph/build-graph';
import { applyFilters } from '../../../../shared/graph/filters';
import { GraphFilters } from '../../../../shared/graph/snapshot';
import { parseData } from '../../case/context';
import { SanctumError } from '../../errors';
import { buildCaseSnapshot, type SnapshotSources } from '../../graph/snapshot';
import { OutputProtection, type ReviewDecision } from '../../protection';
import { writeFileAtomic } from '../../util/atomic-file';
import { writeGexf } from '../gexf/writer';
import { writeGraphml, type EdgeMode, type NodeAnalytics } from './writer';

export type GraphFormat = 'graphml' | 'gexf';
export const GRAPH_FORMATS = ['graphml', 'gexf'] as const;

export interface GraphmlExportOptions {
  filters?: unknown;
  /** Add degree, betweenness, eigenvector, community, core and broker score to the nodes. */
  analytics?: boolean;
  /** Louvain seed for the community attribute (default 1). */
  seed?: number;
  /** 'directed' (default: networkx reads it) or 'mixed' (Gephi, yEd). */
  edges?: EdgeMode;
  /** Replace an existing file (a save dialog has already asked); otherwise an existing file is refused. */
  overwrite?: boolean;
  /** Decisions on possible identity mentions (review before release); an undecided one stops the export. */
  review?: readonly ReviewDecision[];
  /** Write the bytes here instead of to the path (the CLI's `--out -`); the path is then only the name reported. */
  sink?: (bytes: Uint8Array) => void;
}

export interface GraphmlExportReport {
  path: string;
  caseId: string;
  format: GraphFormat;
  nodes: number;
  edges: number;
  bytes: number;
  sha256: string;
  analytics: boolean;
  edgeMode: EdgeMode;
}

const LABEL: Record<GraphFormat, string> = { graphml: 'GraphML export', gexf: 'GEXF export' };

export function exportGraph(ws: SnapshotSources, caseId: string, format: GraphFormat, path: string, opts: GraphmlExportOptions = {}): GraphmlExportReport {
  const filters = parseData(GraphFilters, opts.filters ?? {}, 'filters');
  if (!opts.sink) {
    const dir = dirname(path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SanctumError('NOT_FOUND', `the folder ${dir} does not exist`, path);
    if (existsSync(path) && !opts.overwrite) throw new SanctumError('CONFLICT', `${path} already exists; choose another name or allow overwriting`, path);
  }

  const protection = OutputProtection.forCase(ws, caseId, { decisions: opts.review ?? [] });
  const snapshot = applyFilters(buildCaseSnapshot(ws, caseId, { protection }), filters).snapshot;
  protection.assertReviewed(LABEL[format]);
  const edgeMode = opts.edges ?? 'directed';
  let analytics: Record<string, NodeAnalytics> | undefined;
  let graphData: Record<string, string | number | boolean> | undefined;
  if (opts.analytics) {
    const o = overview(buildGraph(snapshot), { seed: opts.seed ?? 1, betweenness: 'auto' });
    analytics = {};
    for (const r of o.rows) {
      analytics[r.id] = { degree: r.degree, degreeDistinct: r.neighbours, betweenness: r.betweenness, eigenvector: r.eigenvector, community: r.community, core: r.core, brokerScore: r.brokerScore };
    }
    graphData = {
      modularity: o.summary.modularity,
      louvain_seed: o.summary.seed,
      betweenness_approximate: o.summary.betweenness.approximate,
      betweenness_sources: o.summary.betweenness.sources,
    };
  }
  const written =
    format === 'gexf'
      ? writeGexf(snapshot, { edges: edgeMode, ...(analytics ? { analytics } : {}) })
      : writeGraphml(snapshot, { edges: edgeMode, ...(analytics ? { analytics } : {}), ...(graphData ? { graphData } : {}) });
  const bytes = Buffer.from(written.xml, 'utf8');
  if (opts.sink) opts.sink(bytes);
  else writeFileAtomic(path, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { nodes, edges } = written;
  ws.ctx.vault.record({
    action: 'graph.exported',
    target: { kind: 'case', id: caseId },
    details: { format, ...(opts.sink ? { to: 'stdout' } : {}), nodes, edges, sha256, edgeMode },
  });
  return { path, caseId, format, nodes, edges, bytes: bytes.length, sha256, analytics: opts.analytics ?? false, edgeMode };
}

export function exportGraphml(ws: SnapshotSources, caseId: string, path: string, opts: GraphmlExportOptions = {}): GraphmlExportReport {
  return exportGraph(ws, caseId, 'graphml', path, opts);
}

/** GEXF for Gephi's timeline (main/core/exchange/gexf/writer.ts). */
export function exportGexf(ws: SnapshotSources, caseId: string, path: string, opts: GraphmlExportOptions = {}): GraphmlExportReport {
  return exportGraph(ws, caseId, 'gexf', path, opts);
}
