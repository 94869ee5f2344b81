import type { EntityKind } from '../../../shared/model/vocabulary';
import type { Handlers } from '../router';
import { runEverything } from '../../core/search/everything';

/** Name search across every alias and script; the index lives in the workspace's search worker. */
export const searchHandlers: Pick<Handlers, 'search.query' | 'search.everything'> = {
  'search.query': async (r, ctx) => {
    const w = ctx.session.workspace();
    if (r.caseId) w.cases.get(r.caseId); // NOT_FOUND for an unknown case, as the other case channels answer
    const { hits, tookMs } = await w.search.query({ text: r.text, caseId: r.caseId, kinds: r.kinds, limit: r.limit });
    // The index stores the kind it was given, which came from a validated entity record.
    return { hits: hits.map((h) => ({ ...h, kind: h.kind as EntityKind })), tookMs };
  },
  /** Full-text search; the index lives in the workspace's full-text worker. Audited as an access. */
  'search.everything': (r, ctx) => runEverything(ctx.session.workspace(), r),
};
