/**
 * The dispatcher: argv -> command, strict option parsing (node:util parseArgs), help, --json, exit codes.
 *
 *   0  ok
 *   1  a finding or a failure (the SanctumError message and where it is)
 *   2  usage (unknown command or option, missing argument, no passphrase available)
 *   3  a package's signature is valid but its signer is unknown (verify; import refused until confirmed)
 *
 * With --json, stdout holds exactly one JSON document: the command's result, or {"error":{code,message,where}}.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { escapeJsonControls, neutraliseControls } from '../../shared/text/controls';
import { SanctumError } from '../core/errors';
import { PromptAborted, type CliIo } from './io';
import { CommandContext, UsageError, type Command, type OptionSpec, type Registry } from './registry';
import { SANCTUM_VERSION } from './version';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** A valid signature by a key neither given with --signer nor known to the vault (verify, package import). */
export const EXIT_SIGNER_UNKNOWN = 3;
/** Interrupted at a prompt (Ctrl-C), as shells report SIGINT. */
export const EXIT_INTERRUPTED = 130;

const COMMON_OPTIONS: Readonly<Record<'json' | 'help', OptionSpec>> = {
  json: { type: 'boolean', description: 'print one JSON document on stdout (errors too)' },
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
};

const PASSPHRASE_HELP = [
  'Passphrases are read from environment variables, else asked for without echo when stdin is a terminal:',
  '  SANCTUM_PASSPHRASE          the vault passphrase',
  '  SANCTUM_NEW_PASSPHRASE      the new passphrase (vault passwd, witness-passwd, recover)',
  '  SANCTUM_WITNESS_PASSPHRASE  the witness-identity compartment passphrase (optional for init and check)',
];

function optionLabel(name: string, o: { type: string; short?: string; valueName?: string }): string {
  const long = `--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function columns(rows: [string, string][], indent = 2, minWidth = 0): string {
  const w = Math.max(minWidth, ...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${' '.repeat(indent)}${a.padEnd(w)}  ${b}`.trimEnd()).join('\n');
}

export function commandUsageLine(c: Command): string {
  return `sanctum ${c.path.join(' ')} ${c.usage}`.trimEnd();
}

export function commandHelp(c: Command): string {
  const parts = [`Usage: ${commandUsageLine(c)}`, '', c.summary];
  if (c.description) parts.push('', c.description.trim());
  if (c.positionals.length) parts.push('', 'Arguments:', columns(c.positionals.map((p) => [`<${p.name}>${p.optional ? ' (optional)' : ''}`, p.description])));
  const opts: [string, string][] = Object.entries(c.options).map(([n, o]) => [optionLabel(n, o), o.description]);
  for (const [n, o] of Object.entries(COMMON_OPTIONS)) opts.push([optionLabel(n, o), o.description]);
  parts.push('', 'Options:', columns(opts));
  if (c.env?.length) parts.push('', 'Environment:', columns(c.env.map((e) => [e.name, e.description])));
  parts.push('', `Exit codes: 0 ok, 1 a finding or failure, 2 usage${c.exitCodes ? `, ${c.exitCodes}` : ''}.`);
  return `${parts.join('\n')}\n`;
}

export function globalHelp(reg: Registry): string {
  const parts = [
    'sanctum: the Sanctum encrypted case workspace, on the command line (same core as the app)',
    '',
    'Usage: sanctum <command> [arguments] [--json] [--help]',
    '       sanctum --version',
  ];
  const label = (c: Command) => `${c.path.join(' ')} ${c.usage}`.trimEnd();
  const width = Math.max(...reg.commands.map((c) => label(c).length));
  for (const g of reg.groups()) {
    parts.push('', `${g.name}:`, columns(g.commands.map((c) => [label(c), c.summary]), 2, width));
  }
  parts.push(
    '',
    'Every command takes --json (one JSON document on stdout) and --help.',
    'Relative paths are relative to the directory you run sanctum in (with npm run sanctum too: npm\'s INIT_CWD).',
    'A file argument of - is standard input (import, --review, --identity) or standard output (--out - of',
    'export and graph export; the summary then goes to standard error).',
    '',
    ...PASSPHRASE_HELP,
    '',
    'Exit codes: 0 ok, 1 a finding or failure (the problem and where it is), 2 usage,',
    '            3 a package whose signature is valid but whose signer is UNKNOWN (verify, package import).',
    "Run 'sanctum <command> --help' for a command's options.",
  );
  return `${parts.join('\n')}\n`;
}

function groupHelp(reg: Registry, prefix: readonly string[]): string {
  const cmds = reg.under(prefix);
  return `Usage: sanctum ${prefix.join(' ')} <command> ...\n\n${columns(cmds.map((c) => [`${c.path.join(' ')} ${c.usage}`.trimEnd(), c.summary]))}\n`;
}

function shortUsage(c: Command): string {
  return `Usage: ${commandUsageLine(c)}\nRun 'sanctum ${c.path.join(' ')} --help' for its options.\n`;
}

function helpJson(reg: Registry, cmds: readonly Command[]): unknown {
  return {
    commands: cmds.map((c) => ({
      path: c.path,
      group: c.group,
      summary: c.summary,
      usage: commandUsageLine(c),
      positionals: c.positionals,
      options: { ...c.options, ...COMMON_OPTIONS },
      env: c.env ?? [],
    })),
    exitCodes: { ok: EXIT_OK, failure: EXIT_FAILURE, usage: EXIT_USAGE, signerUnknown: EXIT_SIGNER_UNKNOWN },
    groups: reg.groups().map((g) => g.name),
  };
}

/** node:util's messages, minus its hint about '--' (a Sanctum argument never starts with a dash). */
function parseErrorMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('. To specify a positional')[0]!.replace(/\.$/, '');
}

