/**
 * The vault: a folder holding the header, the sealed-record database and the encrypted blobs.
 *
 * Key hierarchy (ARCHITECTURE.md §3):
 *   passphrase --Argon2id--> KEK --unwraps--> master key (random, 32 bytes)
 *   recovery key --BLAKE2b--> KEK' --unwraps--> master key
 *   master key --crypto_kdf--> records key (1), blobs key (2), audit key (3), Ed25519 signing seed (4)
 *   witness passphrase --Argon2id--> KEK_w --unwraps--> witness compartment key (random; also wrapped by the
 *   recovery key). Unlocking the vault does not open the compartment: witness identities need their own step.
 *
 * Nothing is written to disk until a passphrase has been verified; header rewrites are atomic.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SanctumError } from '../errors';
import { aeadOpen, aeadSeal } from '../crypto/aead';
import { randomBytes, toHex } from '../crypto/bytes';
import { deriveKeyOffThread } from '../crypto/kdf-off-thread';
import { KDF_DEFAULT, KDF_SALT_BYTES, assertKdfCost, type KdfCost, type KdfParams } from '../crypto/kdf';
import { formatRecoveryKey, openForRecovery, parseRecoveryKey, RECOVERY_SECRET_BYTES, recoveryBoxKeyPair, recoveryKek, sealForRecovery } from '../crypto/recovery-key';
import { SecretKey, deriveSubkey } from '../crypto/secret-key';
import { fingerprint, signDetached, signingKeyPairFromSeed, type SigningKeyPair } from '../crypto/sign';
import { sodium } from '../crypto/sodium';
import { AuditLog, KEY_ROTATED_ACTION, rotationMessage, type AuditEntry, type AuditInput } from '../audit/audit-log';
import { BlobStore } from '../blobs/blob-store';
import { DB_FILE, openDatabase } from '../store/database';
import { SealedStore, type StoredRecord } from '../store/sealed-store';
import { writeFileAtomic } from '../util/atomic-file';
import { readSeenHead, writeSeenHead } from './head-state';
import { HEADER_FILE, macMessage, parseHeader, serializeHeader, wrapAd, type VaultHeader } from './header';
import { buildRekey, completeRekey, finishInterruptedRekey, type RekeyProgress } from './rekey';
import { MIN_PASSPHRASE_LENGTH, passphraseLength } from '../../../shared/vault-policy';

export { MIN_PASSPHRASE_LENGTH };

export interface VaultOpenOptions {
  /** better-sqlite3 binding built for Electron, when running inside the app. */
  nativeBinding?: string;
  /** Who is acting, for the audit log. */
  actor?: string;
  /** On which computer (recorded with the actor when not empty). */
  device?: string;
  now?: () => Date;
  /** What opened the vault (app, cli:check …), recorded in the audit log. */
  via?: string;
  /** Record the unlock in the audit log here (default). The app records it itself once it knows the analyst. */
  recordUnlock?: boolean;
  /**
   * What to do when the integrity check at open fails (rows put back, deleted or added; audit log truncated;
   * vault older than this profile last saw): `enforce` (default) refuses to open; `report` (vault check)
   * opens read-only and lists the problems in `vault.integrityProblems`.
   */
  integrity?: 'enforce' | 'report';
  /** Accept a vault older than the last state this profile saw (a deliberate restore from backup; logged). */
  acceptRollback?: boolean;
  /**
   * Decrypt every record in the same pass over the table as the integrity check, and keep them for the
   * first `new Repository(vault)` (which then decrypts nothing): the session's unlock. Without it the check
   * reads the ciphertexts only and the repository reads them again.
   */
  preload?: boolean;
}

/** One finding of the integrity check at open. */
export interface IntegrityProblem {
  code: 'VAULT_ROLLED_BACK' | 'RECORD_TAMPERED' | 'AUDIT_BROKEN';
  message: string;
  where: string;
  /** Only an older-than-seen vault can be accepted (`acceptRollback`); row or log tampering never. */
  acceptable: boolean;
}

export interface CreateVaultOptions extends VaultOpenOptions {
  passphrase: string;
  /** Separate passphrase for the witness-identity compartment; defaults to the vault passphrase. */
  witnessPassphrase?: string;
  kdf?: KdfCost;
}

const SUBKEY_CONTEXT = 'sanctum_';
const WITNESS_CONTEXT = 'sanctumW';
enum Purpose {
  Records = 1,
  Blobs = 2,
  Audit = 3,
  Signing = 4,
  /** Key of the commitment over all sealed rows (store/commitment.ts). */
  Commitment = 5,
  /** MAC key of the last-seen head kept in the user profile (vault/head-state.ts). */
  SeenHead = 6,
  /** MAC key over the header (checked after unwrapping, so a changed header is told from a wrong passphrase). */
  HeaderMac = 7,
}

/** crypto_auth tag over the header's canonical body, keyed by a subkey of the master key. */
function headerMac(master: SecretKey, header: VaultHeader): Uint8Array {
  const key = deriveSubkey(master, Purpose.HeaderMac, SUBKEY_CONTEXT);
  try {
    return sodium().crypto_auth(macMessage(header), key.bytes);
  } finally {
    key.wipe();
  }
}

function withMac(master: SecretKey, header: VaultHeader): VaultHeader {
  const { mac: _old, ...rest } = header;
  return { ...rest, mac: headerMac(master, rest) };
}

/**
 * After unwrapping: a header with a MAC must match it (else HEADER_ALTERED: the passphrase was right, a field it
 * does not bind was edited); a header from before the MAC gets one now.
 */
