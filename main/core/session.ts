/**
 * The session: which vault this process serves, whether it is unlocked, and the services that exist only
 * while it is. Both the Electron shell (through the IPC router) and the tests drive this class; the CLI
 * opens vaults directly for one-shot commands.
 */
import { basename } from 'node:path';
import type { KdfCost } from './crypto/kdf';
import { initCrypto } from './crypto/sodium';
import { prewarmKdfWorker } from './crypto/kdf-off-thread';
import { SanctumError } from './errors';
import { IdleLock } from './vault/idle-lock';
import { applyIdentity, loadSettings, saveSettings, DEFAULT_SETTINGS, type Settings } from './vault/settings';
import { createVault, recoverVault, unlockVault, vaultExists, type Vault } from './vault/vault';
import { Repository } from './store/repository';
import { Workspace } from './workspace';
import { keepDrafts, LiveDrafts } from './drafts/drafts';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import type { EventName, EventOf } from '../../shared/ipc/contract';

export interface SessionOptions {
  vaultDir: string;
  /** better-sqlite3 binding built for Electron, when running inside the app. */
  nativeBinding?: string;
  /** KDF cost for new vaults (tests use the floor); default is KDF_DEFAULT. */
  kdf?: KdfCost;
  now?: () => number;
  emit?: <E extends EventName>(event: E, payload: EventOf<E>) => void;
  /** Label for the audit log (app, e2e …). */
  via?: string;
  /** Extract the text of every new evidence file in the background (the app; tests ask for it explicitly). */
  autoText?: boolean;
  /**
   * How long an idle or menu lock waits for the renderer to send the drafts typed in its last moments (asked
   * with the `drafts.flush` event, answered by `drafts.flushed`) before locking. Unset or 0: lock at once.
   */
  draftFlushMs?: number;
  /**
   * Start the key-derivation worker while the vault is locked, so the unlock pays Argon2id only, not the
   * worker's start (crypto/kdf-off-thread.ts). The app sets it; tests and one-shot users need not.
   */
  prewarmKdf?: boolean;
}

export class Session {
  readonly #opts: SessionOptions;
  #vault: Vault | null = null;
  #repo: Repository | null = null;
  #workspace: Workspace | null = null;
  #settings: Settings = DEFAULT_SETTINGS;
  #idle: IdleLock;
  #busy = false;
  readonly #drafts = new LiveDrafts();
  /** While a lock waits for the renderer's last drafts: ends the wait (and locks). */
  #flushed: (() => void) | null = null;
  /** Callers of `lockAfterFlush` waiting for the vault to be locked (the quit path quits after it). */
  #lockWaiters: (() => void)[] = [];

  constructor(opts: SessionOptions) {
    this.#opts = opts;
    this.#idle = new IdleLock({ minutes: 0, now: opts.now ?? Date.now, onIdle: () => void this.lockAfterFlush('idle') });
    if (vaultExists(opts.vaultDir)) this.#prewarm();
  }

  #prewarm(): void {
    if (!this.#opts.prewarmKdf) return;
    try {
      prewarmKdfWorker();
    } catch {
      // Only a head start: the unlock starts its own worker.
    }
  }

  get vaultDir(): string {
    return this.#opts.vaultDir;
  }

