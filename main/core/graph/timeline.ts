/**
 * A case's timeline (shared/graph/timeline.ts) from the workspace: the graph snapshot's events and links, plus
 * conduct claims that carry their own date, on one time axis with a lane per entity.
 *
 * Protection (main/core/protection): the snapshot is built with the same `OutputProtection`, so a protected
 * entity appears under its label only, and every label (event titles, names in link labels, claim statements)
 * went through the identity matcher. Exports (`sanctum timeline --svg/--json`) call `assertReviewed` on it, so
 * nothing with an undecided possible identity mention leaves.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ClaimData } from '../../../shared/model/records';
import { CONDUCT } from '../../../shared/model/vocabulary';
import { timelineFromSnapshot, type DatedClaim, type TimelineModel } from '../../../shared/graph/timeline';
import { timelineSvg } from '../../../shared/graph/timeline-svg';
import type { CaseServices } from '../case/services';
import { SanctumError } from '../errors';
import { OutputProtection, type ReviewDecision } from '../protection';
import { writeFileAtomic } from '../util/atomic-file';
import { buildCaseSnapshot, type SnapshotSources } from './snapshot';

/** Longest claim statement shown on the axis (the record keeps the whole text). */
const STATEMENT_CHARS = 160;

/** The snapshot's sources and the case's claims (dated claims sit on the axis). */
export type TimelineSources = SnapshotSources & Pick<CaseServices, 'claims'>;

export function buildTimeline(ws: TimelineSources, caseId: string, opts: { protection?: OutputProtection } = {}): TimelineModel {
  const protection = opts.protection ?? OutputProtection.forCase(ws, caseId);
  const snapshot = buildCaseSnapshot(ws, caseId, { protection });
  const claims: DatedClaim[] = [];
  for (const r of ws.claims.list(caseId)) {
    const d = r.data as ClaimData;
    if (d.assertion.type !== 'conduct') continue;
    const a = d.assertion;
    const conduct = CONDUCT[a.conduct]?.label ?? a.conduct;
    // Protect the whole statement first, then cut: a cut could split a name the matcher would otherwise find.
    const safe = protection.text('timeline claim', d.statement);
    const shown = safe.length > STATEMENT_CHARS ? `${safe.slice(0, STATEMENT_CHARS - 1)}…` : safe;
    claims.push({ id: r.id, entityId: a.entityId, conduct: a.conduct, label: shown ? `${conduct}: ${shown}` : conduct, date: a.date });
  }
  claims.sort((a, b) => (a.id < b.id ? -1 : 1));
  return timelineFromSnapshot(snapshot, claims);
}

export interface TimelineSvgExport {
  path: string;
  bytes: number;
  sha256: string;
  items: number;
  lanes: number;
}

/**
 * Write the timeline as SVG (the same drawing as the renderer's export): protected, reviewed, escaped, written
 * whole or not at all, and logged like every export.
 */
export function exportTimelineSvg(
  ws: TimelineSources,
  caseId: string,
  path: string,
  opts: { overwrite?: boolean; review?: ReviewDecision[]; window?: { from?: string; to?: string }; width?: number; generated?: string } = {},
): TimelineSvgExport {
  const protection = OutputProtection.forCase(ws, caseId, { decisions: opts.review ?? [] });
  const model = buildTimeline(ws, caseId, { protection });
  protection.assertReviewed('timeline export');
  if (existsSync(path) && !opts.overwrite) throw new SanctumError('CONFLICT', `${path} already exists; choose another name or replace it`, path);
  const svg = timelineSvg(model, {
    ...(opts.width ? { width: opts.width } : {}),
    window: opts.window ?? null,
    generated: opts.generated ?? new Date().toISOString().slice(0, 10),
  });
  const bytes = Buffer.from(svg, 'utf8');
  writeFileAtomic(path, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  ws.ctx.vault.record({ action: 'graph.exported', target: { kind: 'case', id: caseId }, details: { format: 'svg', what: 'timeline', bytes: bytes.length, sha256 } });
  return { path, bytes: bytes.length, sha256, items: model.items.length, lanes: model.lanes.length };
}
