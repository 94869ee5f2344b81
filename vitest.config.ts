import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

const E2E = 'test/e2e/**/*.e2e.test.ts';

export default defineConfig({
  test: {
    // Native modules (better-sqlite3) and child processes behave best in forked workers.
    pool: 'forks',
    // vitest's default is one fork per core minus one: a single fork on the 2-core machines CI runs on. Unit and
    // integration files are independent CPU work (Argon2id, SQLite, workers, child processes), so use every core.
    // The e2e files still run one at a time, after the others (see the e2e project's singleFork).
    poolOptions: { forks: { maxForks: Math.max(2, availableParallelism()) } },
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          // The everyday loop (`npm run test:unit -- --watch`): modules, services over a real vault, the renderer's
          // pure parts. No child processes, no browser.
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
          // Argon2id keys remembered per (passphrase, salt, cost) for the run: see the file head.
          setupFiles: ['test/helpers/kdf-memo.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // The CLI as a child process, crash trials (SIGKILL mid-write), the canary scan and the security suite.
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/security/**/*.test.ts'],
          exclude: [...configDefaults.exclude, E2E],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [E2E],
          // No file parallelism: one Chromium at a time (the files are heavy: Argon2id + a browser). In vitest 3
          // `fileParallelism` is a root-only option (it would serialise the unit tests too), so this project gets
          // the same effect with a single fork: its files run one after another, after the unit tests.
          poolOptions: { forks: { singleFork: true } },
          // Builds the renderer once per run and provides its folder to the test files.
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