function errorPayload(e: SanctumError): { code: string; message: string; where?: string } {
  return e.where === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, where: e.where };
}

/**
 * Everything a command prints for a person passes through here, so no command can forget it: names and file
 * names from packages, lists and vaults may hold ESC sequences, CR or bidi overrides that would repaint the
 * terminal (a hostile package printing "VALID" over its own failure). They are shown as `\x1B` / `<U+202E>`;
 * only the newlines of multi-line output are kept.
 */
export function safeIo(io: CliIo): CliIo {
  // rawOut (an export to `-`) passes unchanged: neutralising would corrupt the file, and its reader is a program.
  return {
    ...io,
    out: (text) => io.out(neutraliseControls(text, { keepNewlines: true })),
    err: (text) => io.err(neutraliseControls(text, { keepNewlines: true })),
    readHidden: (prompt) => io.readHidden(neutraliseControls(prompt)),
  };
}

export async function runCli(argv: readonly string[], rawIo: CliIo, reg: Registry): Promise<number> {
  const wantsJson = argv.includes('--json');
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  // One JSON document: lossless, with C1 and bidi characters escaped too (JSON.stringify escapes only C0).
  const emitJson = (doc: unknown) => rawIo.out(`${escapeJsonControls(JSON.stringify(doc, null, 2))}\n`);
  const io = safeIo(rawIo);

  const usage = (message: string, help: string): number => {
    io.err(`sanctum: ${message}\n\n${help}`);
    if (wantsJson) emitJson({ error: { code: 'USAGE', message } });
    return EXIT_USAGE;
  };

  // `sanctum --version` (and with --json: {"version": …}).
  if (argv[0] === '--version' && argv.slice(1).every((a) => a === '--json')) {
    if (wantsJson) emitJson({ name: 'sanctum', version: SANCTUM_VERSION });
    else io.out(`sanctum ${SANCTUM_VERSION}\n`);
    return EXIT_OK;
  }

  const resolved = reg.resolve(argv);
  if (!resolved) {
    const leading: string[] = [];
    for (const a of argv) {
      if (a.startsWith('-')) break;
      leading.push(a);
    }
    if (leading.length === 0) {
      if (wantsHelp) {
        if (wantsJson) emitJson(helpJson(reg, reg.commands));
        else io.out(globalHelp(reg));
        return EXIT_OK;
      }
      const stray = argv.find((a) => a !== '--json');
      return usage(stray ? `unknown option ${JSON.stringify(stray)}` : 'no command given', stray ? "Run 'sanctum --help' for the commands.\n" : globalHelp(reg));
    }
    // The longest leading prefix that names a group of commands (`sanctum vault`).
    for (let n = leading.length; n > 0; n--) {
      const prefix = leading.slice(0, n);
      const under = reg.under(prefix);
      if (!under.length) continue;
      if (wantsHelp && n === leading.length) {
        if (wantsJson) emitJson(helpJson(reg, under));
        else io.out(groupHelp(reg, prefix));
        return EXIT_OK;
      }
      const what = n === leading.length ? `'${prefix.join(' ')}' needs a subcommand` : `unknown command '${leading.slice(0, n + 1).join(' ')}'`;
      return usage(what, groupHelp(reg, prefix));
    }
    return usage(`unknown command '${argv[0]}'`, "Run 'sanctum --help' for the commands.\n");
  }

  const { command, rest } = resolved;
  const config: ParseArgsConfig = {
    args: rest,
    options: Object.fromEntries(
      Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([n, o]: [string, OptionSpec]) => [
        n,
        { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
      ]),
    ),
    allowPositionals: true,
    strict: true,
  };
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs(config);
    values = parsed.values as Record<string, string | boolean | string[] | undefined>;
    positionals = parsed.positionals;
  } catch (e) {
    return usage(`${command.path.join(' ')}: ${parseErrorMessage(e)}`, shortUsage(command));
  }
  if (values.help) {
    if (wantsJson) emitJson(helpJson(reg, [command]));
    else io.out(commandHelp(command));
    return EXIT_OK;
  }
  const required = command.positionals.filter((p) => !p.optional).length;
  if (positionals.length < required) {
    return usage(`${command.path.join(' ')}: missing <${command.positionals[positionals.length]!.name}>`, shortUsage(command));
  }
  if (positionals.length > command.positionals.length && !command.positionals.at(-1)?.variadic) {
    return usage(`${command.path.join(' ')}: unexpected argument ${JSON.stringify(positionals[command.positionals.length])}`, shortUsage(command));
  }

  const ctx = new CommandContext(command, positionals, values, io);
  try {
    const result = await command.run(ctx);
    if (ctx.json) emitJson(result.json);
    else if (result.text) io.out(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    return result.exitCode ?? EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError) return usage(`${command.path.join(' ')}: ${e.message}`, shortUsage(e.command ?? command));
    if (e instanceof PromptAborted) {
      io.err('sanctum: cancelled; nothing was changed\n');
      if (ctx.json) emitJson({ error: { code: 'CANCELLED', message: 'cancelled at the prompt' } });
      return EXIT_INTERRUPTED;
    }
    const err =
      e instanceof SanctumError ? e : new SanctumError('INTERNAL', `unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    if (!(e instanceof SanctumError) && io.env.SANCTUM_DEBUG && e instanceof Error) io.err(`${e.stack ?? ''}\n`);
    if (ctx.json) emitJson({ error: errorPayload(err) });
    else io.err(`sanctum ${command.path.join(' ')}: ${err.message}${err.where ? `\n  where: ${err.where}` : ''}\n  (${err.code})\n`);
    return EXIT_FAILURE;
  } finally {
    ctx.dispose();
  }
}
