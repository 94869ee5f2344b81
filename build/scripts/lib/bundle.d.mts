// Types for the tests that import this build script.
export declare const MAIN_EXTERNALS: readonly string[];
export declare const MAIN_BUNDLE: string;
export declare const PRELOAD_BUNDLE: string;
export declare const SEARCH_WORKER_BUNDLE: string;
export declare const TEXT_WORKER_BUNDLE: string;
export declare const SODIUM_WORKER_BUNDLE: string;
export declare function bundleElectron(opts?: { root?: string; outDir?: string; sourcemap?: boolean; target?: string; preloadName?: string }): Promise<{
  mainFile: string;
  preloadFile: string;
  mainInputs: string[];
  preloadInputs: string[];
  searchWorkerFile: string;
  searchWorkerInputs: string[];
  textWorkerFile: string;
  textWorkerInputs: string[];
  sodiumWorkerFile: string;
  sodiumWorkerInputs: string[];
}>;
