/**
 * Canonical JSON (sorted keys, no whitespace, no undefined) so that hashes and signatures over JSON values are
 * reproducible by anyone, in any language, from the same data.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortValue(value));
}

function sortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortValue);
  if (value && typeof value === 'object') {
    if (value instanceof Uint8Array) throw new Error('encode bytes before canonicalising');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortValue(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in canonical JSON');
  return value;
}
