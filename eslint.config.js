// Layering is enforced here, not by memory (see ARCHITECTURE.md §2):
//   shared  <-  main/core  <-  main/ipc  <-  main/electron, main/cli
//   renderer -> shared only
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const coreNoElectron = { name: 'electron', message: 'The core never imports electron (ARCHITECTURE.md §1).' };
// shared/ipc (the contract) is allowed: only main/ipc is above the core.
const coreOnly = { group: ['**/main/electron/**', '**/electron/**', '**/ipc/**', '!**/shared/ipc/**', '**/cli/**', '**/renderer/**'], message: 'main/core imports only shared/ and itself.' };
const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'worker_threads', 'stream', 'util', 'url', 'buffer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'build/native/**', 'bench-results/**', 'test-results/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // Type-aware, for the Node side and the contract (issue 16): a promise nobody awaits or catches loses its
    // error — in the main process an unhandled rejection ends the app. Mark a deliberate one with `void`.
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ is runtime-neutral: no electron.' }],
        patterns: [
          { group: ['**/main/**', '**/renderer/**'], message: 'shared/ must not import main/ or renderer/.' },
          { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node built-ins.' },
        ],
      }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [coreNoElectron], patterns: [coreOnly] }],
    },
  },
  {
    // The case services are the bottom of the core: the engines and the composition root (main/core/workspace.ts)
    // are built on them, never the other way (issue 16). A service needing an engine's answer takes it as an
    // argument or a narrow interface. Flat config replaces a rule's options per file, so the core's rule is repeated.
    files: ['main/core/case/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [coreNoElectron],
        patterns: [
          coreOnly,
          {
            regex: '^(\\.\\./)+(core/)?(criteria|listing|screening|search|exchange|graph|workspace|session)(/|$)',
            message: 'main/core/case is below the engines and the composition root: take what you need as a narrow interface.',
          },
        ],
      }],
    },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/cli/**', '**/renderer/**'], message: 'The Electron shell talks to the core through main/ipc; it never imports the CLI or the renderer.' }],
      }],
    },
  },
  {
    files: ['main/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The router is shared by ipcMain and the tests: no electron here.' }],
        patterns: [{ group: ['**/electron/**', '**/cli/**', '**/renderer/**'], message: 'main/ipc imports core and shared only.' }],
      }],
    },
  },
  {
    files: ['main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The CLI runs on plain Node.' }],
        patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'The CLI uses the core, not the Electron shell.' }],
      }],
    },
  },
  {
    // The two classic hook rules (issue 16): hooks called in the same order every render, and effects and memos
    // listing what they read. (The plugin's React Compiler rules are not turned on.) exhaustive-deps warns
    // until the eight effects and memos it finds are reviewed one by one: adding a dependency can re-run an effect.
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main only through window.sanctum.' }],
        patterns: [
          { group: ['**/main/**'], message: 'renderer/ may import shared/ only.' },
          { group: nodeBuiltins, message: 'The renderer is sandboxed: no Node built-ins.' },
        ],
      }],
    },
  },
);
