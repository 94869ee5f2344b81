/** Runs once before the suite: nothing heavy here; the e2e tests build the renderer themselves when needed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  process.env.SANCTUM_TEST = '1';
  // Last-seen vault heads (main/core/vault/head-state.ts) go to a temp folder, never the user's profile.
  const state = mkdtempSync(join(tmpdir(), 'sanctum-state-'));
  process.env.SANCTUM_STATE_DIR = state;
  return () => rmSync(state, { recursive: true, force: true });
}
