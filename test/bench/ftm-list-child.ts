/**
 * Child process of the screening-ids bench: reads one FtM list file and prints what it cost as one JSON line,
 * so its peak RSS is the import's alone. `floor` reads the same lines with JSON.parse and nothing else (the
 * baseline: what any reader of the file pays).
 *
 *   tsx test/bench/ftm-list-child.ts <file> list|floor
 */
import { performance } from 'node:perf_hooks';
import { readLines } from '../../main/core/exchange/ftm/lines';
import { parseFtmListFile } from '../../main/core/screening/ftm-list';

async function main(): Promise<void> {
  const [file, mode] = process.argv.slice(2);
  if (!file || (mode !== 'list' && mode !== 'floor')) throw new Error('usage: ftm-list-child.ts <file> list|floor');
  const t = performance.now();
  let lines = 0;
  let entries = 0;
  let identifiers = 0;
  if (mode === 'list') {
    const snap = await parseFtmListFile(file);
    entries = snap.entries.length;
    lines = entries + (snap.skipped ?? 0) + (snap.problems?.length ?? 0);
    for (const e of snap.entries) identifiers += e.identifiers?.length ?? 0;
  } else {
    await readLines(file, {
      line(_no, text) {
        lines++;
        if (JSON.parse(text)) entries++;
      },
      reject() {},
    });
  }
  const ms = performance.now() - t;
  process.stdout.write(`${JSON.stringify({ ms, lines, entries, identifiers, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
