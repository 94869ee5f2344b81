// Types for the tests that import this build script.
export declare const CLI_ENTRY: string;
export declare const CLI_BIN: string;
export declare const CLI_BUNDLE_OPTIONS: Record<string, unknown>;
export declare function bundleWithWorkers(opts: { root?: string; entry: string; binName: string; banner?: string; sourcemap?: boolean }): Promise<{ name: string; contents: Uint8Array }[]>;
export declare function cliFiles(opts?: { root?: string; binName?: string; sourcemap?: boolean }): Promise<{ name: string; contents: Uint8Array }[]>;
export declare function bundleCli(opts?: { root?: string; outFile?: string; sourcemap?: boolean }): Promise<{ file: string }>;
