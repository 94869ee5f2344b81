// Types for the tests that import this build script.
export declare const NATIVE_DIR: string;
export declare const NATIVE_BINDING_FILE: string;
export declare const ELECTRON_HEADERS_URL: string;
export declare function electronVersion(root?: string): Promise<string>;
export declare function buildElectronSqlite(opts?: { root?: string; version?: string; platform?: string; arch?: string; force?: boolean }): Promise<{ binding: string; built: boolean }>;
