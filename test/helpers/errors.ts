import { expect } from 'vitest';

/** Await a rejection and check its SanctumError code, message and location. */
export async function rejectsWith(p: Promise<unknown>, want: { code?: string; message?: RegExp; where?: RegExp }): Promise<void> {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; message?: string; where?: string } | null;
  expect(err, 'expected a rejection').toBeTruthy();
  if (want.code) expect(err!.code).toBe(want.code);
  if (want.message) expect(err!.message).toMatch(want.message);
  if (want.where) expect(err!.where).toMatch(want.where);
}
