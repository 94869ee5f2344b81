// Builds the renderer with Vite into dist/renderer/ (the config is renderer/vite.config.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, run, StepError } from './steps.mjs';

export const RENDERER_CONFIG = path.join('renderer', 'vite.config.ts');
export const RENDERER_OUT = path.join('dist', 'renderer');

export async function buildRenderer(root = ROOT) {
  if (!existsSync(path.join(root, RENDERER_CONFIG))) {
    throw new StepError(`${RENDERER_CONFIG} not found`, 'The renderer cannot be built without it.');
  }
  await run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', RENDERER_CONFIG], { cwd: root, what: 'vite build' });
  const index = path.join(root, RENDERER_OUT, 'index.html');
  if (!existsSync(index)) {
    throw new StepError(`the renderer build did not produce ${path.relative(root, index)}`, 'The app protocol serves dist/renderer/: check build.outDir in renderer/vite.config.ts.');
  }
  return index;
}
