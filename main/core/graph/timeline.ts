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

/** What a built timeline depends on besides the case id: every record (the repository's version) and, with the
 * witness compartment open, the identities protection matches (that repository, and its version). */
interface TimelineKey {
  repoVersion: number;
  witnesses: object | null;
  witnessVersion: number;
}

/** The repository behind the witness compartment when it is open (protection reads identities from it), else null. */
function witnessRepoIfOpen(ws: TimelineSources): { version: number } | null {
  return ws.ctx.vault.witnessUnlocked ? ws.ctx.witnessRepo() : null;
}

/**
 * The timelines a workspace has built, per case, reused while nothing they depend on changed: at 5k entities
 * and 15k links a build takes a snapshot, protection over every label and the claims (hundreds of ms), and the
 * pane asks again on every open. Keyed by the repository's version (bumped by every committed write, undo and
 * clear, so an edit anywhere invalidates: conservative, and never stale) and by the witness compartment (its
 * open repository object and version: unlocking, recording or forgetting identities changes what protection
 * hides). The workspace clears it when it is disposed (lock, re-key), so no model outlives the unlocked vault.
 */
export class TimelineCache {
  readonly #byCase = new Map<string, { key: TimelineKey; model: TimelineModel }>();
  /** Builds done (not answered from the cache); for tests and the bench. */
  builds = 0;

  constructor(
    private readonly ws: TimelineSources,
    /** Cases kept at most (the least recently asked is dropped). */
    private readonly capacity = 4,
  ) {}

  get(caseId: string): TimelineModel {
    const key = this.#key();
    const hit = this.#byCase.get(caseId);
    this.#byCase.delete(caseId);
    if (hit && sameKey(hit.key, key)) {
      this.#byCase.set(caseId, hit);
      return hit.model;
    }
    const model = buildTimeline(this.ws, caseId);
    this.builds++;
    // The key read before the build: a write during it (none today: the build is synchronous) only costs a rebuild.
    this.#byCase.set(caseId, { key, model });
    while (this.#byCase.size > this.capacity) this.#byCase.delete(this.#byCase.keys().next().value!);
    return model;
  }

  /** Cases held. */
  get size(): number {
    return this.#byCase.size;
  }

  clear(): void {
    this.#byCase.clear();
  }

  #key(): TimelineKey {
    const w = witnessRepoIfOpen(this.ws);
    return { repoVersion: this.ws.ctx.repo.version, witnesses: w, witnessVersion: w?.version ?? -1 };
  }
}

const sameKey = (a: TimelineKey, b: TimelineKey) => a.repoVersion === b.repoVersion && a.witnesses === b.witnesses && a.witnessVersion === b.witnessVersion;

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
