/**
 * Screening inside the vault: imported sanctions lists kept as sealed records (source, date, hash, counts), every
 * person and organisation of a case screened against the current version of each list, and the analyst's
 * decision ledger — true or false positive, with a reason, who and when, each one an audited action.
 *
 * Decisions are keyed by (entity, list id, entry id) and replayed whenever a list is re-imported: an entry whose
 * content is unchanged keeps its decision; a changed entry keeps it too but is flagged for review; an entry no
 * longer on the list is reported as removed. A true positive records a `designation` (the criteria engine's
 * "listed" status) in the same transaction.
 *
 * A snapshot's entries are not in its record: they are gzip'd JSON lines in an encrypted blob (./list-blob.ts),
 * read the first time screening needs them and kept in memory until the vault locks (the workspace, and this
 * service with it, is disposed on lock). The blob is written before the record's transaction and deleted if that
 * transaction fails, so an import that fails or is cancelled leaves nothing behind. Snapshots stored before this
 * (entries inline in the record) are still read as they are, and are rewritten into a blob by the next list
 * import (one audited action, `screening.lists_migrated`; the snapshot ids do not change).
 *
 * The last screening of a case against each list is kept (`screening_run`, one record per case and list id,
 * replaced by the next run), so the results can be shown again without screening again.
 */
import { basename } from 'node:path';
import { regimeById, regimeForUnReference, REGIMES } from '../../../shared/catalog';
import { DesignationData, ListSnapshotData, ScreeningDecisionData, ScreeningRunData, type EntityData, type ScreeningRunHit } from '../../../shared/model/records';
import type { PartialDate } from '../../../shared/model/partial-date';
import { sha256Hex } from '../crypto/hash';
import { SanctumError } from '../errors';
import { canonicalJson } from '../util/canonical-json';
import { parseData, requireInCase, requireKind, type ServiceContext } from '../case/context';
import { protectedEntityIds } from '../protection';
import type { StoredRecord } from '../store/sealed-store';
import { currentVersion } from '../store/record-migrations';
import { LIST_FORMATS, readListFile, type ListFormat } from './index';
import type { ListEntry, ListIdentifierKind, ListSnapshot } from './list-model';
import type { IdentifierType } from '../../../shared/model/vocabulary';
import { readListEntries, writeListEntries } from './list-blob';
import { parseFtmList } from './ftm-list';
import { parseUnConsolidatedList } from './un-xml';
import { ListMatcher, type ScreenQuery, type ScreenResult } from './matcher';

/**
 * The list identifier kind each case identifier type is compared as; types no list carries as an identifier of
 * the entity (phone, e-mail, bank account, plate …) are not screened.
 */
export const IDENTIFIER_KIND_OF: Readonly<Record<IdentifierType, ListIdentifierKind | null>> = {
  passport: 'passport',
  national_id: 'national_id',
  registration_number: 'registration',
  tax_number: 'tax',
  imo_number: 'imo',
  mmsi: 'mmsi',
  swift_bic: 'bic',
  wallet_address: 'crypto',
  call_sign: 'other',
  phone_number: null,
  email: null,
  licence_plate: null,
  vin: null,
  iban: null,
  account_number: null,
  un_reference: null,
  other: 'other',
};

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

/** One stored screening run (the last of a case against one list). */
export interface ScreeningRunSummary {
  id: string;
  listId: string;
  listName: string;
  snapshotId: string;
  listSha256: string;
  screenedAt: string;
  screenedBy: string;
  entities: number;
  /** Protected people left out of the run (never screened under their names). */
  protectedNotScreened: number;
  /** False when the list has been imported again (or removed) since: the results are against an older version. */
  current: boolean;
}

