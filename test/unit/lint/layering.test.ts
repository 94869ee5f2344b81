/**
 * The layering `npm run lint` enforces (issue 16): no import circle in main/core (build/scripts/check-cycles.mjs),
 * main/core/case below the engines and the composition root, main/electron away from the CLI and the renderer
 * (eslint.config.js). Each rule is shown to fire on a fixture written here, and to stay quiet on allowed imports.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findCycles, importCycles, importGraph } from '../../../build/scripts/lib/import-cycles.mjs';
import { tempDir } from '../../helpers/tmp';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function writeTree(files: Record<string, string>): string {
  const dir = tempDir('cycles-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('import circles', () => {
  it('finds a circle made of type imports, re-exports and .js specifiers, and names it in order', () => {
    const dir = writeTree({
      'case/views.ts': "import type { Workspace } from '../workspace';\nexport const v = 1;\n",
      'workspace.ts': "import { ListingService } from './listing/service.js';\nexport class Workspace {}\n",
      'listing/service.ts': "export { Views } from '../case/views';\nexport class ListingService {}\n",
      'store/repo.ts': "import { v } from '../case/views';\nexport const r = v;\n",
    });
    expect(importCycles(dir, dir)).toEqual([['case/views.ts', 'workspace.ts', 'listing/service.ts', 'case/views.ts']]);
  });

  it('counts dynamic imports and a module importing itself', () => {
    const dir = writeTree({
      'a.ts': "export async function f() { return import('./b'); }\n",
      'b/index.ts': "import './../a';\n",
      'self.ts': "import * as me from './self';\nexport const x = me;\n",
    });
    expect(importCycles(dir, dir)).toEqual([['a.ts', 'b/index.ts', 'a.ts'], ['self.ts', 'self.ts']]);
  });

  it('reports nothing for a chain, for imports leaving the folder, or for packages', () => {
    const dir = writeTree({
      'core/a.ts': "import { b } from './b';\nimport { z } from 'zod';\nimport { s } from '../shared/s';\nexport const a = [b, z, s];\n",
      'core/b.ts': "import type { X } from '../shared/s';\nexport const b = 1 as unknown as X;\n",
      'shared/s.ts': "import { a } from '../core/a';\nexport type X = number;\nexport const s = a;\n",
    });
    // A circle through shared/ exists in the whole tree but not inside core/.
    expect(importCycles(path.join(dir, 'core'), dir)).toEqual([]);
    expect(importCycles(dir, dir)).toEqual([['core/a.ts', 'shared/s.ts', 'core/a.ts']]);
    expect(importGraph(path.join(dir, 'core')).get(path.join(dir, 'core/a.ts'))).toEqual([path.join(dir, 'core/b.ts')]);
  });

  it('gives one circle per tangle, shortest through its first file, on a graph given directly', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', ['b']],
      ['e', ['a']],
    ]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c', 'a']]);
    g.set('c', []);
    expect(findCycles(g)).toEqual([['b', 'd', 'b']]);
  });

  it('main/core has no circle, and `npm run lint` runs the check', () => {
    expect(importCycles(path.join(ROOT, 'main/core'), ROOT)).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.lint).toContain('node build/scripts/check-cycles.mjs main/core');
  });
});

describe('layering rules (eslint.config.js)', () => {
  // Only the import rule, on fixture text linted as if it lived at `filePath` (files that do not exist, so no
  // type information: the type-aware rules are filtered out with everything else).
  const eslint = new ESLint({
    cwd: ROOT,
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  });

  async function blocked(filePath: string, specifier: string): Promise<string[]> {
    const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath: path.join(ROOT, filePath) });
    return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
  }

  it('keeps main/core/case from importing the engines and the composition root', async () => {
    for (const spec of ['../criteria/facts', '../listing/proposal', '../screening/screening-service', '../search/search-service', '../workspace', '../graph/explore', '../../core/exchange/ftm/export']) {
      const messages = await blocked('main/core/case/lint-fixture.ts', spec);
      expect(messages, spec).toHaveLength(1);
      expect(messages[0], spec).toMatch(/^no-restricted-imports: .*main\/core\/case is below the engines/);
    }
  }, 60_000);

  it('still lets main/core/case import its own modules, the store and shared/', async () => {
    for (const spec of ['./context', '../store/repository', '../documents/text-store', '../../../shared/search/normalize', '../../../shared/graph/layout']) {
      expect(await blocked('main/core/case/lint-fixture.ts', spec), spec).toEqual([]);
    }
    // The core's own rule still applies inside case/ (flat config replaces rule options per file).
    expect(await blocked('main/core/case/lint-fixture.ts', '../../ipc/router')).toEqual([expect.stringMatching(/main\/core imports only shared\/ and itself/)]);
    // Engines may import the case services.
    expect(await blocked('main/core/criteria/lint-fixture.ts', '../case/context')).toEqual([]);
  }, 60_000);

  it('keeps main/electron from importing the CLI or the renderer', async () => {
    for (const spec of ['../cli/sanctum', '../cli/commands/vault', '../../renderer/app']) {
      const messages = await blocked('main/electron/lint-fixture.ts', spec);
      expect(messages, spec).toEqual([expect.stringMatching(/never imports the CLI or the renderer/)]);
    }
    for (const spec of ['../ipc/router', '../core/session', '../../shared/ipc/contract']) {
      expect(await blocked('main/electron/lint-fixture.ts', spec), spec).toEqual([]);
    }
  }, 60_000);
});

describe('type-aware rules (eslint.config.js)', () => {
  // Linting a fixture with type information would load the whole TypeScript project (a minute of CPU on these
  // machines), so this checks the configuration each file gets; `npx eslint` on a probe showed the rule firing.
  const eslint = new ESLint({ cwd: ROOT });

  it('checks floating promises with type information in main/ and shared/, not in the renderer or tests', async () => {
    for (const file of ['main/core/session.ts', 'main/ipc/router.ts', 'shared/ipc/contract.ts']) {
      const config = (await eslint.calculateConfigForFile(path.join(ROOT, file))) as { rules: Record<string, unknown[]>; languageOptions: { parserOptions: { projectService?: unknown } } };
      expect(config.rules['@typescript-eslint/no-floating-promises']?.[0], file).toBe(2);
      expect(config.languageOptions.parserOptions.projectService, file).toBeTruthy();
    }
    for (const file of ['renderer/app.tsx', 'test/unit/lint/layering.test.ts']) {
      const config = (await eslint.calculateConfigForFile(path.join(ROOT, file))) as { rules: Record<string, unknown[]> };
      expect(config.rules['@typescript-eslint/no-floating-promises'], file).toBeUndefined();
    }
  }, 60_000);

  it('checks the rules of hooks in the renderer', async () => {
    const config = (await eslint.calculateConfigForFile(path.join(ROOT, 'renderer/app.tsx'))) as { rules: Record<string, unknown[]> };
    expect(config.rules['react-hooks/rules-of-hooks']?.[0]).toBe(2);
    expect(config.rules['react-hooks/exhaustive-deps']?.[0]).toBe(2);
    const main = (await eslint.calculateConfigForFile(path.join(ROOT, 'main/core/session.ts'))) as { rules: Record<string, unknown[]> };
    expect(main.rules['react-hooks/rules-of-hooks']).toBeUndefined();
  }, 60_000);
});
