/**
 * The real `sanctum` CLI as a child process. For speed it is bundled with esbuild (~0.1 s), with its worker
 * threads beside it, into `.tmp/cli/<content hash>/` inside the repo, so Node resolves the external packages
 * (better-sqlite3, libsodium) from node_modules exactly as the tsx entry does; each child then starts in ~0.15 s
 * instead of tsx's ~1 s. Test files running at the same time share one folder (same sources, same hash); folders
 * older than a day are pruned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliFiles } from '../../build/scripts/lib/cli.mjs';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = join(REPO, '.tmp', 'cli');
const DAY_MS = 24 * 3600 * 1000;

let bundled: Promise<string> | undefined;

/** Bundle main/cli/sanctum.ts and its workers (memoised per worker); returns the path of the .mjs file to run with node. */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    // The same files as the `bin` bundle (npm run build:cli), with inline source maps.
    const files = await cliFiles({ binName: 'sanctum.mjs', sourcemap: true });
    const hash = createHash('sha256');
    for (const f of files) hash.update(f.name).update(f.contents);
    const dir = join(OUT_DIR, hash.digest('hex').slice(0, 16));
    if (!existsSync(dir)) {
      // Written to a temporary folder and renamed whole: a concurrent test file never runs a half-written bundle.
      const tmp = `${dir}.${process.pid}.tmp`;
      mkdirSync(tmp, { recursive: true });
      for (const f of files) writeFileSync(join(tmp, f.name), f.contents);
      try {
        renameSync(tmp, dir);
      } catch {
        rmSync(tmp, { recursive: true, force: true }); // another test file won the race with the same content
      }
    }
    for (const f of readdirSync(OUT_DIR)) {
      const p = join(OUT_DIR, f);
      if (p !== dir && Date.now() - statSync(p).mtimeMs > DAY_MS) rmSync(p, { recursive: true, force: true });
    }
    return join(dir, 'sanctum.mjs');
  })();
  return bundled;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
}

/** Environment for a child: no SANCTUM_* inherited from the test runner, then the given ones. */
export function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  // SANCTUM_STATE_DIR is kept: children must not write last-seen heads into the user's real profile.
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SANCTUM_') || k === 'SANCTUM_STATE_DIR') base[k] = v;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

/** Start the bundled CLI (stdin, stdout, stderr piped). */
export async function spawnCli(args: readonly string[], opts: CliOptions = {}): Promise<ChildProcess> {
  const bundle = await cliBundle();
  return spawn(process.execPath, [bundle, ...args], { env: childEnv(opts.env), cwd: opts.cwd ?? REPO, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function collect(child: ChildProcess, input?: string): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input ?? '');
  });
}

/** Run the bundled CLI to completion. */
export async function sanctum(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  return collect(await spawnCli(args, opts), opts.input);
}

/** Parse stdout as the one JSON document --json promises (fails the test with the raw text otherwise). */
export function jsonOf<T = Record<string, unknown>>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${r.stdout}\n--- stderr:\n${r.stderr}`);
  }
}
