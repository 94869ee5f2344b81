/** Benchmark suites: `test/bench/suites/<name>.ts` default-exports (or exports `suite`) a BenchSuite. */

export interface BenchOptions {
  /** A fresh temporary folder for this suite's files; removed afterwards. */
  workDir: string;
  /** Progress for a person watching (stderr). */
  log(message: string): void;
}

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** The same measurement without Sanctum's layer (plaintext SQLite, SHA-256 alone …). */
  baseline?: number;
  /** How many times slower than the baseline (time / baseline time); 1.0 = as fast. */
  ratio?: number;
  /** What the issue asks for, e.g. ">= 20000 records/s" or "<= 3x". */
  target?: string;
  pass?: boolean;
}

export interface BenchSuite {
  name: string;
  description: string;
  run(opts: BenchOptions): Promise<BenchRow[]>;
}
