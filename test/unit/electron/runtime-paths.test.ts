import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEV_NATIVE_BINDING, PACKAGED_NATIVE_BINDING, runtimePaths, vaultDirFor, VAULT_DIR_ENV } from '../../../main/electron/runtime-paths';
// The build script that writes the Electron build of better-sqlite3 (plain JS).
import { NATIVE_BINDING_FILE, NATIVE_DIR } from '../../../build/scripts/lib/native.mjs';

const base = {
  env: {},
  userDataDir: path.resolve('/home/ana/.config/Sanctum'),
  appPath: path.resolve('/work/sanctum'),
  resourcesPath: path.resolve('/opt/Sanctum/resources'),
  isPackaged: false,
  exists: () => true,
};

describe('vaultDirFor', () => {
  it('defaults to <userData>/vault', () => {
    expect(vaultDirFor({}, base.userDataDir)).toBe(path.join(base.userDataDir, 'vault'));
    expect(vaultDirFor({ [VAULT_DIR_ENV]: '   ' }, base.userDataDir)).toBe(path.join(base.userDataDir, 'vault'));
  });

  it('honours SANCTUM_VAULT_DIR, made absolute', () => {
    expect(vaultDirFor({ [VAULT_DIR_ENV]: '/media/usb/case-vault' }, base.userDataDir)).toBe(path.resolve('/media/usb/case-vault'));
    expect(path.isAbsolute(vaultDirFor({ [VAULT_DIR_ENV]: 'relative/vault' }, base.userDataDir))).toBe(true);
  });
});

describe('runtimePaths', () => {
  it('development: renderer and preload under dist/, better-sqlite3 from build/native/electron', () => {
    const p = runtimePaths(base);
    expect(p.rendererRoot).toBe(path.join(base.appPath, 'dist', 'renderer'));
    expect(p.preloadPath).toBe(path.join(base.appPath, 'dist', 'main', 'preload.cjs'));
    expect(p.nativeBinding).toBe(path.join(base.appPath, 'build', 'native', 'electron', 'better_sqlite3.node'));
  });

  it('packaged: better-sqlite3 from <resources>/native', () => {
    const p = runtimePaths({ ...base, isPackaged: true, appPath: path.join(base.resourcesPath, 'app.asar') });
    expect(p.nativeBinding).toBe(path.join(base.resourcesPath, 'native', 'better_sqlite3.node'));
    expect(p.rendererRoot).toBe(path.join(base.resourcesPath, 'app.asar', 'dist', 'renderer'));
  });

  it('no nativeBinding when the Electron build does not exist', () => {
    expect(runtimePaths({ ...base, exists: () => false }).nativeBinding).toBeUndefined();
  });

  it('agrees with the build script on where the Electron build lives', () => {
    expect(DEV_NATIVE_BINDING).toBe(path.join(NATIVE_DIR, NATIVE_BINDING_FILE));
    expect(PACKAGED_NATIVE_BINDING).toBe(path.join('native', NATIVE_BINDING_FILE));
  });
});
