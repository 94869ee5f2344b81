/**
 * An authenticated commitment over every sealed row, so that putting back an older ciphertext of one record,
 * deleting a row or adding one is noticed (ARCHITECTURE.md §3, "Rollback and deletion").
 *
 *   term(row)  = BLAKE2b-256 keyed with the commitment key (table ‖ 0x00 ‖ id ‖ ciphertext)
 *   commitment = Σ term(row) mod 2^256 over every row of `records` and `witness_records`
 *
 * A keyed multiset hash: insert adds a term, delete subtracts one, update does both, so keeping it current
 * costs O(changed rows). Each write seals with a fresh random nonce, so the ciphertext is unique per write and
 * acts as the row's revision: an older ciphertext of the same record is a different term. Only ciphertexts are
 * needed, never a table key, so witness rows are covered while the compartment is locked.
 *
 * The commitment, the row counts, a monotonic commit counter and the audit head are kept in one sealed row of
 * `vault_meta`, written in the same transaction as every change.
 */
import { SanctumError } from '../errors';
import { fromHex, toHex, utf8 } from '../crypto/bytes';
import { openEnvelope, sealEnvelope } from '../crypto/record-envelope';
import { sodium } from '../crypto/sodium';

export type CommittedTable = 'records' | 'witness_records';
export const COMMITTED_TABLES: readonly CommittedTable[] = ['records', 'witness_records'];

const TABLE_PREFIX: Record<CommittedTable, Uint8Array> = { records: utf8('records\0'), witness_records: utf8('witness_records\0') };

/** The keyed hash of one row (32 bytes). */
// Scratch buffer for the hashed message, reused across rows (libsodium copies its input): allocating one per row
// cost about as much as the hash itself in a profile of the unlock check.
let scratch = new Uint8Array(4096);

export function rowTerm(key: Uint8Array, table: CommittedTable, id: Uint8Array, ct: Uint8Array): Uint8Array {
  // One buffer, one call into libsodium: measured faster than a node:crypto HMAC fed in three updates.
  const prefix = TABLE_PREFIX[table];
  const n = prefix.length + id.length + ct.length;
  if (n > scratch.length) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  scratch.set(prefix);
  scratch.set(id, prefix.length);
  scratch.set(ct, prefix.length + id.length);
  try {
    return sodium().crypto_generichash(32, scratch.subarray(0, n), key);
  } finally {
    scratch.fill(0, 0, n); // ciphertext only, but leave nothing behind by habit
  }
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** A term's eight 32-bit limbs, least significant first (a view when aligned on a little-endian machine). */
function limbsOf(term: Uint8Array): Uint32Array {
  if (LITTLE_ENDIAN && term.byteOffset % 4 === 0) return new Uint32Array(term.buffer, term.byteOffset, 8);
  const dv = new DataView(term.buffer, term.byteOffset, 32);
  return Uint32Array.from({ length: 8 }, (_, i) => dv.getUint32(i * 4, true));
}

/** A 256-bit sum, little-endian in eight 32-bit limbs. */
export class Accumulator {
  readonly limbs = new Uint32Array(8);

  static from(hex: string): Accumulator {
    const a = new Accumulator();
    const b = fromHex(hex);
    if (b.length !== 32) throw new Error('commitment must be 32 bytes');
    new Uint8Array(a.limbs.buffer).set(b);
    return a;
  }

  clone(): Accumulator {
    const a = new Accumulator();
    a.limbs.set(this.limbs);
    return a;
  }

  add(term: Uint8Array): void {
    const t = limbsOf(term);
    let carry = 0;
    for (let i = 0; i < 8; i++) {
      const s = this.limbs[i]! + t[i]! + carry;
      this.limbs[i] = s >>> 0;
      carry = s > 0xffffffff ? 1 : 0;
    }
  }

  sub(term: Uint8Array): void {
    const t = limbsOf(term);
    let borrow = 0;
    for (let i = 0; i < 8; i++) {
      const d = this.limbs[i]! - t[i]! - borrow;
      this.limbs[i] = d >>> 0;
      borrow = d < 0 ? 1 : 0;
    }
  }

  hex(): string {
    return toHex(new Uint8Array(this.limbs.buffer.slice(0)));
  }
}

/** What `vault_meta` holds (sealed). */
export interface CommitState {
  /** Incremented by every committed transaction that goes through the store. */
  counter: number;
  commitment: string;
  rows: Record<CommittedTable, number>;
  /** Last audit entry at that commit. */
  audit: { seq: number; hash: string } | null;
}

export const META_TABLE = 'vault_meta';
const META_ID = Uint8Array.of(1);
const META_KEY_ID = 1;

export function sealMeta(key: Uint8Array, state: CommitState): Uint8Array {
  return sealEnvelope(key, META_KEY_ID, META_TABLE, META_ID, utf8(JSON.stringify({ v: 1, ...state })));
}

export function openMeta(key: Uint8Array, ct: Uint8Array): CommitState {
  const plain = openEnvelope((k) => (k === META_KEY_ID ? key : undefined), META_TABLE, META_ID, ct, 'vault.db/vault_meta');
  const s = JSON.parse(new TextDecoder().decode(plain)) as CommitState & { v: number };
  if (s.v !== 1) throw new SanctumError('UNSUPPORTED_VERSION', `vault commitment version ${s.v} is not supported`, 'vault.db/vault_meta');
  return { counter: s.counter, commitment: s.commitment, rows: s.rows, audit: s.audit };
}

export const META_ROW_ID = 1;
