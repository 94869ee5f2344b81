/**
 * Network graph channels: the snapshot the renderer feeds to its analytics worker and to cytoscape, saved
 * positions and views (sealed records), and the GraphML export. Analytics themselves run in the renderer's
 * worker (shared/graph/graph-worker-api.ts), not over IPC.
 */
import { z } from 'zod';
import { CaseGraphSnapshot, GraphFilters, GraphView, GraphViewData, Positions } from '../../graph/snapshot';
import { TimelineModel } from '../../graph/timeline';
import { Id } from '../../model/records';
import { ById, Ok, type ChannelMap } from './common';
import { Grant } from '../grants';
import { ReviewDecisions } from '../../errors';

export const GraphmlExportReport = z.object({
  name: z.string(),
  caseId: Id,
  nodes: z.number().int(),
  edges: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
  analytics: z.boolean(),
  edgeMode: z.enum(['mixed', 'directed']),
});
export type GraphmlExportReport = z.infer<typeof GraphmlExportReport>;

/** An image the renderer drew of the graph or the timeline (PNG rasterised from our SVG, or the SVG itself). */
export const GraphImageExportReport = z.object({ name: z.string(), format: z.enum(['png', 'svg']), bytes: z.number().int(), sha256: z.string() });
export type GraphImageExportReport = z.infer<typeof GraphImageExportReport>;

/** Sanctions status per entity for styling: listed under a regime, or only flagged (a group affiliation). */
export const GraphSanctionStatus = z.record(Id, z.object({ status: z.enum(['listed', 'flagged']), regimes: z.array(z.string()) }));
export type GraphSanctionStatus = z.infer<typeof GraphSanctionStatus>;

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
  'graph.exportGraphml': {
    request: z
      .object({
        caseId: Id,
        grant: Grant,
        filters: GraphFilters.optional(),
        analytics: z.boolean().default(false),
        seed: z.number().int().min(0).max(2 ** 31).optional(),
        /** 'directed' for networkx, which cannot read mixed graphs. */
        edges: z.enum(['mixed', 'directed']).default('mixed'),
        overwrite: z.boolean().default(false),
        /** Decisions on the possible identity mentions a previous attempt stopped on (error details). */
        review: ReviewDecisions.optional(),
      })
      .strict(),
    response: GraphmlExportReport,
  },
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
