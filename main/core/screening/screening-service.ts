/**
 * Screening inside the vault: imported sanctions lists kept as sealed records (source, date, hash, counts), every
 * person and organisation of a case screened against the current version of each list, and the analyst's
 * decision ledger — true or false positive, with a reason, who and when, each one an audited action.
 *
 * Decisions are keyed by (entity, list id, entry id) and replayed whenever a list is re-imported: an entry whose
 * content is unchanged keeps its decision; a changed entry keeps it too but is flagged for review; an entry no
 * longer on the list is reported as removed. A true positive records a `designation` (the criteria engine's
 * "listed" status) in the same transaction.
 */
import { basename } from 'node:path';
import { regimeById, regimeForUnReference, REGIMES } from '../../../shared/catalog';
import { DesignationData, ListSnapshotData, ScreeningDecisionData, type EntityData } from '../../../shared/model/records';
import type { PartialDate } from '../../../shared/model/partial-date';
import { sha256Hex } from '../crypto/hash';
import { SanctumError } from '../errors';
import { canonicalJson } from '../util/canonical-json';
import { parseData, requireInCase, requireKind, type ServiceContext } from '../case/context';
import type { StoredRecord } from '../store/sealed-store';
import { LIST_FORMATS, readListFile, type ListFormat } from './index';
import type { ListEntry, ListSnapshot } from './list-model';
import { parseFtmList } from './ftm-list';
import { parseUnConsolidatedList } from './un-xml';
import { ListMatcher, type ScreenQuery, type ScreenResult } from './matcher';

/** Entity kinds screened against lists, and the list schema each is compared as. */
const SCREENED: Partial<Record<EntityData['kind'], string>> = { person: 'Person', organization: 'Organization', armed_group: 'Organization', company: 'Company', vessel: 'Vessel' };

export type Review = 'current' | 'changed' | 'removed';

export interface SnapshotSummary {
  id: string;
  listId: string;
  name: string;
  format: ListFormat;
  source: string;
  generatedAt: string | null;
  sha256: string;
  importedAt: string;
  counts: ListSnapshot['counts'];
  problems: number;
  current: boolean;
}

export interface ImportResult {
  snapshot: SnapshotSummary;
  /** Same as an earlier import (same list id and hash): nothing stored. */
  unchanged: boolean;
  replay: { carried: number; changed: number; removed: number };
}

export interface DecisionView {
  id: string;
  decision: ScreeningDecisionData['decision'];
  reason: string;
  decidedBy: string;
  decidedAt: string;
  designationId: string | null;
  /** How the decided entry compares with the current list. */
  review: Review;
}

export interface HitView {
  listId: string;
  listName: string;
  snapshotId: string;
  entryId: string;
  caption: string;
  schema: string;
  programs: string[];
  score: number;
  verdict: ScreenResult['verdict'];
  features: Record<string, number | string>;
  explanation: string[];
  decision: DecisionView | null;
}

export interface EntityScreening {
  entityId: string;
  name: string;
  kind: string;
  query: ScreenQuery;
  hits: HitView[];
  /** Decisions on entries that no longer come up (removed from the list, or now below the cut-off). */
  otherDecisions: (DecisionView & { listId: string; entryId: string; caption: string })[];
}

/** SHA-256 of one entry's content: what a decision was made against. */
export function entryHash(e: ListEntry): string {
  return sha256Hex(canonicalJson(e));
}

function years(d: PartialDate | undefined): string[] {
  if (!d) return [];
  if (d.value) return [d.value];
  return [d.from, d.to].filter((x): x is string => !!x);
}

/** Regimes a list entry belongs to: UN reference prefixes (LYi…), or UN list types / regime ids in its programs. */
export function regimesOfEntry(e: Pick<ListEntry, 'id' | 'programs'>): string[] {
  const out = new Set<string>();
  const byRef = regimeForUnReference(e.id);
  if (byRef) out.add(byRef.id);
  for (const p of e.programs) {
    const r = regimeById(p) ?? regimeForUnReference(p) ?? REGIMES.find((x) => x.unList && x.unList.listType.toLowerCase() === p.toLowerCase());
    if (r) out.add(r.id);
  }
  return [...out];
}

export class ScreeningService {
  readonly #matchers = new Map<string, ListMatcher>();

  constructor(private readonly ctx: ServiceContext) {}

  // --- lists -----------------------------------------------------------------------------------------------

