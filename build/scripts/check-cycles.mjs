#!/usr/bin/env node
// `node build/scripts/check-cycles.mjs [folder …]` (part of `npm run lint`, default folder main/core): prints each
// import circle among the folder's modules and exits 1 if there is one. See lib/import-cycles.mjs.
import { importCycles } from './lib/import-cycles.mjs';

const roots = process.argv.slice(2);
let found = 0;
for (const root of roots.length ? roots : ['main/core']) {
  for (const circle of importCycles(root)) {
    found++;
    console.error(`import circle in ${root}:\n  ${circle.join('\n  -> ')}`);
  }
}
if (found) {
  console.error(`${found} import circle(s); break each by passing the narrow interface the importer needs.`);
  process.exit(1);
}
