/** Runs once before the suite: nothing heavy here; the e2e tests build the renderer themselves when needed. */
export default function setup(): void {
  process.env.SANCTUM_TEST = '1';
}