function checkHeaderMac(dir: string, header: VaultHeader, master: SecretKey): VaultHeader {
  if (header.mac) {
    const key = deriveSubkey(master, Purpose.HeaderMac, SUBKEY_CONTEXT);
    const ok = sodium().crypto_auth_verify(header.mac, macMessage(header), key.bytes);
    key.wipe();
    if (!ok) {
      master.wipe();
      throw new SanctumError('HEADER_ALTERED', 'the passphrase is right but the vault header was altered since Sanctum last wrote it', join(dir, HEADER_FILE));
    }
    return header;
  }
  if (header.recoveryPublicKey) {
    // Every header with a recovery public key was written with a MAC: a missing one was stripped, e.g. to
    // swap in another recovery key that the next re-key would wrap the new master key for.
    master.wipe();
    throw new SanctumError('HEADER_ALTERED', 'the passphrase is right but the vault header was altered (its MAC was removed)', join(dir, HEADER_FILE));
  }
  const next = withMac(master, header);
  writeFileAtomic(join(dir, HEADER_FILE), serializeHeader(next));
  return next;
}

/** Owner-only permissions on the vault folder and what it holds (POSIX; Windows ACLs are left to the folder). */
export function tightenPermissions(dir: string): void {
  if (process.platform === 'win32') return;
  const fix = (path: string, mode: number): boolean => {
    if (!existsSync(path) || (statSync(path).mode & 0o777) === mode) return false;
    chmodSync(path, mode);
    return true;
  };
  fix(dir, 0o700);
  for (const f of [HEADER_FILE, DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) fix(join(dir, f), 0o600);
  for (const d of ['blobs', 'tmp']) {
    const root = join(dir, d);
    if (!existsSync(root)) mkdirSync(root, { mode: 0o700 });
    fix(root, 0o700);
  }
  const blobs = join(dir, 'blobs');
  for (const shard of readdirSync(blobs)) {
    const sd = join(blobs, shard);
    if (!statSync(sd).isDirectory()) continue;
    // Blob files are created 0600; their modes are only walked where a shard folder itself was loose (a vault
    // copied or made by something else), so an unlock does not stat every file of a large vault.
    if (fix(sd, 0o700)) for (const f of readdirSync(sd)) fix(join(sd, f), 0o600);
  }
}

/** Recover the master key with the recovery secret: sealed box (current headers) or symmetric wrap (v1). */
function unwrapMasterWithRecovery(header: VaultHeader, secret: Uint8Array): SecretKey | null {
  if (header.recoveryPublicKey) {
    const kp = recoveryBoxKeyPair(secret, header.vaultId);
    const k = openForRecovery(header.keys.recovery, 'master', header.vaultId, kp);
    wipe(kp.privateKey);
    return k ? new SecretKey(k) : null;
  }
  const kek = recoveryKek(secret, header.vaultId, 'master');
  const master = unwrap(kek, header.keys.recovery, wrapAd(header.vaultId, 'recovery.master'));
  wipe(kek);
  return master;
}

function unwrapWitnessWithRecovery(header: VaultHeader, secret: Uint8Array): SecretKey | null {
  if (header.recoveryPublicKey) {
    const kp = recoveryBoxKeyPair(secret, header.vaultId);
    const k = openForRecovery(header.witness.keys.recovery, 'witness', header.vaultId, kp);
    wipe(kp.privateKey);
    return k ? new SecretKey(k) : null;
  }
  const kek = recoveryKek(secret, header.vaultId, 'witness');
  const key = unwrap(kek, header.witness.keys.recovery, wrapAd(header.vaultId, 'recovery.witness'));
  wipe(kek);
  return key;
}

function requireRecoveryPublicKey(header: VaultHeader): Uint8Array {
  if (!header.recoveryPublicKey) {
    throw new SanctumError(
      'RECOVERY_KEY_OUTDATED',
      'this vault\'s recovery key predates re-keying, so a new master key cannot be wrapped for it; issue a new recovery key first (vault new-recovery-key), then try again',
    );
  }
  return header.recoveryPublicKey;
}

function copyKey(key: SecretKey): SecretKey {
  return new SecretKey(Uint8Array.from(key.bytes));
}

/** `field` names the form field, so the UI can put the message next to the right box. */
export function checkPassphraseStrength(passphrase: string, label = 'passphrase', field = 'passphrase'): void {
  if (passphraseLength(passphrase) < MIN_PASSPHRASE_LENGTH) {
    throw new SanctumError('WEAK_PASSPHRASE', `the ${label} must have at least ${MIN_PASSPHRASE_LENGTH} characters; a few unrelated words work well`, field);
  }
}

export function vaultExists(dir: string): boolean {
  return existsSync(join(dir, HEADER_FILE));
}

export function readHeader(dir: string): VaultHeader {
  const path = join(dir, HEADER_FILE);
  if (!existsSync(path)) throw new SanctumError('HEADER_MISSING', `there is no Sanctum vault in ${dir}`, path);
  return parseHeader(readFileSync(path, 'utf8'), path);
}

function newKdf(cost: KdfCost): KdfParams {
  assertKdfCost(cost);
  return { alg: 'argon2id13', opsLimit: cost.opsLimit, memLimitBytes: cost.memLimitBytes, salt: randomBytes(KDF_SALT_BYTES) };
}

function wrap(kek: Uint8Array, key: SecretKey, ad: Uint8Array): Uint8Array {
  return aeadSeal(kek, key.bytes, ad);
}

function unwrap(kek: Uint8Array, wrapped: Uint8Array, ad: Uint8Array): SecretKey | null {
  const k = aeadOpen(kek, wrapped, ad);
  return k && k.length === 32 ? new SecretKey(k) : null;
}

function wipe(bytes: Uint8Array): void {
  sodium().memzero(bytes);
}

async function unwrapWithPassphrase(header: VaultHeader, passphrase: string): Promise<SecretKey> {
  const kek = await deriveKeyOffThread(passphrase, header.kdf);
  try {
    const master = unwrap(kek, header.keys.passphrase, wrapAd(header.vaultId, 'passphrase.master', header.kdf));
    if (!master) throw new SanctumError('WRONG_PASSPHRASE', 'wrong passphrase');
    return master;
  } finally {
    wipe(kek);
  }
}

export async function createVault(dir: string, opts: CreateVaultOptions): Promise<{ vault: Vault; recoveryKey: string }> {
  checkPassphraseStrength(opts.passphrase);
  const witnessPassphrase = opts.witnessPassphrase ?? opts.passphrase;
  checkPassphraseStrength(witnessPassphrase, 'witness compartment passphrase', 'witnessPassphrase');
  if (vaultExists(dir)) throw new SanctumError('VAULT_EXISTS', `a vault already exists in ${dir}`, dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new SanctumError('VAULT_EXISTS', `${dir} is not empty; choose an empty or new folder for a vault`, dir);
  }
  const cost = opts.kdf ?? KDF_DEFAULT;
  const vaultId = randomBytes(16);
  const kdf = newKdf(cost);
  const witnessKdf = newKdf(cost);
  const master = new SecretKey(randomBytes(32));
  const witness = new SecretKey(randomBytes(32));
  const recovery = randomBytes(RECOVERY_SECRET_BYTES);
  const [kek, kekW] = await Promise.all([deriveKeyOffThread(opts.passphrase, kdf), deriveKeyOffThread(witnessPassphrase, witnessKdf)]);
  const rec = recoveryBoxKeyPair(recovery, vaultId);
  const header: VaultHeader = withMac(master, {
    vaultId,
    kdf,
    keys: {
      passphrase: wrap(kek, master, wrapAd(vaultId, 'passphrase.master', kdf)),
      recovery: sealForRecovery(master.bytes, 'master', vaultId, rec.publicKey),
    },
    witness: {
      kdf: witnessKdf,
      keys: {
        passphrase: wrap(kekW, witness, wrapAd(vaultId, 'passphrase.witness', witnessKdf)),
        recovery: sealForRecovery(witness.bytes, 'witness', vaultId, rec.publicKey),
      },
    },
    recoveryPublicKey: rec.publicKey,
  });
  [kek, kekW, rec.privateKey].forEach(wipe);
  const recoveryKey = formatRecoveryKey(recovery);
  wipe(recovery);
  witness.wipe();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tightenPermissions(dir);
  // The database first, the header last: the header's appearance is what makes the folder a vault.
  const vault = Vault.open(dir, header, master, opts);
  try {
    vault.record({ action: 'vault.created', details: { via: opts.via ?? 'app', kdf: { opsLimit: cost.opsLimit, memLimitBytes: cost.memLimitBytes }, separateWitnessPassphrase: opts.witnessPassphrase !== undefined && opts.witnessPassphrase !== opts.passphrase } });
    writeFileAtomic(join(dir, HEADER_FILE), serializeHeader(header));
    tightenPermissions(dir);
  } catch (e) {
    vault.close('aborted');
    throw e;
  }
  return { vault, recoveryKey };
}

export async function unlockVault(dir: string, passphrase: string, opts: VaultOpenOptions = {}): Promise<Vault> {
  finishInterruptedRekey(dir, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  const master = await unwrapWithPassphrase(readHeader(dir), passphrase);
  const header = checkHeaderMac(dir, readHeader(dir), master);
  tightenPermissions(dir);
  const vault = Vault.open(dir, header, master, opts);
  if (opts.recordUnlock !== false && !vault.readOnly) {
    try {
      vault.record({ action: 'vault.unlocked', details: { via: opts.via ?? 'app' } });
    } catch (e) {
      // A log that cannot be appended to (e.g. its last entry was tampered with): do not leave keys behind.
      vault.close('aborted');
      throw e;
    }
  }
  return vault;
}

/**
 * Open with the recovery key, set a new passphrase and re-key the vault (new master key, everything
 * re-encrypted), so an old copy of the header with the old passphrase no longer opens it. The recovery key keeps
 * working. Returns the re-keyed vault.
 */
export async function recoverVault(
  dir: string,
  recoveryKeyText: string,
  newPassphrase: string,
  opts: VaultOpenOptions & { kdf?: KdfCost; onProgress?: (p: RekeyProgress) => void } = {},
): Promise<Vault> {
  checkPassphraseStrength(newPassphrase, 'new passphrase', 'newPassphrase');
  finishInterruptedRekey(dir, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  const secret = parseRecoveryKey(recoveryKeyText);
  try {
    const master = unwrapMasterWithRecovery(readHeader(dir), secret);
    if (!master) throw new SanctumError('WRONG_RECOVERY_KEY', 'this recovery key does not belong to this vault');
    const header = checkHeaderMac(dir, readHeader(dir), master);
    tightenPermissions(dir);
    const vault = Vault.open(dir, header, master, opts);
    try {
      return await vault.resetWithRecovery(secret, newPassphrase, opts.kdf, { via: opts.via ?? 'app' }, opts.onProgress);
    } catch (e) {
      vault.close('aborted');
      throw e;
    }
  } finally {
    wipe(secret);
  }
}

export class Vault {
  readonly dir: string;
  readonly db: Database.Database;
  readonly store: SealedStore;
  readonly audit: AuditLog;
  readonly blobs: BlobStore;
  actor: string;
  /** The device named in the settings ('' = none), recorded with every new audit entry. */
  device: string;

  #header: VaultHeader;
  #master: SecretKey;
  #records: SecretKey;
  #blobKey: SecretKey;
  #auditKey: SecretKey;
  #signing: SigningKeyPair;
  #witness: SecretKey | null = null;
  #witnessRecords: SecretKey | null = null;
  #commitKey: SecretKey;
  #seenKey: SecretKey;
  #closed = false;
  #readOnly = false;
  /** What the integrity check at open found (only non-empty when opened with `integrity: 'report'`). */
  integrityProblems: IntegrityProblem[] = [];
  #rekeying = false;
  /** Records decrypted by the unlock's single pass (`preload`), until the repository takes them. */
  #preloaded: { records: StoredRecord[]; failure: SanctumError | null; writes: number } | null = null;
  readonly #opts: VaultOpenOptions;
  readonly #now: () => Date;

  private constructor(dir: string, header: VaultHeader, master: SecretKey, db: Database.Database, opts: VaultOpenOptions) {
    this.dir = dir;
    this.#opts = opts;
    this.db = db;
    this.#header = header;
    this.#master = master;
    this.#records = deriveSubkey(master, Purpose.Records, SUBKEY_CONTEXT);
    this.#blobKey = deriveSubkey(master, Purpose.Blobs, SUBKEY_CONTEXT);
    this.#auditKey = deriveSubkey(master, Purpose.Audit, SUBKEY_CONTEXT);
    this.#commitKey = deriveSubkey(master, Purpose.Commitment, SUBKEY_CONTEXT);
    this.#seenKey = deriveSubkey(master, Purpose.SeenHead, SUBKEY_CONTEXT);
    const seed = deriveSubkey(master, Purpose.Signing, SUBKEY_CONTEXT);
    this.#signing = signingKeyPairFromSeed(seed.bytes);
    seed.wipe();
    this.actor = opts.actor ?? 'analyst';
    this.device = opts.device ?? '';
    const now = opts.now ?? (() => new Date());
    this.#now = now;
    this.store = new SealedStore(
      db,
      { records: () => this.#live(this.#records), witness_records: () => this.#witnessRecords ?? undefined },
      now,
      {
        key: () => this.#live(this.#commitKey),
        auditHead: () => {
          const last = this.audit.last();
          return last ? { seq: last.seq, hash: last.hash } : null;
        },
      },
    );
    this.audit = new AuditLog({
      db,
      key: () => this.#live(this.#auditKey),
      signer: () => this.#signing,
      actor: () => this.actor,
      device: () => this.device,
      now,
      vaultState: () => this.store.commitState(),
    });
    this.blobs = new BlobStore(dir, () => this.#live(this.#blobKey));
  }

  static open(dir: string, header: VaultHeader, master: SecretKey, opts: VaultOpenOptions): Vault {
    let db: Database.Database;
    try {
      db = openDatabase(join(dir, DB_FILE), opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
    } catch (e) {
      master.wipe();
      throw e;
    }
    const vault = new Vault(dir, header, master, db, opts);
    try {
      vault.#checkIntegrity(opts);
    } catch (e) {
      vault.close('aborted');
      throw e;
    }
    return vault;
  }

  /**
   * The records decrypted by the unlock's single pass (`preload`), once, if the table has not been written
   * since; otherwise null and the caller scans. A row that failed to open is thrown here, naming it, as the
   * scan would have.
   */
  takePreloadedRecords(): StoredRecord[] | null {
    const p = this.#preloaded;
    this.#preloaded = null;
    if (!p || this.#closed || p.writes !== this.store.writes('records')) return null;
    if (p.failure) throw p.failure;
    return p.records;
  }

  /** True when opened for inspection despite integrity problems: nothing is written, not even the lock. */
  get readOnly(): boolean {
    return this.#readOnly;
  }

  /**
   * Recompute the commitment over all rows and compare it with the committed one, the audit log with the
   * committed audit head, and the commit counter with the last one this profile saw (head-state.ts).
   */
  #checkIntegrity(opts: VaultOpenOptions): void {
    const problems: IntegrityProblem[] = [];
    let meta = null as ReturnType<SealedStore['readCommitment']>;
    try {
      meta = this.store.readCommitment();
    } catch (e) {
      if (!(e instanceof SanctumError)) throw e;
      problems.push({ code: 'VAULT_ROLLED_BACK', message: e.message, where: e.where ?? 'vault.db/vault_meta', acceptable: false });
    }
    let fresh: { commitment: string; rows: Record<'records' | 'witness_records', number> };
    if (opts.preload && opts.integrity !== 'report') {
      const pass = this.store.scanForUnlock('records');
      fresh = pass;
      this.#preloaded = { records: pass.records, failure: pass.failure, writes: this.store.writes('records') };
    } else {
      fresh = this.store.recomputeCommitment();
    }
    let last: AuditEntry | null = null;
    try {
      last = this.audit.last();
    } catch (e) {
      if (!(e instanceof SanctumError)) throw e;
      problems.push({ code: 'AUDIT_BROKEN', message: e.message, where: e.where ?? 'audit log', acceptable: false });
    }
    const seen = readSeenHead(this.vaultId, this.#seenKey.bytes);
    let hadCommitment = false;
    try {
      hadCommitment = this.audit.heads().some((h) => h.vault !== undefined);
    } catch (e) {
      if (!(e instanceof SanctumError)) throw e;
      problems.push({ code: 'AUDIT_BROKEN', message: e.message, where: e.where ?? 'audit heads', acceptable: false });
    }

    if (!meta && problems.length === 0 && (hadCommitment || seen.kind === 'ok')) {
      problems.push({ code: 'VAULT_ROLLED_BACK', message: 'the vault commitment row is missing (deleted outside Sanctum)', where: 'vault.db/vault_meta', acceptable: false });
    }
    if (meta) {
      for (const table of ['records', 'witness_records'] as const) {
        const d = fresh.rows[table] - meta.rows[table];
        if (d < 0) problems.push({ code: 'VAULT_ROLLED_BACK', message: `${-d} row(s) of ${table} committed by Sanctum are missing (deleted outside Sanctum)`, where: `vault.db/${table}`, acceptable: false });
        if (d > 0) problems.push({ code: 'RECORD_TAMPERED', message: `${d} row(s) in ${table} were not committed by Sanctum (added outside it)`, where: `vault.db/${table}`, acceptable: false });
      }
      if (fresh.commitment !== meta.commitment && fresh.rows.records === meta.rows.records && fresh.rows.witness_records === meta.rows.witness_records) {
        problems.push({
          code: 'VAULT_ROLLED_BACK',
          message: 'a record is not the version Sanctum last committed (an older copy put back, or replaced outside Sanctum)',
          where: 'vault.db/records+witness_records',
          acceptable: false,
        });
      }
      if (meta.audit && problems.every((p) => p.code !== 'AUDIT_BROKEN')) {
        const at = last && last.seq >= meta.audit.seq ? this.audit.entry(meta.audit.seq) : null;
        if (!last || last.seq < meta.audit.seq) {
          problems.push({ code: 'VAULT_ROLLED_BACK', message: `the audit log ends at #${last?.seq ?? 0} but the vault committed entry #${meta.audit.seq}: it was truncated`, where: `audit log #${meta.audit.seq}`, acceptable: false });
        } else if (at?.hash !== meta.audit.hash) {
          problems.push({ code: 'AUDIT_BROKEN', message: `audit entry #${meta.audit.seq} is not the one the vault committed`, where: `audit log #${meta.audit.seq}`, acceptable: false });
        }
      }
    }
    if (seen.kind === 'invalid') {
      problems.push({ code: 'VAULT_ROLLED_BACK', message: 'the record of this vault kept on this computer failed its check', where: seen.path, acceptable: true });
    } else if (seen.kind === 'ok' && meta) {
      const h = seen.head;
      if (meta.counter < h.counter || (meta.counter === h.counter && meta.commitment !== h.commitment)) {
        problems.push({
          code: 'VAULT_ROLLED_BACK',
          message: `the vault is at commit #${meta.counter} but this computer last saw commit #${h.counter}: an older copy of the vault was put back`,
          where: 'vault.db',
          acceptable: true,
        });
      }
    }

    const accepted = opts.acceptRollback === true && problems.length > 0 && problems.every((p) => p.acceptable);
    if (problems.length && !accepted) {
      // Nothing decrypted from a vault that failed its check is kept (Vault.open closes it; this is belt and braces).
      this.#preloaded = null;
      if (opts.integrity !== 'report') {
        const p = problems[0]!;
        const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s); run \`sanctum vault check\`)` : '';
        throw new SanctumError(p.code, `${p.message}${more}. The vault was not opened.`, p.where);
      }
      this.integrityProblems = problems;
      this.#readOnly = true;
      // Keep the committed value (not the recomputed one), so nothing here could ever make a mismatch vanish.
      this.store.track(meta ?? { counter: 0, ...fresh });
      return;
    }
    if (!meta) {
      this.store.track({ counter: 0, ...fresh });
      // A vault made before commitments: commit to what is there now (logged). A new vault gets its row with
      // its first entry.
      if (last || fresh.rows.records + fresh.rows.witness_records > 0) {
        this.record({ action: 'vault.commitment_created', details: { rows: fresh.rows } });
      }
    } else {
      this.store.track(meta);
    }
    if (accepted) {
      const h = seen.kind === 'ok' ? seen.head : null;
      this.record({ action: 'vault.rollback_accepted', details: { via: opts.via ?? 'app', seenCounter: h?.counter ?? null, foundCounter: meta?.counter ?? null } });
    }
    if (meta || last) {
      try {
        this.#rememberHead();
      } catch {
        // An unwritable profile folder must not lock the investigator out; the check above has already run.
      }
    }
  }

  /** Store the current head in the user profile (at unlock and lock), for whole-vault rollback detection. */
  #rememberHead(): void {
    const state = this.store.commitState();
    if (!state) return;
    const last = this.audit.last();
    writeSeenHead({ vaultId: this.vaultId, counter: state.counter, commitment: state.commitment, audit: last ? { seq: last.seq, hash: last.hash } : null }, this.#seenKey.bytes);
  }

  #live(key: SecretKey): SecretKey {
    if (this.#closed) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    return key;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get vaultId(): string {
    return toHex(this.#header.vaultId);
  }

  get publicKey(): Uint8Array {
    return this.#signing.publicKey;
  }

  get fingerprint(): string {
    return fingerprint(this.#signing.publicKey);
  }

  /** Sign bytes with the vault's Ed25519 key (packages, exports). */
  signer(): SigningKeyPair {
    this.#live(this.#master);
    return this.#signing;
  }

  get witnessUnlocked(): boolean {
    return this.#witness !== null;
  }

  /** One user action = one transaction, with its audit entry inside it. */
  action<T>(input: AuditInput, fn: (entry: AuditEntry) => T): T {
    this.#live(this.#master);
    if (this.#readOnly) throw new SanctumError('VAULT_ROLLED_BACK', 'the vault failed its integrity check and is open for inspection only', 'vault.db');
    // A change made while a re-key copies the vault would be lost with the old database.
    if (this.#rekeying) throw new SanctumError('VAULT_BUSY', 'the vault is being re-encrypted; try again when it has finished');
    return this.store.transaction(() => {
      const entry = this.audit.append(input);
      return fn(entry);
    });
  }

  /** Append an audit entry on its own (for reads: views, exports, unlocks). */
  record(input: AuditInput): AuditEntry {
    return this.action(input, (e) => e);
  }

  /** Record an access (not a change); skipped when the vault is open read-only for inspection. */
  #note(input: AuditInput): void {
    if (!this.#readOnly) this.record(input);
  }

  async unlockWitness(passphrase: string): Promise<void> {
    this.#live(this.#master);
    if (this.#witness) return;
    const h = this.#header.witness;
    const kek = await deriveKeyOffThread(passphrase, h.kdf);
    const key = unwrap(kek, h.keys.passphrase, wrapAd(this.#header.vaultId, 'passphrase.witness', h.kdf));
    wipe(kek);
    if (!key) {
      this.#note({ action: 'compartment.unlock_failed' });
      throw new SanctumError('WRONG_PASSPHRASE', 'wrong witness compartment passphrase');
    }
    this.#witness = key;
    this.#witnessRecords = deriveSubkey(key, 1, WITNESS_CONTEXT);
    this.#note({ action: 'compartment.unlocked' });
  }

  lockWitness(): void {
    if (!this.#witness) return;
    this.#witness.wipe();
    this.#witnessRecords?.wipe();
    this.#witness = null;
    this.#witnessRecords = null;
    if (!this.#closed) this.#note({ action: 'compartment.locked' });
  }

  /** Re-authentication: the passphrase must unwrap the master key (AEAD open, through the usual KDF). */
  async verifyPassphrase(passphrase: string): Promise<void> {
    this.#live(this.#master);
    const check = await unwrapWithPassphrase(this.#header, passphrase);
    check.wipe();
  }

  /**
   * Re-key (ARCHITECTURE.md §3 "Re-key"): build the vault again under new keys beside this one, commit, close
   * this vault (its keys are wiped) and return the re-keyed vault. `master: 'new'` draws a new master key (new
   * records, blobs and audit keys and a new signing key, whose rotation the old key endorses in the log);
   * `witness` re-keys the compartment. Until the commit a failure leaves this vault open and unchanged.
   */
  async #rekey(spec: {
    master: 'new' | 'same';
    header: (master: SecretKey) => VaultHeader;
    witness?: { old: SecretKey; next: SecretKey } | undefined;
    entry: AuditInput;
    onProgress?: ((p: RekeyProgress) => void) | undefined;
  }): Promise<Vault> {
    this.#live(this.#master);
    if (this.#rekeying) throw new SanctumError('VAULT_BUSY', 'a re-key is already running');
    const master = spec.master === 'new' ? new SecretKey(randomBytes(32)) : copyKey(this.#master);
    const records = deriveSubkey(master, Purpose.Records, SUBKEY_CONTEXT);
    const blobs = spec.master === 'new' ? deriveSubkey(master, Purpose.Blobs, SUBKEY_CONTEXT) : null;
    const audit = deriveSubkey(master, Purpose.Audit, SUBKEY_CONTEXT);
    const seed = deriveSubkey(master, Purpose.Signing, SUBKEY_CONTEXT);
    const commitment = deriveSubkey(master, Purpose.Commitment, SUBKEY_CONTEXT);
    const seenHead = deriveSubkey(master, Purpose.SeenHead, SUBKEY_CONTEXT);
    const signing = signingKeyPairFromSeed(seed.bytes);
    seed.wipe();
    const witnessOld = spec.witness ? deriveSubkey(spec.witness.old, 1, WITNESS_CONTEXT) : null;
    const witnessNext = spec.witness ? deriveSubkey(spec.witness.next, 1, WITNESS_CONTEXT) : null;
    const wipeNew = () => {
      for (const k of [records, blobs, audit, commitment, seenHead, witnessOld, witnessNext]) k?.wipe();
      wipe(signing.secretKey);
    };
    const entries: AuditInput[] = [spec.entry];
    if (spec.master === 'new') {
      const oldPk = toHex(this.#signing.publicKey);
      const newPk = toHex(signing.publicKey);
      entries.push({
        action: KEY_ROTATED_ACTION,
        details: { oldPublicKey: oldPk, newPublicKey: newPk, endorsement: toHex(signDetached(rotationMessage(oldPk, newPk), this.#signing.secretKey)) },
      });
    }
    this.#rekeying = true;
    let work: string;
    let handedOver = false;
    try {
      const header = withMac(master, spec.header(master));
      const source = new SealedStore(this.db, { records: () => this.#live(this.#records), witness_records: () => witnessOld ?? undefined }, this.#now);
      work = await buildRekey(
        this.dir,
        { db: this.db, store: source, audit: this.audit, blobs: this.blobs, readWitness: witnessOld !== null, counter: this.store.commitState()?.counter ?? 0 },
        { header, records, blobs, audit, signing, witnessRecords: witnessNext, commitment, seenHead, vaultId: this.vaultId },
        { ...(this.#opts.nativeBinding ? { nativeBinding: this.#opts.nativeBinding } : {}), actor: this.actor, device: this.device, now: this.#now, entries, ...(spec.onProgress ? { onProgress: spec.onProgress } : {}) },
      );
      // Committed: from here the re-key completes, now or at the next unlock.
      const keepWitness = spec.witness ? copyKey(spec.witness.next) : this.#witness ? copyKey(this.#witness) : null;
      const actor = this.actor;
      const device = this.device;
      this.#rekeying = false;
      this.close('aborted');
      try {
        completeRekey(this.dir, work, spec.onProgress);
        tightenPermissions(this.dir);
      } catch (e) {
        keepWitness?.wipe();
        throw e;
      }
      handedOver = true; // Vault.open owns the master key now (and wipes it if it fails)
      const next = Vault.open(this.dir, header, master, this.#opts);
      next.actor = actor;
      next.device = device;
      if (keepWitness) {
        next.#witness = keepWitness;
        next.#witnessRecords = deriveSubkey(keepWitness, 1, WITNESS_CONTEXT);
      }
      return next;
    } catch (e) {
      if (!handedOver) master.wipe();
      throw e;
    } finally {
      this.#rekeying = false;
      wipeNew();
    }
  }

  /**
   * Check the current passphrase, then re-key the vault under a new master key wrapped by the new passphrase.
   * An old copy of the header no longer opens the vault; the recovery key keeps working. Returns the re-keyed
   * vault (this one is closed).
   */
  async changePassphrase(current: string, next: string, kdf?: KdfCost, onProgress?: (p: RekeyProgress) => void): Promise<Vault> {
    checkPassphraseStrength(next, 'new passphrase', 'next');
    const check = await unwrapWithPassphrase(this.#header, current).catch((e: unknown) => {
      if (e instanceof SanctumError && e.code === 'WRONG_PASSPHRASE') throw new SanctumError('WRONG_PASSPHRASE', 'the current passphrase is wrong; nothing was changed');
      throw e;
    });
    check.wipe();
    const pk = requireRecoveryPublicKey(this.#header);
    const params = newKdf(kdf ?? { opsLimit: this.#header.kdf.opsLimit, memLimitBytes: this.#header.kdf.memLimitBytes });
    const kek = await deriveKeyOffThread(next, params);
    const id = this.#header.vaultId;
    try {
      return await this.#rekey({
        master: 'new',
        header: (m) => ({
          ...this.#header,
          kdf: params,
          keys: { passphrase: wrap(kek, m, wrapAd(id, 'passphrase.master', params)), recovery: sealForRecovery(m.bytes, 'master', id, pk) },
        }),
        entry: { action: 'vault.passphrase_changed', details: { rekeyed: true, kdf: { opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes } } },
        onProgress,
      });
    } finally {
      wipe(kek);
    }
  }

  /** Recovery: set a new passphrase and re-key (the recovery key, given as its secret, keeps working). */
  async resetWithRecovery(secret: Uint8Array, next: string, cost: KdfCost | undefined, extra: Record<string, unknown>, onProgress?: (p: RekeyProgress) => void): Promise<Vault> {
    this.#live(this.#master);
    const id = this.#header.vaultId;
    const params = newKdf(cost ?? { opsLimit: this.#header.kdf.opsLimit, memLimitBytes: this.#header.kdf.memLimitBytes });
    const kek = await deriveKeyOffThread(next, params);
    const rec = recoveryBoxKeyPair(secret, id);
    // A v1 header (symmetric recovery wraps) moves to sealed boxes now: the compartment key is re-wrapped too.
    let witnessRecovery = this.#header.witness.keys.recovery;
    if (!this.#header.recoveryPublicKey) {
      const w = unwrapWitnessWithRecovery(this.#header, secret);
      if (!w) throw new SanctumError('WRONG_RECOVERY_KEY', 'this recovery key does not open the witness compartment of this vault');
      witnessRecovery = sealForRecovery(w.bytes, 'witness', id, rec.publicKey);
      w.wipe();
    }
    try {
      return await this.#rekey({
        master: 'new',
        header: (m) => ({
          ...this.#header,
          kdf: params,
          keys: { passphrase: wrap(kek, m, wrapAd(id, 'passphrase.master', params)), recovery: sealForRecovery(m.bytes, 'master', id, rec.publicKey) },
          witness: { ...this.#header.witness, keys: { ...this.#header.witness.keys, recovery: witnessRecovery } },
          recoveryPublicKey: rec.publicKey,
        }),
        entry: { action: 'vault.recovered', details: { ...extra, rekeyed: true, kdf: { opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes } } },
        onProgress,
      });
    } finally {
      wipe(kek);
      wipe(rec.privateKey);
    }
  }

  /**
   * Check the current compartment passphrase, then re-key the compartment: a new witness key, every witness
   * record re-sealed, wrapped by the new passphrase and for the recovery key. Returns the re-keyed vault.
   */
  async changeWitnessPassphrase(current: string, next: string, onProgress?: (p: RekeyProgress) => void): Promise<Vault> {
    this.#live(this.#master);
    checkPassphraseStrength(next, 'new witness compartment passphrase', 'next');
    const h = this.#header.witness;
    const kekOld = await deriveKeyOffThread(current, h.kdf);
    const key = unwrap(kekOld, h.keys.passphrase, wrapAd(this.#header.vaultId, 'passphrase.witness', h.kdf));
    wipe(kekOld);
    if (!key) throw new SanctumError('WRONG_PASSPHRASE', 'the current witness compartment passphrase is wrong; nothing was changed');
    try {
      return await this.#rekeyWitness(key, next, 'compartment.passphrase_changed', onProgress);
    } finally {
      key.wipe();
    }
  }

  async #rekeyWitness(old: SecretKey, next: string, action: string, onProgress?: (p: RekeyProgress) => void, secret?: Uint8Array): Promise<Vault> {
    const id = this.#header.vaultId;
    let pk = this.#header.recoveryPublicKey;
    let masterRecovery = this.#header.keys.recovery;
    if (!pk && secret) {
      // A v1 header moves to sealed-box recovery wraps (the recovery key was just given, so it can be).
      const rec = recoveryBoxKeyPair(secret, id);
      wipe(rec.privateKey);
      pk = rec.publicKey;
      masterRecovery = sealForRecovery(this.#master.bytes, 'master', id, pk);
    }
    if (!pk) pk = requireRecoveryPublicKey(this.#header);
    const recoveryPk = pk;
    const h = this.#header.witness;
    const params = newKdf({ opsLimit: h.kdf.opsLimit, memLimitBytes: h.kdf.memLimitBytes });
    const kek = await deriveKeyOffThread(next, params);
    const fresh = new SecretKey(randomBytes(32));
    try {
      return await this.#rekey({
        master: 'same',
        header: () => ({
          ...this.#header,
          keys: { ...this.#header.keys, recovery: masterRecovery },
          witness: {
            kdf: params,
            keys: { passphrase: wrap(kek, fresh, wrapAd(id, 'passphrase.witness', params)), recovery: sealForRecovery(fresh.bytes, 'witness', id, recoveryPk) },
          },
          recoveryPublicKey: recoveryPk,
        }),
        witness: { old, next: fresh },
        entry: { action, details: { rekeyed: true } },
        onProgress,
      });
    } finally {
      wipe(kek);
      fresh.wipe();
    }
  }

  /**
   * Issue a new recovery key (the old one stops working) and re-key the vault, so an old header copy opened
   * with the old recovery key gives nothing. Needs the current passphrase and the witness compartment open,
   * because the new key must wrap both the master key and the compartment key.
   */
  async rotateRecoveryKey(passphrase: string, onProgress?: (p: RekeyProgress) => void): Promise<{ vault: Vault; recoveryKey: string }> {
    this.#live(this.#master);
    if (!this.#witness) throw new SanctumError('COMPARTMENT_LOCKED', 'unlock the witness compartment first: the new recovery key must also open it');
    const check = await unwrapWithPassphrase(this.#header, passphrase).catch((e: unknown) => {
      if (e instanceof SanctumError && e.code === 'WRONG_PASSPHRASE') throw new SanctumError('WRONG_PASSPHRASE', 'the passphrase is wrong; nothing was changed', 'passphrase');
      throw e;
    });
    check.wipe();
    const secret = randomBytes(RECOVERY_SECRET_BYTES);
    const id = this.#header.vaultId;
    const rec = recoveryBoxKeyPair(secret, id);
    wipe(rec.privateKey);
    const params = newKdf({ opsLimit: this.#header.kdf.opsLimit, memLimitBytes: this.#header.kdf.memLimitBytes });
    const kek = await deriveKeyOffThread(passphrase, params);
    const witness = this.#witness;
    const text = formatRecoveryKey(secret);
    wipe(secret);
    try {
      const vault = await this.#rekey({
        master: 'new',
        header: (m) => ({
          ...this.#header,
          kdf: params,
          keys: { passphrase: wrap(kek, m, wrapAd(id, 'passphrase.master', params)), recovery: sealForRecovery(m.bytes, 'master', id, rec.publicKey) },
          witness: { ...this.#header.witness, keys: { ...this.#header.witness.keys, recovery: sealForRecovery(witness.bytes, 'witness', id, rec.publicKey) } },
          recoveryPublicKey: rec.publicKey,
        }),
        entry: { action: 'vault.recovery_key_rotated', details: { rekeyed: true } },
        onProgress,
      });
      return { vault, recoveryKey: text };
    } finally {
      wipe(kek);
    }
  }

  /** Set a new witness-compartment passphrase using the recovery key, and re-key the compartment. */
  async recoverWitness(recoveryKeyText: string, next: string, onProgress?: (p: RekeyProgress) => void): Promise<Vault> {
    this.#live(this.#master);
    checkPassphraseStrength(next, 'new witness compartment passphrase', 'newPassphrase');
    const secret = parseRecoveryKey(recoveryKeyText);
    try {
      const key = unwrapWitnessWithRecovery(this.#header, secret);
      if (!key) throw new SanctumError('WRONG_RECOVERY_KEY', 'this recovery key does not belong to this vault', 'recoveryKey');
      try {
        return await this.#rekeyWitness(key, next, 'compartment.recovered', onProgress, secret);
      } finally {
        key.wipe();
      }
    } finally {
      wipe(secret);
    }
  }

  /**
   * Lock: record it, sign the log head, close the database, wipe every key. Safe to call twice.
   * `reason` says why (user, idle, suspend, cli …).
   */
  close(reason = 'user'): void {
    if (this.#closed) return;
    try {
      if (this.db.open && reason !== 'aborted' && !this.#readOnly) {
        this.store.transaction(() => {
          this.audit.append({ action: 'vault.locked', details: { reason } });
          this.audit.signHead('lock');
        });
        try {
          this.#rememberHead();
        } catch {
          // An unwritable profile folder must not stop a lock; the next unlock rewrites the file.
        }
      }
    } finally {
      this.#closed = true;
      this.#preloaded = null;
      this.#witness?.wipe();
      this.#witnessRecords?.wipe();
      this.#witness = null;
      this.#witnessRecords = null;
      for (const k of [this.#records, this.#blobKey, this.#auditKey, this.#commitKey, this.#seenKey, this.#master]) k.wipe();
      wipe(this.#signing.secretKey);
      if (this.db.open) this.db.close();
    }
  }
}
