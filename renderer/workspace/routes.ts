/** Where the person is in the workspace: an area, and optionally one record inside it. */
import type { AreaId } from '../frame/areas';

export interface Route {
  area: AreaId;
  entityId?: string;
  eventId?: string;
  evidenceId?: string;
  witnessId?: string;
  /** A statement being edited, or 'new' for one not saved yet (with `witnessId`). */
  statementId?: string;
  /** A sanctions regime (criteria matrix, listing proposal), with `entityId`. */
  regimeId?: string;
  /** Evidence: the page to open at (1-based) and the words to highlight on it (a search hit, a mention). */
  page?: number;
  highlight?: string;
}

export function sameRoute(a: Route, b: Route): boolean {
  return a.area === b.area && a.entityId === b.entityId && a.eventId === b.eventId && a.evidenceId === b.evidenceId && a.witnessId === b.witnessId && a.statementId === b.statementId && a.regimeId === b.regimeId && a.page === b.page && a.highlight === b.highlight;
}

/** Areas that show records of one case: they need a current case. */
export const CASE_AREAS: ReadonlySet<AreaId> = new Set<AreaId>(['entities', 'events', 'graph', 'evidence', 'statements', 'sources', 'criteria', 'screening', 'listings']);