/** The case's last screening, as stored: per list when and against what, and the results with today's decisions. */
export interface LastScreening {
  runs: ScreeningRunSummary[];
  results: EntityScreening[];
  /** People and organisations of the case that no stored run screened (added since). */
  unscreened: number;
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

/** A snapshot's entries in memory, indexed by entry id, with the matcher and entry hashes built on first use. */
interface LoadedList {
  entries: readonly ListEntry[];
  byId: Map<string, ListEntry>;
  matcher: ListMatcher | null;
  hashes: Map<string, string>;
}

function loaded(entries: readonly ListEntry[]): LoadedList {
  return { entries, byId: new Map(entries.map((e) => [e.id, e])), matcher: null, hashes: new Map() };
}

/** Given a list id and entry id: the SHA-256 of that entry on the current list, or null if it is not on it. */
type Reviewer = (listId: string, entryId: string) => string | null;

const key = (listId: string, entryId: string) => `${listId}\u0000${entryId}`;

/** Stands in for the blob while a new snapshot's record is checked, before anything is written. */
const NO_BLOB = { blobId: '0'.repeat(32), sha256: '0'.repeat(64), size: 0 };

function sortScreenings(out: EntityScreening[]): EntityScreening[] {
  return out.sort((a, b) => (b.hits[0]?.score ?? 0) - (a.hits[0]?.score ?? 0) || a.name.localeCompare(b.name));
}

function queryFrom(q: ScreeningRunData['results'][number]['query']): ScreenQuery {
  return { id: q.id, schema: q.schema, names: q.names, ...(q.birthDates ? { birthDates: q.birthDates } : {}), ...(q.nationalities ? { nationalities: q.nationalities } : {}) };
}

export class ScreeningService {
  /** Entries of the snapshots read so far, by snapshot id (a promise, so concurrent first uses read once). */
  readonly #lists = new Map<string, Promise<LoadedList>>();
  /** Imports run one after another (each checks what is current before it writes). */
  #imports: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: ServiceContext) {}

  /** Drop every list read into memory (called when the workspace is disposed, i.e. on lock). */
  dispose(): void {
    this.#lists.clear();
  }

  // --- lists -----------------------------------------------------------------------------------------------

  #snapshots(): StoredRecord<ListSnapshotData>[] {
    return [...this.ctx.repo.ofKind('list_snapshot')];
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

  /** A snapshot's entries: from its blob on first use (or inline, for a snapshot stored before blobs), then cached. */
  #load(s: StoredRecord<ListSnapshotData>): Promise<LoadedList> {
    let p = this.#lists.get(s.id);
    if (!p) {
      const d = s.data;
      if (s.v < currentVersion('list_snapshot')) p = Promise.resolve(loaded((d.entries ?? []) as unknown as ListEntry[]));
      else if (d.blob) p = readListEntries(this.ctx.vault.blobs, d.blob, d.entryCount).then(loaded);
      else p = Promise.reject(new SanctumError('NOT_FOUND', `the entries of ${d.name} are missing from the vault`, s.id));
      const mine = p;
      this.#lists.set(s.id, mine);
      // A failed read is not remembered: the next use tries again.
      mine.catch(() => {
        if (this.#lists.get(s.id) === mine) this.#lists.delete(s.id);
      });
    }
    return p;
  }

  /** Forget the entries of snapshots no longer screened against (an older version, or removed). */
  #evict(): void {
    const keep = new Set([...this.#current().values()].map((s) => s.id));
    for (const id of this.#lists.keys()) if (!keep.has(id)) this.#lists.delete(id);
  }

  /** The current snapshot of every list with its entries. */
  async #currentLoaded(): Promise<{ snap: StoredRecord<ListSnapshotData>; list: LoadedList }[]> {
    const snaps = [...this.#current().values()];
    const lists = await Promise.all(snaps.map((s) => this.#load(s)));
    this.#evict();
    return snaps.map((snap, i) => ({ snap, list: lists[i]! }));
  }

  /** The entries of the current snapshot of each of these lists (lists not in the vault are left out). */
  async #loadedFor(listIds: Iterable<string>): Promise<Map<string, LoadedList>> {
    const current = this.#current();
    const out = new Map<string, LoadedList>();
    for (const listId of new Set(listIds)) {
      const s = current.get(listId);
      if (s) out.set(listId, await this.#load(s));
    }
    return out;
  }

  #matcher(list: LoadedList): ListMatcher {
    list.matcher ??= new ListMatcher(list.entries as ListEntry[]);
    return list.matcher;
  }

  #hash(list: LoadedList, e: ListEntry): string {
    let h = list.hashes.get(e.id);
    if (h === undefined) {
      h = entryHash(e);
      list.hashes.set(e.id, h);
    }
    return h;
  }

  #reviewer(lists: Map<string, LoadedList>, known: ReadonlyMap<string, string> = new Map()): Reviewer {
    return (listId, entryId) => {
      const k = known.get(key(listId, entryId));
      if (k !== undefined) return k;
      const l = lists.get(listId);
      const e = l?.byId.get(entryId);
      return l && e ? this.#hash(l, e) : null;
    };
  }

  /** Parse a list file. */
  static async parse(path: string, format: ListFormat): Promise<ListSnapshot> {
    if (!(LIST_FORMATS as readonly string[]).includes(format)) throw new SanctumError('UNSUPPORTED_FORMAT', `unknown list format "${format}"`, 'format');
    return readListFile(path, format);
  }

  static parseBytes(bytes: Uint8Array, format: ListFormat, source: string): ListSnapshot {
    return format === 'ftm' ? parseFtmList(bytes, source) : parseUnConsolidatedList(bytes, source);
  }

  #serialImport<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#imports.then(fn, fn);
    this.#imports = run.catch(() => undefined);
    return run;
  }

