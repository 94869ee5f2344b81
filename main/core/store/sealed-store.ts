/**
 * The sealed-record store: every row is (id, envelope). Kind, schema version, timestamps and the data itself
 * (names, link endpoints, text) are inside the envelope. Ids are 128 random bits, so neither the id nor the
 * B-tree order (WITHOUT ROWID tables are ordered by id) says anything about kind or insertion order.
 */
import type Database from 'better-sqlite3';
import { SanctumError } from '../errors';
import { fromHex, randomBytes, toHex } from '../crypto/bytes';
import { padJson, recordBucket } from '../crypto/padding';
import { openEnvelope, sealEnvelope } from '../crypto/record-envelope';
import type { SecretKey } from '../crypto/secret-key';
import { Accumulator, COMMITTED_TABLES, META_ROW_ID, openMeta, rowTerm, sealMeta, type CommitState } from './commitment';

export type SealedTable = 'records' | 'witness_records';

export interface StoredRecord<T = unknown> {
  id: string;
  kind: string;
  /** Version of this kind's data schema, for lazy upgrades of old records. */
  v: number;
  createdAt: string;
  updatedAt: string;
  data: T;
}

interface Plain {
  k: string;
  v: number;
  c: string;
  u: string;
  d: unknown;
}

// One encoder and one decoder for the module: constructing them per record cost ~1 µs each (measured).
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const SPACE = 0x20;

/**
 * Record ids are drawn from a pool refilled 256 ids at a time: node:crypto's randomFillSync costs ~2.5 µs per
 * call whatever the size (measured), which was the largest single item in a bulk insert profile. Ids are not
 * secret (they are the rows' keys in clear); they only need to be unpredictable to someone without the vault.
 */
const ID_BYTES = 16;
const ID_POOL_BYTES = ID_BYTES * 256;
let idPool: Uint8Array = new Uint8Array(0);
let idPoolPos = 0;

function newRecordIdBytes(): Uint8Array {
  if (idPoolPos + ID_BYTES > idPool.length) {
    idPool = randomBytes(ID_POOL_BYTES);
    idPoolPos = 0;
  }
  const id = idPool.slice(idPoolPos, idPoolPos + ID_BYTES);
  idPool.fill(0, idPoolPos, idPoolPos + ID_BYTES);
  idPoolPos += ID_BYTES;
  return id;
}

export function newRecordId(): string {
  return toHex(newRecordIdBytes());
}

export function isRecordId(id: string): boolean {
  return /^[0-9a-f]{32}$/.test(id);
}

/**
 * What the store needs to keep the commitment over all rows (store/commitment.ts): its key (from the master
 * key) and the current audit head, which each commit records beside it.
 */
export interface StoreIntegrity {
  key: () => SecretKey;
  auditHead: () => { seq: number; hash: string } | null;
}

interface Tracked {
  acc: Accumulator;
  rows: Record<SealedTable, number>;
  counter: number;
}

/** Key id written into each envelope; bump when a table's key is rotated. */
const KEY_ID = 1;

export class SealedStore {
  readonly #db: Database.Database;
  readonly #keys: Map<SealedTable, () => SecretKey | undefined>;
  readonly #stmts = new Map<string, Database.Statement>();
  readonly #sql: Record<SealedTable, { insert: string; update: string; put: string; get: string; delete: string; count: string; scan: string }>;
  readonly #now: () => Date;
  readonly #integrity: StoreIntegrity | undefined;
  /** The commitment as of the current (possibly uncommitted) state; null until `track` is called. */
  #cur: Tracked | null = null;
  /** Depth of store transactions; the meta row is written when the outermost one ends. */
  #depth = 0;
  readonly #writes: Record<SealedTable, number> = { records: 0, witness_records: 0 };

