/**
 * Filling a form from a kept draft in one call (each form's `useFormDraft` `restore`), instead of a list of
 * setters fed from `{ ...values, ...raw }`. Pure, so it is tested without a page.
 */

/** A form's setters, one per drafted field. */
export type FieldSetters<T> = { [K in keyof T]: (value: T[K]) => void };

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/**
 * Every field of `current` takes the draft's value when the draft has one of the same kind (string, number,
 * boolean, array, object; null fits any), else keeps its current value: a draft kept by an older version of
 * the form, or a damaged one, never puts a number where the form holds text.
 */
export function restoreFields<T extends Record<string, unknown>>(raw: unknown, current: T, set: FieldSetters<T>): void {
  const kept = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  for (const k of Object.keys(set) as (keyof T & string)[]) {
    const now = current[k];
    const v = kept[k];
    const fits = v !== undefined && (v === null || now === null || kindOf(v) === kindOf(now));
    set[k]((fits ? v : now) as T[typeof k]);
  }
}
