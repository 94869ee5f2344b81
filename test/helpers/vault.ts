/**
 * Test vaults. Creating a vault runs Argon2id twice (passphrase and witness compartment, ~1 s each at the KDF
 * floor in WASM), which used to be most of the unit project's time. `newTestVault()` therefore hands out a COPY
 * of a template vault, made once per test run (or per file, see makeTemplate) by the real `createVault`, opened
 * through the recovery route (the recovery key unwraps the master key: X25519 sealed box, no Argon2id) and the
 * real `Vault.open`, integrity check included. Records, blobs, audit and signatures use real keys; only the
 * passphrase-to-key step is not repeated (unlocking a copy with PASS still runs it). A copy is in the state
 * `createVault` leaves: one `vault.created` audit entry, no unlock entry.
 *
 * Copies of one template share the vault id, the keys and the signing key, so within a file a template is only
 * copied again once its last copy's folder is gone (tempDir() removes it after each test); a second vault in the
 * same test, or a file-scoped one, gets another template. Tests about the KDF, unlocking or re-keying use
 * `createTestVault` (a new vault, real KDF), as test/integration/vault-lifecycle.test.ts does.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCrypto, sodium } from '../../main/core/crypto/sodium';
import { KDF_FLOOR } from '../../main/core/crypto/kdf';
import { parseRecoveryKey, recoveryBoxKeyPair, openForRecovery } from '../../main/core/crypto/recovery-key';
import { SecretKey } from '../../main/core/crypto/secret-key';
import { toHex } from '../../main/core/crypto/bytes';
import { seenHeadPath } from '../../main/core/vault/head-state';
import { createVault, readHeader, Vault } from '../../main/core/vault/vault';
import type { Session } from '../../main/core/session';
import { tempDir } from './tmp';

export const PASS = 'correct horse battery staple';
export const WITNESS_PASS = 'witness compartment phrase';

/** Tests use the KDF floor (64 MiB / 3 passes): real Argon2id, a fifth of the default's time. */
export const TEST_KDF = KDF_FLOOR;

interface Template {
  dir: string;
  witnessPassphrase: string;
  recoveryKey: string;
  vaultIdHex: string;
  /** The copy handed out last: the template is busy while that copy's folder exists (open or closed). */
  copy: Vault | null;
}

const templates: Template[] = [];
let templateRoot: string | null = null;

// Copies of one template in files running side by side share a vault id: each test file that uses this helper
// keeps its own last-seen heads (main/core/vault/head-state.ts), so one file's copy never looks like a rollback of
// another's.
const fileState = mkdtempSync(join(tmpdir(), 'sanctum-state-'));
process.env.SANCTUM_STATE_DIR = fileState;
process.once('exit', () => rmSync(fileState, { recursive: true, force: true }));

function busy(t: Template): boolean {
  return t.copy !== null && existsSync(t.copy.dir);
}

