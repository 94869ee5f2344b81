// Types for the tests that import this build script.
export declare const MAIN_EXTERNALS: readonly string[];
export declare const MAIN_BUNDLE: string;
export declare const PRELOAD_BUNDLE: string;
export declare const WORKERS: readonly { name: string; source: string }[];
export declare function bundleElectron(opts?: { root?: string; outDir?: string; sourcemap?: boolean; target?: string; preloadName?: string }): Promise<{
  mainFile: string;
  preloadFile: string;
  mainInputs: string[];
  preloadInputs: string[];
  workers: { name: string; file: string; inputs: string[] }[];
}>;
