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
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { SanctumError } from '../errors';
import { aeadOpen, aeadSeal } from '../crypto/aead';
import { randomBytes, toHex } from '../crypto/bytes';
import { deriveKeyOffThread } from '../crypto/kdf-off-thread';
import { KDF_DEFAULT, KDF_SALT_BYTES, assertKdfCost, type KdfCost, type KdfParams } from '../crypto/kdf';
import { formatRecoveryKey, parseRecoveryKey, RECOVERY_SECRET_BYTES, recoveryKek } from '../crypto/recovery-key';
import { SecretKey, deriveSubkey } from '../crypto/secret-key';
import { fingerprint, signingKeyPairFromSeed, type SigningKeyPair } from '../crypto/sign';
import { sodium } from '../crypto/sodium';
import { AuditLog, type AuditEntry, type AuditInput } from '../audit/audit-log';
import { BlobStore } from '../blobs/blob-store';
import { DB_FILE, openDatabase } from '../store/database';
import { SealedStore } from '../store/sealed-store';
import { writeFileAtomic } from '../util/atomic-file';
import { HEADER_FILE, parseHeader, serializeHeader, wrapAd, type VaultHeader } from './header';
import { MIN_PASSPHRASE_LENGTH, passphraseLength } from '../../../shared/vault-policy';

export { MIN_PASSPHRASE_LENGTH };

export interface VaultOpenOptions {
  /** better-sqlite3 binding built for Electron, when running inside the app. */
  nativeBinding?: string;
  /** Who is acting, for the audit log. */
  actor?: string;
  now?: () => Date;
  /** What opened the vault (app, cli:check …), recorded in the audit log. */
  via?: string;
  /** Record the unlock in the audit log here (default). The app records it itself once it knows the analyst. */
  recordUnlock?: boolean;
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
  const recKek = recoveryKek(recovery, vaultId, 'master');
  const recKekW = recoveryKek(recovery, vaultId, 'witness');
  const header: VaultHeader = {
    vaultId,
    kdf,
    keys: {
      passphrase: wrap(kek, master, wrapAd(vaultId, 'passphrase.master', kdf)),
      recovery: wrap(recKek, master, wrapAd(vaultId, 'recovery.master')),
    },
    witness: {
      kdf: witnessKdf,
      keys: {
        passphrase: wrap(kekW, witness, wrapAd(vaultId, 'passphrase.witness', witnessKdf)),
        recovery: wrap(recKekW, witness, wrapAd(vaultId, 'recovery.witness')),
      },
    },
  };
  [kek, kekW, recKek, recKekW].forEach(wipe);
  const recoveryKey = formatRecoveryKey(recovery);
  wipe(recovery);
  witness.wipe();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // The database first, the header last: the header's appearance is what makes the folder a vault.
  const vault = Vault.open(dir, header, master, opts);
  try {
    vault.record({ action: 'vault.created', details: { via: opts.via ?? 'app', kdf: { opsLimit: cost.opsLimit, memLimitBytes: cost.memLimitBytes }, separateWitnessPassphrase: opts.witnessPassphrase !== undefined && opts.witnessPassphrase !== opts.passphrase } });
    writeFileAtomic(join(dir, HEADER_FILE), serializeHeader(header));
  } catch (e) {
    vault.close('aborted');
    throw e;
  }
  return { vault, recoveryKey };
}

