/**
 * Global setup of the e2e vitest project: build the renderer once per run and hand its folder to the test
 * files (vitest provide/inject). Nothing is built when the e2e tests are skipped or cannot run.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildRenderer, chromiumProblem, e2eSkipped, SCREENSHOT_DIR, SKIP_MESSAGE } from './environment';

declare module 'vitest' {
  export interface ProvidedContext {
    sanctumRendererDir: string | null;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (e2eSkipped()) {
    console.warn(SKIP_MESSAGE);
    project.provide('sanctumRendererDir', null);
    return;
  }
  if (chromiumProblem()) {
    // The tests themselves fail with the explanation; no point building.
    project.provide('sanctumRendererDir', null);
    return;
  }
  // Screenshots are per run: stale ones (say, a failure picture from an earlier run) would mislead.
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  project.provide('sanctumRendererDir', await buildRenderer());
}
