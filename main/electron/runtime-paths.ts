/**
 * Where the running app finds its pieces: vault folder, renderer build, preload bundle and the better-sqlite3
 * binary built for Electron. Pure (filesystem access is injected) so both the development and the packaged
 * layout are tested.
 *
 * better-sqlite3: `node_modules` keeps the Node build that tests and the CLI use. The Electron build lives
 * beside it (ARCHITECTURE.md §6): `build/native/electron/` during development (made by `npm start`), and
 * `<resources>/native/` in a package (copied there by electron-builder's extraResources).
 */
import path from 'node:path';

export const VAULT_DIR_ENV = 'SANCTUM_VAULT_DIR';
export const NATIVE_BINDING_FILE = 'better_sqlite3.node';
/** Relative to the project root; build/scripts/lib/native.mjs writes it. */
export const DEV_NATIVE_BINDING = path.join('build', 'native', 'electron', NATIVE_BINDING_FILE);
/** Relative to process.resourcesPath; electron-builder.yml's extraResources puts it there. */
export const PACKAGED_NATIVE_BINDING = path.join('native', NATIVE_BINDING_FILE);

export interface RuntimeEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  /** app.getPath('userData') */
  userDataDir: string;
  /** app.getAppPath(): the project root in development, `…/resources/app.asar` when packaged. */
  appPath: string;
  /** process.resourcesPath */
  resourcesPath: string;
  isPackaged: boolean;
  exists: (file: string) => boolean;
}

export interface RuntimePaths {
  vaultDir: string;
  rendererRoot: string;
  preloadPath: string;
  /** Undefined means "load better-sqlite3's default binary" (plain Node, or none built yet). */
  nativeBinding: string | undefined;
}

export function vaultDirFor(env: RuntimeEnvironment['env'], userDataDir: string): string {
  const override = env[VAULT_DIR_ENV]?.trim();
  return override ? path.resolve(override) : path.join(userDataDir, 'vault');
}

export function nativeBindingFor(rt: Pick<RuntimeEnvironment, 'isPackaged' | 'appPath' | 'resourcesPath' | 'exists'>): string | undefined {
  const candidate = rt.isPackaged ? path.join(rt.resourcesPath, PACKAGED_NATIVE_BINDING) : path.join(rt.appPath, DEV_NATIVE_BINDING);
  return rt.exists(candidate) ? candidate : undefined;
}

export function runtimePaths(rt: RuntimeEnvironment): RuntimePaths {
  return {
    vaultDir: vaultDirFor(rt.env, rt.userDataDir),
    rendererRoot: path.join(rt.appPath, 'dist', 'renderer'),
    preloadPath: path.join(rt.appPath, 'dist', 'main', 'preload.cjs'),
    nativeBinding: nativeBindingFor(rt),
  };
}
