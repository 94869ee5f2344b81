/**
 * Network graph channels: the snapshot the renderer feeds to its analytics worker and to cytoscape, saved
 * positions and views (sealed records), and the GraphML and GEXF exports. Analytics themselves run in the renderer's
 * worker (shared/graph/graph-worker-api.ts), not over IPC.
 */
import { z } from 'zod';
import { CaseGraphSnapshot, GraphFilters, GraphView, GraphViewData, Positions } from '../../graph/snapshot';
import { TimelineModel } from '../../graph/timeline';
import { Id } from '../../model/records';
import { ById, Ok, type ChannelMap } from './common';
import { Grant } from '../grants';
import { ReviewDecisions } from '../../errors';

/** Edge modes of the graph exports: 'directed' (default; networkx reads it) or 'mixed' (Gephi, yEd). */
export const GraphEdgeMode = z.enum(['directed', 'mixed']);

export const GraphmlExportReport = z.object({
  name: z.string(),
  caseId: Id,
  format: z.enum(['graphml', 'gexf']),
  nodes: z.number().int(),
  edges: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  analytics: z.boolean(),
  edgeMode: GraphEdgeMode,
});
export type GraphmlExportReport = z.infer<typeof GraphmlExportReport>;

/** An image the renderer drew of the graph or the timeline (PNG rasterised from our SVG, or the SVG itself). */
export const GraphImageExportReport = z.object({ name: z.string(), format: z.enum(['png', 'svg']), bytes: z.number().int(), sha256: z.string() });
export type GraphImageExportReport = z.infer<typeof GraphImageExportReport>;

/** Sanctions status per entity for styling: listed under a regime, or only flagged (a group affiliation). */
export const GraphSanctionStatus = z.record(Id, z.object({ status: z.enum(['listed', 'flagged']), regimes: z.array(z.string()) }));
export type GraphSanctionStatus = z.infer<typeof GraphSanctionStatus>;

/** The request of both graph exports (GraphML, GEXF): the same options, each with its own grant purpose. */
function graphExportRequest() {
  return z
    .object({
      caseId: Id,
      grant: Grant,
      filters: GraphFilters.optional(),
      analytics: z.boolean().default(false),
      seed: z.number().int().min(0).max(2 ** 31).optional(),
      /** 'directed' (default) for networkx, which cannot read mixed graphs; 'mixed' for Gephi and yEd. */
      edges: GraphEdgeMode.default('directed'),
      overwrite: z.boolean().default(false),
      /** Decisions on the possible identity mentions a previous attempt stopped on (error details). */
      review: ReviewDecisions.optional(),
    })
    .strict();
}

export const graphChannels = {
  'graph.snapshot': { request: z.object({ caseId: Id }).strict(), response: CaseGraphSnapshot },
  /** Merge positions into the case layout (or replace it); positions of entities not in the case are dropped. */
  'graph.savePositions': {
    request: z.object({ caseId: Id, positions: Positions, replace: z.boolean().default(false) }).strict(),
    response: z.object({ saved: z.number().int(), total: z.number().int() }),
  },
  'graph.views': { request: z.object({ caseId: Id }).strict(), response: z.array(GraphView) },
  /** Create a view, or update one (`id`); a name already used is refused unless `replace`. */
  'graph.saveView': { request: GraphViewData.extend({ id: Id.optional(), replace: z.boolean().default(false) }).strict(), response: GraphView },
  'graph.deleteView': { request: ById, response: Ok },
  'graph.exportGraphml': { request: graphExportRequest(), response: GraphmlExportReport },
  /** GEXF for Gephi's timeline: the same nodes, edges, attributes, protection and review, with date spells. */
  'graph.exportGexf': { request: graphExportRequest(), response: GraphmlExportReport },
  /** Write the view's image (base64, ≤ 64 MiB decoded) to the file the save dialog granted (checked by decoding it); logged like every export. */
  'graph.exportImage': {
    request: z
      .object({
        caseId: Id,
        grant: Grant,
        format: z.enum(['png', 'svg']),
        base64: z.string().min(1).max(90_000_000),
        overwrite: z.boolean().default(false),
      })
      .strict(),
    response: GraphImageExportReport,
  },
  /** The case timeline (events, dated links and claims; a lane per entity), protected like the snapshot. */
  'graph.timeline': { request: z.object({ caseId: Id }).strict(), response: TimelineModel },
  'graph.sanctionStatus': { request: z.object({ caseId: Id }).strict(), response: GraphSanctionStatus },
} as const satisfies ChannelMap;
