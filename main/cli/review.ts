/**
 * `--review FILE` for every export command: a person's decisions on the possible identity mentions an export
 * stopped on (each listed with its key, where, which field of whose identity, and the context; exit 1). The
 * file is JSON: `[{"key": "…", "decision": "redact" | "keep", "reason": "…"}]` (or `{"decisions": [...]}`);
 * keeping a mention needs a reason. Decisions are logged in the activity log with the export.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SanctumError } from '../core/errors';
import type { ReviewDecision } from '../core/protection';
import type { CommandContext } from './registry';

export const REVIEW_OPTION = {
  type: 'string',
  valueName: 'FILE',
  description: 'decisions on possible identity mentions the export stopped on: JSON [{key, decision: redact|keep, reason}] (- for standard input)',
  path: true,
} as const;

const Decision = z
  .object({ key: z.string().regex(/^[0-9a-f]{16}$/, 'a hit key as the export listed it'), decision: z.enum(['redact', 'keep']), reason: z.string().max(2000).optional() })
  .refine((d) => d.decision === 'redact' || (d.reason ?? '').trim().length > 0, { message: 'keeping a possible identity mention needs a reason' });
const ReviewFile = z.union([z.array(Decision), z.object({ decisions: z.array(Decision) })]);

export function reviewDecisions(ctx: CommandContext): ReviewDecision[] {
  const file = ctx.string('review');
  if (file === undefined) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(ctx.isStdio(file) ? ctx.stdinTextSync() : readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SanctumError('INVALID_INPUT', `cannot read the review file ${file}: ${(e as Error).message}`, file);
  }
  const parsed = ReviewFile.safeParse(raw);
  if (!parsed.success) throw new SanctumError('INVALID_INPUT', `review file ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, file);
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.decisions;
  return list.map((d) => ({ key: d.key, decision: d.decision, ...(d.reason ? { reason: d.reason } : {}) }));
}
