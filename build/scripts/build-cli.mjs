#!/usr/bin/env node
// `npm run build:cli`: bundle the `sanctum` command line into dist/cli/sanctum.mjs, the file package.json's
// `bin` points at (then `npm link` puts `sanctum` on the PATH). Offline; about a tenth of a second.
import { bundleCli } from './lib/cli.mjs';
import { runMain, step } from './lib/steps.mjs';

await runMain(async () => {
  const { file } = await step('bundle the sanctum CLI (esbuild)', () => bundleCli());
  process.stdout.write(`  ${file}\n`);
  return 0;
});
