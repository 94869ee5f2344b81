/** Building blocks shared by the per-feature channel maps. */
import { z } from 'zod';
import { Id } from '../../model/records';

export const Empty = z.object({}).strict();
export const ById = z.object({ id: Id }).strict();
export const Confirmed = z.object({ id: Id, confirm: z.boolean().default(false) }).strict();
export const Ok = z.object({ ok: z.literal(true) });
/** Long work (intake, import) reports progress as job.progress events under this id, and can be cancelled. */
export const JobId = z.string().min(1).max(64);

/** What a core service's update takes: a channel's patch as the caller writes it (the service validates again). */
export type PatchOf<S extends z.ZodType> = z.input<S>;

export type ChannelMap = Record<string, { request: z.ZodType; response: z.ZodType }>;

type NoDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
type PatchShape<S extends z.ZodRawShape> = { -readonly [K in keyof S]: z.ZodOptional<NoDefault<S[K]>> };

/**
 * The same schema with every nested object strict: a key the model does not have inside `place`, `money`, an
 * alias, a claim's assertion … is refused (zod names it: "patch.place.colour") instead of dropped in silence.
 * Objects that declare their own policy for other keys (passthrough, catchall) keep it; refinements are kept.
 */
export function strictDeep<T extends z.core.$ZodType>(t: T): T {
  const s = t as unknown as z.ZodType;
  if (s instanceof z.ZodObject) {
    const def = s._zod.def;
    if (def.catchall) return t;
    const shape = Object.fromEntries(Object.entries(s.shape).map(([k, v]) => [k, strictDeep(v as z.core.$ZodType)]));
    return s.clone({ ...def, shape, catchall: z.never() }) as unknown as T;
  }
  if (s instanceof z.ZodArray) return s.clone({ ...s._zod.def, element: strictDeep(s._zod.def.element) }) as unknown as T;
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
    return s.clone({ ...s._zod.def, innerType: strictDeep(s._zod.def.innerType) } as never) as unknown as T;
  }
  if (s instanceof z.ZodUnion) return s.clone({ ...s._zod.def, options: s._zod.def.options.map((o) => strictDeep(o)) } as never) as unknown as T;
  return t;
}

/**
 * A record's data as a create channel takes it: the model schema's fields and no others (an unknown field is
 * refused at the boundary instead of dropped by the service, nested objects included). `optional` names
 * fields the service fills in. The core validates again with the full schema, refinements included (a link's two ends differ …).
 */
export function recordInput<S extends z.ZodRawShape, O extends keyof S & string = never>(
  schema: z.ZodObject<S>,
  optional: readonly O[] = [],
): z.ZodObject<Omit<S, O> & { -readonly [K in O]: z.ZodOptional<S[K]> }, z.core.$strict> {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const [k, field] of Object.entries(schema.shape)) shape[k] = strictDeep(field);
  for (const k of optional) shape[k] = z.optional(strictDeep(schema.shape[k]!));
  return z.strictObject(shape) as never;
}

/**
 * A patch of a record's data, as an update channel takes it: each named field optional, typed as the model
 * types it, and no other field at any depth (`omit`: fields the record keeps for life, such as its case).
 * Defaults are taken off: a patch changes only the fields it names — `.partial()` would fill in
 * `description: ''` and wipe the stored one. A field sent as `undefined` (structured clone keeps it) still clears an optional field.
 */
export function patchOf<S extends z.ZodRawShape, O extends keyof S & string = never>(schema: z.ZodObject<S>, omit: readonly O[] = []): z.ZodObject<PatchShape<Omit<S, O>>, z.core.$strict> {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const [k, field] of Object.entries(schema.shape)) {
    if ((omit as readonly string[]).includes(k)) continue;
    shape[k] = z.optional(strictDeep(field instanceof z.ZodDefault ? field.unwrap() : field));
  }
  return z.strictObject(shape) as never;
}