export async function unlockVault(dir: string, passphrase: string, opts: VaultOpenOptions = {}): Promise<Vault> {
  const header = readHeader(dir);
  const master = await unwrapWithPassphrase(header, passphrase);
  const vault = Vault.open(dir, header, master, opts);
  if (opts.recordUnlock !== false) {
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

/** Open with the recovery key and set a new passphrase (the old one stops working). */
export async function recoverVault(dir: string, recoveryKeyText: string, newPassphrase: string, opts: VaultOpenOptions & { kdf?: KdfCost } = {}): Promise<Vault> {
  checkPassphraseStrength(newPassphrase, 'new passphrase', 'newPassphrase');
  const header = readHeader(dir);
  const secret = parseRecoveryKey(recoveryKeyText);
  const kek = recoveryKek(secret, header.vaultId, 'master');
  const master = unwrap(kek, header.keys.recovery, wrapAd(header.vaultId, 'recovery.master'));
  wipe(kek);
  wipe(secret);
  if (!master) throw new SanctumError('WRONG_RECOVERY_KEY', 'this recovery key does not belong to this vault');
  const vault = Vault.open(dir, header, master, opts);
  try {
    await vault.setPassphrase(newPassphrase, opts.kdf, 'vault.recovered', { via: opts.via ?? 'app' });
  } catch (e) {
    vault.close('aborted');
    throw e;
  }
  return vault;
}

export class Vault {
  readonly dir: string;
  readonly db: Database.Database;
  readonly store: SealedStore;
  readonly audit: AuditLog;
  readonly blobs: BlobStore;
  actor: string;

  #header: VaultHeader;
  #master: SecretKey;
  #records: SecretKey;
  #blobKey: SecretKey;
  #auditKey: SecretKey;
  #signing: SigningKeyPair;
  #witness: SecretKey | null = null;
  #witnessRecords: SecretKey | null = null;
  #closed = false;

  private constructor(dir: string, header: VaultHeader, master: SecretKey, db: Database.Database, opts: VaultOpenOptions) {
    this.dir = dir;
    this.db = db;
    this.#header = header;
    this.#master = master;
    this.#records = deriveSubkey(master, Purpose.Records, SUBKEY_CONTEXT);
    this.#blobKey = deriveSubkey(master, Purpose.Blobs, SUBKEY_CONTEXT);
    this.#auditKey = deriveSubkey(master, Purpose.Audit, SUBKEY_CONTEXT);
    const seed = deriveSubkey(master, Purpose.Signing, SUBKEY_CONTEXT);
    this.#signing = signingKeyPairFromSeed(seed.bytes);
    seed.wipe();
    this.actor = opts.actor ?? 'analyst';
    const now = opts.now ?? (() => new Date());
    this.store = new SealedStore(
      db,
      { records: () => this.#live(this.#records), witness_records: () => this.#witnessRecords ?? undefined },
      now,
    );
    this.audit = new AuditLog({ db, key: () => this.#live(this.#auditKey), signer: () => this.#signing, actor: () => this.actor, now });
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
    return new Vault(dir, header, master, db, opts);
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
    return this.store.transaction(() => {
      const entry = this.audit.append(input);
      return fn(entry);
    });
  }

  /** Append an audit entry on its own (for reads: views, exports, unlocks). */
  record(input: AuditInput): AuditEntry {
    return this.action(input, (e) => e);
  }

  async unlockWitness(passphrase: string): Promise<void> {
    this.#live(this.#master);
    if (this.#witness) return;
    const h = this.#header.witness;
    const kek = await deriveKeyOffThread(passphrase, h.kdf);
    const key = unwrap(kek, h.keys.passphrase, wrapAd(this.#header.vaultId, 'passphrase.witness', h.kdf));
    wipe(kek);
    if (!key) {
      this.record({ action: 'compartment.unlock_failed' });
      throw new SanctumError('WRONG_PASSPHRASE', 'wrong witness compartment passphrase');
    }
    this.#witness = key;
    this.#witnessRecords = deriveSubkey(key, 1, WITNESS_CONTEXT);
    this.record({ action: 'compartment.unlocked' });
  }

  lockWitness(): void {
    if (!this.#witness) return;
    this.#witness.wipe();
    this.#witnessRecords?.wipe();
    this.#witness = null;
    this.#witnessRecords = null;
    if (!this.#closed) this.record({ action: 'compartment.locked' });
  }

  /** Re-authentication: the passphrase must unwrap the master key (AEAD open, through the usual KDF). */
  async verifyPassphrase(passphrase: string): Promise<void> {
    this.#live(this.#master);
    const check = await unwrapWithPassphrase(this.#header, passphrase);
    check.wipe();
  }

  /** Check the current passphrase, then re-wrap the master key under the new one. Only the header changes. */
  async changePassphrase(current: string, next: string, kdf?: KdfCost): Promise<void> {
    checkPassphraseStrength(next, 'new passphrase', 'next');
    const check = await unwrapWithPassphrase(this.#header, current).catch((e: unknown) => {
      if (e instanceof SanctumError && e.code === 'WRONG_PASSPHRASE') throw new SanctumError('WRONG_PASSPHRASE', 'the current passphrase is wrong; nothing was changed');
      throw e;
    });
    check.wipe();
    await this.setPassphrase(next, kdf, 'vault.passphrase_changed');
  }

  async setPassphrase(next: string, cost: KdfCost | undefined, action: string, extra: Record<string, unknown> = {}): Promise<void> {
    this.#live(this.#master);
    const kdf = newKdf(cost ?? { opsLimit: this.#header.kdf.opsLimit, memLimitBytes: this.#header.kdf.memLimitBytes });
    const kek = await deriveKeyOffThread(next, kdf);
    const header: VaultHeader = {
      ...this.#header,
      kdf,
      keys: { ...this.#header.keys, passphrase: wrap(kek, this.#master, wrapAd(this.#header.vaultId, 'passphrase.master', kdf)) },
    };
    wipe(kek);
    // Audit entry and header rewrite together: if the header write fails the entry is rolled back.
    this.action({ action, details: { ...extra, kdf: { opsLimit: kdf.opsLimit, memLimitBytes: kdf.memLimitBytes } } }, () => {
      writeFileAtomic(join(this.dir, HEADER_FILE), serializeHeader(header));
    });
    this.#header = header;
  }

  async changeWitnessPassphrase(current: string, next: string): Promise<void> {
    this.#live(this.#master);
    checkPassphraseStrength(next, 'new witness compartment passphrase', 'next');
    const h = this.#header.witness;
    const kekOld = await deriveKeyOffThread(current, h.kdf);
    const key = unwrap(kekOld, h.keys.passphrase, wrapAd(this.#header.vaultId, 'passphrase.witness', h.kdf));
    wipe(kekOld);
    if (!key) throw new SanctumError('WRONG_PASSPHRASE', 'the current witness compartment passphrase is wrong; nothing was changed');
    const kdf = newKdf({ opsLimit: h.kdf.opsLimit, memLimitBytes: h.kdf.memLimitBytes });
    const kek = await deriveKeyOffThread(next, kdf);
    const header: VaultHeader = {
      ...this.#header,
      witness: { kdf, keys: { ...h.keys, passphrase: wrap(kek, key, wrapAd(this.#header.vaultId, 'passphrase.witness', kdf)) } },
    };
    wipe(kek);
    key.wipe();
    this.action({ action: 'compartment.passphrase_changed' }, () => {
      writeFileAtomic(join(this.dir, HEADER_FILE), serializeHeader(header));
    });
    this.#header = header;
  }

  /**
   * Issue a new recovery key (the old one stops working). Needs the current passphrase and the witness
   * compartment open, because the new key must wrap both the master key and the compartment key.
   */
  async rotateRecoveryKey(passphrase: string): Promise<string> {
    this.#live(this.#master);
    if (!this.#witness) throw new SanctumError('COMPARTMENT_LOCKED', 'unlock the witness compartment first: the new recovery key must also open it');
    const check = await unwrapWithPassphrase(this.#header, passphrase).catch((e: unknown) => {
      if (e instanceof SanctumError && e.code === 'WRONG_PASSPHRASE') throw new SanctumError('WRONG_PASSPHRASE', 'the passphrase is wrong; nothing was changed', 'passphrase');
      throw e;
    });
    check.wipe();
    const secret = randomBytes(RECOVERY_SECRET_BYTES);
    const id = this.#header.vaultId;
    const kek = recoveryKek(secret, id, 'master');
    const kekW = recoveryKek(secret, id, 'witness');
    const header: VaultHeader = {
      ...this.#header,
      keys: { ...this.#header.keys, recovery: wrap(kek, this.#master, wrapAd(id, 'recovery.master')) },
      witness: { ...this.#header.witness, keys: { ...this.#header.witness.keys, recovery: wrap(kekW, this.#witness, wrapAd(id, 'recovery.witness')) } },
    };
    wipe(kek);
    wipe(kekW);
    const text = formatRecoveryKey(secret);
    wipe(secret);
    this.action({ action: 'vault.recovery_key_rotated' }, () => writeFileAtomic(join(this.dir, HEADER_FILE), serializeHeader(header)));
    this.#header = header;
    return text;
  }

  /** Set a new witness-compartment passphrase using the recovery key (the old one is forgotten). */
  async recoverWitness(recoveryKeyText: string, next: string): Promise<void> {
    this.#live(this.#master);
    checkPassphraseStrength(next, 'new witness compartment passphrase', 'newPassphrase');
    const secret = parseRecoveryKey(recoveryKeyText);
    const kekR = recoveryKek(secret, this.#header.vaultId, 'witness');
    wipe(secret);
    const key = unwrap(kekR, this.#header.witness.keys.recovery, wrapAd(this.#header.vaultId, 'recovery.witness'));
    wipe(kekR);
    if (!key) throw new SanctumError('WRONG_RECOVERY_KEY', 'this recovery key does not belong to this vault', 'recoveryKey');
    const h = this.#header.witness;
    const kdf = newKdf({ opsLimit: h.kdf.opsLimit, memLimitBytes: h.kdf.memLimitBytes });
    const kek = await deriveKeyOffThread(next, kdf);
    const header: VaultHeader = {
      ...this.#header,
      witness: { kdf, keys: { ...h.keys, passphrase: wrap(kek, key, wrapAd(this.#header.vaultId, 'passphrase.witness', kdf)) } },
    };
    wipe(kek);
    key.wipe();
    this.action({ action: 'compartment.recovered' }, () => writeFileAtomic(join(this.dir, HEADER_FILE), serializeHeader(header)));
    this.#header = header;
  }

  /**
   * Lock: record it, sign the log head, close the database, wipe every key. Safe to call twice.
   * `reason` says why (user, idle, suspend, cli …).
   */
  close(reason = 'user'): void {
    if (this.#closed) return;
    try {
      if (this.db.open && reason !== 'aborted') {
        this.store.transaction(() => {
          this.audit.append({ action: 'vault.locked', details: { reason } });
          this.audit.signHead('lock');
        });
      }
    } finally {
      this.#closed = true;
      this.#witness?.wipe();
      this.#witnessRecords?.wipe();
      this.#witness = null;
      this.#witnessRecords = null;
      for (const k of [this.#records, this.#blobKey, this.#auditKey, this.#master]) k.wipe();
      wipe(this.#signing.secretKey);
      if (this.db.open) this.db.close();
    }
  }
}
