/** The CLI's hidden prompt and dispatcher, driven in-process with a fake terminal. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/cli';
import { createRegistry } from '../../../main/cli/commands';
import { PromptAborted, readHiddenFromTty, type CliIo } from '../../../main/cli/io';
import { CommandContext, defineCommand, Registry } from '../../../main/cli/registry';

class FakeTty extends EventEmitter {
  isRaw = false;
  rawCalls: boolean[] = [];
  paused = true;
  setRawMode(on: boolean) {
    this.isRaw = on;
    this.rawCalls.push(on);
    return this;
  }
  setEncoding() {
    return this;
  }
  resume() {
    this.paused = false;
    return this;
  }
  pause() {
    this.paused = true;
    return this;
  }
}

function fakeStderr() {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
}

async function typeInto(keys: string[], prompt = 'Passphrase: ') {
  const tty = new FakeTty();
  const err = fakeStderr();
  const p = readHiddenFromTty(tty as unknown as NodeJS.ReadStream, err as unknown as NodeJS.WriteStream, prompt);
  for (const k of keys) tty.emit('data', k);
  return { p, tty, err };
}

describe('hidden prompt', () => {
  it('reads a line without echo, with backspace, Ctrl-U and escape sequences handled, and restores the terminal', async () => {
    const { p, tty, err } = await typeInto(['wrong', '\u0015', 'secrex', '\u007f', 't ', '\u001b[A', 'phrase ✓ ሰላም', '\r']);
    await expect(p).resolves.toBe('secret phrase ✓ ሰላም');
    expect(err.text).toBe('Passphrase: \n'); // the prompt and a newline, nothing typed
    expect(tty.rawCalls).toEqual([true, false]);
    expect(tty.paused).toBe(true);
    expect(tty.listenerCount('data')).toBe(0);
  });

  it('Ctrl-C, and Ctrl-D on an empty line, cancel', async () => {
    const c = await typeInto(['abc', '\u0003']);
    await expect(c.p).rejects.toBeInstanceOf(PromptAborted);
    expect(c.tty.rawCalls).toEqual([true, false]);
    const d = await typeInto(['\u0004']);
    await expect(d.p).rejects.toBeInstanceOf(PromptAborted);
  });
});

function fakeIo(answers: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env,
    interactive: true,
    readHidden: async (prompt) => {
      asked.push(prompt);
      const a = answers.shift();
      if (a === undefined) throw new PromptAborted();
      return a;
    },
  };
  return { io, out, err, asked };
}

describe('passphrases at a terminal', () => {
  const echo = defineCommand({
    path: ['t', 'secret'],
    group: 'Test',
    summary: 'test',
    usage: '',
    positionals: [],
    options: {},
    async run(ctx) {
      const v = await ctx.secret({ env: 'T_SECRET', prompt: 'New thing', confirm: true });
      return { json: { v }, text: `got ${v}` };
    },
  });
  const reg = new Registry([echo]);

  it('prefers the environment variable, else asks twice and compares', async () => {
    const fromEnv = fakeIo([], { T_SECRET: 'from env' });
    expect(await runCli(['t', 'secret'], fromEnv.io, reg)).toBe(0);
    expect(fromEnv.asked).toEqual([]);
    expect(fromEnv.out.join('')).toBe('got from env\n');

    const typed = fakeIo(['typed one', 'typed one']);
    expect(await runCli(['t', 'secret', '--json'], typed.io, reg)).toBe(0);
    expect(typed.asked).toEqual(['New thing: ', 'New thing (again): ']);
    expect(JSON.parse(typed.out.join(''))).toEqual({ v: 'typed one' });

    const differ = fakeIo(['typed one', 'typed two']);
    expect(await runCli(['t', 'secret'], differ.io, reg)).toBe(1);
    expect(differ.err.join('')).toMatch(/the two entries differ; nothing was changed/);

    const cancelled = fakeIo([]);
    expect(await runCli(['t', 'secret'], cancelled.io, reg)).toBe(130);
  });

  it('without a terminal, a missing passphrase is a usage error naming the variable', async () => {
    const { io, err } = fakeIo([]);
    io.interactive = false;
    expect(await runCli(['t', 'secret'], io, reg)).toBe(2);
    expect(err.join('')).toMatch(/set T_SECRET/);
  });

  it('vault init at a terminal asks for the passphrase twice, then for an optional separate witness passphrase', async () => {
    const { tempDir } = await import('../../helpers/tmp');
    const { join } = await import('node:path');
    const dir = join(tempDir(), 'vault');
    const t = fakeIo(['terminal passphrase', 'terminal passphrase', '']);
    expect(await runCli(['vault', 'init', dir, '--kdf-mem-mib', '64', '--json'], t.io, createRegistry())).toBe(0);
    expect(t.asked).toEqual(['Passphrase for the new vault: ', 'Passphrase for the new vault (again): ', 'Separate witness compartment passphrase (Enter to skip): ']);
    expect(JSON.parse(t.out.join(''))).toMatchObject({ separateWitnessPassphrase: false });
    expect(t.err.join('')).toMatch(/witness-passwd/);
    const stats = fakeIo(['terminal passphrase']);
    expect(await runCli(['vault', 'stats', dir, '--json'], stats.io, createRegistry())).toBe(0);
    expect(stats.asked).toEqual(['Vault passphrase: ']);
  });

  it('CommandContext.int refuses non-numbers and out-of-range values as usage errors', () => {
    const ctx = new CommandContext(echo, [], { n: '12', bad: '1e3', neg: '-1' }, fakeIo([]).io);
    expect(ctx.int('n', { min: 1 })).toBe(12);
    expect(ctx.int('missing', { default: 7 })).toBe(7);
    expect(() => ctx.int('bad')).toThrow(/whole number/);
    expect(() => ctx.int('neg')).toThrow(/whole number/);
    expect(() => ctx.int('n', { min: 1, max: 10 })).toThrow(/between 1 and 10/);
  });
});
