/**
 * The evidence intake's draft, pure: the files are kept by display name only (a read grant never outlives a
 * lock, and the renderer never names a path), so after unlock the dialog says which must be picked again.
 */

/** The one intake in progress, as a draft. */
export const INTAKE_DRAFT_KEY = 'intake:new';

/** Names in `wanted` not (yet) among the files picked, each name counted as often as it was wanted. */
export function stillToPick(wanted: readonly string[], picked: readonly { name: string }[]): string[] {
  const left = picked.map((f) => f.name);
  const out: string[] = [];
  for (const name of wanted) {
    const i = left.indexOf(name);
    if (i >= 0) left.splice(i, 1);
    else out.push(name);
  }
  return out;
}
