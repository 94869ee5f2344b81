/**
 * Merge per-feature maps (channels, handlers) into one, refusing a name defined twice: with plain spreads a
 * second feature declaring `evidence.text` would silently replace the first one's schema or handler.
 */
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export function mergeUnique<const P extends readonly object[]>(...parts: P): UnionToIntersection<P[number]> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part)) {
      if (Object.prototype.hasOwnProperty.call(out, name)) throw new Error(`"${name}" is defined twice`);
      out[name] = value;
    }
  }
  return out as UnionToIntersection<P[number]>;
}
