/**
 * Full-text search across everything in the unlocked vault (issue 14). The index (shared/search/fulltext.ts) is
 * never written anywhere: it is built in memory from the repository's decrypted records at unlock, in a worker
 * thread (fed in acknowledged batches, so the main process stays responsive and a query during the build gets
 * the partial answer with the progress), kept current from the repository's commit stream, and thrown away
 * with the workspace at lock (the worker is terminated). The one-shot CLI builds the same index in process.
 * Why in memory and not a sealed index blob: ARCHITECTURE.md §search, numbers in `npm run bench` (fulltext).
 *
 * Only the `records` table is read (fulltext-units.ts), never `witness_records`.
 */
import type { Worker } from 'node:worker_threads';
import type { EvidenceTextRecordData, TextPage, WitnessData } from '../../../shared/model/records';
import { FullTextIndex, type FullTextQuery, type FullTextResult, type IndexStats } from '../../../shared/search/fulltext';
import { SanctumError } from '../errors';
import type { CommittedChange, Repository } from '../store/repository';
import type { StoredRecord } from '../store/sealed-store';
import { applyDelta, type FromFullTextWorker, type IndexDelta, type ToFullTextWorker, type UnitSet } from './fulltext-protocol';
import { spawnWorker } from '../workers/spawn';
import { INDEXED_KINDS, needsBody, recordUnits, witnessEntities, type RecordUnits } from './fulltext-units';

export type FullTextMode = 'worker' | 'in-process';

export interface FullTextResponse extends FullTextResult {
  tookMs: number;
  /** Non-null while the index is still being built. */
  building: { done: number; total: number } | null;
}

/** Text per batch sent to the worker at unlock: small enough that cloning it never blocks the main thread long. */
const BATCH_CHARS = 512 * 1024;
const BATCH_RECORDS = 2000;
/** Batches in flight: the worker always has the next one while a query can still slip in between. */
const IN_FLIGHT = 2;
const MAX_RESTARTS = 3;
/** A body the worker opens counts as this many characters per byte of its (compressed) blob in a batch. */
const BODY_WEIGHT = 3;

/** What the worker needs to open text bodies itself: the vault folder and a fresh copy of the blob key (transferred to it). */
export type BlobAccess = () => { vaultDir: string; key: Uint8Array };

const INDEXED = new Set<string>(INDEXED_KINDS);

function spawnFullTextWorker(): Worker {
  return spawnWorker('fulltext-worker', { name: 'sanctum-fulltext' });
}

function emptyDelta(): IndexDelta {
  return { items: [], sets: [], removals: [], itemRemovals: [] };
}

function addUnits(d: IndexDelta, ru: RecordUnits): number {
  if (ru.item) d.items.push(ru.item);
  d.sets.push({ key: ru.key, units: ru.units } satisfies UnitSet);
  let chars = 0;
  for (const u of ru.units) chars += u.text.length;
  return chars;
}

interface Backend {
  /** False while there is no index to keep current (in process, before the first query): changes are skipped. */
  readonly wants: boolean;
  apply(d: IndexDelta): void;
  query(q: FullTextQuery): Promise<FullTextResult>;
  progress(): { done: number; total: number } | null;
  ready(): Promise<IndexStats>;
  dispose(): void;
}

/**
 * Opens the pages of an `evidence_text` record whose text is in a sealed body blob (DocumentTextService.pages,
 * documents/text-store.ts). Without it such records are indexed by their e-mail headers only.
 */
export type TextBodyReader = (rec: StoredRecord<EvidenceTextRecordData>) => Promise<TextPage[]>;

/** The pages of a record's body, or none when it cannot be read (its item deleted meanwhile, a damaged blob). */
async function bodyOf(read: TextBodyReader | undefined, rec: StoredRecord): Promise<readonly TextPage[] | undefined> {
  if (!read || !needsBody(rec)) return undefined;
  try {
    return await read(rec);
  } catch {
    return [];
  }
}

/** A record read for the index: its units, or (`body`) a text body the worker opens itself. */
type Read = { rec: StoredRecord; ru: RecordUnits | null; body?: true };

/**
 * Units read from records, as a delta, keeping only records still as they were read: a text body is opened
 * asynchronously, so a record may have been changed or deleted since; its new state goes through the commit
 * stream. Called just before the delta is sent, in the same synchronous step. Bodies for the worker to open
 * are listed apart.
 */
