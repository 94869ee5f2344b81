/**
 * Grants (see shared/ipc/grants.ts): main keeps the path, the renderer gets 128 random bits. A grant is bound to
 * read or write and to one purpose, is used once, expires, and all of them are wiped when the vault locks.
 * Any presentation burns the grant, even for the wrong purpose: a renderer that guesses gets no second try.
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename, isAbsolute } from 'node:path';
import { READ_PURPOSES, type GrantAccess, type GrantedFile, type ReadPurpose } from '../../shared/ipc/grants';
import type { InvokeResult } from '../../shared/ipc/contract';
import { SanctumError } from '../core/errors';

/** Long enough for a person to fill in the form after the dialog (the export wizard asks for the path first). */
export const GRANT_TTL_MS = 30 * 60 * 1000;
const MAX_LIVE = 10_000;

interface Entry {
  path: string;
  access: GrantAccess;
  purpose: string;
  expires: number;
}

export class GrantStore {
  readonly #grants = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #ttl: number;

  constructor(opts: { now?: () => number; ttlMs?: number } = {}) {
    this.#now = opts.now ?? Date.now;
    this.#ttl = opts.ttlMs ?? GRANT_TTL_MS;
  }

  issue(path: string, access: GrantAccess, purpose: string): GrantedFile {
    this.#sweep();
    if (this.#grants.size >= MAX_LIVE) throw new SanctumError('FORBIDDEN', 'too many open file grants; choose the file again');
    const grant = randomBytes(16).toString('hex');
    this.#grants.set(grant, { path, access, purpose, expires: this.#now() + this.#ttl });
    return { grant, name: basename(path) };
  }

  /** The path behind a live grant of this access and purpose; FORBIDDEN for anything else. The grant is used up. */
  redeem(token: unknown, access: GrantAccess, purpose: string, where = 'grant'): string {
    const entry = typeof token === 'string' ? this.#grants.get(token) : undefined;
    if (entry) this.#grants.delete(token as string);
    if (!entry || entry.expires <= this.#now() || entry.access !== access || entry.purpose !== purpose) {
      throw new SanctumError('FORBIDDEN', 'this file was not chosen for that; choose it again', where);
    }
    return entry.path;
  }

  /** Redeem several at once: all must be valid, else none is used and the answer is FORBIDDEN. */
  redeemAll(tokens: readonly unknown[], access: GrantAccess, purpose: string, where = 'grants'): string[] {
    const ok = tokens.every((t) => {
      const e = typeof t === 'string' ? this.#grants.get(t) : undefined;
      return e && e.expires > this.#now() && e.access === access && e.purpose === purpose;
    });
    if (!ok || new Set(tokens).size !== tokens.length) {
      for (const t of tokens) if (typeof t === 'string') this.#grants.delete(t);
      throw new SanctumError('FORBIDDEN', 'these files were not chosen for that; choose them again', where);
    }
    return tokens.map((t) => this.redeem(t, access, purpose, where));
  }

  clear(): void {
    this.#grants.clear();
  }

  get size(): number {
    return this.#grants.size;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [k, e] of this.#grants) if (e.expires <= now) this.#grants.delete(k);
  }
}

/**
 * What the shell's drop channel runs (the preload resolved the dropped File's path with webUtils.getPathForFile):
 * a read grant for one read purpose over an existing file or folder. Never a write grant.
 */
export function grantDropped(grants: GrantStore, path: unknown, purpose: unknown): InvokeResult<GrantedFile> {
  if (typeof purpose !== 'string' || !(READ_PURPOSES as readonly string[]).includes(purpose)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'a dropped file can only be read' } };
  }
  if (typeof path !== 'string' || !path || !isAbsolute(path)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: 'that drop carried no file from disk' } };
  }
  try {
    const st = statSync(path);
    if (!st.isFile() && !st.isDirectory()) throw new Error('not a file');
  } catch {
    return { ok: false, error: { code: 'NOT_FOUND', message: 'the dropped file cannot be read' } };
  }
  return { ok: true, value: grants.issue(path, 'read', purpose as ReadPurpose) };
}
