/**
 * Append-only, hash-chained audit and custody log.
 *
 *   entry.hash = SHA-256(canonical JSON of the entry without `hash`), and entry.prev = hash of entry seq-1
 *   (GENESIS for the first). Entries that concern one evidence item also carry custody.prev = hash of the
 *   previous entry about that item, so an item's chain of custody can be exported and verified on its own.
 *
 * Entries are sealed like every other record (they say who looked at what). The head (last seq and hash) is
 * signed with the vault's Ed25519 key at every lock and export; the signed heads detect truncation of the
 * log up to the last signature, and the chain detects edits, deletions and reordering anywhere.
 */
import type Database from 'better-sqlite3';
import { SanctumError } from '../errors';
import { fromHex, fromUtf8, toHex, utf8 } from '../crypto/bytes';
import { sha256Hex } from '../crypto/hash';
import { auditBucket, padJson } from '../crypto/padding';
import { openEnvelope, sealEnvelope } from '../crypto/record-envelope';
import type { SecretKey } from '../crypto/secret-key';
import { signDetached, verifyDetached, type SigningKeyPair } from '../crypto/sign';
import { canonicalJson } from '../util/canonical-json';

export const GENESIS = '0'.repeat(64);
const KEY_ID = 1;

export interface AuditTarget {
  kind: string;
  id: string;
}

export interface AuditInput {
  action: string;
  target?: AuditTarget;
  details?: Record<string, unknown>;
  /** Set for entries that belong to an evidence item's chain of custody. */
  custodyItem?: string;
}

export interface AuditEntry {
  seq: number;
  ts: string;
  actor: string;
  /** The device the analyst named (settings); absent when none was named, and on older entries. */
  device?: string;
  action: string;
  target?: AuditTarget;
  details?: Record<string, unknown>;
  custody?: { item: string; prev: string | null };
  prev: string;
  hash: string;
}

/** The vault's commit counter and record commitment at the signed head (store/commitment.ts). */
export interface HeadVaultState {
  counter: number;
  commitment: string;
}

export interface SignedHead {
  seq: number;
  hash: string;
  signedAt: string;
  reason: string;
  /** Present on heads signed since commitments exist; then the signed message is v2 and covers it. */
  vault?: HeadVaultState;
  publicKey: string;
  signature: string;
}

export interface AuditProblem {
  seq: number;
  problem: string;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  signedHeads: number;
  lastSignedSeq: number | null;
  firstProblem?: AuditProblem;
}

export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalJson(entry));
}

export function headMessage(head: Pick<SignedHead, 'seq' | 'hash' | 'signedAt' | 'reason' | 'vault'>): Uint8Array {
  const base = { seq: head.seq, hash: head.hash, signedAt: head.signedAt, reason: head.reason };
  if (!head.vault) return utf8(canonicalJson({ type: 'sanctum.audit-head.v1', ...base }));
  return utf8(canonicalJson({ type: 'sanctum.audit-head.v2', ...base, vault: { counter: head.vault.counter, commitment: head.vault.commitment } }));
}

export function seqId(seq: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(seq));
  return b;
}

/**
 * What the retiring signing key signs when a re-key gives the vault a new one: the `vault.signing_key_rotated`
 * entry carries this signature, so heads signed with the old key before that entry still verify.
 */
export function rotationMessage(oldPublicKey: string, newPublicKey: string): Uint8Array {
  return utf8(canonicalJson({ type: 'sanctum.signing-key-rotation.v1', old: oldPublicKey, new: newPublicKey }));
}

export const KEY_ROTATED_ACTION = 'vault.signing_key_rotated';

export interface AuditDeps {
  db: Database.Database;
  key: () => SecretKey;
  signer: () => SigningKeyPair;
  actor: () => string;
  device?: () => string;
  now?: () => Date;
  /** The vault's commit counter and record commitment, signed with the head when given. */
  vaultState?: () => HeadVaultState | null;
}

export class AuditLog {
  readonly #d: AuditDeps;
  readonly #now: () => Date;
  #custodyHeads: Map<string, { seq: number; hash: string }> | null = null;

  constructor(deps: AuditDeps) {
    this.#d = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  #seal(table: 'audit_log' | 'audit_heads', seq: number, value: unknown): Uint8Array {
    // Every entry padded to the same bucket (trailing spaces, ignored by JSON.parse; the hash is over the
    // canonical JSON, not these bytes): an entry's size must not say what kind of action it records.
    return sealEnvelope(this.#d.key().bytes, KEY_ID, table, seqId(seq), padJson(utf8(JSON.stringify(value)), auditBucket));
  }

  #open<T>(table: 'audit_log' | 'audit_heads', seq: number, ct: Uint8Array): T {
    const key = this.#d.key().bytes;
    const plain = openEnvelope((k) => (k === KEY_ID ? key : undefined), table, seqId(seq), ct, `${table} #${seq}`);
    return JSON.parse(fromUtf8(plain)) as T;
  }