  /**
   * Store a parsed list as a new snapshot — a small sealed record, the entries in an encrypted blob — and replay
   * the decision ledger against it. The list id defaults to the format's list (the UN Consolidated List) or, for
   * FtM, the file name without extension. Snapshots stored the old way (entries inline) are moved into blobs
   * first. A cancel (signal) or a failure leaves no snapshot and no blob.
   */
  importSnapshot(snap: ListSnapshot, opts: { listId?: string; name?: string; signal?: AbortSignal } = {}): Promise<ImportResult> {
    return this.#serialImport(async () => {
      await this.#migrate(opts.signal);
      const listId = opts.listId?.trim() || (snap.format === 'un-xml' ? 'un-consolidated' : basename(snap.source).replace(/\.(ftm\.)?(json|jsonl|ndjson)$/i, '') || 'ftm-list');
      const name = opts.name?.trim() || (snap.format === 'un-xml' ? 'UN Security Council Consolidated List' : listId);
      const cur = this.#current().get(listId);
      if (cur && cur.data.sha256 === snap.sha256) {
        return { snapshot: this.#summary(cur, this.#current()), unchanged: true, replay: this.#replay(listId, await this.#load(cur)) };
      }
      const meta = { listId, name, format: snap.format, source: basename(snap.source), generatedAt: snap.generatedAt ?? null, sha256: snap.sha256, importedAt: new Date().toISOString(), counts: snap.counts, problems: snap.problems?.length ?? 0, entryCount: snap.entries.length };
      parseData(ListSnapshotData, { ...meta, blob: NO_BLOB }, 'list'); // refuse bad input before writing anything
      const list = loaded(snap.entries);
      const replay = this.#replay(listId, list);
      const blob = await writeListEntries(this.ctx.vault.blobs, snap.entries, opts.signal ? { signal: opts.signal } : {});
      let rec: StoredRecord<ListSnapshotData>;
      try {
        if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'import cancelled; nothing was stored');
        const data = parseData(ListSnapshotData, { ...meta, blob }, 'list');
        rec = this.ctx.repo.transact(
          { action: 'screening.list_imported', details: { listId, format: snap.format, sha256: snap.sha256, counts: snap.counts, entries: snap.entries.length, generatedAt: snap.generatedAt ?? null, replay } },
          (tx) => tx.insert('list_snapshot', data),
        );
      } catch (e) {
        await this.#dropBlobs([blob.blobId]);
        throw e;
      }
      this.#lists.set(rec.id, Promise.resolve(list));
      this.#evict();
      return { snapshot: this.#summary(rec, this.#current()), unchanged: false, replay };
    });
  }

  /**
   * Move snapshots stored before blobs (entries inline in the record) into blobs, in one audited action; their
   * ids stay, so decisions and screening runs still point at them. `importSnapshot` does this first; returns how
   * many were moved.
   */
  migrateLegacySnapshots(opts: { signal?: AbortSignal } = {}): Promise<number> {
    return this.#serialImport(() => this.#migrate(opts.signal));
  }

