/**
 * The unlocked vault in memory: every record decrypted once at unlock and indexed by id and kind, so reads
 * never touch the disk or the cipher. Writes go through transact(): the database transaction (with its audit
 * entry) commits first, and only then are the changes applied in memory — a failed action leaves both the
 * database and the in-memory view exactly as they were.
 */
import { isCaseRecordKind, type CaseRecordKind, type RecordData } from '../../../shared/model/records';
import type { AuditEntry, AuditInput } from '../audit/audit-log';
import { SanctumError } from '../errors';
import type { SealedTable, StoredRecord } from './sealed-store';
import { currentVersion, upgradeRecord } from './record-migrations';
import type { Vault } from '../vault/vault';

/**
 * A record of a kind in the model's kind map (shared/model/records.ts RECORD_SCHEMAS), its data typed by that
 * kind. Sound because every write validates data against its kind's schema and old versions are upgraded on
 * read (./record-migrations.ts). Kinds outside the map are typed
 * by the module that owns them (OwnRecordKinds) or stay unknown.
 */
export type RecordOf<K extends CaseRecordKind> = StoredRecord<RecordData<K>> & { readonly kind: K };
/**
 * Record kinds outside the case model (settings, signers, drafts, listing drafts, witness identities, …), each
 * declared by the module that writes it, so that `ofKind(KIND)` is typed there without a hand-passed type:
 *
 *     declare module '../store/repository' {
 *       interface OwnRecordKinds { package_known_signer: SignerData }
 *     }
 *
 * (declaration merging; the kind constant must be a literal type). Declared here empty, filled by augmentation.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface OwnRecordKinds {}
export type OwnRecordOf<K extends keyof OwnRecordKinds> = StoredRecord<OwnRecordKinds[K]> & { readonly kind: K };

/** Any record of the kind map: switching on `kind` narrows `data`. */
export type KnownRecord = { [K in CaseRecordKind]: RecordOf<K> }[CaseRecordKind];

export function isKind<K extends CaseRecordKind>(rec: StoredRecord | undefined, kind: K): rec is RecordOf<K> {
  return rec?.kind === kind;
}

export function isKnownRecord(rec: StoredRecord): rec is KnownRecord {
  return isCaseRecordKind(rec.kind);
}

export interface Tx {
  readonly entry: AuditEntry;
  insert<T>(kind: string, data: T, opts?: { id?: string; v?: number }): StoredRecord<T>;
  update<T>(prev: StoredRecord<unknown>, data: T, v?: number): StoredRecord<T>;
  delete(id: string): void;
  /** Write a record back exactly as it was (undo, imports that carry their own timestamps). */
  restore(rec: StoredRecord): void;
  /** Reads see this transaction's own pending writes. */
  get<T = unknown>(id: string): StoredRecord<T> | undefined;
}

type Change = { op: 'put'; rec: StoredRecord } | { op: 'delete'; id: string };

/** A committed change as listeners see it: before and after images (undefined = absent). */
export interface CommittedChange {
  id: string;
  before: StoredRecord | undefined;
  after: StoredRecord | undefined;
}

export interface TransactOptions {
  /** Keep before-images so `undo()` can revert this action. */
  undoable?: boolean;
  /** Short description for the undo button ("Undo: edit entity"). */
  label?: string;
}

interface UndoEntry {
  seq: number;
  label: string;
  changes: CommittedChange[];
}

const UNDO_DEPTH = 20;

export class Repository {
  readonly table: SealedTable;
  readonly #vault: Vault;
  readonly #byId = new Map<string, StoredRecord>();
  readonly #byKind = new Map<string, Map<string, StoredRecord>>();
  #version = 0;
  readonly #listeners = new Set<(changes: CommittedChange[]) => void>();
  readonly #undo: UndoEntry[] = [];

  constructor(vault: Vault, table: SealedTable = 'records') {
    this.#vault = vault;
    this.table = table;
    // Old versions are upgraded as they are read (./record-migrations.ts); the row is rewritten on the next write.
    // At unlock the records were decrypted in the same pass as the integrity check (Vault `preload`).
    const pre = table === 'records' ? vault.takePreloadedRecords() : null;
    for (const rec of pre ?? vault.store.scan(table)) this.#put(upgradeRecord(rec));
  }

  /** Bumped on every committed change; lets derived indexes (search, graph) know when to refresh. */
  get version(): number {
    return this.#version;
  }