  /** The last entry, read from the database each time so a rolled-back transaction can never desync it. */
  last(): AuditEntry | null {
    const row = this.#d.db.prepare('SELECT seq, ct FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; ct: Uint8Array } | undefined;
    return row ? this.#open<AuditEntry>('audit_log', row.seq, row.ct) : null;
  }

  entry(seq: number): AuditEntry | null {
    const row = this.#d.db.prepare('SELECT ct FROM audit_log WHERE seq = ?').get(seq) as { ct: Uint8Array } | undefined;
    return row ? this.#open<AuditEntry>('audit_log', seq, row.ct) : null;
  }

  #custodyHead(item: string): { seq: number; hash: string } | null {
    if (this.#custodyHeads) {
      const cached = this.#custodyHeads.get(item);
      // A cached head is trusted only if that entry still exists with that hash (a rolled-back
      // transaction may have removed it); otherwise rebuild from the log.
      if (!cached) return null;
      if (this.entry(cached.seq)?.hash === cached.hash) return cached;
    }
    this.#custodyHeads = new Map();
    for (const e of this.entries()) {
      if (e.custody) this.#custodyHeads.set(e.custody.item, { seq: e.seq, hash: e.hash });
    }
    return this.#custodyHeads.get(item) ?? null;
  }

  /** Append one entry. Call inside the same transaction as the change it records. */
  append(input: AuditInput): AuditEntry {
    const last = this.last();
    const seq = (last?.seq ?? 0) + 1;
    const body: Omit<AuditEntry, 'hash'> = {
      seq,
      ts: this.#now().toISOString(),
      actor: this.#d.actor(),
      ...(this.#d.device?.() ? { device: this.#d.device() } : {}),
      action: input.action,
      ...(input.target ? { target: input.target } : {}),
      ...(input.details ? { details: input.details } : {}),
      ...(input.custodyItem ? { custody: { item: input.custodyItem, prev: this.#custodyHead(input.custodyItem)?.hash ?? null } } : {}),
      prev: last?.hash ?? GENESIS,
    };
    const entry: AuditEntry = { ...body, hash: hashEntry(body) };
    this.#d.db.prepare('INSERT INTO audit_log (seq, ct) VALUES (?, ?)').run(seq, this.#seal('audit_log', seq, entry));
    if (entry.custody) this.#custodyHeads?.set(entry.custody.item, { seq, hash: entry.hash });
    return entry;
  }

  /** Sign the current head with the vault key and store the signature. Returns null for an empty log. */
  signHead(reason: string): SignedHead | null {
    const last = this.last();
    if (!last) return null;
    const { publicKey, secretKey } = this.#d.signer();
    const state = this.#d.vaultState?.() ?? null;
    const base = { seq: last.seq, hash: last.hash, signedAt: this.#now().toISOString(), reason, ...(state ? { vault: state } : {}) };
    const head: SignedHead = { ...base, publicKey: toHex(publicKey), signature: toHex(signDetached(headMessage(base), secretKey)) };
    this.#d.db.prepare('INSERT OR REPLACE INTO audit_heads (seq, ct) VALUES (?, ?)').run(last.seq, this.#seal('audit_heads', last.seq, head));
    return head;
  }

  /**
   * Write an entry exactly as it is (re-key: the entry was read with the old audit key and is sealed here with
   * this log's key). The hash chain is over plaintext, so it is unchanged.
   */
  restoreEntry(entry: AuditEntry): void {
    this.#d.db.prepare('INSERT INTO audit_log (seq, ct) VALUES (?, ?)').run(entry.seq, this.#seal('audit_log', entry.seq, entry));
  }

  /** Write a signed head exactly as it is (re-key); its signature is by whichever key signed it then. */
  restoreHead(head: SignedHead): void {
    this.#d.db.prepare('INSERT INTO audit_heads (seq, ct) VALUES (?, ?)').run(head.seq, this.#seal('audit_heads', head.seq, head));
  }

  heads(): SignedHead[] {
    const rows = this.#d.db.prepare('SELECT seq, ct FROM audit_heads ORDER BY seq').all() as { seq: number; ct: Uint8Array }[];
    return rows.map((r) => this.#open<SignedHead>('audit_heads', r.seq, r.ct));
  }

  *entries(filter: { targetId?: string; custodyItem?: string } = {}): Generator<AuditEntry> {
    const rows = this.#d.db.prepare('SELECT seq, ct FROM audit_log ORDER BY seq').iterate() as Iterable<{ seq: number; ct: Uint8Array }>;
    for (const r of rows) {
      const e = this.#open<AuditEntry>('audit_log', r.seq, r.ct);
      if (filter.targetId && e.target?.id !== filter.targetId) continue;
      if (filter.custodyItem && e.custody?.item !== filter.custodyItem) continue;
      yield e;
    }
  }

  count(): number {
    return (this.#d.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  /** Walk the whole log and every signed head; report the first broken entry. */
  verify(): AuditReport {
    let expected = 1;
    let prevHash = GENESIS;
    const hashes = new Map<number, string>();
    const custody = new Map<string, string>();
    // Signing keys retired by a re-key: public key → seq of the rotation entry (heads before it may use it).
    const retired = new Map<string, number>();
    let firstProblem: AuditProblem | undefined;
    const fail = (seq: number, problem: string) => {
      firstProblem ??= { seq, problem };
    };
    const rows = this.#d.db.prepare('SELECT seq, ct FROM audit_log ORDER BY seq').iterate() as Iterable<{ seq: number; ct: Uint8Array }>;
    let n = 0;
    for (const row of rows) {
      n++;
      if (firstProblem) continue;
      if (row.seq !== expected) {
        fail(expected, `entry #${expected} is missing (the log jumps from #${expected - 1} to #${row.seq})`);
        continue;
      }
      let e: AuditEntry;
      try {
        e = this.#open<AuditEntry>('audit_log', row.seq, row.ct);
      } catch {
        fail(row.seq, `entry #${row.seq} failed authentication (altered or moved)`);
        continue;
      }
      const { hash, ...body } = e;
      if (e.seq !== row.seq) fail(row.seq, `entry #${row.seq} claims to be #${e.seq}`);
      else if (e.prev !== prevHash) fail(row.seq, `entry #${row.seq} does not follow entry #${row.seq - 1} (reordered, or an earlier entry was replaced)`);
      else if (hashEntry(body) !== hash) fail(row.seq, `entry #${row.seq} does not match its hash`);
      else if (e.custody && e.custody.prev !== (custody.get(e.custody.item) ?? null)) {
        fail(row.seq, `entry #${row.seq} breaks the chain of custody of item ${e.custody.item}`);
      }
      if (e.custody) custody.set(e.custody.item, hash);
      if (e.action === KEY_ROTATED_ACTION) {
        const d = e.details as { oldPublicKey?: unknown; newPublicKey?: unknown; endorsement?: unknown } | undefined;
        const ok =
          typeof d?.oldPublicKey === 'string' && typeof d.newPublicKey === 'string' && typeof d.endorsement === 'string' &&
          verifyDetached(fromHex(d.endorsement), rotationMessage(d.oldPublicKey, d.newPublicKey), fromHex(d.oldPublicKey));
        if (ok) retired.set(d.oldPublicKey as string, row.seq);
        else fail(row.seq, `entry #${row.seq} records a signing-key rotation that the old key did not sign`);
      }
      hashes.set(row.seq, hash);
      prevHash = hash;
      expected++;
    }
    const lastSeq = expected - 1;
    let signedHeads = 0;
    let lastSignedSeq: number | null = null;
    const { publicKey } = this.#d.signer();
    const pk = toHex(publicKey);
    const headRows = this.#d.db.prepare('SELECT seq, ct FROM audit_heads ORDER BY seq').all() as { seq: number; ct: Uint8Array }[];
    for (const r of headRows) {
      signedHeads++;
      let h: SignedHead;
      try {
        h = this.#open<SignedHead>('audit_heads', r.seq, r.ct);
      } catch {
        fail(r.seq, `the signed head at #${r.seq} failed authentication`);
        continue;
      }
      const retiredAt = retired.get(h.publicKey);
      const keyValid = h.publicKey === pk || (retiredAt !== undefined && h.seq < retiredAt);
      if (!keyValid || !verifyDetached(fromHex(h.signature), headMessage(h), fromHex(h.publicKey))) {
        fail(h.seq, `the signature on the head at #${h.seq} is not valid for this vault's key`);
      } else if (h.seq > lastSeq && !firstProblem) {
        fail(lastSeq + 1, `the log is truncated: a signed head covers entry #${h.seq} but the log ends at #${lastSeq}`);
      } else if (hashes.has(h.seq) && hashes.get(h.seq) !== h.hash) {
        fail(h.seq, `entry #${h.seq} differs from the version covered by the signed head`);
      }
      lastSignedSeq = Math.max(lastSignedSeq ?? 0, h.seq);
    }
    return { ok: !firstProblem, entries: n, signedHeads, lastSignedSeq, ...(firstProblem ? { firstProblem } : {}) };
  }
}

export function assertAuditIntact(report: AuditReport): void {
  if (!report.ok && report.firstProblem) {
    throw new SanctumError('AUDIT_BROKEN', report.firstProblem.problem, `audit log #${report.firstProblem.seq}`);
  }
}
