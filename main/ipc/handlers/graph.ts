import { exportGraphml } from '../../core/exchange/graphml/export';
import { GraphStore } from '../../core/graph/graph-store';
import { buildCaseSnapshot } from '../../core/graph/snapshot';
import type { Handlers } from '../router';

export const graphHandlers: Pick<Handlers, Extract<keyof Handlers, `graph.${string}`>> = {
  'graph.snapshot': (r, ctx) => buildCaseSnapshot(ctx.session.workspace(), r.caseId),
  'graph.savePositions': (r, ctx) => new GraphStore(ctx.session.workspace()).savePositions(r.caseId, r.positions, { replace: r.replace }),
  'graph.views': (r, ctx) => new GraphStore(ctx.session.workspace()).views(r.caseId),
  'graph.saveView': (r, ctx) => new GraphStore(ctx.session.workspace()).saveView(r),
  'graph.deleteView': (r, ctx) => {
    new GraphStore(ctx.session.workspace()).deleteView(r.id);
    return { ok: true as const };
  },
  'graph.exportGraphml': (r, ctx) =>
    exportGraphml(ctx.session.workspace(), r.caseId, r.path, {
      analytics: r.analytics,
      edges: r.edges,
      overwrite: r.overwrite,
      ...(r.filters ? { filters: r.filters } : {}),
      ...(r.seed !== undefined ? { seed: r.seed } : {}),
    }),
};
