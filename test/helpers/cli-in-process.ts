/** The `sanctum` CLI run in this process (same code as the bundle), with the test passphrase and no terminal. */
import { expect } from 'vitest';
import { runCli } from '../../main/cli/cli';
import { createRegistry } from '../../main/cli/commands';
import type { CliIo } from '../../main/cli/io';
import { PASS } from './vault';

export interface InProcessResult {
  code: number;
  out: string;
  err: string;
}

/** A runner for one test: each call collects its own output. */
export function inProcessCli(cwd: string): (...argv: string[]) => Promise<InProcessResult> {
  const reg = createRegistry();
  return async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: { SANCTUM_PASSPHRASE: PASS }, interactive: false, readHidden: () => Promise.reject(new Error('no tty')), cwd };
    const code = await runCli(argv, io, reg);
    return { code, out: out.join(''), err: err.join('') };
  };
}

/** A command's `--json` answer, parsed; the command must succeed (its stderr is the failure message). */
export function inProcessJson(run: (...argv: string[]) => Promise<InProcessResult>) {
  return async <T>(...argv: string[]): Promise<T> => {
    const r = await run(...argv, '--json');
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out) as T;
  };
}