  #put(rec: StoredRecord): void {
    const old = this.#byId.get(rec.id);
    if (old && old.kind !== rec.kind) this.#byKind.get(old.kind)?.delete(rec.id);
    this.#byId.set(rec.id, rec);
    let m = this.#byKind.get(rec.kind);
    if (!m) this.#byKind.set(rec.kind, (m = new Map()));
    m.set(rec.id, rec);
  }

  #remove(id: string): void {
    const old = this.#byId.get(id);
    if (!old) return;
    this.#byId.delete(id);
    this.#byKind.get(old.kind)?.delete(id);
  }

  get<T = unknown>(id: string): StoredRecord<T> | undefined {
    return this.#byId.get(id) as StoredRecord<T> | undefined;
  }

  require<T = unknown>(id: string, kind?: string): StoredRecord<T> {
    const rec = this.#byId.get(id);
    if (!rec || (kind && rec.kind !== kind)) throw new SanctumError('NOT_FOUND', `no ${kind ?? 'record'} with id ${id}`, id);
    return rec as StoredRecord<T>;
  }

  /**
   * Every record of a kind, typed by the kind: the model's kind map (`ofKind('link')` has LinkData) or a kind a
   * module declared in OwnRecordKinds (`ofKind(SIGNER_KIND)` has SignerData). Any other kind reads as unknown.
   */
  ofKind<K extends CaseRecordKind>(kind: K): IterableIterator<RecordOf<K>>;
  ofKind<K extends keyof OwnRecordKinds>(kind: K): IterableIterator<OwnRecordOf<K>>;
  ofKind(kind: string): IterableIterator<StoredRecord>;
  ofKind(kind: string): IterableIterator<StoredRecord> {
    return (this.#byKind.get(kind) ?? new Map<string, StoredRecord>()).values();
  }

  countOfKind(kind: string): number {
    return this.#byKind.get(kind)?.size ?? 0;
  }

  countsByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, m] of this.#byKind) if (m.size) out[k] = m.size;
    return out;
  }

  get size(): number {
    return this.#byId.size;
  }

  all(): IterableIterator<StoredRecord> {
    return this.#byId.values();
  }

  /** Subscribe to committed changes (derived indexes keep themselves current with this). */
  onCommit(listener: (changes: CommittedChange[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** One user action: records and its audit entry commit together, then memory follows. */
  transact<T>(audit: AuditInput, fn: (tx: Tx) => T, options: TransactOptions = {}): T {
    const changes: Change[] = [];
    const pending = new Map<string, StoredRecord | null>();
    const store = this.#vault.store;
    const table = this.table;
    let lastSeq = 0;
    const result = this.#vault.action(audit, (entry) => {
      lastSeq = entry.seq;
      const tx: Tx = {
        entry,
        insert: (kind, data, opts) => {
          const rec = store.insert(table, kind, data, { v: currentVersion(kind), ...opts });
          changes.push({ op: 'put', rec });
          pending.set(rec.id, rec);
          return rec;
        },
        update: (prev, data, v) => {
          const rec = store.update(table, prev, data, v);
          changes.push({ op: 'put', rec });
          pending.set(rec.id, rec);
          return rec;
        },
        delete: (id) => {
          if (!store.delete(table, id)) throw new SanctumError('NOT_FOUND', 'record to delete does not exist', id);
          changes.push({ op: 'delete', id });
          pending.set(id, null);
        },
        restore: (rec) => {
          store.put(table, rec);
          changes.push({ op: 'put', rec });
          pending.set(rec.id, rec);
        },
        get: <R>(id: string) => {
          if (pending.has(id)) return (pending.get(id) ?? undefined) as StoredRecord<R> | undefined;
          return this.get<R>(id);
        },
      };
      return fn(tx);
    });
    const committed: CommittedChange[] = [];
    const seen = new Map<string, CommittedChange>();
    for (const c of changes) {
      const id = c.op === 'put' ? c.rec.id : c.id;
      let entry = seen.get(id);
      if (!entry) {
        entry = { id, before: this.#byId.get(id), after: undefined };
        seen.set(id, entry);
        committed.push(entry);
      }
      if (c.op === 'put') {
        entry.after = c.rec;
        this.#put(c.rec);
      } else {
        entry.after = undefined;
        this.#remove(c.id);
      }
    }
    if (committed.length) {
      this.#version++;
      if (options.undoable) {
        this.#undo.push({ seq: lastSeq, label: options.label ?? audit.action, changes: committed });
        if (this.#undo.length > UNDO_DEPTH) this.#undo.shift();
      }
      for (const l of this.#listeners) l(committed);
    }
    return result;
  }

  /** What the next undo would revert, if anything. */
  peekUndo(): { label: string; seq: number } | null {
    const top = this.#undo.at(-1);
    return top ? { label: top.label, seq: top.seq } : null;
  }

  /**
   * Revert the last undoable action as a new, audited action. Refuses (CONFLICT) if any record it touched
   * has changed since, rather than overwrite later work.
   */
  undo(): { label: string } | null {
    const top = this.#undo.at(-1);
    if (!top) return null;
    for (const c of top.changes) {
      const now = this.#byId.get(c.id);
      if (now !== c.after) {
        this.#undo.pop();
        throw new SanctumError('CONFLICT', `cannot undo "${top.label}": the record was changed again since`, c.id);
      }
    }
    this.transact({ action: 'undo', details: { undoneSeq: top.seq, label: top.label } }, (tx) => {
      for (const c of top.changes) {
        if (c.before) tx.restore(c.before);
        else tx.delete(c.id);
      }
    });
    this.#undo.pop();
    return { label: top.label };
  }

  clear(): void {
    this.#undo.length = 0;
    this.#listeners.clear();
    this.#byId.clear();
    this.#byKind.clear();
    this.#version++;
  }
}