function privateRoot(): string {
  if (!templateRoot) {
    const root = mkdtempSync(join(tmpdir(), 'sanctum-template-'));
    templateRoot = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return templateRoot;
}

async function createTemplate(dir: string, witnessPassphrase: string): Promise<{ recoveryKey: string }> {
  const { vault, recoveryKey } = await createVault(dir, { passphrase: PASS, witnessPassphrase, kdf: TEST_KDF });
  // 'aborted' closes the database without a lock entry in the audit log: copies start as createVault leaves a vault.
  vault.close('aborted');
  return { recoveryKey };
}

/**
 * The template for the n-th vault a file needs at once. test/global-setup.ts names a folder shared by all test
 * files of the run: the first file to need slot n makes it (under a lock folder) and the others copy it; a file
 * that finds the slot still being made makes a private one rather than wait.
 */
async function makeTemplate(witnessPassphrase: string): Promise<Template> {
  const slot = templates.filter((t) => t.witnessPassphrase === witnessPassphrase).length;
  const shared = process.env.SANCTUM_TEST_TEMPLATES;
  let dir: string | null = null;
  let recoveryKey = '';
  if (shared) {
    const name = join(shared, `${createHash('sha256').update(witnessPassphrase).digest('hex').slice(0, 12)}-${slot}`);
    const meta = join(name, 'template.json');
    if (!existsSync(meta)) {
      let mine = false;
      try {
        mkdirSync(`${name}.lock`);
        mine = true;
      } catch {
        // Another file is making it.
      }
      if (mine) {
        const tmp = `${name}.tmp`;
        ({ recoveryKey } = await createTemplate(join(tmp, 'vault'), witnessPassphrase));
        writeFileSync(join(tmp, 'template.json'), JSON.stringify({ recoveryKey }));
        renameSync(tmp, name);
      }
    }
    if (existsSync(meta)) {
      dir = join(name, 'vault');
      ({ recoveryKey } = JSON.parse(readFileSync(meta, 'utf8')) as { recoveryKey: string });
    }
  }
  if (!dir) {
    dir = join(privateRoot(), `t${templates.length}`);
    ({ recoveryKey } = await createTemplate(dir, witnessPassphrase));
  }
  const t: Template = { dir, witnessPassphrase, recoveryKey, vaultIdHex: toHex(readHeader(dir).vaultId), copy: null };
  templates.push(t);
  return t;
}

/** Open a copy of the template at `dir` through the recovery route: the master key without Argon2id. */
function openCopy(t: Template, dir: string): Vault {
  cpSync(t.dir, dir, { recursive: true });
  // The last-seen head (rollback check) of an earlier copy with the same id would make this one look rolled back.
  rmSync(seenHeadPath(t.vaultIdHex), { force: true });
  const header = readHeader(dir);
  const secret = parseRecoveryKey(t.recoveryKey);
  const kp = recoveryBoxKeyPair(secret, header.vaultId);
  const master = openForRecovery(header.keys.recovery, 'master', header.vaultId, kp);
  sodium().memzero(kp.privateKey);
  sodium().memzero(secret);
  if (!master) throw new Error('template vault: the recovery key did not open the master key');
  return Vault.open(dir, header, new SecretKey(master), {});
}

/** A new vault made by the real `createVault` (two Argon2id runs), for tests about creating and unlocking. */
export async function createTestVault(opts: { witnessPassphrase?: string } = {}): Promise<{ dir: string; vault: Vault; recoveryKey: string }> {
  await initCrypto();
  const dir = join(tempDir(), 'vault');
  const { vault, recoveryKey } = await createVault(dir, { passphrase: PASS, witnessPassphrase: opts.witnessPassphrase ?? WITNESS_PASS, kdf: TEST_KDF });
  return { dir, vault, recoveryKey };
}

/**
 * An opened vault at `dir` (which must not exist yet) with passphrase PASS and witness passphrase WITNESS_PASS
 * (or the one given): a copy of a per-file template, see the file head. The caller removes `dir`.
 */
export async function openTestVaultAt(dir: string, opts: { witnessPassphrase?: string } = {}): Promise<{ vault: Vault; recoveryKey: string }> {
  await initCrypto();
  const witnessPassphrase = opts.witnessPassphrase ?? WITNESS_PASS;
  const t = templates.find((x) => x.witnessPassphrase === witnessPassphrase && !busy(x)) ?? (await makeTemplate(witnessPassphrase));
  const vault = openCopy(t, dir);
  t.copy = vault;
  return { vault, recoveryKey: t.recoveryKey };
}

/** An opened test vault (see openTestVaultAt) in a folder removed after the current test. */
export async function newTestVault(opts: { witnessPassphrase?: string } = {}): Promise<{ dir: string; vault: Vault; recoveryKey: string }> {
  const dir = join(tempDir(), 'vault');
  return { dir, ...(await openTestVaultAt(dir, opts)) };
}

/**
 * What `vault.create` does for a router test, without Argon2id: a test vault opened in the session's folder and
 * served by the session (Session.adopt). Tests about creating or unlocking go through the channels instead.
 */
export async function openInSession(session: Session, opts: { witnessPassphrase?: string } = {}): Promise<{ recoveryKey: string }> {
  const { vault, recoveryKey } = await openTestVaultAt(session.vaultDir, opts);
  session.adopt(vault);
  return { recoveryKey };
}
