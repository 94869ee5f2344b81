/**
 * `sanctum`: the command line on the same core as the app. `npm run sanctum -- <args>` runs this file with tsx;
 * tests run an esbuild bundle of it with node.
 */
import { runCli } from './cli';
import { createRegistry } from './commands';
import { processIo } from './io';

// `sanctum … | head`: a reader that goes away is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2), processIo(), createRegistry()).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`sanctum: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
