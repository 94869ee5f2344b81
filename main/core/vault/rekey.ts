/**
 * Re-key: give the vault a new master key (and so new records, blobs and audit keys and a new signing key),
 * or the witness compartment a new key, and re-encrypt everything under them. Changing a passphrase only
 * re-wrapped the master key before, so an old copy of the header plus the old passphrase still opened the vault.
 *
 * Crash safety. Everything new is built beside the live vault in `tmp/rekey-<id>/`:
 *   state.json          {phase: 'building' | 'swapping', blobs}   the progress marker, written atomically
 *   vault.db            records re-sealed through SealedStore (scan with the old keys, put with the new),
 *                       audit entries and signed heads re-sealed as they are (same plaintext: the chain holds)
 *   blobs/              every blob read with the old key and written with the new one through BlobStore
 *   sanctum-vault.json  the new header
 * Only when all of it is written and fsynced does state.json become `swapping` (the commit point). The swap then
 * renames the live vault.db (and any -wal) and blobs/ into `tmp/rekey-<id>/old/`, the new ones into place, and
 * the new header over the old one last; then the work folder is removed.
 * After a crash, `finishInterruptedRekey` (run before every unlock) rolls back a `building` re-key (deletes the
 * work folder: the live vault was never touched) and rolls a `swapping` one forward (the renames are
 * idempotent and need no key). So the vault is always wholly old or wholly new.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SanctumError } from '../errors';
import { randomBytes, toHex } from '../crypto/bytes';
import type { SecretKey } from '../crypto/secret-key';
import { AuditLog, type AuditInput } from '../audit/audit-log';
import type { SigningKeyPair } from '../crypto/sign';
import { BlobStore } from '../blobs/blob-store';
import { DB_FILE, openDatabase } from '../store/database';
import { SealedStore } from '../store/sealed-store';
import { fsyncDir, writeFileAtomic } from '../util/atomic-file';
import { HEADER_FILE, serializeHeader, type VaultHeader } from './header';
import { writeSeenHead } from './head-state';

export const REKEY_PREFIX = 'rekey-';
const STATE_FILE = 'state.json';
const BATCH = 2000;

interface RekeyState {
  v: 1;
  phase: 'building' | 'swapping';
  /** Whether blobs/ is part of the swap (a witness-only re-key leaves blobs alone). */
  blobs: boolean;
}

export type RekeyStep = 'records' | 'witness_records' | 'audit' | 'blobs' | 'header' | 'commit' | 'swap';

export interface RekeyProgress {
  step: RekeyStep;
  done: number;
  total: number;
}

export interface RekeySource {
  db: Database.Database;
  store: SealedStore;
  audit: AuditLog;
  blobs: BlobStore;
  /** null: the witness key does not change and its rows are copied as they are (sealed). */
  readWitness: boolean;
  /** The source's commit counter: the copy continues it, so it is never "older" than what this computer saw. */
  counter: number;
}

export interface RekeyTarget {
  header: VaultHeader;
  records: SecretKey;
  /** null: the blob key does not change and blobs/ is left as it is. */
  blobs: SecretKey | null;
  audit: SecretKey;
  signing: SigningKeyPair;
  /** New witness-records key; null to copy the witness rows as they are. */
  witnessRecords: SecretKey | null;
  /** Commitment key and last-seen-head MAC key of the (possibly new) master key (store/commitment.ts). */
  commitment: SecretKey;
  seenHead: SecretKey;
  vaultId: string;
}

export interface RekeyOptions {
  nativeBinding?: string;
  actor: string;
  device?: string;
  now: () => Date;
  /** Entries appended to the new log after the copied ones (what happened, key rotation). */
  entries: AuditInput[];
  onProgress?: (p: RekeyProgress) => void;
}

function tmpRoot(dir: string): string {
  return join(dir, 'tmp');
}

function readState(work: string): RekeyState | null {
  try {
    const s = JSON.parse(readFileSync(join(work, STATE_FILE), 'utf8')) as RekeyState;
    return s.v === 1 && (s.phase === 'building' || s.phase === 'swapping') ? s : null;
  } catch {
    return null;
  }
}

