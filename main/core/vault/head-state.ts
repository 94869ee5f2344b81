/**
 * The last vault state this user profile has seen, kept OUTSIDE the vault folder so that putting back an older
 * copy of `vault.db` (or of the whole folder) is noticed at the next unlock.
 *
 *   <state dir>/heads/<vault id hex>.json = {format, vaultId, counter, commitment, audit, mac}
 *   mac = HMAC-SHA256(key from the master key, canonical JSON of the rest)
 *
 * State dir: $SANCTUM_STATE_DIR, else $XDG_STATE_HOME/sanctum, else ~/.local/state/sanctum (all platforms for
 * now; the OS keychain would be a better home on macOS and Windows later). The file says only that a vault with
 * this id was opened here and how many commits it had; it holds no key and nothing about cases.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '../util/canonical-json';
import { writeFileAtomic } from '../util/atomic-file';

export interface SeenHead {
  vaultId: string;
  counter: number;
  commitment: string;
  audit: { seq: number; hash: string } | null;
}

const FORMAT = 'sanctum.seen-head.v1';

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SANCTUM_STATE_DIR) return env.SANCTUM_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'sanctum');
  return join(homedir(), '.local', 'state', 'sanctum');
}

export function seenHeadPath(vaultId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), 'heads', `${vaultId}.json`);
}

/**
 * Written by a re-key before its commit point, MACed with the NEW master key's subkey: after the swap the main
 * file no longer verifies (its key is gone), and this one carries the new vault's head. A re-key that rolled
 * back leaves a file that no key of the vault verifies, so it is ignored.
 */
function pendingPath(vaultId: string): string {
  return join(stateDir(), 'heads', `${vaultId}.pending.json`);
}

function mac(key: Uint8Array, head: SeenHead): string {
  const body = { format: FORMAT, vaultId: head.vaultId, counter: head.counter, commitment: head.commitment, audit: head.audit };
  return createHmac('sha256', key).update(canonicalJson(body)).digest('hex');
}

export type SeenHeadRead = { kind: 'none' } | { kind: 'ok'; head: SeenHead } | { kind: 'invalid'; path: string };

function readOne(path: string, vaultId: string, key: Uint8Array): SeenHeadRead {
  if (!existsSync(path)) return { kind: 'none' };
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as SeenHead & { format: string; mac: string };
    const head: SeenHead = { vaultId: raw.vaultId, counter: raw.counter, commitment: raw.commitment, audit: raw.audit };
    const want = Buffer.from(mac(key, head), 'hex');
    const got = Buffer.from(String(raw.mac), 'hex');
    if (raw.format !== FORMAT || raw.vaultId !== vaultId || got.length !== want.length || !timingSafeEqual(got, want)) return { kind: 'invalid', path };
    return { kind: 'ok', head };
  } catch {
    return { kind: 'invalid', path };
  }
}

/**
 * The last seen head, `none` on first unlock on this profile, `invalid` when the file fails its MAC. After a
 * re-key the main file is under the old key: the pending file a re-key wrote under the new one answers then.
 */
export function readSeenHead(vaultId: string, key: Uint8Array): SeenHeadRead {
  const main = readOne(seenHeadPath(vaultId), vaultId, key);
  if (main.kind === 'ok') return main;
  const pending = readOne(pendingPath(vaultId), vaultId, key);
  return pending.kind === 'ok' ? pending : main;
}

export function writeSeenHead(head: SeenHead, key: Uint8Array, opts: { pending?: boolean } = {}): void {
  const path = opts.pending ? pendingPath(head.vaultId) : seenHeadPath(head.vaultId);
  mkdirSync(join(stateDir(), 'heads'), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${JSON.stringify({ format: FORMAT, ...head, mac: mac(key, head) }, null, 2)}\n`);
  if (!opts.pending) rmSync(pendingPath(head.vaultId), { force: true });
}
