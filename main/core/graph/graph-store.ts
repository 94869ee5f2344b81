/**
 * Saved node positions and saved graph views, as sealed records like everything else (a layout shows which
 * entities an investigator grouped together). Positions live in one `graph_layout` record per case, so a
 * saved case opens without re-layout; each saved view is a `graph_view` record.
 *
 * Layout saves are audited but not undoable: dragging nodes would otherwise push every edit of the case out
 * of the undo stack (the graph view keeps its own undo for layout changes).
 */
import { z } from 'zod';
import { GraphLayoutData, GraphViewData, Positions, type GraphView } from '../../../shared/graph/snapshot';
import { Id } from '../../../shared/model/records';
import { SanctumError } from '../errors';
import { parseData, requireInCase, requireKind } from '../case/context';
import type { CaseServices } from '../case/services';
import type { StoredRecord } from '../store/sealed-store';

/** Layouts and views are records of the case: the context is all the store reads. */
export type GraphStoreSources = Pick<CaseServices, 'ctx'>;

export const LAYOUT_KIND = 'graph_layout';
export const VIEW_KIND = 'graph_view';

export const SaveViewInput = GraphViewData.extend({
  /** Update this view; without it a new view is created. */
  id: Id.optional(),
  /** Replace a view with the same name instead of refusing. */
  replace: z.boolean().default(false),
});

function viewOf(r: StoredRecord<GraphViewData>): GraphView {
  return { ...r.data, id: r.id, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

export class GraphStore {
  constructor(private readonly ws: GraphStoreSources) {}

  #layout(caseId: string): StoredRecord<GraphLayoutData> | undefined {
    return this.ws.ctx.index.records<GraphLayoutData>('case', caseId, LAYOUT_KIND)[0];
  }

  positions(caseId: string): Positions {
    return this.#layout(caseId)?.data.positions ?? {};
  }

  /**
   * Merge positions into the case layout (or replace it). Positions of entities that are not in the case
   * (deleted since the layout ran) are dropped.
   */
  savePositions(caseId: string, input: unknown, opts: { replace?: boolean } = {}): { saved: number; total: number } {
    requireKind(this.ws.ctx.repo, caseId, 'case');
    const given = parseData(Positions, input, 'positions');
    const prev = this.#layout(caseId);
    const merged: Positions = opts.replace ? {} : { ...(prev?.data.positions ?? {}) };
    let saved = 0;
    for (const [id, p] of Object.entries(given)) {
      const e = this.ws.ctx.repo.get<{ caseId: string }>(id);
      if (e?.kind !== 'entity' || e.data.caseId !== caseId) continue;
      merged[id] = p;
      saved++;
    }
    for (const id of Object.keys(merged)) if (this.ws.ctx.repo.get(id)?.kind !== 'entity') delete merged[id];
    const data = parseData(GraphLayoutData, { caseId, positions: merged }, 'layout');
    this.ws.ctx.repo.transact({ action: 'graph.layout_saved', target: { kind: 'case', id: caseId }, details: { saved, total: Object.keys(merged).length } }, (tx) => {
      if (prev) tx.update(prev, data);
      else tx.insert(LAYOUT_KIND, data);
    });
    return { saved, total: Object.keys(merged).length };
  }

  views(caseId: string): GraphView[] {
    requireKind(this.ws.ctx.repo, caseId, 'case');
    return this.ws.ctx.index
      .records<GraphViewData>('case', caseId, VIEW_KIND)
      .map(viewOf)
      .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  }

  saveView(input: unknown): GraphView {
    const { id, replace, ...rest } = parseData(SaveViewInput, input, 'view');
    const data = parseData(GraphViewData, rest, 'view');
    requireKind(this.ws.ctx.repo, data.caseId, 'case');
    const positions: Positions = {};
    for (const [eid, p] of Object.entries(data.positions)) if (this.ws.ctx.repo.get(eid)?.kind === 'entity') positions[eid] = p;
    const value: GraphViewData = { ...data, positions };
    const sameName = this.ws.ctx.index
      .records<GraphViewData>('case', data.caseId, VIEW_KIND)
      .find((v) => v.id !== id && v.data.name.toLowerCase() === data.name.toLowerCase());
    if (sameName && !replace) throw new SanctumError('CONFLICT', `a view named "${data.name}" already exists`, 'name');
    const prev = id ? requireInCase<GraphViewData>(this.ws.ctx.repo, id, VIEW_KIND, data.caseId, 'view') : sameName;
    const rec = this.ws.ctx.repo.transact(
      { action: 'graph.view_saved', target: { kind: 'case', id: data.caseId }, details: { nodes: Object.keys(positions).length } },
      (tx) => {
        if (prev && sameName && prev.id !== sameName.id) tx.delete(sameName.id);
        return prev ? tx.update(prev, value) : tx.insert(VIEW_KIND, value);
      },
    );
    return viewOf(rec);
  }

  deleteView(id: string): void {
    requireKind(this.ws.ctx.repo, id, VIEW_KIND, 'view');
    this.ws.ctx.repo.transact({ action: 'graph.view_deleted', target: { kind: VIEW_KIND, id } }, (tx) => tx.delete(id));
  }
}
