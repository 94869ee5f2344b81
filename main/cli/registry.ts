/**
 * The command registry. Each feature adds a module `main/cli/commands/<domain>.ts` exporting its commands and
 * lists it in `main/cli/commands/index.ts`; the dispatcher (cli.ts) does parsing, help, --json and exit codes,
 * so a command only declares what it takes and returns what it found.
 *
 *   export const caseCommands: Command[] = [defineCommand({
 *     path: ['case', 'list'], group: 'Cases', summary: 'List cases', usage: '<dir>',
 *     positionals: [{ name: 'dir', description: 'vault folder' }], options: {},
 *     async run(ctx) { ...; return { json: {...}, text: '...' }; },
 *   })];
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SanctumError } from '../core/errors';
import type { CliIo } from './io';

/** The file argument that means standard input (when read) or standard output (when written). */
export const STDIO = '-';

/**
 * A path argument resolved against the caller's directory (CliIo.cwd; see callerCwd): absolute paths and `-`
 * (standard input / output) are kept as given.
 */
export function resolvePath(value: string, cwd: string | undefined): string {
  if (value === STDIO || isAbsolute(value)) return value;
  return resolve(cwd ?? process.cwd(), value);
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** A string option that may be repeated (`--regime a --regime b`); read it with `ctx.strings()`. */
  multiple?: boolean;
  /** Placeholder shown in help for a string option: `--count N`. */
  valueName?: string;
  description: string;
  /** A file or folder: resolved against the caller's directory (relative paths), `-` kept as is. */
  path?: boolean;
}

export interface PositionalSpec {
  name: string;
  description: string;
  optional?: boolean;
  /** Last positional only: it takes every remaining argument (`<file>...`); read them with `rest()`. */
  variadic?: boolean;
  /** A file or folder: resolved against the caller's directory (relative paths), `-` kept as is. */
  path?: boolean;
}

export interface EnvSpec {
  name: string;
  description: string;
}

export interface CommandResult {
  /** The one JSON document printed with --json. */
  json: unknown;
  /** What a person reads (stdout) without --json. */
  text: string;
  /** 0 ok (default), 1 a finding (e.g. `vault check` found damage), 3 a valid package by an unknown signer. */
  exitCode?: 0 | 1 | 3;
}

export interface Command {
  /** Words that select the command: ['vault', 'init']. */
  path: readonly string[];
  /** Heading it is listed under in `sanctum --help` ("Vault", …; "Development" is listed last). */
  group: string;
  summary: string;
  /** Arguments after the path, as shown in help: `<dir> [--kdf-mem-mib N]`. */
  usage: string;
  /** Longer help text (paragraphs). */
  description?: string;
  positionals: readonly PositionalSpec[];
  /** Command-specific options; --json and --help are added to every command. */
  options: Readonly<Record<string, OptionSpec>>;
  /** Environment variables the command reads (for help). */
  env?: readonly EnvSpec[];
  /** Exit codes beyond 0, 1 and 2, for help: "3 signature valid, signer unknown". */
  exitCodes?: string;
  run(ctx: CommandContext): Promise<CommandResult>;
}

export function defineCommand(c: Command): Command {
  return c;
}

/** Bad invocation: printed with the command's usage, exit 2. */
export class UsageError extends Error {
  readonly command: Command | undefined;
  constructor(message: string, command?: Command) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export interface SecretSpec {
  /** Environment variable that supplies it. */
  env: string;
  /** What to ask for at the terminal. */
  prompt: string;
  /** Ask twice (when setting a new passphrase). */
  confirm?: boolean;
  /** Return undefined instead of failing when neither the variable nor a terminal is available. */
  optional?: boolean;
}

export class CommandContext {
  readonly command: Command;
  readonly positionals: readonly string[];
  readonly json: boolean;
  readonly io: CliIo;
  readonly #values: Record<string, string | boolean | string[] | undefined>;
  /** Where standard input was spooled (see inputFile), removed by dispose(). */
  #spoolDir: string | undefined;

  constructor(command: Command, positionals: readonly string[], values: Record<string, string | boolean | string[] | undefined>, io: CliIo) {
    this.command = command;
    // Paths mean what they meant where the person typed them (npm run sanctum runs in the package root).
    const last = command.positionals.at(-1);
    this.positionals = positionals.map((p, i) => {
      const spec = command.positionals[i] ?? (last?.variadic ? last : undefined);
      return spec?.path ? resolvePath(p, io.cwd) : p;
    });
    const resolved: Record<string, string | boolean | string[] | undefined> = { ...values };
    for (const [name, spec] of Object.entries(command.options)) {
      const v = resolved[name];
      if (!spec.path || v === undefined || typeof v === 'boolean') continue;
      resolved[name] = Array.isArray(v) ? v.map((x) => resolvePath(x, io.cwd)) : resolvePath(v, io.cwd);
    }
    this.#values = resolved;
    this.json = values.json === true;
    this.io = io;
  }

  /** What opened the vault, for the audit log: `cli:vault check`. */
  get via(): string {
    return `cli:${this.command.path.join(' ')}`;
  }

  arg(index: number): string {
    const v = this.positionals[index];
    if (v === undefined) throw new UsageError(`missing <${this.command.positionals[index]?.name ?? 'argument'}>`, this.command);
    return v;
  }

  string(name: string): string | undefined {
    const v = this.#values[name];
    if (Array.isArray(v)) return v.at(-1);
    return typeof v === 'string' ? v : undefined;
  }

  /** Every value of a repeatable option (`multiple: true`), in order. */
  strings(name: string): string[] {
    const v = this.#values[name];
    if (Array.isArray(v)) return v;
    return typeof v === 'string' ? [v] : [];
  }