function writeState(work: string, state: RekeyState): void {
  writeFileAtomic(join(work, STATE_FILE), JSON.stringify(state));
}

/**
 * Finish or undo a re-key that a crash interrupted. Needs no key; run it before reading the header.
 * Returns what it did, for the audit log and tests.
 */
export function finishInterruptedRekey(dir: string, opts: { nativeBinding?: string } = {}): 'none' | 'rolled-back' | 'completed' {
  const root = tmpRoot(dir);
  if (!existsSync(root)) return 'none';
  const pending = readdirSync(root).filter((n) => n.startsWith(REKEY_PREFIX));
  if (pending.length === 0) return 'none';
  // A re-key may be running in another process (the app, while `vault check` starts): its owner holds the
  // database lock, so take it first (VAULT_BUSY if held) rather than delete a work folder still being built.
  if (existsSync(join(dir, DB_FILE))) openDatabase(join(dir, DB_FILE), opts).close();
  let result: 'none' | 'rolled-back' | 'completed' = 'none';
  for (const name of pending) {
    const work = join(root, name);
    const state = readState(work);
    if (state?.phase === 'swapping') {
      swap(dir, work, state);
      result = 'completed';
    } else {
      rmSync(work, { recursive: true, force: true });
      if (result === 'none') result = 'rolled-back';
    }
  }
  fsyncDir(root);
  return result;
}

/** The renames, idempotent: run again after a crash at any point they pick up where they stopped. */
function swap(dir: string, work: string, state: RekeyState, progress: (p: RekeyProgress) => void = () => undefined): void {
  const old = join(work, 'old');
  mkdirSync(old, { recursive: true, mode: 0o700 });
  const move = (from: string, to: string) => {
    if (existsSync(from)) renameSync(from, to);
  };
  if (existsSync(join(work, DB_FILE))) {
    // The old WAL must leave with the old database, or SQLite would replay it into the new one.
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      if (!existsSync(join(old, DB_FILE + suffix))) move(join(dir, DB_FILE + suffix), join(old, DB_FILE + suffix));
    }
    renameSync(join(work, DB_FILE), join(dir, DB_FILE));
  }
  progress({ step: 'swap', done: 1, total: 3 });
  if (state.blobs && existsSync(join(work, 'blobs'))) {
    if (!existsSync(join(old, 'blobs'))) move(join(dir, 'blobs'), join(old, 'blobs'));
    renameSync(join(work, 'blobs'), join(dir, 'blobs'));
  }
  fsyncDir(dir);
  progress({ step: 'swap', done: 2, total: 3 });
  // The header last: once it is in place the new master key is the only one that opens the vault.
  move(join(work, HEADER_FILE), join(dir, HEADER_FILE));
  fsyncDir(dir);
  progress({ step: 'swap', done: 3, total: 3 });
  rmSync(work, { recursive: true, force: true });
  fsyncDir(tmpRoot(dir));
}

/**
 * Build the re-keyed vault beside the live one and commit it (state → swapping). The caller then closes the
 * source vault and calls `completeRekey`. Any failure before the commit removes the work folder.
 */