  async #migrate(signal?: AbortSignal): Promise<number> {
    const legacy = this.#snapshots().filter((s) => s.v < currentVersion('list_snapshot'));
    if (!legacy.length) return 0;
    const written: { id: string; blob: { blobId: string; sha256: string; size: number } }[] = [];
    try {
      for (const s of legacy) written.push({ id: s.id, blob: await writeListEntries(this.ctx.vault.blobs, s.data.entries as unknown as ListEntry[], signal ? { signal } : {}) });
      if (signal?.aborted) throw new SanctumError('CANCELLED', 'import cancelled; nothing was stored');
      this.ctx.repo.transact({ action: 'screening.lists_migrated', details: { snapshots: written.length } }, (tx) => {
        for (const w of written) {
          const now = tx.get<ListSnapshotData>(w.id);
          if (!now?.data.entries) throw new SanctumError('CONFLICT', 'a list changed while it was being moved into the blob store; try again', w.id);
          const { entries, ...rest } = now.data;
          tx.update(now, parseData(ListSnapshotData, { ...rest, blob: w.blob, entryCount: entries.length }, 'list'), currentVersion('list_snapshot'));
        }
      });
    } catch (e) {
      await this.#dropBlobs(written.map((w) => w.blob.blobId));
      throw e;
    }
    return written.length;
  }

  /** Blobs written for records that were never committed (a failure here leaves them to garbage collection). */
  async #dropBlobs(ids: string[]): Promise<void> {
    for (const id of ids) await this.ctx.vault.blobs.delete(id).catch(() => undefined);
  }

  /** How the ledger's decisions on this list fare against these entries. */
  #replay(listId: string, list: LoadedList): ImportResult['replay'] {
    const r = { carried: 0, changed: 0, removed: 0 };
    for (const d of this.#decisions()) {
      if (d.data.listId !== listId) continue;
      const e = list.byId.get(d.data.entryId);
      if (!e) r.removed++;
      else if (this.#hash(list, e) === d.data.entryHash) r.carried++;
      else r.changed++;
    }
    return r;
  }

  /** Remove one snapshot (an import made by mistake), and its blob. Decisions stay in the ledger. */
  async removeSnapshot(id: string): Promise<void> {
    const rec = requireKind<ListSnapshotData>(this.ctx.repo, id, 'list_snapshot', 'list');
    this.ctx.repo.transact({ action: 'screening.list_removed', details: { listId: rec.data.listId, sha256: rec.data.sha256 } }, (tx) => tx.delete(id));
    this.#lists.delete(id);
    if (rec.data.blob) await this.#dropBlobs([rec.data.blob.blobId]);
  }

  // --- screening -------------------------------------------------------------------------------------------

  #decisions(): StoredRecord<ScreeningDecisionData>[] {
    return [...this.ctx.repo.ofKind('screening_decision')];
  }

  #decision(entityId: string, listId: string, entryId: string): StoredRecord<ScreeningDecisionData> | undefined {
    return this.#decisions().find((d) => d.data.entityId === entityId && d.data.listId === listId && d.data.entryId === entryId);
  }

  #view(d: StoredRecord<ScreeningDecisionData>, review: Reviewer): DecisionView {
    const now = review(d.data.listId, d.data.entryId);
    const r: Review = now === null ? 'removed' : now === d.data.entryHash ? 'current' : 'changed';
    return { id: d.id, decision: d.data.decision, reason: d.data.reason, decidedBy: d.data.decidedBy, decidedAt: d.data.decidedAt, designationId: d.data.designationId, review: r };
  }

  /**
   * An entity as a screening query: every name (aliases and original script), dates of birth, nationalities,
   * identifiers (those a list can carry, IDENTIFIER_KIND_OF) and gender.
   */
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
    const ids = d.identifiers.flatMap((i) => {
      const kind = IDENTIFIER_KIND_OF[i.type];
      return kind ? [{ kind, value: i.value }] : [];
    });
    if (ids.length) q.identifiers = ids;
    if (d.gender === 'male' || d.gender === 'female') q.gender = d.gender;
    return q;
  }

  #hitView(entityId: string, listId: string, listName: string, snapshotId: string, h: ScreeningRunHit, review: Reviewer): HitView {
    const d = this.#decision(entityId, listId, h.entryId);
    return { listId, listName, snapshotId, entryId: h.entryId, caption: h.caption, schema: h.schema, programs: h.programs, score: h.score, verdict: h.verdict, features: h.features, explanation: h.explanation, decision: d ? this.#view(d, review) : null };
  }

  #entityView(e: StoredRecord<EntityData>, query: ScreenQuery, hits: HitView[], review: Reviewer): EntityScreening {
    hits.sort((a, b) => b.score - a.score);
    const shown = new Set(hits.map((h) => key(h.listId, h.entryId)));
    const otherDecisions = this.#decisions()
      .filter((d) => d.data.entityId === e.id && !shown.has(key(d.data.listId, d.data.entryId)))
      .map((d) => ({ ...this.#view(d, review), listId: d.data.listId, entryId: d.data.entryId, caption: d.data.caption }));
    return { entityId: e.id, name: e.data.name, kind: e.data.kind, query, hits, otherDecisions };
  }

  /** Screen one entity against loaded lists: the view, and per list id the hits as a screening run stores them. */
  #screenOne(entityId: string, q: ScreenQuery, lists: { snap: StoredRecord<ListSnapshotData>; list: LoadedList }[], review: Reviewer, limit = 5): { view: EntityScreening; stored: Map<string, ScreeningRunHit[]> } {
    const e = this.ctx.repo.get<EntityData>(entityId)!;
    const hits: HitView[] = [];
    const stored = new Map<string, ScreeningRunHit[]>();
    for (const { snap, list } of lists) {
      const mine: ScreeningRunHit[] = [];
      for (const r of this.#matcher(list).screen(q, { limit })) {
        if (r.verdict === 'none') continue;
        const entry = list.byId.get(r.id);
        if (!entry) continue;
        const h: ScreeningRunHit = {
          entryId: r.id,
          entryHash: this.#hash(list, entry),
          caption: r.caption.slice(0, 1000),
          schema: r.schema,
          programs: entry.programs.slice(0, 100).map((p) => p.slice(0, 200)),
          score: Math.min(1, Math.max(0, r.score)),
          verdict: r.verdict,
          features: r.features,
          explanation: r.explanation.slice(0, 50).map((x) => x.slice(0, 2000)),
        };
        mine.push(h);
        hits.push(this.#hitView(entityId, snap.data.listId, snap.data.name, snap.id, h, review));
      }
      if (mine.length) stored.set(snap.data.listId, mine);
    }
    return { view: this.#entityView(e, q, hits, review), stored };
  }

  /** Screen one entity against the current version of every list (reads lists not yet in memory). */
  async screenEntity(entityId: string, opts: { limit?: number } = {}): Promise<EntityScreening | null> {
    const e = requireKind<EntityData>(this.ctx.repo, entityId, 'entity');
    // A protected person is not screened: their names would go into a query (and a run) for nothing.
    if (protectedEntityIds(this.ctx, e.data.caseId).has(entityId)) return null;
    const q = this.queryOf(entityId);
    if (!q) return null;
    const lists = await this.#currentLoaded();
    const review = this.#reviewer(new Map(lists.map((l) => [l.snap.data.listId, l.list])));
    return this.#screenOne(entityId, q, lists, review, opts.limit).view;
  }

  /**
   * Screen every person and organisation of a case against the current version of every imported list, and keep
   * the results (one `screening_run` per list, replacing the case's previous run against that list; runs against
   * lists no longer in the vault go too). A cancelled run stores nothing.
   */
  async screenCase(caseId: string, opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; limit?: number } = {}): Promise<EntityScreening[]> {
    requireKind(this.ctx.repo, caseId, 'case');
    const lists = await this.#currentLoaded();
    const review = this.#reviewer(new Map(lists.map((l) => [l.snap.data.listId, l.list])));
    const ids = this.#screenable(caseId);
    const skipped = this.#screenable(caseId, true).length - ids.length;
    const out: EntityScreening[] = [];
    const perList = new Map<string, ScreeningRunData['results']>(lists.map((l) => [l.snap.data.listId, []]));
    for (let i = 0; i < ids.length; i++) {
      if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'screening cancelled');
      const id = ids[i]!;
      const q = this.queryOf(id);
      if (q) {
        const { view, stored } = this.#screenOne(id, q, lists, review, opts.limit);
        out.push(view);
        for (const [listId, hits] of stored) perList.get(listId)!.push({ entityId: id, query: q, hits });
      }
      opts.onProgress?.(i + 1, ids.length);
      // Yield now and then so a long batch never starves the event loop (lock, cancel, other calls).
      if (i % 25 === 24) await new Promise((r) => setImmediate(r));
    }
    if (opts.signal?.aborted) throw new SanctumError('CANCELLED', 'screening cancelled');
    this.#saveRuns(caseId, lists, out.map((o) => o.entityId), perList, skipped);
    return sortScreenings(out);
  }

  /**
   * People and organisations of a case to screen. Protected people (witnesses, victims, flagged: the protection
   * module's definition) are left out unless `withProtected`: a victim is not a sanctions target, and screening
   * would put their real names into queries and stored runs. The run says how many were left out.
   */
  #screenable(caseId: string, withProtected = false): string[] {
    const prot = withProtected ? new Set<string>() : protectedEntityIds(this.ctx, caseId);
    return [...this.ctx.index.ids('case', caseId)].filter((id) => {
      const r = this.ctx.repo.get<EntityData>(id);
      return r?.kind === 'entity' && SCREENED[r.data.kind] !== undefined && !prot.has(id);
    });
  }

  #runs(caseId: string): StoredRecord<ScreeningRunData>[] {
    return this.ctx.index.records<ScreeningRunData>('case', caseId, 'screening_run');
  }

  /** One action: this run's record per list replaces the case's previous one; runs against removed lists go. */
  #saveRuns(caseId: string, lists: { snap: StoredRecord<ListSnapshotData> }[], entityIds: string[], perList: Map<string, ScreeningRunData['results']>, protectedNotScreened: number): void {
    const existing = this.#runs(caseId);
    if (!lists.length && !existing.length) return;
    const screenedAt = new Date().toISOString();
    const runs = lists.map(({ snap }) =>
      parseData(
        ScreeningRunData,
        { caseId, listId: snap.data.listId, snapshotId: snap.id, listName: snap.data.name, listSha256: snap.data.sha256, screenedAt, screenedBy: this.ctx.vault.actor, entityIds, protectedNotScreened, results: perList.get(snap.data.listId) ?? [] },
        'screening run',
      ),
    );
    const hits = runs.reduce((n, r) => n + r.results.reduce((m, x) => m + x.hits.length, 0), 0);
    this.ctx.repo.transact(
      { action: 'screening.case_screened', target: { kind: 'case', id: caseId }, details: { entities: entityIds.length, protectedNotScreened, hits, lists: runs.map((r) => ({ listId: r.listId, snapshotId: r.snapshotId, sha256: r.listSha256 })) } },
      (tx) => {
        const replaced = new Set<string>();
        for (const data of runs) {
          const prev = existing.find((r) => r.data.listId === data.listId && !replaced.has(r.id));
          if (prev) {
            replaced.add(prev.id);
            tx.update(prev, data);
          } else tx.insert('screening_run', data);
        }
        for (const r of existing) if (!replaced.has(r.id)) tx.delete(r.id);
      },
    );
  }

  /**
   * The case's last screening as stored, with the ledger's decisions as they are now; null if the case was
   * never screened. Reads a list's entries only to review decisions the stored hits cannot answer for.
   */
  async lastScreening(caseId: string): Promise<LastScreening | null> {
    requireKind(this.ctx.repo, caseId, 'case');
    const runs = this.#runs(caseId);
    if (!runs.length) return null;
    const current = this.#current();
    const fresh = (r: StoredRecord<ScreeningRunData>) => current.get(r.data.listId)?.id === r.data.snapshotId;
    // A run against the current snapshot recorded the current hash of every entry it reported.
    const known = new Map<string, string>();
    for (const r of runs) if (fresh(r)) for (const x of r.data.results) for (const h of x.hits) known.set(key(r.data.listId, h.entryId), h.entryHash);
    // A run from before protected people were left out may hold one: not shown (it would show the name).
    const prot = protectedEntityIds(this.ctx, caseId);
    const screened = new Set(runs.flatMap((r) => r.data.entityIds).filter((id) => !prot.has(id)));
    const need = this.#decisions()
      .filter((d) => screened.has(d.data.entityId) && !known.has(key(d.data.listId, d.data.entryId)))
      .map((d) => d.data.listId);
    const review = this.#reviewer(await this.#loadedFor(need), known);

    const found = new Map<string, { query: ScreenQuery; hits: HitView[] }>();
    for (const r of runs) {
      for (const x of r.data.results) {
        let f = found.get(x.entityId);
        if (!f) found.set(x.entityId, (f = { query: queryFrom(x.query), hits: [] }));
        for (const h of x.hits) f.hits.push(this.#hitView(x.entityId, r.data.listId, r.data.listName, r.data.snapshotId, h, review));
      }
    }
    const results: EntityScreening[] = [];
    for (const id of screened) {
      const e = this.ctx.repo.get<EntityData>(id);
      if (e?.kind !== 'entity' || e.data.caseId !== caseId) continue; // deleted since
      const f = found.get(id);
      const query = f?.query ?? this.queryOf(id);
      if (query) results.push(this.#entityView(e, query, f?.hits ?? [], review));
    }
    return {
      runs: runs
        .map((r) => ({ id: r.id, listId: r.data.listId, listName: r.data.listName, snapshotId: r.data.snapshotId, listSha256: r.data.listSha256, screenedAt: r.data.screenedAt, screenedBy: r.data.screenedBy, entities: r.data.entityIds.length, protectedNotScreened: r.data.protectedNotScreened ?? 0, current: fresh(r) }))
        .sort((a, b) => a.listName.localeCompare(b.listName)),
      results: sortScreenings(results),
      unscreened: this.#screenable(caseId).filter((id) => !screened.has(id)).length,
    };
  }

  // --- the decision ledger ---------------------------------------------------------------------------------

  /**
   * Record (or change) the decision on one hit. A true positive records a designation under the regimes the
   * entry belongs to (or those given); reversing it removes that designation. One audited transaction.
   */
  async decide(input: { caseId: string; entityId: string; listId: string; entryId: string; decision: ScreeningDecisionData['decision']; reason: string; regimeIds?: string[] }): Promise<StoredRecord<ScreeningDecisionData>> {
    requireInCase(this.ctx.repo, input.entityId, 'entity', input.caseId);
    const snap = this.#current().get(input.listId);
    if (!snap) throw new SanctumError('NOT_FOUND', `no imported list "${input.listId}"`, 'listId');
    const list = await this.#load(snap);
    // Everything below is read after the list is in memory, and written in one synchronous transaction.
    requireInCase(this.ctx.repo, input.entityId, 'entity', input.caseId);
    const entry = list.byId.get(input.entryId);
    if (!entry) throw new SanctumError('NOT_FOUND', `entry ${input.entryId} is not on the current ${snap.data.name}`, 'entryId');
    const q = this.queryOf(input.entityId);
    const score = q ? (this.#matcher(list).screen(q, { limit: 50, cutoff: 0 }).find((r) => r.id === entry.id)?.score ?? 0) : 0;
    const prev = this.#decision(input.entityId, input.listId, input.entryId);
    let designation: DesignationData | null = null;
    if (input.decision === 'true_positive') {
      const regimeIds = input.regimeIds?.length ? input.regimeIds : regimesOfEntry(entry);
      for (const r of regimeIds) if (!regimeById(r)) throw new SanctumError('INVALID_INPUT', `unknown regime "${r}"`, 'regimeIds');
      if (!regimeIds.length) throw new SanctumError('INVALID_INPUT', `cannot tell which sanctions regime ${entry.id} belongs to; name the regime`, 'regimeIds');
      designation = parseData(DesignationData, { caseId: input.caseId, entityId: input.entityId, regimeIds, references: [entry.id], source: 'screening', ...listedOnOf(entry), note: `Confirmed screening match against ${snap.data.name} (${snap.data.sha256.slice(0, 12)}): ${input.reason}`.slice(0, 5000) }, 'designation');
    }
    const base = {
      caseId: input.caseId,
      entityId: input.entityId,
      listId: input.listId,
      entryId: entry.id,
      snapshotId: snap.id,
      entryHash: this.#hash(list, entry),
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

  /** The whole ledger for a case, newest first (reads the lists its decisions are on, to review them). */
  async ledger(caseId: string): Promise<(ScreeningDecisionData & { id: string; review: Review })[]> {
    const ds = this.#decisions().filter((d) => d.data.caseId === caseId);
    const review = this.#reviewer(await this.#loadedFor(ds.map((d) => d.data.listId)));
    return ds.map((d) => ({ ...d.data, id: d.id, review: this.#view(d, review).review })).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt));
  }
}

/** The date the list says the entry was listed: "acting for a listed person" counts only from then (rule 2). */
function listedOnOf(entry: { listedOn?: string }): { listedOn?: { value: string } } {
  const ymd = entry.listedOn?.slice(0, 10);
  return ymd && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(ymd) ? { listedOn: { value: ymd } } : {};
}