  status(): VaultStatus {
    const v = this.#vault;
    return {
      folder: basename(this.#opts.vaultDir),
      exists: v !== null || vaultExists(this.#opts.vaultDir),
      unlocked: v !== null,
      witnessUnlocked: v?.witnessUnlocked ?? false,
      fingerprint: v?.fingerprint ?? null,
      idleLockMinutes: v ? this.#settings.idleLockMinutes : null,
    };
  }

  /** The open vault, or VAULT_LOCKED. */
  vault(): Vault {
    if (!this.#vault) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    return this.#vault;
  }

  /** The unlocked vault's records, in memory. */
  repo(): Repository {
    if (!this.#repo) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    return this.#repo;
  }

  /** Case services of the unlocked vault. */
  workspace(): Workspace {
    if (!this.#workspace) throw new SanctumError('VAULT_LOCKED', 'the vault is locked');
    return this.#workspace;
  }

  /** Unsaved form values of the open vault (memory only; sealed into the vault at lock). */
  drafts(): LiveDrafts {
    this.vault();
    return this.#drafts;
  }

  get settings(): Settings {
    this.vault();
    return this.#settings;
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const vault = this.vault();
    this.#settings = saveSettings(this.repo(), { ...this.#settings, ...patch });
    applyIdentity(vault, this.#settings);
    this.#idle.setMinutes(this.#settings.idleLockMinutes);
    return this.#settings;
  }

  /** One KDF-heavy operation at a time: a double-click must not start two derivations. */
  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#busy) throw new SanctumError('VAULT_BUSY', 'another vault operation is still running');
    this.#busy = true;
    try {
      await initCrypto();
      return await fn();
    } finally {
      this.#busy = false;
    }
  }

  #opened(vault: Vault): void {
    try {
      this.#vault = vault;
      this.#repo = new Repository(vault);
      this.#workspace = new Workspace(vault, this.#repo, { search: 'worker', autoText: this.#opts.autoText ?? false, fulltext: 'worker' });
      this.#settings = loadSettings(this.#repo);
      applyIdentity(vault, this.#settings);
      this.#idle.setMinutes(this.#settings.idleLockMinutes);
    } catch (e) {
      // A record that does not open (or settings that do not load) refuses the unlock: nothing stays open, and the
      // keys are wiped with the vault, instead of a half-open session holding them with no way to lock.
      this.#workspace?.dispose();
      this.#workspace = null;
      this.#repo?.clear();
      this.#repo = null;
      this.#vault = null;
      this.#settings = DEFAULT_SETTINGS;
      if (!vault.closed) vault.close('aborted'); // writes nothing into a vault that did not open
      throw e;
    }
    // Texts extracted before v2 keep their pages inline, so every unlock decrypts them: move them into sealed body
    // blobs once, after unlock (one transaction; a lock or failure leaves them as they were, to try next time).
    const ws = this.#workspace;
    this.textMigration = ws.text.migrateInlineTexts().catch(() => 0);
  }

  /** The move of old inline texts into blobs started at the last unlock (resolves to how many were moved). */
  textMigration: Promise<number> = Promise.resolve(0);

  /**
   * Create the vault. The analyst's name and device (asked at setup) are the actor of its very first entry and
   * are kept in the sealed settings for every entry after.
   */
  async create(passphrase: string, witnessPassphrase?: string, who: { analystName?: string; deviceName?: string } = {}): Promise<{ recoveryKey: string }> {
    return this.#exclusive(async () => {
      if (this.#vault) throw new SanctumError('CONFLICT', 'a vault is already open');
      const analystName = who.analystName?.trim() ?? '';
      const deviceName = who.deviceName?.trim() ?? '';
      const { vault, recoveryKey } = await createVault(this.#opts.vaultDir, {
        passphrase,
        ...(witnessPassphrase ? { witnessPassphrase } : {}),
        ...(analystName ? { actor: analystName } : {}),
        ...(deviceName ? { device: deviceName } : {}),
        ...(this.#opts.kdf ? { kdf: this.#opts.kdf } : {}),
        ...(this.#opts.nativeBinding ? { nativeBinding: this.#opts.nativeBinding } : {}),
      });
      this.#opened(vault);
      if (analystName || deviceName) {
        applyIdentity(vault, { ...this.#settings, analystName, deviceName });
        this.updateSettings({ analystName, deviceName });
      }
      return { recoveryKey };
    });
  }

  /**
   * Serve a vault the caller has already opened in this process (through vault.ts, which asked for its key).
   * Test-useful: router tests start over a copy of a template vault instead of paying Argon2id in every test
   * (test/helpers/vault.ts). It unlocks nothing by itself and is no IPC channel, so it grants no access that the
   * caller did not already hold; the vault must live in this session's folder.
   */
  adopt(vault: Vault): void {
    if (this.#vault) throw new SanctumError('CONFLICT', 'a vault is already open');
    if (vault.dir !== this.#opts.vaultDir) throw new SanctumError('INVALID_INPUT', "the vault is not in this session's folder", 'vaultDir');
    this.#opened(vault);
  }

  async unlock(passphrase: string): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#vault) return;
      // Records are decrypted in the same pass as the integrity check and handed to the repository (`preload`).
      const vault = await unlockVault(this.#opts.vaultDir, passphrase, {
        via: this.#opts.via ?? 'app',
        recordUnlock: false,
        preload: true,
        ...(this.#opts.nativeBinding ? { nativeBinding: this.#opts.nativeBinding } : {}),
      }).catch((e: unknown) => {
        this.#prewarm(); // a wrong passphrase used the warm worker: ready another for the next try
        throw e;
      });
      this.#opened(vault);
      // Recorded after the settings are loaded, so the entry names the analyst.
      vault.record({ action: 'vault.unlocked', details: { via: this.#opts.via ?? 'app' } });
    });
  }

  async recover(recoveryKey: string, newPassphrase: string): Promise<void> {
    return this.#exclusive(async () => {
      if (this.#vault) throw new SanctumError('CONFLICT', 'lock the vault before recovering it');
      const vault = await recoverVault(this.#opts.vaultDir, recoveryKey, newPassphrase, {
        via: this.#opts.via ?? 'app',
        ...(this.#opts.nativeBinding ? { nativeBinding: this.#opts.nativeBinding } : {}),
      });
      this.#opened(vault);
    });
  }

  /**
   * A re-key replaces the vault (new database, new keys): the services of the old one are dropped first, so no
   * action lands in the database being copied, and rebuilt on the re-keyed vault. If the re-key fails before its
   * commit the old vault is still open and is served again; after it, the vault is locked (the next unlock
   * finishes the re-key).
   */
  async #rekeyed<T>(fn: (v: Vault) => Promise<{ vault: Vault; value: T }>): Promise<T> {
    return this.#exclusive(async () => {
      const old = this.vault();
      this.#workspace?.dispose();
      this.#workspace = null;
      this.#repo?.clear();
      this.#repo = null;
      this.#vault = null;
      try {
        const { vault, value } = await fn(old);
        this.#opened(vault);
        return value;
      } catch (e) {
        if (!old.closed) this.#opened(old);
        else {
          this.#settings = DEFAULT_SETTINGS;
          this.#drafts.reset();
          this.#opts.emit?.('vault.locked', { reason: 'rekey-failed' });
        }
        throw e;
      }
    });
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    return this.#rekeyed(async (v) => ({ vault: await v.changePassphrase(current, next), value: undefined }));
  }

  /** Re-authenticate the person at the keyboard (the vault stays open either way). */
  async verifyPassphrase(passphrase: string): Promise<void> {
    return this.#exclusive(() => this.vault().verifyPassphrase(passphrase));
  }

  async unlockWitness(passphrase: string): Promise<void> {
    return this.#exclusive(() => this.vault().unlockWitness(passphrase));
  }

  async rotateRecoveryKey(passphrase: string): Promise<string> {
    return this.#rekeyed(async (v) => {
      const { vault, recoveryKey } = await v.rotateRecoveryKey(passphrase);
      return { vault, value: recoveryKey };
    });
  }

  async recoverWitness(recoveryKey: string, newPassphrase: string): Promise<void> {
    return this.#rekeyed(async (v) => ({ vault: await v.recoverWitness(recoveryKey, newPassphrase), value: undefined }));
  }

  lockWitness(): void {
    this.#vault?.lockWitness();
    this.#workspace?.forgetIdentities();
  }

  async changeWitnessPassphrase(current: string, next: string): Promise<void> {
    return this.#rekeyed(async (v) => ({ vault: await v.changeWitnessPassphrase(current, next), value: undefined }));
  }

  activity(): void {
    this.#idle.activity();
  }

  /** Called periodically by the shell; returns true if it locked. */
  tick(systemIdleSeconds?: number): boolean {
    if (!this.#vault) return false;
    return this.#idle.tick(systemIdleSeconds);
  }

  /** System events: lid closed / suspend / screen locked. */
  systemEvent(kind: 'suspend' | 'lock-screen'): void {
    if (this.#vault && this.#settings.lockOnSuspend) this.lock(kind);
  }

  /**
   * Lock after the renderer has sent what it was still holding back (its drafts are debounced: words typed
   * just before the lock would otherwise be lost). Asks with `drafts.flush`; locks on the answer
   * (`draftsFlushed`) or after `draftFlushMs`, whichever comes first. A lock or unlock in between wins.
   * Resolves once the vault is locked (at once when it is not open): quitting waits for it.
   */
  lockAfterFlush(reason = 'user'): Promise<void> {
    const ms = this.#opts.draftFlushMs ?? 0;
    const v = this.#vault;
    if (!v) return Promise.resolve();
    const locked = new Promise<void>((resolve) => this.#lockWaiters.push(resolve));
    if (ms <= 0 || !this.#opts.emit) {
      this.lock(reason);
      return locked;
    }
    if (this.#flushed) return locked;
    const finish = (): void => {
      if (this.#flushed !== finish) return;
      this.#flushed = null;
      clearTimeout(timer);
      if (this.#vault === v) this.lock(reason);
    };
    this.#flushed = finish;
    const timer = setTimeout(finish, ms);
    this.#opts.emit('drafts.flush', {});
    return locked;
  }

  /** The renderer has sent its pending drafts: a lock waiting for them goes ahead. */
  draftsFlushed(): void {
    this.#flushed?.();
  }

  /**
   * Lock: seal the unsaved drafts into the vault (one audited action), then drop the services and wipe the
   * keys. A vault that refuses the drafts' write still locks: the drafts are lost and the event says how many.
   */
  lock(reason = 'user'): void {
    const v = this.#vault;
    if (!v) return;
    try {
      this.#seal(v, reason);
    } finally {
      for (const done of this.#lockWaiters.splice(0)) done();
    }
  }

  #seal(v: Vault, reason: string): void {
    let kept: string[] = [];
    let lost = 0;
    this.#flushed = null;
    const live = this.#drafts.all();
    this.#drafts.reset();
    if (live.length && this.#repo) {
      try {
        kept = keepDrafts(this.#repo, live);
      } catch {
        lost = live.length;
      }
    }
    this.#vault = null;
    this.#workspace?.dispose();
    this.#workspace = null;
    this.#repo?.clear();
    this.#repo = null;
    this.#settings = DEFAULT_SETTINGS;
    v.close(reason);
    this.#prewarm();
    this.#opts.emit?.('vault.locked', { reason, ...(kept.length ? { kept } : {}), ...(lost ? { lost } : {}) });
  }
}
