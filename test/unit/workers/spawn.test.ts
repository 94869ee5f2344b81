/**
 * Worker threads start one way (main/core/workers/spawn.ts): a TypeScript module per worker, bundled beside the
 * main bundle in the app and the CLI, run through the tsx bootstrap from source. No code in strings.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerLocation, type WorkerName } from '../../../main/core/workers/spawn';
import WORKERS from '../../../main/core/workers/workers.json';

const ROOT = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mts|mjs)$/.test(n) ? [p] : [];
  });
}

describe('worker threads', () => {
  it('no worker is started from code in a string, and only spawn.ts constructs one', () => {
    const offenders: string[] = [];
    for (const f of sources(join(ROOT, 'main'))) {
      const code = readFileSync(f, 'utf8');
      const rel = relative(ROOT, f);
      if (/eval:\s*true/.test(code)) offenders.push(`${rel}: eval: true`);
      if (/new Worker\(/.test(code) && rel !== 'main/core/workers/spawn.ts') offenders.push(`${rel}: new Worker(`);
    }
    expect(offenders).toEqual([]);
  });

  it('every listed worker has its source module, and each module that runs as a worker is listed', () => {
    for (const w of WORKERS) expect(statSync(join(ROOT, w.source)).isFile(), w.source).toBe(true);
    // ocr.ts generates the adapter script tesseract.js starts as its own worker (it constructs the Worker from a
    // workerPath, so spawnWorker cannot); moving that script into a module is open work (issue 16).
    const notOurs = new Set(['main/core/workers/tsx-bootstrap.mjs', 'main/core/documents/ocr.ts']);
    const workerModules = sources(join(ROOT, 'main')).filter((f) => /parentPort/.test(readFileSync(f, 'utf8')) && !notOurs.has(relative(ROOT, f)));
    expect(workerModules.map((f) => relative(ROOT, f)).sort()).toEqual(WORKERS.map((w) => w.source).sort());
  });

  it('loads the bundled file beside a bundle, and the bootstrap with the .ts entry from source', () => {
    const name: WorkerName = 'kdf-worker';
    expect(workerLocation(name, 'file:///opt/Sanctum/resources/app.asar/dist/main/electron-main.js')).toEqual({ file: new URL('file:///opt/Sanctum/resources/app.asar/dist/main/kdf-worker.js') });
    expect(workerLocation(name, 'file:///usr/lib/node_modules/sanctum/dist/cli/sanctum.mjs').file.href).toBe('file:///usr/lib/node_modules/sanctum/dist/cli/kdf-worker.js');
    expect(workerLocation(name, 'file:///repo/main/core/workers/spawn.ts')).toEqual({
      file: new URL('file:///repo/main/core/workers/tsx-bootstrap.mjs'),
      entry: 'file:///repo/main/core/crypto/kdf-worker.ts',
    });
    expect(() => workerLocation('nope' as WorkerName, 'file:///repo/main/core/workers/spawn.ts')).toThrow('no worker named nope');
  });
});
