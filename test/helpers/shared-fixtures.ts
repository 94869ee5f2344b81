/**
 * The reference material beside the repo (`../shared/`) is optional: tests that read it skip with a visible
 * message when it is absent, and the repo keeps its own small fixtures so the suite still means something.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED_DIR = resolve(__dirname, '..', '..', '..', 'shared');

export function sharedPath(...parts: string[]): string | null {
  const p = join(SHARED_DIR, ...parts);
  if (existsSync(p)) return p;
  console.warn(`[skip] reference fixture not found: ${p} (tests that need ../shared/ are skipped)`);
  return null;
}