function currentDelta(repo: Repository, reads: readonly Read[]): IndexDelta & { bodies: StoredRecord<EvidenceTextRecordData>[] } {
  const d = { ...emptyDelta(), bodies: [] as StoredRecord<EvidenceTextRecordData>[] };
  for (const r of reads) {
    if (repo.get(r.rec.id) !== r.rec) continue;
    if (r.body) d.bodies.push(r.rec as StoredRecord<EvidenceTextRecordData>);
    else if (r.ru) addUnits(d, r.ru);
  }
  return d;
}

/**
 * Every indexed record of the repository, in batches of about BATCH_CHARS of text: bodies opened as they come
 * with `read`, or with `inWorker` only named (the worker opens them; counted by their sealed size).
 */
async function* snapshot(repo: Repository, linked: (entityId: string) => boolean, read: TextBodyReader | undefined, inWorker = false): AsyncGenerator<Read[]> {
  let batch: Read[] = [];
  let chars = 0;
  for (const kind of INDEXED_KINDS) {
    for (const rec of [...repo.ofKind(kind)]) {
      if (inWorker && needsBody(rec)) {
        batch.push({ rec, ru: null, body: true });
        chars += BODY_WEIGHT * rec.data.body!.size;
      } else {
        const pages = await bodyOf(read, rec);
        const ru = recordUnits(rec, repo, linked, pages);
        batch.push({ rec, ru });
        if (ru) for (const u of ru.units) chars += u.text.length;
      }
      if (chars >= BATCH_CHARS || batch.length >= BATCH_RECORDS) {
        yield batch;
        batch = [];
        chars = 0;
      }
    }
  }
  if (batch.length) yield batch;
}

function totalRecords(repo: Repository): number {
  return INDEXED_KINDS.reduce((n, k) => n + repo.countOfKind(k), 0);
}

class InProcessBackend implements Backend {
  #index: FullTextIndex | null = null;
  #building: Promise<FullTextIndex> | null = null;
  /** Changes committed while the build runs, applied when it ends. */
  #during: IndexDelta[] = [];
  #disposed = false;
  constructor(
    private readonly repo: Repository,
    private readonly linked: (entityId: string) => boolean,
    private readonly read: TextBodyReader | undefined,
  ) {}

  get wants(): boolean {
    return this.#index !== null || this.#building !== null;
  }

