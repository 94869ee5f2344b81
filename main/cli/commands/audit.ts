/** `sanctum audit …`: read and export the activity log with the same filters as the app's Activity log screen. */
import { existsSync } from 'node:fs';
import { auditActionLabel } from '../../../shared/audit-actions';
import { detailSummary, formatTimestamp } from '../../../shared/audit-format';
import type { AuditFilter } from '../../../shared/ipc/schemas/vault';
import { exportAudit, queryAudit, ScreenNames, type AuditExportFormat } from '../../core/audit/audit-view';
import { SanctumError } from '../../core/errors';
import { defineCommand, UsageError, type Command, type CommandContext, type OptionSpec } from '../registry';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
import { VAULT_ARG, withWorkspace } from './case';

const FILTER_OPTIONS: Record<string, OptionSpec> = {
  actor: { type: 'string', valueName: 'NAME', description: 'who: entries by this actor (exactly as recorded)' },
  action: { type: 'string', valueName: 'ACTION', description: 'what: an action (custody.viewed) or a group (custody)' },
  item: { type: 'string', valueName: 'ID', description: 'which item: entries about this record (and its chain of custody)' },
  from: { type: 'string', valueName: 'TIME', description: 'when: from this date or ISO time (inclusive)' },
  to: { type: 'string', valueName: 'TIME', description: 'when: up to this date or ISO time (inclusive; a date means the whole day)' },
  text: { type: 'string', valueName: 'WORDS', description: 'entries whose row contains all these words' },
};

const FILTER_HELP = `
Filters (all optional, combined): --actor NAME, --action ACTION|GROUP, --item ID, --from/--to DATE|TIME
(a date alone is the whole day in UTC), --text WORDS. Names in the output are those of the records (witnesses by
pseudonym only).`;

/** A date alone (YYYY-MM-DD) is a whole day; anything else must parse as a time. */
function bound(ctx: CommandContext, name: 'from' | 'to'): string | undefined {
  const v = ctx.string(name);
  if (v === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return name === 'from' ? `${v}T00:00:00.000Z` : `${v}T23:59:59.999Z`;
  if (Number.isNaN(Date.parse(v))) throw new UsageError(`--${name} takes a date (YYYY-MM-DD) or an ISO time, not ${v}`, ctx.command);
  return v;
}

export function filterFrom(ctx: CommandContext): AuditFilter {
  const f: AuditFilter = {};
  for (const k of ['actor', 'action', 'item', 'text'] as const) {
    const v = ctx.string(k);
    if (v !== undefined && v !== '') f[k] = v;
  }
  const from = bound(ctx, 'from');
  const to = bound(ctx, 'to');
  if (from) f.from = from;
  if (to) f.to = to;
  return f;
}

const list = defineCommand({
  path: ['audit', 'list'],
  group: 'Vault',
  summary: 'Show the activity log, newest first, filtered',
  usage: '<vault> [--actor NAME] [--action ACTION] [--item ID] [--from TIME] [--to TIME] [--text WORDS] [--limit N]',
  description: `
Lists activity-log entries newest first with full timestamps (UTC offset), readable action names and the
names of the records they concern. The log stays in the vault; use \`sanctum audit export\` for a file.
${FILTER_HELP}`,
  positionals: [VAULT_ARG],
  options: { ...FILTER_OPTIONS, limit: { type: 'string', valueName: 'N', description: 'at most N entries (default 200)' } },
  env: [ENV_PASSPHRASE],
  run: async (ctx) => {
    const filter = filterFrom(ctx);
    const limit = ctx.int('limit', { min: 1, max: 1_000_000 }) ?? 200;
    return withWorkspace(ctx, ctx.arg(0), (ws) => {
      const q = queryAudit(ws.ctx.vault.audit.entries(), ws.repo, filter, new ScreenNames(ws));
      const shown = q.matches.slice(0, limit);
      const text = [
        ...shown.map((v) => {
          const d = detailSummary(v);
          return `#${v.seq}  ${formatTimestamp(v.ts)}  ${v.actor}${v.device ? ` (${v.device})` : ''}  ${auditActionLabel(v.action)}${d ? `  ${d}` : ''}`;
        }),
        `${shown.length} of ${q.matches.length} matching entries (${q.total} in the log)`,
      ].join('\n');
      return { json: { total: q.total, matched: q.matches.length, entries: shown }, text };
    });
  },
});

const exportCmd = defineCommand({
  path: ['audit', 'export'],
  group: 'Vault',
  summary: 'Export the (filtered) activity log with its verification',
  usage: '<vault> --out FILE [--format json|csv] [filters] [--force]',
  description: `
Writes the activity log, or the entries the filters select, to FILE as JSON (default) or CSV, with the
verification of the whole hash chain and its signed heads (intact, or where it breaks). The export passes
through witness protection: protected people appear under their label, and witness identities found in text
are redacted (open the compartment with SANCTUM_WITNESS_PASSPHRASE for the full check; without it the file
says that identities were not checked). The file is written completely or not at all, an existing file is not
replaced without --force, and the export is itself recorded in the activity log.
${FILTER_HELP}`,
  positionals: [VAULT_ARG],
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'where to write the export' },
    format: { type: 'string', valueName: 'json|csv', description: 'file format (default json)' },
    force: { type: 'boolean', description: 'replace FILE if it exists' },
    ...FILTER_OPTIONS,
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that witness identities are redacted' }],
  run: async (ctx) => {
    const out = ctx.string('out');
    if (out === undefined) throw new UsageError('--out FILE is required', ctx.command);
    const format = (ctx.string('format') ?? 'json') as AuditExportFormat;
    if (format !== 'json' && format !== 'csv') throw new UsageError(`--format is json or csv, not ${String(format)}`, ctx.command);
    const force = ctx.flag('force');
    if (!force && existsSync(out)) throw new SanctumError('CONFLICT', `${out} already exists; choose another name or replace it with --force`, out);
    const filter = filterFrom(ctx);
    return withWorkspace(ctx, ctx.arg(0), async (ws) => {
      const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
      if (pass) await ws.ctx.vault.unlockWitness(pass);
      const r = exportAudit(ws, out, filter, format, { overwrite: force });
      const v = r.verification;
      return {
        json: { path: out, ...r },
        text: [
          `Wrote ${r.entries} of ${r.total} activity-log entries to ${out} (${format.toUpperCase()}).`,
          v.ok ? `Verification: the log is intact (${v.entries} entries, ${v.signedHeads} signed heads).` : `Verification: the log is BROKEN at entry #${v.firstProblem?.seq}: ${v.firstProblem?.problem}`,
          ...(r.identitiesChecked ? [] : ['Witness identities were not checked (compartment locked): set SANCTUM_WITNESS_PASSPHRASE for the full check.']),
        ].join('\n'),
      };
    });
  },
});

export const auditCommands: Command[] = [list, exportCmd];
