/** Building blocks shared by the per-feature channel maps. */
import { z } from 'zod';
import { Id } from '../../model/records';

export const Empty = z.object({}).strict();
export const ById = z.object({ id: Id }).strict();
export const Patch = z.record(z.string(), z.unknown());
export const Confirmed = z.object({ id: Id, confirm: z.boolean().default(false) }).strict();
export const Ok = z.object({ ok: z.literal(true) });
/** Long work (intake, import) reports progress as job.progress events under this id, and can be cancelled. */
export const JobId = z.string().min(1).max(64);

export type ChannelMap = Record<string, { request: z.ZodType; response: z.ZodType }>;