  #live(): void {
    if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
  }

  async #built(): Promise<FullTextIndex> {
    this.#live();
    if (this.#index) return this.#index;
    this.#building ??= (async () => {
      const index = new FullTextIndex();
      for await (const batch of snapshot(this.repo, this.linked, this.read)) {
        this.#live();
        applyDelta(index, currentDelta(this.repo, batch));
      }
      for (const d of this.#during.splice(0)) applyDelta(index, d);
      index.seal();
      this.#index = index;
      return index;
    })().finally(() => (this.#building = null));
    const index = await this.#building;
    this.#live();
    return index;
  }

  apply(d: IndexDelta): void {
    if (this.#index) applyDelta(this.#index, d);
    else if (this.#building) this.#during.push(d);
  }

  async query(q: FullTextQuery): Promise<FullTextResult> {
    return (await this.#built()).query(q);
  }

  progress(): null {
    return null;
  }

  async ready(): Promise<IndexStats> {
    return (await this.#built()).stats();
  }

  dispose(): void {
    this.#disposed = true;
    this.#index?.clear();
    this.#index = null;
  }
}

type Pending = { resolve: (r: FullTextResult) => void; reject: (e: Error) => void };

/** The worker, its feed at start and its message protocol behind a promise API (exported for the benchmark). */
export class FullTextWorkerClient implements Backend {
  #worker: Worker | null = null;
  readonly wants = true;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #restarts = 0;
  #disposed = false;
  #done = 0;
  #total = 0;
  #building = false;
  #sealed!: Promise<IndexStats>;
  /** Resolves the feed's wait for an acknowledgement. */
  #ack: (() => void) | null = null;
  #inFlight = 0;

  /** With `blobs`, the worker opens the text bodies itself; else they are opened here with `read` (the old path, kept for the benchmark). */
  constructor(
    private readonly repo: Repository,
    private readonly linked: (entityId: string) => boolean,
    private readonly read?: TextBodyReader,
    private readonly blobs?: BlobAccess,
  ) {
    this.#start();
  }

  #start(): void {
    const w = spawnFullTextWorker();
    w.unref();
    this.#worker = w;
    let sealed!: (s: IndexStats) => void;
    let failed!: (e: Error) => void;
    this.#sealed = new Promise<IndexStats>((res, rej) => {
      sealed = res;
      failed = rej;
    });
    this.#sealed.catch(() => undefined);
    w.on('message', (m: FromFullTextWorker) => {
      if (m.type === 'progress') {
        this.#done += m.records;
        this.#inFlight--;
        const ack = this.#ack;
        this.#ack = null;
        ack?.();
      } else if (m.type === 'sealed') {
        this.#building = false;
        sealed(m.stats);
      } else if (m.type === 'result') this.#settle(m.id, (p) => p.resolve(m.result));
      else if (m.id !== null) this.#settle(m.id, (p) => p.reject(new SanctumError('INTERNAL', `full-text search failed: ${m.message}`)));
    });
    const fail = (e: Error) => {
      if (this.#worker !== w) return;
      this.#worker = null;
      this.#building = false;
      void w.terminate();
      const err = new SanctumError('INTERNAL', `the full-text worker stopped: ${e.message}`);
      failed(err);
      const ack = this.#ack;
      this.#ack = null;
      ack?.();
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    void this.#feed(w);
  }

  /** Send every record in batches, waiting for acknowledgements so that only IN_FLIGHT are queued. */
  async #feed(w: Worker): Promise<void> {
    this.#done = 0;
    this.#total = totalRecords(this.repo);
    this.#building = true;
    this.#inFlight = 0;
    w.postMessage({ type: 'reset' } satisfies ToFullTextWorker);
    const access = this.blobs?.();
    if (access) w.postMessage({ type: 'blobs', vaultDir: access.vaultDir, key: access.key } satisfies ToFullTextWorker, [access.key.buffer as ArrayBuffer]);
    let seq = 0;
    const batches = snapshot(this.repo, this.linked, this.read, access !== undefined);
    for (;;) {
      while (this.#inFlight >= IN_FLIGHT) {
        if (this.#worker !== w) return;
        await new Promise<void>((res) => (this.#ack = res));
      }
      if (this.#worker !== w) return;
      const next = await batches.next();
      if (this.#worker !== w) return;
      if (next.done) break;
      // Checked and posted in one synchronous step: a record changed since it was read is left out (its commit
      // was posted as `apply`), so the worker never gets an older state after a newer one.
      this.#inFlight++;
      w.postMessage({ type: 'batch', seq: seq++, records: next.value.length, ...currentDelta(this.repo, next.value) } satisfies ToFullTextWorker);
    }
    w.postMessage({ type: 'seal' } satisfies ToFullTextWorker);
  }

  #settle(id: number, fn: (p: Pending) => void): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    fn(p);
  }

  #live(): Worker {
    if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    if (!this.#worker) {
      if (this.#restarts >= MAX_RESTARTS) throw new SanctumError('INTERNAL', 'full-text search is unavailable: the worker keeps failing');
      this.#restarts++;
      this.#start();
    }
    return this.#worker!;
  }

  apply(d: IndexDelta): void {
    // With no worker, the feed of the next start includes the change.
    this.#worker?.postMessage({ type: 'apply', ...d } satisfies ToFullTextWorker);
  }

  query(q: FullTextQuery): Promise<FullTextResult> {
    return new Promise((resolve, reject) => {
      const w = this.#live();
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ type: 'query', id, q } satisfies ToFullTextWorker);
    });
  }

  progress(): { done: number; total: number } | null {
    return this.#building ? { done: this.#done, total: this.#total } : null;
  }

  async ready(): Promise<IndexStats> {
    this.#live();
    const stats = await this.#sealed;
    // Changes posted after the seal are ahead of this query in the worker's queue.
    await this.query({ text: '' });
    return stats;
  }

  /** The worker thread (the benchmark reads its resource use). */
  get thread(): Worker | null {
    return this.#worker;
  }

  dispose(): void {
    this.#disposed = true;
    const w = this.#worker;
    this.#worker = null;
    const ack = this.#ack;
    this.#ack = null;
    ack?.();
    for (const p of this.#pending.values()) p.reject(new SanctumError('VAULT_LOCKED', 'the vault was locked'));
    this.#pending.clear();
    if (w) void w.terminate();
  }
}

export class FullTextService {
  readonly mode: FullTextMode;
  readonly #backend: Backend;
  readonly #unsubscribe: () => void;

  readonly #read: TextBodyReader | undefined;

  constructor(
    private readonly repo: Repository,
    opts: { mode?: FullTextMode; bodies?: TextBodyReader; blobs?: BlobAccess } = {},
  ) {
    if (repo.table !== 'records') throw new SanctumError('INTERNAL', `full-text search indexes case records only, not ${repo.table}`);
    this.mode = opts.mode ?? 'in-process';
    this.#unsubscribe = repo.onCommit((changes) => this.#onCommit(changes));
    const linked = (id: string) => (this.#witnesses ??= witnessEntities(repo)).has(id);
    this.#read = opts.bodies;
    this.#backend = this.mode === 'worker' ? new FullTextWorkerClient(repo, linked, opts.bodies, opts.blobs) : new InProcessBackend(repo, linked, opts.bodies);
  }

  /** Entities that stand for a witness; recomputed after a change to a witness or an entity. */
  #witnesses: Set<string> | null = null;

  #onCommit(changes: CommittedChange[]): void {
    if (!this.#backend.wants) {
      for (const c of changes) if (c.id && ((c.after ?? c.before)?.kind === 'witness' || (c.after ?? c.before)?.kind === 'entity')) this.#witnesses = null;
      return;
    }
    const touched = new Map<string, StoredRecord | undefined>();
    const gone: StoredRecord[] = [];
    for (const c of changes) {
      const rec = c.after ?? c.before!;
      if (rec.kind === 'witness' || rec.kind === 'entity') this.#witnesses = null;
      if (INDEXED.has(rec.kind)) {
        // A text moved from inline pages into its body blob (DocumentTextService.migrateInlineTexts) is the same text.
        if (c.before?.kind === 'evidence_text' && c.after?.kind === 'evidence_text' && c.before.v < 2 && c.after.v >= 2 && (c.before.data as EvidenceTextRecordData).extractedAt === (c.after.data as EvidenceTextRecordData).extractedAt) continue;
        if (c.after) touched.set(c.id, c.after);
        else gone.push(rec);
      }
      // A source's grade is on the evidence that comes from it.
      if (rec.kind === 'source') for (const e of this.repo.ofKind('evidence')) if (e.data.sourceId === c.id) touched.set(e.id, e);
      // A witness linked to an entity (or unlinked) changes what of that entity is indexed.
      if (rec.kind === 'witness') {
        for (const id of [(c.before?.data as WitnessData | undefined)?.entityId, (c.after?.data as WitnessData | undefined)?.entityId]) {
          const ent = id ? this.repo.get(id) : undefined;
          if (ent?.kind === 'entity') touched.set(ent.id, ent);
        }
      }
    }
    if (!touched.size && !gone.length) return;
    const d = emptyDelta();
    for (const rec of gone) {
      d.removals.push(rec.id);
      if (rec.kind !== 'evidence_text') d.itemRemovals.push(rec.id);
    }
    const linked = (id: string) => (this.#witnesses ??= witnessEntities(this.repo)).has(id);
    const later: StoredRecord<EvidenceTextRecordData>[] = [];
    for (const rec of touched.values()) {
      if (!rec || !this.repo.get(rec.id)) continue;
      if (this.#read && needsBody(rec)) {
        later.push(rec);
        continue;
      }
      const ru = recordUnits(rec, this.repo, linked);
      if (ru) addUnits(d, ru);
    }
    this.#backend.apply(d);
    // Texts whose body is a sealed blob follow once opened, if they are still current then.
    for (const rec of later) {
      void bodyOf(this.#read, rec)
        .then((pages) => {
          if (this.#disposed || this.repo.get(rec.id) !== rec || !this.#backend.wants) return;
          const ru = recordUnits(rec, this.repo, linked, pages);
          if (ru) {
            const dd = emptyDelta();
            addUnits(dd, ru);
            this.#backend.apply(dd);
          }
        })
        .finally(() => this.#opened());
    }
    this.#bodiesPending += later.length;
  }

  #disposed = false;
  #bodiesPending = 0;
  #bodiesWaiters: (() => void)[] = [];

  #opened(): void {
    if (--this.#bodiesPending === 0) for (const w of this.#bodiesWaiters.splice(0)) w();
  }

  async query(q: FullTextQuery): Promise<FullTextResponse> {
    const t = performance.now();
    const building = this.#backend.progress();
    const result = await this.#backend.query(q);
    return { ...result, tookMs: Math.round((performance.now() - t) * 100) / 100, building };
  }

  /** Resolves once every record committed so far is indexed (text bodies opened after a commit included). */
  async ready(): Promise<IndexStats> {
    const stats = await this.#backend.ready();
    if (this.#bodiesPending === 0) return stats;
    await new Promise<void>((res) => this.#bodiesWaiters.push(res));
    return this.#backend.ready();
  }

  dispose(): void {
    this.#disposed = true;
    for (const w of this.#bodiesWaiters.splice(0)) w();
    this.#unsubscribe();
    this.#backend.dispose();
  }
}
