/**
 * Apply the user's filters (kinds, roles, link kinds, time window, evidence grade, hidden / focused nodes) to a
 * snapshot. The result is again a snapshot, so the worker, the GraphML export and saved views all filter the
 * same way before building a graph.
 *
 * Pure (no Node, no DOM).
 */
import { edgeEvidence, gradeAtLeast } from './evidence';
import type { CaseGraphSnapshot, GraphFilters } from './snapshot';
import { eventExtent, extentOf, timeStatus, type TimeStatus } from './time';

export interface FilteredSnapshot {
  snapshot: CaseGraphSnapshot;
  /** Per kept link / event: certain, possible or undated in the time window (only when a window is set). */
  linkTime: Record<string, TimeStatus>;
  eventTime: Record<string, TimeStatus>;
}

export function applyFilters(s: CaseGraphSnapshot, f: GraphFilters = {}): FilteredSnapshot {
  const kinds = f.entityKinds ? new Set<string>(f.entityKinds) : null;
  const roles = f.roles ? new Set<string>(f.roles) : null;
  const hidden = f.hiddenNodes?.length ? new Set(f.hiddenNodes) : null;
  const only = f.onlyNodes ? new Set(f.onlyNodes) : null;
  const linkKinds = f.linkKinds ? new Set<string>(f.linkKinds) : null;

  let nodes = s.nodes.filter(
    (n) => (!kinds || kinds.has(n.kind)) && (!roles || n.roles.some((r) => roles.has(r))) && !hidden?.has(n.id) && (!only || only.has(n.id)),
  );
  let keep = new Set(nodes.map((n) => n.id));

  const linkTime: Record<string, TimeStatus> = {};
  const links = s.links.filter((l) => {
    if (!keep.has(l.source) || !keep.has(l.target)) return false;
    if (linkKinds && !linkKinds.has(l.kind)) return false;
    if (f.minGrade !== undefined || f.minSources !== undefined) {
      const ev = edgeEvidence(l.support);
      if (f.minGrade !== undefined && !gradeAtLeast(ev.bestGrade, f.minGrade)) return false;
      if (f.minSources !== undefined && ev.sources < f.minSources) return false;
    }
    if (f.time) {
      const st = timeStatus(extentOf(l), f.time);
      if (st === null) return false;
      linkTime[l.id] = st;
    }
    return true;
  });

  if (f.dropIsolated) {
    const linked = new Set<string>();
    for (const l of links) linked.add(l.source).add(l.target);
    nodes = nodes.filter((n) => linked.has(n.id));
    keep = linked;
  }

  const eventTime: Record<string, TimeStatus> = {};
  const events = s.events.filter((e) => {
    if (!e.participants.some((p) => keep.has(p.entityId)) && e.participants.length > 0) return false;
    if (f.time) {
      const st = timeStatus(eventExtent(e), f.time);
      if (st === null) return false;
      eventTime[e.id] = st;
    }
    return true;
  });

  const positions: CaseGraphSnapshot['positions'] = {};
  for (const [id, p] of Object.entries(s.positions)) if (keep.has(id)) positions[id] = p;
  return { snapshot: { ...s, nodes, links, events, positions }, linkTime, eventTime };
}
