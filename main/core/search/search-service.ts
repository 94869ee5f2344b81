/**
 * Name search over the unlocked vault. The index (shared/search/name-index.ts) lives in a worker thread, so
 * building it at unlock and answering queries never block the main process that serves IPC; it is fed from
 * the repository's commit stream (entities only) and dropped with the workspace at lock. The one-shot CLI, where
 * a worker would only add start-up time, builds the same index in process.
 *
 * Only the `records` table is ever indexed, and only entity names (entity-names.ts): witness identities live in
 * `witness_records`, a different repository this service refuses to take.
 */
import type { Worker } from 'node:worker_threads';
import type { EntityData, WitnessData } from '../../../shared/model/records';
import { NameIndex, type EntityNames, type NameHit, type NameQueryOptions } from '../../../shared/search/name-index';
import { SanctumError } from '../errors';
import type { CommittedChange, Repository } from '../store/repository';
import type { StoredRecord } from '../store/sealed-store';
import { spawnWorker } from '../workers/spawn';
import { entityNames } from './entity-names';
import type { FromSearchWorker, ToSearchWorker } from './protocol';


export type SearchMode = 'worker' | 'in-process';

export interface SearchRequest {
  text: string;
  caseId?: string | undefined;
  kinds?: readonly string[] | undefined;
  limit?: number | undefined;
}

export interface SearchResponse {
  hits: NameHit[];
  /** Wall time as the caller sees it (for the worker: including the round trip). */
  tookMs: number;
}

interface Backend {
  apply(upserts: EntityNames[], removals: string[]): void;
  query(text: string, opts: NameQueryOptions): Promise<NameHit[]>;
  ready(): Promise<void>;
  dispose(): void;
}

/** Start the worker (main/core/workers/spawn.ts: the bundled search-worker.js, or the .ts module from source). */
function spawnSearchWorker(): Worker {
  return spawnWorker('search-worker', { name: 'sanctum-search' });
}

class InProcessBackend implements Backend {
  #index: NameIndex | null = null;
  #disposed = false;
  constructor(private readonly snapshot: () => EntityNames[]) {}

  #built(): NameIndex {
    if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    if (!this.#index) {
      this.#index = new NameIndex();
      for (const e of this.snapshot()) this.#index.upsert(e);
    }
    return this.#index;
  }

  apply(upserts: EntityNames[], removals: string[]): void {
    // Not built yet: the snapshot taken on first use will include these.
    if (!this.#index) return;
    for (const id of removals) this.#index.remove(id);
    for (const e of upserts) this.#index.upsert(e);
  }

  async query(text: string, opts: NameQueryOptions): Promise<NameHit[]> {
    return this.#built().query(text, opts);
  }

  async ready(): Promise<void> {
    this.#built();
  }

  dispose(): void {
    this.#disposed = true;
    this.#index?.clear();
    this.#index = null;
  }
}

/** Restarts after a crash before search gives up (a bug, not a flaky disk: do not loop forever). */
const MAX_RESTARTS = 3;

/**
 * The worker and its message protocol, behind a promise API. Exported for the benchmark, which drives it with
 * generated names; the app uses it through SearchService.
 */
