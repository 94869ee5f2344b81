/** Building blocks shared by the per-feature channel maps. */
import { z } from 'zod';
import { Id } from '../../model/records';

export const Empty = z.object({}).strict();
export const ById = z.object({ id: Id }).strict();
export const Confirmed = z.object({ id: Id, confirm: z.boolean().default(false) }).strict();
export const Ok = z.object({ ok: z.literal(true) });
/** Long work (intake, import) reports progress as job.progress events under this id, and can be cancelled. */
export const JobId = z.string().min(1).max(64);

export type ChannelMap = Record<string, { request: z.ZodType; response: z.ZodType }>;

type NoDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;
type PatchShape<S extends z.ZodRawShape> = { -readonly [K in keyof S]: z.ZodOptional<NoDefault<S[K]>> };

/**
 * A record's data as a create channel takes it: the model schema's fields and no others (an unknown field is
 * refused at the boundary instead of dropped by the service). `optional` names fields the service fills in.
 * The core validates again with the full schema, refinements included (a link's two ends differ …).
 */
export function recordInput<S extends z.ZodRawShape, O extends keyof S & string = never>(
  schema: z.ZodObject<S>,
  optional: readonly O[] = [],
): z.ZodObject<Omit<S, O> & { -readonly [K in O]: z.ZodOptional<S[K]> }, z.core.$strict> {
  const shape: Record<string, z.core.$ZodType> = { ...schema.shape };
  for (const k of optional) shape[k] = z.optional(schema.shape[k]!);
  return z.strictObject(shape) as never;
}

/**
 * A patch of a record's data, as an update channel takes it: each named field optional, typed as the model
 * types it, and no other field (`omit`: fields the record keeps for life, such as its case). Defaults are
 * taken off: a patch changes only the fields it names — `.partial()` would fill in `description: ''` and wipe
 * the stored one. A field sent as `undefined` (structured clone keeps it) still clears an optional field.
 */
export function patchOf<S extends z.ZodRawShape, O extends keyof S & string = never>(schema: z.ZodObject<S>, omit: readonly O[] = []): z.ZodObject<PatchShape<Omit<S, O>>, z.core.$strict> {
  const shape: Record<string, z.core.$ZodType> = {};
  for (const [k, field] of Object.entries(schema.shape)) {
    if ((omit as readonly string[]).includes(k)) continue;
    shape[k] = z.optional(field instanceof z.ZodDefault ? field.unwrap() : field);
  }
  return z.strictObject(shape) as never;
}
