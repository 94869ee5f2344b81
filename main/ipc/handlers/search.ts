import type { EntityKind } from '../../../shared/model/vocabulary';
import type { Handlers } from '../router';

/** Name search across every alias and script; the index lives in the workspace's search worker. */
export const searchHandlers: Pick<Handlers, 'search.query' | 'search.everything'> = {
  'search.query': async (r, ctx) => {
    const w = ctx.session.workspace();
    if (r.caseId) w.cases.get(r.caseId); // NOT_FOUND for an unknown case, as the other case channels answer
    const { hits, tookMs } = await w.search.query({ text: r.text, caseId: r.caseId, kinds: r.kinds, limit: r.limit });
    // The index stores the kind it was given, which came from a validated entity record.
    return { hits: hits.map((h) => ({ ...h, kind: h.kind as EntityKind })), tookMs };
  },
  // Placeholder until the fulltext branch (the index and its worker) is merged: answers "index building".
  'search.everything': () => ({ hits: [], counts: { entity: 0, evidence: 0, statement: 0, claim: 0, note: 0, source: 0, event: 0 }, tookMs: 0, building: { done: 0, total: 1 } }),
};