export class SearchWorkerClient implements Backend {
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (hits: NameHit[]) => void; reject: (e: Error) => void }>();
  #loaded!: Promise<void>;
  #restarts = 0;
  #disposed = false;

  constructor(private readonly snapshot: () => EntityNames[]) {
    this.#start();
  }

  #start(): void {
    const w = spawnSearchWorker();
    // The session terminates it at lock; it must not keep a process alive on its own.
    w.unref();
    this.#worker = w;
    let loaded!: () => void;
    let failed!: (e: Error) => void;
    this.#loaded = new Promise<void>((res, rej) => {
      loaded = res;
      failed = rej;
    });
    this.#loaded.catch(() => undefined); // observed through ready() when anyone asks
    w.on('message', (m: FromSearchWorker) => {
      if (m.type === 'loaded') loaded();
      else if (m.type === 'result') this.#settle(m.id, (p) => p.resolve(m.hits));
      else if (m.id !== null) this.#settle(m.id, (p) => p.reject(new SanctumError('INTERNAL', `search failed: ${m.message}`)));
    });
    const fail = (e: Error) => {
      if (this.#worker !== w) return;
      this.#worker = null;
      void w.terminate();
      const err = new SanctumError('INTERNAL', `the search worker stopped: ${e.message}`);
      failed(err);
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.#post({ type: 'load', entities: this.snapshot() });
  }

  #settle(id: number, fn: (p: { resolve: (hits: NameHit[]) => void; reject: (e: Error) => void }) => void): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    fn(p);
  }

  #post(m: ToSearchWorker): void {
    this.#worker?.postMessage(m);
  }

  /** A live worker, restarted (from a fresh snapshot) if the last one died. */
  #live(): Worker {
    if (this.#disposed) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    if (!this.#worker) {
      if (this.#restarts >= MAX_RESTARTS) throw new SanctumError('INTERNAL', 'search is unavailable: the search worker keeps failing');
      this.#restarts++;
      this.#start();
    }
    return this.#worker!;
  }

  apply(upserts: EntityNames[], removals: string[]): void {
    // With no worker running, the snapshot of the next start includes these changes.
    this.#post({ type: 'apply', upserts, removals });
  }

  query(text: string, opts: NameQueryOptions): Promise<NameHit[]> {
    return new Promise((resolve, reject) => {
      const w = this.#live();
      const id = this.#nextId++;
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ type: 'query', id, text, opts } satisfies ToSearchWorker);
    });
  }

  async ready(): Promise<void> {
    this.#live();
    await this.#loaded;
    // Changes posted after the load are ahead of this query in the worker's queue.
    await this.query('', {});
  }

  dispose(): void {
    this.#disposed = true;
    const w = this.#worker;
    this.#worker = null;
    for (const p of this.#pending.values()) p.reject(new SanctumError('VAULT_LOCKED', 'the vault was locked'));
    this.#pending.clear();
    if (w) void w.terminate();
  }
}

function sameNames(a: EntityNames, b: EntityNames): boolean {
  return a.caseId === b.caseId && a.kind === b.kind && a.name === b.name && a.originalScriptName === b.originalScriptName && JSON.stringify(a.aliases) === JSON.stringify(b.aliases);
}

export class SearchService {
  readonly mode: SearchMode;
  readonly #backend: Backend;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly repo: Repository,
    opts: { mode?: SearchMode } = {},
  ) {
    if (repo.table !== 'records') throw new SanctumError('INTERNAL', `search indexes case records only, not ${repo.table}`);
    this.mode = opts.mode ?? 'in-process';
    const snapshot = () => [...repo.ofKind('entity')].map(entityNames);
    this.#backend = this.mode === 'worker' ? new SearchWorkerClient(snapshot) : new InProcessBackend(snapshot);
    this.#unsubscribe = repo.onCommit((changes) => this.#onCommit(changes));
  }

  #onCommit(changes: CommittedChange[]): void {
    const upserts: EntityNames[] = [];
    const removals: string[] = [];
    for (const c of changes) {
      if ((c.after ?? c.before)?.kind !== 'entity') continue;
      if (!c.after) {
        removals.push(c.id);
        continue;
      }
      const next = entityNames(c.after as StoredRecord<EntityData>);
      // Edits that leave the names alone (roles, notes …) do not touch the index.
      if (c.before && sameNames(entityNames(c.before as StoredRecord<EntityData>), next)) continue;
      upserts.push(next);
    }
    if (upserts.length || removals.length) this.#backend.apply(upserts, removals);
  }

  async query(req: SearchRequest): Promise<SearchResponse> {
    const t = performance.now();
    const found = await this.#backend.query(req.text, { caseId: req.caseId, kinds: req.kinds, limit: req.limit });
    // A witness's entity (linked from either side, as main/core/protection defines it) is found by its pseudonym
    // only: a hit on a real name would tell whoever types it which pseudonym that person has.
    const labels = new Map<string, string>();
    for (const w of this.repo.ofKind('witness')) if (w.data.entityId) labels.set(w.data.entityId, w.data.pseudonym);
    const q = req.text.trim().toLowerCase();
    const hits = found.flatMap((h) => {
      const own = this.repo.get<EntityData>(h.id)?.data.witnessId;
      const label = labels.get(h.id) ?? (own ? this.repo.get<WitnessData>(own)?.data.pseudonym ?? '' : undefined);
      if (label === undefined) return [h];
      return label && q.length > 0 && label.toLowerCase().includes(q) ? [{ ...h, name: label, matched: null }] : [];
    });
    return { hits, tookMs: Math.round((performance.now() - t) * 100) / 100 };
  }

  /** Resolves once the index holds every entity committed so far (benchmarks and tests measure with it). */
  ready(): Promise<void> {
    return this.#backend.ready();
  }

  dispose(): void {
    this.#unsubscribe();
    this.#backend.dispose();
  }
}