  constructor(
    db: Database.Database,
    keys: Record<SealedTable, () => SecretKey | undefined>,
    now: () => Date = () => new Date(),
    integrity?: StoreIntegrity,
  ) {
    this.#db = db;
    this.#integrity = integrity;
    this.#keys = new Map(Object.entries(keys) as [SealedTable, () => SecretKey | undefined][]);
    this.#now = now;
    const sql = (t: SealedTable) => ({
      insert: `INSERT INTO ${t} (id, ct) VALUES (?, ?)`,
      update: `UPDATE ${t} SET ct = ? WHERE id = ?`,
      put: `INSERT OR REPLACE INTO ${t} (id, ct) VALUES (?, ?)`,
      get: `SELECT ct FROM ${t} WHERE id = ?`,
      // RETURNING: the deleted ciphertext's term leaves the commitment.
      delete: `DELETE FROM ${t} WHERE id = ? RETURNING ct`,
      count: `SELECT count(*) AS n FROM ${t}`,
      scan: `SELECT id, ct FROM ${t}`,
    });
    this.#sql = { records: sql('records'), witness_records: sql('witness_records') };
  }

  #stmt(sql: string): Database.Statement {
    let s = this.#stmts.get(sql);
    if (!s) {
      s = this.#db.prepare(sql);
      this.#stmts.set(sql, s);
    }
    return s;
  }

  #key(table: SealedTable): Uint8Array {
    const key = this.#keys.get(table)?.();
    if (!key) {
      if (table === 'witness_records') throw new SanctumError('COMPARTMENT_LOCKED', 'the witness-identity compartment is locked');
      throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    }
    return key.bytes;
  }

  seal(table: SealedTable, rec: StoredRecord): Uint8Array {
    return this.#seal(table, fromHex(rec.id), rec);
  }

  #seal(table: SealedTable, idBytes: Uint8Array, rec: StoredRecord): Uint8Array {
    const key = this.#key(table);
    const plain: Plain = { k: rec.kind, v: rec.v, c: rec.createdAt, u: rec.updatedAt, d: rec.data };
    // Padded to a size bucket (trailing spaces, which JSON.parse ignores): a row's length must not tell a link
    // from an entity, nor give a statement's exact length. See crypto/padding.ts.
    const bytes = padJson(encoder.encode(JSON.stringify(plain)), recordBucket);
    try {
      return sealEnvelope(key, KEY_ID, table, idBytes, bytes);
    } finally {
      bytes.fill(0); // no plaintext copy left behind for the garbage collector
    }
  }

  open<T = unknown>(table: SealedTable, idBytes: Uint8Array, envelope: Uint8Array): StoredRecord<T> {
    const key = this.#key(table);
    return this.#open<T>(table, (k) => (k === KEY_ID ? key : undefined), idBytes, envelope);
  }

  #open<T>(table: SealedTable, keys: (keyId: number) => Uint8Array | undefined, idBytes: Uint8Array, envelope: Uint8Array): StoredRecord<T> {
    const id = toHex(idBytes);
    const plain = openEnvelope(keys, table, idBytes, envelope, `${table}/${id}`);
    let p: Plain;
    try {
      // The padding (trailing spaces, crypto/padding.ts) is up to half of a record: cut it before decoding
      // rather than decode it and have JSON.parse skip it (measured on unlock: npm run bench -- --only fulltext).
      let end = plain.length;
      while (end > 0 && plain[end - 1] === SPACE) end--;
      p = JSON.parse(decoder.decode(plain.subarray(0, end))) as Plain;
    } catch {
      throw new SanctumError('RECORD_TAMPERED', 'record decrypted but its content is not valid', `${table}/${id}`);
    } finally {
      plain.fill(0);
    }
    return { id, kind: p.k, v: p.v, createdAt: p.c, updatedAt: p.u, data: p.d as T };
  }

  /** Key lookup for a whole scan: the table key is fetched (and the lock checked) once, not per row. */
  #keysFor(table: SealedTable): (keyId: number) => Uint8Array | undefined {
    const key = this.#key(table);
    return (k) => (k === KEY_ID ? key : undefined);
  }

  /** Insert a new record; returns it with id and timestamps filled in. */
  insert<T>(table: SealedTable, kind: string, data: T, opts: { id?: string; v?: number } = {}): StoredRecord<T> {
    const now = this.#now().toISOString();
    const idBytes = opts.id === undefined ? newRecordIdBytes() : fromHex(opts.id);
    const rec: StoredRecord<T> = { id: opts.id ?? toHex(idBytes), kind, v: opts.v ?? 1, createdAt: now, updatedAt: now, data };
    const envelope = this.#seal(table, idBytes, rec);
    this.#writes[table]++;
    this.#write(() => {
      try {
        this.#stmt(this.#sql[table].insert).run(idBytes, envelope);
      } catch (e) {
        if (e instanceof Error && /UNIQUE|PRIMARY KEY/.test(e.message)) throw new SanctumError('CONFLICT', 'a record with this id already exists', rec.id);
        throw e;
      }
      this.#added(table, idBytes, envelope);
    });
    return rec;
  }

  /** Replace an existing record's data; keeps createdAt, bumps updatedAt. */
  update<T>(table: SealedTable, prev: StoredRecord<unknown>, data: T, v = prev.v): StoredRecord<T> {
    const rec: StoredRecord<T> = { ...prev, v, data, updatedAt: this.#now().toISOString() };
    const idBytes = fromHex(rec.id);
    const envelope = this.#seal(table, idBytes, rec);
    this.#writes[table]++;
    this.#write(() => {
      const old = this.#cur ? this.#oldCt(table, idBytes) : undefined;
      const res = this.#stmt(this.#sql[table].update).run(envelope, idBytes);
      if (res.changes !== 1) throw new SanctumError('NOT_FOUND', 'record to update does not exist', rec.id);
      if (old) this.#removed(table, idBytes, old);
      this.#added(table, idBytes, envelope);
    });
    return rec;
  }

  /** Write a record exactly as given (used by imports that carry their own timestamps). */
  put(table: SealedTable, rec: StoredRecord): void {
    const idBytes = fromHex(rec.id);
    const envelope = this.#seal(table, idBytes, rec);
    this.#writes[table]++;
    this.#write(() => {
      const old = this.#cur ? this.#oldCt(table, idBytes) : undefined;
      this.#stmt(this.#sql[table].put).run(idBytes, envelope);
      if (old) this.#removed(table, idBytes, old);
      this.#added(table, idBytes, envelope);
    });
  }

  get<T = unknown>(table: SealedTable, id: string): StoredRecord<T> | undefined {
    this.#key(table);
    if (!isRecordId(id)) return undefined;
    const row = this.#stmt(this.#sql[table].get).get(fromHex(id)) as { ct: Uint8Array } | undefined;
    return row ? this.open<T>(table, fromHex(id), row.ct) : undefined;
  }

  delete(table: SealedTable, id: string): boolean {
    this.#key(table);
    if (!isRecordId(id)) return false;
    const idBytes = fromHex(id);
    this.#writes[table]++;
    return this.#write(() => {
      const row = this.#stmt(this.#sql[table].delete).get(idBytes) as { ct: Uint8Array } | undefined;
      if (row) this.#removed(table, idBytes, row.ct);
      return row !== undefined;
    });
  }

  /** True when the table's key is available (the vault is unlocked; for witness rows, the compartment too). */
  canOpen(table: SealedTable): boolean {
    return this.#keys.get(table)?.() !== undefined;
  }

  /** Number of rows, without needing the table's key (a row count is visible in the file anyway). */
  rowCount(table: SealedTable): number {
    return (this.#stmt(this.#sql[table].count).get() as { n: number }).n;
  }

  count(table: SealedTable): number {
    this.#key(table);
    return (this.#stmt(this.#sql[table].count).get() as { n: number }).n;
  }

  /** Decrypt every record of a table. Throws on the first record that fails authentication. */
  *scan<T = unknown>(table: SealedTable): Generator<StoredRecord<T>> {
    const keys = this.#keysFor(table);
    for (const [id, ct] of this.#stmt(this.#sql[table].scan).raw(true).iterate() as Iterable<[Uint8Array, Uint8Array]>) {
      this.#key(table); // a lock during a long scan stops it
      yield this.#open<T>(table, keys, id, ct);
    }
  }

  /** Like scan, but reports failures instead of throwing (for `vault check`). */
  *scanChecked(table: SealedTable): Generator<{ ok: true; record: StoredRecord } | { ok: false; error: SanctumError }> {
    const keys = this.#keysFor(table);
    for (const [id, ct] of this.#stmt(this.#sql[table].scan).raw(true).iterate() as Iterable<[Uint8Array, Uint8Array]>) {
      this.#key(table);
      try {
        yield { ok: true, record: this.#open(table, keys, id, ct) };
      } catch (e) {
        if (e instanceof SanctumError) yield { ok: false, error: e };
        else throw e;
      }
    }
  }

  /**
   * Run `fn` as one transaction: all of it commits, or none of it. Nested calls join the outer transaction
   * (as a savepoint). The commitment row is written at the end of the outermost one, inside it; if any level
   * rolls back, the in-memory commitment goes back with it.
   */
  transaction<T>(fn: () => T): T {
    const saved = this.#cur ? { acc: this.#cur.acc.clone(), rows: { ...this.#cur.rows }, counter: this.#cur.counter } : null;
    const outer = this.#depth === 0;
    this.#depth++;
    try {
      return this.#db.transaction(() => {
        if (outer && this.#cur) this.#cur.counter++;
        const out = fn();
        if (outer && this.#cur) this.#writeMeta();
        return out;
      })();
    } catch (e) {
      if (saved) this.#cur = saved;
      throw e;
    } finally {
      this.#depth--;
    }
  }

  // ------------------------------------------------------------------------------------- the commitment

  /** A write outside a store transaction gets its own, so the commitment row always moves with it. */
  #write<T>(fn: () => T): T {
    return this.#depth > 0 || !this.#cur ? fn() : this.transaction(fn);
  }

  #commitKey(): Uint8Array {
    if (!this.#integrity) throw new SanctumError('INTERNAL', 'this store keeps no commitment');
    return this.#integrity.key().bytes;
  }

  #oldCt(table: SealedTable, idBytes: Uint8Array): Uint8Array | undefined {
    return (this.#stmt(this.#sql[table].get).get(idBytes) as { ct: Uint8Array } | undefined)?.ct;
  }

  #added(table: SealedTable, idBytes: Uint8Array, ct: Uint8Array): void {
    if (!this.#cur) return;
    this.#cur.acc.add(rowTerm(this.#commitKey(), table, idBytes, ct));
    this.#cur.rows[table]++;
  }

  #removed(table: SealedTable, idBytes: Uint8Array, ct: Uint8Array): void {
    if (!this.#cur) return;
    this.#cur.acc.sub(rowTerm(this.#commitKey(), table, idBytes, ct));
    this.#cur.rows[table]--;
  }

  #state(): CommitState {
    const c = this.#cur!;
    return { counter: c.counter, commitment: c.acc.hex(), rows: { ...c.rows }, audit: this.#integrity!.auditHead() };
  }

  #writeMeta(): void {
    this.#stmt('INSERT OR REPLACE INTO vault_meta (id, ct) VALUES (?, ?)').run(META_ROW_ID, sealMeta(this.#commitKey(), this.#state()));
  }

  /** The commitment row as last committed (null for a vault that has none yet). */
  readCommitment(): CommitState | null {
    const row = this.#stmt('SELECT ct FROM vault_meta WHERE id = ?').get(META_ROW_ID) as { ct: Uint8Array } | undefined;
    if (!row) return null;
    try {
      return openMeta(this.#commitKey(), row.ct);
    } catch (e) {
      if (e instanceof SanctumError && e.code === 'RECORD_TAMPERED') throw new SanctumError('VAULT_ROLLED_BACK', 'the vault commitment row failed authentication (altered or replaced)', 'vault.db/vault_meta');
      throw e;
    }
  }

  /**
   * Recompute the commitment from scratch over every row of both tables. Needs only the ciphertexts (no
   * table key), so witness rows count while the compartment is locked. One keyed BLAKE2b per row.
   */
  recomputeCommitment(): { commitment: string; rows: Record<SealedTable, number> } {
    const key = this.#commitKey();
    const acc = new Accumulator();
    const rows = { records: 0, witness_records: 0 };
    for (const table of COMMITTED_TABLES) {
      for (const [id, ct] of this.#stmt(this.#sql[table].scan).raw(true).iterate() as Iterable<[Uint8Array, Uint8Array]>) {
        acc.add(rowTerm(key, table, id, ct));
        rows[table]++;
      }
    }
    return { commitment: acc.hex(), rows };
  }

  /**
   * recomputeCommitment and a decryption of every row of `open` in one pass over the table (unlock): the
   * ciphertexts are read once instead of twice (once for the commitment, once for the repository). Rows of the
   * other table are hashed only. A row that fails to open is not thrown here (the commitment is compared first,
   * by the caller, so a row put back or replaced is reported as such): the first failure is returned instead,
   * and no record is returned with it.
   */
  scanForUnlock(open: SealedTable): { commitment: string; rows: Record<SealedTable, number>; records: StoredRecord[]; failure: SanctumError | null } {
    const key = this.#commitKey();
    const keys = this.#keysFor(open);
    const acc = new Accumulator();
    const rows = { records: 0, witness_records: 0 };
    let records: StoredRecord[] = [];
    let failure: SanctumError | null = null;
    for (const table of COMMITTED_TABLES) {
      for (const [id, ct] of this.#stmt(this.#sql[table].scan).raw(true).iterate() as Iterable<[Uint8Array, Uint8Array]>) {
        acc.add(rowTerm(key, table, id, ct));
        rows[table]++;
        if (table !== open || failure) continue;
        try {
          records.push(this.#open(table, keys, id, ct));
        } catch (e) {
          if (!(e instanceof SanctumError)) throw e;
          failure = e;
          records = [];
        }
      }
    }
    return { commitment: acc.hex(), rows, records, failure };
  }

  /**
   * Bumped by every write to a table: lets a caller holding records decrypted at some moment (the unlock's
   * single pass) tell whether they are still what the table holds.
   */
  writes(table: SealedTable): number {
    return this.#writes[table];
  }

  /** Start keeping the commitment current from `state` (after unlock has checked it, or migrated). */
  track(state: Pick<CommitState, 'counter' | 'commitment' | 'rows'>): void {
    this.#cur = { acc: Accumulator.from(state.commitment), rows: { ...state.rows }, counter: state.counter };
  }

  /**
   * Rebuild the commitment from every row with the current key and write it (first unlock of a vault made
   * before commitments, or a re-keyed copy: `startCounter` continues the source's count). One transaction;
   * bumps the counter.
   */
  rebuildCommitment(startCounter?: number): CommitState {
    const fresh = this.recomputeCommitment();
    const counter = startCounter ?? this.#cur?.counter ?? this.readCommitment()?.counter ?? 0;
    this.track({ counter, ...fresh });
    this.transaction(() => undefined);
    return this.#state();
  }

  /** Counter and commitment as they will be committed by the current transaction (for the signed head). */
  commitState(): { counter: number; commitment: string } | null {
    return this.#cur ? { counter: this.#cur.counter, commitment: this.#cur.acc.hex() } : null;
  }
}
