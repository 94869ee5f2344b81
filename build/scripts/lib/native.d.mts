// Types for the tests that import this build script.
export declare const NATIVE_DIR: string;
export declare const NATIVE_BINDING_FILE: string;
export declare const ELECTRON_HEADERS_URL: string;
export declare function electronVersion(root?: string): Promise<string>;
export declare function buildElectronSqlite(opts?: { root?: string; version?: string; platform?: string; arch?: string; force?: boolean }): Promise<{ binding: string; built: boolean }>;
export declare const STAGE_DIR: string;
export declare const NATIVE_MODULE: string;
export declare function stageNativeModule(opts: { root?: string; stage: string }): Promise<string>;
export declare function electronRebuildOptions(opts: { stage: string; electronVersion: string; platform?: string; arch?: string }): {
  buildPath: string;
  projectRootPath: string;
  electronVersion: string;
  platform: string;
  arch: string;
  onlyModules: string[];
  force: boolean;
  mode: 'sequential' | 'parallel';
  headerURL: string;
};
