/**
 * One full-text search as the app and the CLI run it: the case checked, the query answered by the workspace's
 * full-text index, and the search recorded in the audit log as an access (searches are accesses). The entry
 * says that a search ran, with its filters and the number of hits, not the query text: the log is sealed, but
 * its entries are listed in the app and leave the vault in custody exports, and a query may be a name.
 */
import type { EverythingQuery, EverythingResult } from '../../../shared/ipc/schemas/documents';
import type { CaseServices } from '../case/services';
import type { FullTextService } from './fulltext-service';

export const EVERYTHING_AUDIT_ACTION = 'search.everything';

/** The case check, the full-text index and the audit log. */
export type EverythingSources = Pick<CaseServices, 'ctx' | 'cases'> & { readonly fulltext: Pick<FullTextService, 'query'> };

export async function runEverything(ws: EverythingSources, q: EverythingQuery): Promise<EverythingResult> {
  if (q.caseId) ws.cases.get(q.caseId); // NOT_FOUND for an unknown case
  const r = await ws.fulltext.query({ text: q.text, caseId: q.caseId, kinds: q.kinds, from: q.from, to: q.to, grades: q.grades, limit: q.limit ?? 50 });
  const vault = ws.ctx.vault;
  if (!vault.readOnly) {
    vault.record({
      action: EVERYTHING_AUDIT_ACTION,
      ...(q.caseId ? { target: { kind: 'case', id: q.caseId } } : {}),
      details: { kinds: q.kinds ?? null, from: q.from ?? null, to: q.to ?? null, grades: q.grades ?? null, hits: r.hits.length, total: Object.values(r.counts).reduce((a, b) => a + b, 0) },
    });
  }
  return r as EverythingResult;
}
