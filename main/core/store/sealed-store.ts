/**
 * The sealed-record store: every row is (id, envelope). Kind, schema version, timestamps and the data itself
 * (names, link endpoints, text) are inside the envelope. Ids are 128 random bits, so neither the id nor the
 * B-tree order (WITHOUT ROWID tables are ordered by id) says anything about kind or insertion order.
 */
import type Database from 'better-sqlite3';
import { SanctumError } from '../errors';
import { fromHex, fromUtf8, randomBytes, toHex, utf8 } from '../crypto/bytes';
import { openEnvelope, sealEnvelope } from '../crypto/record-envelope';
import type { SecretKey } from '../crypto/secret-key';

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

export function newRecordId(): string {
  return toHex(randomBytes(16));
}

export function isRecordId(id: string): boolean {
  return /^[0-9a-f]{32}$/.test(id);
}

/** Key id written into each envelope; bump when a table's key is rotated. */
const KEY_ID = 1;

export class SealedStore {
  readonly #db: Database.Database;
  readonly #keys: Map<SealedTable, () => SecretKey | undefined>;
  readonly #stmts = new Map<string, Database.Statement>();
  readonly #now: () => Date;

  constructor(db: Database.Database, keys: Record<SealedTable, () => SecretKey | undefined>, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#keys = new Map(Object.entries(keys) as [SealedTable, () => SecretKey | undefined][]);
    this.#now = now;
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
    const plain: Plain = { k: rec.kind, v: rec.v, c: rec.createdAt, u: rec.updatedAt, d: rec.data };
    return sealEnvelope(this.#key(table), KEY_ID, table, fromHex(rec.id), utf8(JSON.stringify(plain)));
  }

  open<T = unknown>(table: SealedTable, idBytes: Uint8Array, envelope: Uint8Array): StoredRecord<T> {
    const id = toHex(idBytes);
    const key = this.#key(table);
    const plain = openEnvelope((k) => (k === KEY_ID ? key : undefined), table, idBytes, envelope, `${table}/${id}`);
    let p: Plain;
    try {
      p = JSON.parse(fromUtf8(plain)) as Plain;
    } catch {
      throw new SanctumError('RECORD_TAMPERED', 'record decrypted but its content is not valid', `${table}/${id}`);
    }
    return { id, kind: p.k, v: p.v, createdAt: p.c, updatedAt: p.u, data: p.d as T };
  }

  /** Insert a new record; returns it with id and timestamps filled in. */
  insert<T>(table: SealedTable, kind: string, data: T, opts: { id?: string; v?: number } = {}): StoredRecord<T> {
    const now = this.#now().toISOString();
    const rec: StoredRecord<T> = { id: opts.id ?? newRecordId(), kind, v: opts.v ?? 1, createdAt: now, updatedAt: now, data };
    try {
      this.#stmt(`INSERT INTO ${table} (id, ct) VALUES (?, ?)`).run(fromHex(rec.id), this.seal(table, rec));
    } catch (e) {
      if (e instanceof Error && /UNIQUE|PRIMARY KEY/.test(e.message)) throw new SanctumError('CONFLICT', 'a record with this id already exists', rec.id);
      throw e;
    }
    return rec;
  }

  /** Replace an existing record's data; keeps createdAt, bumps updatedAt. */
  update<T>(table: SealedTable, prev: StoredRecord<unknown>, data: T, v = prev.v): StoredRecord<T> {
    const rec: StoredRecord<T> = { ...prev, v, data, updatedAt: this.#now().toISOString() };
    const res = this.#stmt(`UPDATE ${table} SET ct = ? WHERE id = ?`).run(this.seal(table, rec), fromHex(rec.id));
    if (res.changes !== 1) throw new SanctumError('NOT_FOUND', 'record to update does not exist', rec.id);
    return rec;
  }

  /** Write a record exactly as given (used by imports that carry their own timestamps). */
  put(table: SealedTable, rec: StoredRecord): void {
    this.#stmt(`INSERT OR REPLACE INTO ${table} (id, ct) VALUES (?, ?)`).run(fromHex(rec.id), this.seal(table, rec));
  }

  get<T = unknown>(table: SealedTable, id: string): StoredRecord<T> | undefined {
    this.#key(table);
    if (!isRecordId(id)) return undefined;
    const row = this.#stmt(`SELECT ct FROM ${table} WHERE id = ?`).get(fromHex(id)) as { ct: Uint8Array } | undefined;
    return row ? this.open<T>(table, fromHex(id), row.ct) : undefined;
  }

  delete(table: SealedTable, id: string): boolean {
    this.#key(table);
    if (!isRecordId(id)) return false;
    return this.#stmt(`DELETE FROM ${table} WHERE id = ?`).run(fromHex(id)).changes === 1;
  }

  count(table: SealedTable): number {
    this.#key(table);
    return (this.#stmt(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  /** Decrypt every record of a table. Throws on the first record that fails authentication. */
  *scan<T = unknown>(table: SealedTable): Generator<StoredRecord<T>> {
    for (const row of this.#stmt(`SELECT id, ct FROM ${table}`).iterate() as Iterable<{ id: Uint8Array; ct: Uint8Array }>) {
      yield this.open<T>(table, row.id, row.ct);
    }
  }

  /** Like scan, but reports failures instead of throwing (for `vault check`). */
  *scanChecked(table: SealedTable): Generator<{ ok: true; record: StoredRecord } | { ok: false; error: SanctumError }> {
    for (const row of this.#stmt(`SELECT id, ct FROM ${table}`).iterate() as Iterable<{ id: Uint8Array; ct: Uint8Array }>) {
      try {
        yield { ok: true, record: this.open(table, row.id, row.ct) };
      } catch (e) {
        if (e instanceof SanctumError) yield { ok: false, error: e };
        else throw e;
      }
    }
  }

  /** Run `fn` as one transaction: all of it commits, or none of it. Nested calls join the outer transaction. */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }
}