export async function buildRekey(dir: string, source: RekeySource, target: RekeyTarget, opts: RekeyOptions): Promise<string> {
  const work = join(tmpRoot(dir), `${REKEY_PREFIX}${toHex(randomBytes(8))}`);
  mkdirSync(work, { recursive: true, mode: 0o700 });
  const state: RekeyState = { v: 1, phase: 'building', blobs: target.blobs !== null };
  writeState(work, state);
  const progress = opts.onProgress ?? (() => undefined);
  let db: Database.Database | null = null;
  try {
    db = openDatabase(join(work, DB_FILE), opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    const newDb = db;
    const witnessKey = target.witnessRecords;
    let newAudit: AuditLog | null = null;
    const auditHead = () => {
      const last = newAudit?.last();
      return last ? { seq: last.seq, hash: last.hash } : null;
    };
    const store = new SealedStore(newDb, { records: () => target.records, witness_records: () => witnessKey ?? undefined }, opts.now, {
      key: () => target.commitment,
      auditHead,
    });

    // Records: scan with the old key, put with the new one, in batches (one transaction each).
    const copyTable = (table: 'records' | 'witness_records') => {
      const total = source.store.count(table);
      let done = 0;
      let batch: Parameters<SealedStore['put']>[1][] = [];
      const flush = () => {
        const rows = batch;
        batch = [];
        store.transaction(() => rows.forEach((r) => store.put(table, r)));
        done += rows.length;
        progress({ step: table, done, total });
      };
      for (const rec of source.store.scan(table)) {
        batch.push(rec);
        if (batch.length >= BATCH) flush();
      }
      flush();
    };
    copyTable('records');
    if (witnessKey && source.readWitness) copyTable('witness_records');
    else {
      // The compartment key is unchanged: its rows are already sealed for it, and are copied as they are.
      const rows = source.db.prepare('SELECT id, ct FROM witness_records').raw(true).all() as [Uint8Array, Uint8Array][];
      const ins = newDb.prepare('INSERT INTO witness_records (id, ct) VALUES (?, ?)');
      newDb.transaction(() => rows.forEach(([id, ct]) => ins.run(id, ct)))();
      progress({ step: 'witness_records', done: rows.length, total: rows.length });
    }

    // Audit: same entries, same heads (same plaintext, so the hash chain and old signatures hold), new seal.
    const audit = (newAudit = new AuditLog({ db: newDb, key: () => target.audit, signer: () => target.signing, actor: () => opts.actor, device: () => opts.device ?? '', now: opts.now }));
    const total = source.audit.count();
    let done = 0;
    newDb.transaction(() => {
      for (const e of source.audit.entries()) {
        audit.restoreEntry(e);
        if (++done % BATCH === 0) progress({ step: 'audit', done, total });
      }
      for (const h of source.audit.heads()) audit.restoreHead(h);
      for (const input of opts.entries) audit.append(input);
      audit.signHead('rekey');
    })();
    progress({ step: 'audit', done, total });
    // The commitment over every row of the copy, under the new key, continuing the source's counter. The head
    // this computer remembers is written beside the old one (pending) before the commit point: after the swap
    // only the new key verifies it (head-state.ts).
    const committed = store.rebuildCommitment(source.counter);
    writeSeenHead({ vaultId: target.vaultId, counter: committed.counter, commitment: committed.commitment, audit: committed.audit }, target.seenHead.bytes, { pending: true });
    newDb.pragma('wal_checkpoint(TRUNCATE)');
    newDb.close();
    db = null;

    // Blobs: read with the old key, write with the new one, same ids (records name them).
    if (target.blobs) {
      const blobKey = target.blobs;
      const next = new BlobStore(work, () => blobKey);
      const ids = source.blobs.listOnDisk();
      let n = 0;
      for (const id of ids) {
        await next.write(source.blobs.read(id), { blobId: id });
        progress({ step: 'blobs', done: ++n, total: ids.length });
      }
      mkdirSync(next.blobsDir, { recursive: true, mode: 0o700 });
      rmSync(next.tmpDir, { recursive: true, force: true });
    }

    writeFileAtomic(join(work, HEADER_FILE), serializeHeader(target.header));
    progress({ step: 'header', done: 1, total: 1 });
    fsyncDir(work);
    writeState(work, { ...state, phase: 'swapping' });
    progress({ step: 'commit', done: 1, total: 1 });
    return work;
  } catch (e) {
    if (db?.open) db.close();
    rmSync(work, { recursive: true, force: true });
    throw e instanceof SanctumError ? e : new SanctumError('INTERNAL', `re-key failed; the vault is unchanged: ${(e as Error).message}`);
  }
}

/** Swap the committed re-key into place (the source vault must be closed). */
export function completeRekey(dir: string, work: string, onProgress?: (p: RekeyProgress) => void): void {
  const state = readState(work);
  if (state?.phase !== 'swapping') throw new SanctumError('INTERNAL', 're-key was not committed');
  onProgress?.({ step: 'swap', done: 0, total: 3 });
  swap(dir, work, state, onProgress);
}