  /** Positionals from `index` on (a variadic last positional). */
  rest(index: number): string[] {
    return this.positionals.slice(index);
  }

  /** Is this file argument `-` (standard input or output)? */
  isStdio(value: string | undefined): value is '-' {
    return value === STDIO;
  }

  /** Standard input as bytes (a file argument `-`). */
  stdin(): AsyncIterable<Uint8Array> {
    if (!this.io.stdin) throw new SanctumError('INVALID_INPUT', 'standard input is not available here');
    return this.io.stdin();
  }

  /** Standard input read whole and synchronously, as UTF-8 (small inputs: a review file). */
  stdinTextSync(): string {
    return readFileSync(0, 'utf8');
  }

  /**
   * A file argument for a command whose core reads a path: the path itself, or for `-` standard input spooled
   * to a private temporary file named `stdin` (folder 0700, file 0600), removed when the command ends
   * (dispose). Standard input can be read once per command.
   */
  async inputFile(value: string): Promise<string> {
    if (!this.isStdio(value)) return value;
    if (this.#spoolDir) throw new UsageError('standard input (-) can be given for one file only', this.command);
    this.#spoolDir = mkdtempSync(join(tmpdir(), 'sanctum-stdin-'));
    const file = join(this.#spoolDir, 'stdin');
    await pipeline(this.stdin(), createWriteStream(file, { mode: 0o600, flags: 'wx' }));
    return file;
  }

  /** Remove what the command spooled (the dispatcher calls this when the command ends, however it ends). */
  dispose(): void {
    if (this.#spoolDir) rmSync(this.#spoolDir, { recursive: true, force: true });
    this.#spoolDir = undefined;
  }

  /** A sink writing bytes unchanged to standard output (an export to `-`). */
  stdout(): (bytes: Uint8Array) => void {
    const raw = this.io.rawOut;
    if (!raw) throw new SanctumError('INVALID_INPUT', 'standard output is not available here');
    return raw;
  }

  flag(name: string): boolean {
    return this.#values[name] === true;
  }

  /** An integer option; a value that is not a whole number in range is a usage error. */
  int(name: string, opts: { min?: number; max?: number; default?: number } = {}): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return opts.default;
    if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} takes a whole number, not "${raw}"`, this.command);
    const n = Number(raw.trim());
    if (!Number.isSafeInteger(n) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      const range = opts.max !== undefined ? `between ${opts.min ?? 0} and ${opts.max}` : `at least ${opts.min ?? 0}`;
      throw new UsageError(`--${name} must be ${range}, not ${raw}`, this.command);
    }
    return n;
  }

  /** A line for a person while the command runs: stdout normally, stderr with --json (stdout holds one document). */
  progress(line: string): void {
    if (this.json) this.io.err(`${line}\n`);
    else this.io.out(`${line}\n`);
  }

  warn(message: string): void {
    this.io.err(`warning: ${message}\n`);
  }

  /**
   * A passphrase or key: from its environment variable, else asked for without echo at a terminal, else a
   * usage error naming the variable to set.
   */
  async secret(spec: SecretSpec & { optional: true }): Promise<string | undefined>;
  async secret(spec: SecretSpec): Promise<string>;
  async secret(spec: SecretSpec): Promise<string | undefined> {
    const fromEnv = this.io.env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    if (!this.io.interactive) {
      if (spec.optional) return undefined;
      throw new UsageError(`${spec.prompt.toLowerCase()} needed: set ${spec.env} (stdin is not a terminal, so it cannot be asked for)`, this.command);
    }
    const first = await this.io.readHidden(`${spec.prompt}${spec.optional ? ' (Enter to skip)' : ''}: `);
    if (first === '') {
      if (spec.optional) return undefined;
      throw new UsageError(`no ${spec.prompt.toLowerCase()} entered`, this.command);
    }
    if (spec.confirm) {
      const again = await this.io.readHidden(`${spec.prompt} (again): `);
      if (again !== first) throw new SanctumError('INVALID_INPUT', 'the two entries differ; nothing was changed');
    }
    return first;
  }
}

export class Registry {
  readonly #commands: Command[] = [];

  constructor(commands: readonly Command[] = []) {
    for (const c of commands) this.add(c);
  }

  add(c: Command): void {
    const key = c.path.join(' ');
    if (this.#commands.some((o) => o.path.join(' ') === key)) throw new Error(`command "${key}" registered twice`);
    for (const name of Object.keys(c.options)) {
      if (name === 'json' || name === 'help') throw new Error(`command "${key}" redefines --${name}`);
    }
    this.#commands.push(c);
  }

  get commands(): readonly Command[] {
    return this.#commands;
  }

  /** The command whose path is the longest prefix of argv's leading words, and the rest of argv. */
  resolve(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
    let best: Command | undefined;
    for (const c of this.#commands) {
      if (c.path.length > argv.length) continue;
      if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
    }
    return best ? { command: best, rest: argv.slice(best.path.length) } : undefined;
  }

  /** Commands under a partial path (`vault` → every `vault …` command). */
  under(prefix: readonly string[]): Command[] {
    return this.#commands.filter((c) => prefix.length < c.path.length && prefix.every((w, i) => c.path[i] === w));
  }

  /** Groups in the order first registered, with "Development" last. */
  groups(): { name: string; commands: Command[] }[] {
    const order: string[] = [];
    for (const c of this.#commands) if (!order.includes(c.group)) order.push(c.group);
    order.sort((a, b) => Number(a === 'Development') - Number(b === 'Development'));
    return order.map((name) => ({ name, commands: this.#commands.filter((c) => c.group === name) }));
  }
}
