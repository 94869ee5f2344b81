// Small helpers shared by start.mjs and dist.mjs: named steps, child processes whose output is kept quiet
// unless they fail, and failures reported as one clear message instead of a stack trace.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A failure the user can act on: `message` says what failed, `hint` what to do about it. */
export class StepError extends Error {
  constructor(message, hint = '') {
    super(message);
    this.name = 'StepError';
    this.hint = hint;
  }
}

export const OFFLINE_HINT =
  'This step downloads from the internet. Check the connection (and HTTPS_PROXY if you use a proxy), then run the command again.';

export async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`▸ ${name}\n`);
  const result = await fn();
  process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

/** Runs `main`, turning any failure into a short message and exit code 1 (stack only with SANCTUM_DEBUG=1). */
export async function runMain(main) {
  try {
    const code = await main();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.error(`\n✖ ${message}`);
    if (e instanceof StepError && e.hint) console.error(`  ${e.hint.split('\n').join('\n  ')}`);
    if (process.env.SANCTUM_DEBUG === '1' && e instanceof Error) console.error(e.stack);
    process.exitCode = 1;
  }
}

/**
 * Runs a command with its output captured; resolves with the output, rejects with a StepError carrying the last
 * lines of output (enough to see "getaddrinfo ENOTFOUND", not a wall of text). `inherit: true` streams instead.
 */
export function run(command, args, { cwd = ROOT, env = process.env, inherit = false, what = command } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let output = '';
    const keep = (chunk) => {
      output += chunk.toString();
      if (output.length > 64_000) output = output.slice(-32_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) => reject(new StepError(`${what} could not be started: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const tail = output.trim().split('\n').slice(-12).join('\n');
      const err = new StepError(`${what} failed (${signal ?? `exit code ${code}`})`, tail);
      err.output = output;
      reject(err);
    });
  });
}

export function looksOffline(text) {
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|network|timed? ?out|certificate/i.test(text);
}

/** Flags like `--bundle-only`; unknown flags are an error so a typo does not silently do the whole build. */
export function parseFlags(argv, known) {
  const flags = new Set();
  const rest = [];
  for (const arg of argv) {
    if (arg === '--') {
      rest.push(...argv.slice(argv.indexOf('--') + 1));
      break;
    }
    if (known.includes(arg)) flags.add(arg);
    else throw new StepError(`unknown option ${arg}`, `Known options: ${known.join(' ')}`);
  }
  return { flags, rest };
}

export function nodeAtLeast(version, [major, minor]) {
  const [ma, mi] = version.replace(/^v/, '').split('.').map(Number);
  return ma > major || (ma === major && mi >= minor);
}
