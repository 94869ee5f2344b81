/**
 * Everything the CLI reads from or writes to the outside world goes through a CliIo, so the dispatcher can be
 * driven in-process by tests and the real process wires it to stdin/stdout/stderr.
 */

export interface CliIo {
  /** Write to stdout. Synchronous for files and pipes on Linux, so a line is out before the next statement. */
  out(text: string): void;
  /** Write to stderr (warnings, prompts, progress in --json mode, errors in human mode). */
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** True when a person is at the keyboard: passphrases may be asked for. */
  interactive: boolean;
  /** Read one line without echo (only called when `interactive`). Rejects with PromptAborted on Ctrl-C / Ctrl-D. */
  readHidden(prompt: string): Promise<string>;
  /** Standard input as bytes, for commands that read their input from `-` (absent where there is none). */
  stdin?: () => AsyncIterable<Uint8Array>;
}

export class PromptAborted extends Error {
  constructor() {
    super('cancelled at the prompt');
    this.name = 'PromptAborted';
  }
}

/**
 * Hidden input on a raw-mode TTY: nothing is echoed, Backspace and Ctrl-U edit, Enter ends, Ctrl-C / Ctrl-D
 * (on an empty line) cancel. Terminal escape sequences (arrow keys …) are ignored.
 */
export function readHiddenFromTty(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    let buf: string[] = [];
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(buf.join(''));
          buf = [];
          return;
        }
        if (ch === '\u0003' || (ch === '\u0004' && buf.length === 0)) {
          finish();
          buf = [];
          reject(new PromptAborted());
          return;
        }
        if (ch === '\u007f' || ch === '\b') buf.pop();
        else if (ch === '\u0015') buf = [];
        else if (ch === '\u001b') break; // an escape sequence: drop the rest of this read
        else if (ch >= ' ') buf.push(ch);
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    interactive: process.stdin.isTTY === true,
    readHidden: (prompt) => readHiddenFromTty(process.stdin, process.stderr, prompt),
    stdin: () => process.stdin,
  };
}
