// Import circles in a source folder (issue 16): `npm run lint` fails on any circle in main/core. ESLint has no
// cycle rule without a plugin (eslint-plugin-import-x is not a dependency), so this reads the imports itself with
// the TypeScript scanner (`ts.preProcessFile`: no parsing of bodies, no type check; one pass over ~300 files takes
// well under a second). Every relative import counts — `import type` and `export … from` included, since a
// type-only circle still ties the modules' designs together — and `import()` too. Imports leaving the folder
// are ignored: the layering rules in eslint.config.js cover those.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '/index.ts', '/index.tsx'];

function sourceFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.isFile() && SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative specifier names, or null (a folder import, a JSON file, a missing file). */
function resolve(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  // `./x.js` written for a `./x.ts` source (NodeNext style) names the same module.
  const stem = base.replace(/\.(m|c)?js$/, '');
  for (const candidate of [base, ...EXTENSIONS.map((x) => stem + x)]) {
    if (SOURCE.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** file -> the files inside `root` it imports (sorted), for every source file under `root`. Paths are absolute. */
export function importGraph(root) {
  const dir = path.resolve(root);
  const inside = (f) => f === dir || f.startsWith(dir + path.sep);
  const graph = new Map();
  for (const file of sourceFiles(dir).sort()) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(file, fileName);
      if (target && inside(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/**
 * The circles of a graph: one per strongly connected component of more than one file (or a file importing
 * itself), each given as a path [a, b, …, a] through that component. Tarjan's algorithm, iterative so a deep
 * chain cannot overflow the stack; files in sorted order so the report is stable.
 */
export function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next); low.set(start, next); next++;
    stack.push(start); onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const edges = graph.get(v) ?? [];
      if (i < edges.length) {
        frame[1]++;
        const w = edges[i];
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++;
          stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) {
          low.set(v, Math.min(low.get(v), index.get(w)));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === index.get(v)) {
        const comp = [];
        let w;
        do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
        const selfLoop = comp.length === 1 && (graph.get(v) ?? []).includes(v);
        if (comp.length > 1 || selfLoop) components.push(comp.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0] < b[0] ? -1 : 1)).map((comp) => circleThrough(graph, comp));
}

/** The shortest circle from the component's first file back to itself, staying inside the component (BFS). */
function circleThrough(graph, comp) {
  const members = new Set(comp);
  const start = comp[0];
  const prev = new Map();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift();
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const route = [v];
        while (route[0] !== start) route.unshift(prev.get(route[0]));
        return [...route, start];
      }
      if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
    }
  }
  return [start, start];
}

/** The circles among the source files under `root`, as paths relative to `relativeTo` (default: the cwd). */
export function importCycles(root, relativeTo = process.cwd()) {
  return findCycles(importGraph(root)).map((c) => c.map((f) => path.relative(relativeTo, f).split(path.sep).join('/')));
}