  #snapshots(): StoredRecord<ListSnapshotData>[] {
    return [...this.ctx.repo.ofKind<ListSnapshotData>('list_snapshot')];
  }

  /** The latest import of each list. */
  #current(): Map<string, StoredRecord<ListSnapshotData>> {
    const out = new Map<string, StoredRecord<ListSnapshotData>>();
    for (const s of this.#snapshots()) {
      const prev = out.get(s.data.listId);
      if (!prev || s.data.importedAt > prev.data.importedAt || (s.data.importedAt === prev.data.importedAt && s.createdAt > prev.createdAt)) out.set(s.data.listId, s);
    }
    return out;
  }

  #summary(s: StoredRecord<ListSnapshotData>, current: Map<string, StoredRecord<ListSnapshotData>>): SnapshotSummary {
    const d = s.data;
    return { id: s.id, listId: d.listId, name: d.name, format: d.format, source: d.source, generatedAt: d.generatedAt, sha256: d.sha256, importedAt: d.importedAt, counts: d.counts, problems: d.problems, current: current.get(d.listId)?.id === s.id };
  }

  /** Every snapshot, newest first; `current` marks the one screened against for each list. */
  lists(): SnapshotSummary[] {
    const cur = this.#current();
    return this.#snapshots()
      .map((s) => this.#summary(s, cur))
      .sort((a, b) => (a.listId === b.listId ? b.importedAt.localeCompare(a.importedAt) : a.listId.localeCompare(b.listId)));
  }

  #matcher(s: StoredRecord<ListSnapshotData>): ListMatcher {
    let m = this.#matchers.get(s.id);
    if (!m) {
      m = new ListMatcher(s.data.entries as unknown as ListEntry[]);
      this.#matchers.set(s.id, m);
    }
    return m;
  }

  /** Parse a list file. */
  static async parse(path: string, format: ListFormat): Promise<ListSnapshot> {
    if (!(LIST_FORMATS as readonly string[]).includes(format)) throw new SanctumError('UNSUPPORTED_FORMAT', `unknown list format "${format}"`, 'format');
    return readListFile(path, format);
  }

  static parseBytes(bytes: Uint8Array, format: ListFormat, source: string): ListSnapshot {
    return format === 'ftm' ? parseFtmList(bytes, source) : parseUnConsolidatedList(bytes, source);
  }

  /**
   * Store a parsed list as a new snapshot and replay the decision ledger against it. The list id defaults to
   * the format's list (the UN Consolidated List) or, for FtM, the file name without extension.
   */
  importSnapshot(snap: ListSnapshot, opts: { listId?: string; name?: string } = {}): ImportResult {
    const listId = opts.listId?.trim() || (snap.format === 'un-xml' ? 'un-consolidated' : basename(snap.source).replace(/\.(ftm\.)?(json|jsonl|ndjson)$/i, '') || 'ftm-list');
    const name = opts.name?.trim() || (snap.format === 'un-xml' ? 'UN Security Council Consolidated List' : listId);
    const cur = this.#current().get(listId);
    if (cur && cur.data.sha256 === snap.sha256) {
      return { snapshot: this.#summary(cur, this.#current()), unchanged: true, replay: this.#replay(listId, cur.data.entries as unknown as ListEntry[]) };
    }
    const data = parseData(
      ListSnapshotData,
      { listId, name, format: snap.format, source: basename(snap.source), generatedAt: snap.generatedAt ?? null, sha256: snap.sha256, importedAt: new Date().toISOString(), counts: snap.counts, problems: snap.problems?.length ?? 0, entries: snap.entries },
      'list',
    );
    const replay = this.#replay(listId, snap.entries);
    const rec = this.ctx.repo.transact(
      { action: 'screening.list_imported', details: { listId, format: snap.format, sha256: snap.sha256, counts: snap.counts, generatedAt: snap.generatedAt ?? null, replay } },
      (tx) => tx.insert('list_snapshot', data),
    );
    return { snapshot: this.#summary(rec, this.#current()), unchanged: false, replay };
  }

  /** How the ledger's decisions on this list fare against these entries. */
  #replay(listId: string, entries: readonly ListEntry[]): ImportResult['replay'] {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const r = { carried: 0, changed: 0, removed: 0 };
    for (const d of this.#decisions()) {
      if (d.data.listId !== listId) continue;
      const e = byId.get(d.data.entryId);
      if (!e) r.removed++;
      else if (entryHash(e) === d.data.entryHash) r.carried++;
      else r.changed++;
    }
    return r;
  }

  /** Remove one snapshot (an import made by mistake). Decisions stay in the ledger. */
  removeSnapshot(id: string): void {
    const rec = requireKind<ListSnapshotData>(this.ctx.repo, id, 'list_snapshot', 'list');
    this.ctx.repo.transact({ action: 'screening.list_removed', details: { listId: rec.data.listId, sha256: rec.data.sha256 } }, (tx) => tx.delete(id));
    this.#matchers.delete(id);
  }

  // --- screening -------------------------------------------------------------------------------------------

  #decisions(): StoredRecord<ScreeningDecisionData>[] {
    return [...this.ctx.repo.ofKind<ScreeningDecisionData>('screening_decision')];
  }

  #decision(entityId: string, listId: string, entryId: string): StoredRecord<ScreeningDecisionData> | undefined {
    return this.#decisions().find((d) => d.data.entityId === entityId && d.data.listId === listId && d.data.entryId === entryId);
  }

  #view(d: StoredRecord<ScreeningDecisionData>, current: Map<string, StoredRecord<ListSnapshotData>>): DecisionView {
    const snap = current.get(d.data.listId);
    const entry = (snap?.data.entries as unknown as ListEntry[] | undefined)?.find((e) => e.id === d.data.entryId);
    const review: Review = !entry ? 'removed' : entryHash(entry) === d.data.entryHash ? 'current' : 'changed';
    return { id: d.id, decision: d.data.decision, reason: d.data.reason, decidedBy: d.data.decidedBy, decidedAt: d.data.decidedAt, designationId: d.data.designationId, review };
  }

  /** An entity as a screening query: every name (aliases and original script), dates of birth, nationalities. */
  queryOf(entityId: string): ScreenQuery | null {
    const e = requireKind<EntityData>(this.ctx.repo, entityId, 'entity');
    const schema = SCREENED[e.data.kind];
    if (!schema) return null;
    const d = e.data;
    const names = [...new Set([d.name, ...(d.originalScriptName ? [d.originalScriptName] : []), ...d.aliases.map((a) => a.value)].map((n) => n.trim()).filter(Boolean))];
    const q: ScreenQuery = { id: entityId, schema, names };
    const dob = years(d.kind === 'person' ? d.birthDate : (d.foundedDate ?? d.birthDate));
    if (dob.length) q.birthDates = dob;
    if (d.nationality.length) q.nationalities = d.nationality;
    return q;
  }

  screenEntity(entityId: string, opts: { limit?: number } = {}): EntityScreening | null {
    const q = this.queryOf(entityId);
    if (!q) return null;
    const e = this.ctx.repo.get<EntityData>(entityId)!;
    const current = this.#current();
    const hits: HitView[] = [];
    for (const snap of current.values()) {
      const entries = snap.data.entries as unknown as ListEntry[];
      for (const r of this.#matcher(snap).screen(q, { limit: opts.limit ?? 5 })) {
        if (r.verdict === 'none') continue;
        const entry = entries.find((x) => x.id === r.id);
        const d = this.#decision(entityId, snap.data.listId, r.id);
        hits.push({ listId: snap.data.listId, listName: snap.data.name, snapshotId: snap.id, entryId: r.id, caption: r.caption, schema: r.schema, programs: entry?.programs ?? [], score: r.score, verdict: r.verdict, features: r.features, explanation: r.explanation, decision: d ? this.#view(d, current) : null });
      }
    }
    hits.sort((a, b) => b.score - a.score);
    const shown = new Set(hits.map((h) => `${h.listId}\u0000${h.entryId}`));
    const otherDecisions = this.#decisions()
      .filter((d) => d.data.entityId === entityId && !shown.has(`${d.data.listId}\u0000${d.data.entryId}`))
      .map((d) => ({ ...this.#view(d, current), listId: d.data.listId, entryId: d.data.entryId, caption: d.data.caption }));
    return { entityId, name: e.data.name, kind: e.data.kind, query: q, hits, otherDecisions };
  }

  /** Screen every person and organisation of a case against the current version of every imported list. */
  async screenCase(caseId: string, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; limit?: number } = {}): Promise<EntityScreening[]> {
    requireKind(this.ctx.repo, caseId, 'case');
    const ids = [...this.ctx.index.ids('case', caseId)].filter((id) => {
      const r = this.ctx.repo.get<EntityData>(id);
      return r?.kind === 'entity' && SCREENED[r.data.kind] !== undefined;
    });
    const out: EntityScreening[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'screening cancelled');
      const s = this.screenEntity(ids[i]!, opts.limit !== undefined ? { limit: opts.limit } : {});
      if (s) out.push(s);
      opts.onProgress?.(i + 1, ids.length);
      // Yield now and then so a long batch never starves the event loop (lock, cancel, other calls).
      if (i % 25 === 24) await new Promise((r) => setImmediate(r));
    }
    return out.sort((a, b) => (b.hits[0]?.score ?? 0) - (a.hits[0]?.score ?? 0) || a.name.localeCompare(b.name));
  }

  // --- the decision ledger ---------------------------------------------------------------------------------

  /**
   * Record (or change) the decision on one hit. A true positive records a designation under the regimes the
   * entry belongs to (or those given); reversing it removes that designation. One audited transaction.
   */
  decide(input: { caseId: string; entityId: string; listId: string; entryId: string; decision: ScreeningDecisionData['decision']; reason: string; regimeIds?: string[] }): StoredRecord<ScreeningDecisionData> {
    requireInCase(this.ctx.repo, input.entityId, 'entity', input.caseId);
    const snap = this.#current().get(input.listId);
    if (!snap) throw new SanctumError('NOT_FOUND', `no imported list "${input.listId}"`, 'listId');
    const entry = (snap.data.entries as unknown as ListEntry[]).find((e) => e.id === input.entryId);
    if (!entry) throw new SanctumError('NOT_FOUND', `entry ${input.entryId} is not on the current ${snap.data.name}`, 'entryId');
    const q = this.queryOf(input.entityId);
    const score = q ? (this.#matcher(snap).screen(q, { limit: 50, cutoff: 0 }).find((r) => r.id === entry.id)?.score ?? 0) : 0;
    const prev = this.#decision(input.entityId, input.listId, input.entryId);
    let designation: DesignationData | null = null;
    if (input.decision === 'true_positive') {
      const regimeIds = input.regimeIds?.length ? input.regimeIds : regimesOfEntry(entry);
      for (const r of regimeIds) if (!regimeById(r)) throw new SanctumError('INVALID_INPUT', `unknown regime "${r}"`, 'regimeIds');
      if (!regimeIds.length) throw new SanctumError('INVALID_INPUT', `cannot tell which sanctions regime ${entry.id} belongs to; name the regime`, 'regimeIds');
      designation = parseData(DesignationData, { caseId: input.caseId, entityId: input.entityId, regimeIds, references: [entry.id], source: 'screening', note: `Confirmed screening match against ${snap.data.name} (${snap.data.sha256.slice(0, 12)}): ${input.reason}`.slice(0, 5000) }, 'designation');
    }
    const base = {
      caseId: input.caseId,
      entityId: input.entityId,
      listId: input.listId,
      entryId: entry.id,
      snapshotId: snap.id,
      entryHash: entryHash(entry),
      caption: entry.caption,
      score,
      decision: input.decision,
      reason: input.reason,
      decidedBy: this.ctx.vault.actor,
      decidedAt: new Date().toISOString(),
      designationId: null as string | null,
    };
    parseData(ScreeningDecisionData, base, 'decision');
    return this.ctx.repo.transact(
      { action: 'screening.decision_recorded', target: { kind: 'entity', id: input.entityId }, details: { listId: input.listId, entryId: entry.id, decision: input.decision, reason: input.reason, previous: prev?.data.decision ?? null } },
      (tx) => {
        // The previous decision's designation goes: a reversed match must not keep the person "listed".
        const oldDesignation = prev?.data.designationId;
        if (oldDesignation && tx.get(oldDesignation)) tx.delete(oldDesignation);
        const data = { ...base, designationId: designation ? tx.insert('designation', designation).id : null };
        return prev ? tx.update(prev, data) : tx.insert('screening_decision', data);
      },
      { undoable: true, label: input.decision === 'true_positive' ? 'confirm screening match' : 'dismiss screening match' },
    );
  }

  /** The whole ledger for a case, newest first. */
  ledger(caseId: string): (ScreeningDecisionData & { id: string; review: Review })[] {
    const current = this.#current();
    return this.#decisions()
      .filter((d) => d.data.caseId === caseId)
      .map((d) => ({ ...d.data, id: d.id, review: this.#view(d, current).review }))
      .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  }
}
