/**
 * `npm run bench [-- --only <suite>[,<suite>]] [--strict]`
 *
 * Runs every suite in test/bench/suites (or the selected ones), prints one table per suite, and writes
 * bench-results/<suite>.json and bench-results/summary.json (with the machine: CPUs, memory, Node, date).
 * Data sizes are fixed, so results from different machines compare. --strict exits 1 when a target is missed.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchRow, BenchSuite } from './types';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '..', '..');
const OUT = join(REPO, 'bench-results');

function machine() {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    totalMemoryMiB: Math.round(totalmem() / 1024 / 1024),
    platform: platform(),
    arch: arch(),
    osRelease: release(),
    node: process.version,
    date: new Date().toISOString(),
  };
}

async function loadSuites(): Promise<BenchSuite[]> {
  const dir = join(HERE, 'suites');
  const out: BenchSuite[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { suite?: BenchSuite; default?: BenchSuite };
    const s = mod.suite ?? mod.default;
    if (!s) throw new Error(`${f} exports no suite`);
    out.push(s);
  }
  return out;
}

function fmt(n: number | undefined): string {
  if (n === undefined) return '';
  return Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : String(n);
}

export function table(rows: readonly BenchRow[]): string {
  const head = ['metric', 'value', 'unit', 'baseline', 'ratio', 'target', 'pass'];
  const body = rows.map((r) => [
    r.metric,
    fmt(r.value),
    r.unit,
    fmt(r.baseline),
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`,
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'MISS',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const right = new Set([1, 3, 4]);
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  const all = await loadSuites();
  if (values.help) {
    console.log(`Usage: npm run bench [-- --only <suite>[,<suite>]] [--strict]\nSuites: ${all.map((s) => s.name).join(', ')}`);
    return 0;
  }
  const wanted = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted?.filter((w) => !all.some((s) => s.name === w)) ?? [];
  if (unknown.length) {
    console.error(`unknown suite ${unknown.join(', ')}; suites: ${all.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const suites = wanted ? all.filter((s) => wanted.includes(s.name)) : all;
  const m = machine();
  console.log(`Sanctum benchmarks: ${m.cpus} x ${m.cpuModel}, ${m.totalMemoryMiB} MiB, Node ${m.node}, ${m.platform}/${m.arch}\n`);
  mkdirSync(OUT, { recursive: true });
  const summary: { machine: typeof m; suites: Record<string, { description: string; seconds: number; rows: BenchRow[] }>; missed: string[] } = {
    machine: m,
    suites: {},
    missed: [],
  };
  for (const s of suites) {
    const workDir = mkdtempSync(join(process.env.SANCTUM_BENCH_TMPDIR ?? tmpdir(), `sanctum-bench-${s.name}-`));
    const started = performance.now();
    let rows: BenchRow[];
    try {
      rows = await s.run({ workDir, log: (msg) => process.stderr.write(`  [${s.name}] ${msg}\n`) });
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    console.log(`${s.name}: ${s.description} (${seconds} s)\n${table(rows)}\n`);
    writeFileSync(join(OUT, `${s.name}.json`), `${JSON.stringify({ suite: s.name, description: s.description, seconds, machine: m, rows }, null, 2)}\n`);
    summary.suites[s.name] = { description: s.description, seconds, rows };
    summary.missed.push(...rows.filter((r) => r.pass === false).map((r) => `${s.name}: ${r.metric}`));
  }
  writeFileSync(join(OUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(summary.missed.length ? `Targets missed: ${summary.missed.join('; ')}` : 'All targets met.');
  console.log(`Results: ${join('bench-results', 'summary.json')} and one file per suite.`);
  return summary.missed.length && values.strict ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
