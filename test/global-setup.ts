/** Runs once before the suite: nothing heavy here; the e2e tests build the renderer themselves when needed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  process.env.SANCTUM_TEST = '1';
  // Last-seen vault heads (main/core/vault/head-state.ts) go to a temp folder, never the user's profile.
  const state = mkdtempSync(join(tmpdir(), 'sanctum-state-'));
  process.env.SANCTUM_STATE_DIR = state;
  // Template vaults shared by the test files of this run (test/helpers/vault.ts): Argon2id once, copies after.
  const templates = mkdtempSync(join(tmpdir(), 'sanctum-templates-'));
  process.env.SANCTUM_TEST_TEMPLATES = templates;
  return () => {
    rmSync(state, { recursive: true, force: true });
    rmSync(templates, { recursive: true, force: true });
  };
}
