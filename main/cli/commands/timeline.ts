/**
 * `sanctum timeline`: the case timeline (events, dated links and dated conduct claims, a lane per entity) as
 * text, JSON (--json: the same model the app's timeline draws, shared/graph/timeline.ts) or an SVG file for a
 * report (--svg FILE: the same drawing as the app's export). Everything goes through witness protection.
 */
import { existsSync } from 'node:fs';
import { PartialDateValue } from '../../../shared/model/partial-date';
import type { TimelineModel } from '../../../shared/graph/timeline';
import type { Workspace } from '../../core/workspace';
import { SanctumError } from '../../core/errors';
import { buildTimeline, exportTimelineSvg } from '../../core/graph/timeline';
import { OutputProtection } from '../../core/protection';
import { defineCommand, UsageError, type Command, type CommandContext } from '../registry';
import { REVIEW_OPTION, reviewDecisions } from '../review';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
import { CASE_OPTION, VAULT_ARG, withWorkspace } from './case';

function timelineCase(ctx: CommandContext, ws: Workspace) {
  const wanted = ctx.string('case');
  if (wanted !== undefined) return ws.cases.resolve(wanted);
  const all = ws.cases.list();
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new SanctumError('NOT_FOUND', 'this vault has no cases');
  throw new UsageError(`this vault has ${all.length} cases; say which one with --case`, ctx.command);
}

function dateOption(ctx: CommandContext, name: 'from' | 'to'): string | undefined {
  const v = ctx.string(name);
  if (v === undefined) return undefined;
  if (!PartialDateValue.safeParse(v).success) throw new UsageError(`--${name} takes YYYY, YYYY-MM or YYYY-MM-DD, not "${v}"`, ctx.command);
  return v;
}

/** One line per item, by date: dates, kind, label, and the lanes (entities) it sits in. */
export function timelineText(m: TimelineModel, notice: string | null): string {
  const names = new Map(m.lanes.map((l) => [l.entityId, l.name]));
  const lines = [`Timeline of case "${m.caseName}": ${m.items.length} dated items in ${m.lanes.length} lanes${m.domain ? `, ${m.domain.from} to ${m.domain.to}` : ''}.`];
  if (m.items.length === 0) lines.push('No dated events or links in this case.');
  for (const it of m.items) {
    const range = it.earliest === it.latest ? it.earliest : `${it.openStart ? '…' : it.earliest} – ${it.openEnd ? '…' : it.latest}`;
    lines.push(`  ${it.dateText.padEnd(22)} ${it.kind.padEnd(5)} ${it.label}  [${range}]  lanes: ${it.entities.map((e) => names.get(e) ?? e).join(', ')}`);
  }
  const u = m.undated;
  if (u.events + u.links + u.claims) lines.push(`Undated (not on the axis): ${u.events} events, ${u.links} links, ${u.claims} conduct claims.`);
  if (notice) lines.push(notice);
  return lines.join('\n');
}

const LOCKED_NOTICE = 'Note: the witness compartment is locked, so labels were checked against protected entities only, not witness identities (set the witness passphrase to check them).';

const timeline = defineCommand({
  path: ['timeline'],
  group: 'Import and export',
  summary: 'Show a case timeline, or write it as SVG for a report',
  usage: '<vault> [--case NAME|ID] [--svg FILE [--from DATE] [--to DATE] [--width PX] [--force]] [--review FILE]',
  description: `
Events, dated links and conduct claims that carry a date, by date, each in the lane of every entity it touches
(participants, both ends of a link, the claim's subject). Partial dates are ranges: "2019-03" is any day of March
2019, "c. 2017" widens a year each side, a membership without an end is still running. Undated records are counted.

--svg FILE writes the timeline as the app draws it (title, case, export date, legend; --from/--to shade a time
window as the graph's date filter does). --json prints the model the app draws from. Witnesses and other
protected people appear under their label only; every label is checked for witness identities (open the
compartment with the witness passphrase for the full check). The SVG is written whole or not at all, an existing
file is not replaced without --force, and the export is recorded in the activity log.`,
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    svg: { type: 'string', valueName: 'FILE', description: 'write the timeline as SVG' },
    from: { type: 'string', valueName: 'DATE', description: 'time window start shaded in the SVG (YYYY[-MM[-DD]])' },
    to: { type: 'string', valueName: 'DATE', description: 'time window end shaded in the SVG' },
    width: { type: 'string', valueName: 'PX', description: 'SVG width in pixels (600–6000, default 1200)' },
    force: { type: 'boolean', description: 'replace FILE if it exists' },
    review: REVIEW_OPTION,
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that labels are checked for witness identities' }],
  run: async (ctx) => {
    const out = ctx.string('svg');
    const from = dateOption(ctx, 'from');
    const to = dateOption(ctx, 'to');
    const width = ctx.int('width', { min: 600, max: 6000 });
    const force = ctx.flag('force');
    if (out === undefined && (from !== undefined || to !== undefined || width !== undefined || force)) throw new UsageError('--from, --to, --width and --force go with --svg FILE', ctx.command);
    if (out !== undefined && !force && existsSync(out)) throw new SanctumError('CONFLICT', `${out} already exists; choose another name or replace it with --force`, out);
    const review = reviewDecisions(ctx);
    return withWorkspace(ctx, ctx.arg(0), async (ws) => {
      const c = timelineCase(ctx, ws);
      const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
      if (pass) await ws.ctx.vault.unlockWitness(pass);
      if (out !== undefined) {
        const window = from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;
        const r = exportTimelineSvg(ws, c.id, out, { overwrite: force, review, ...(window ? { window } : {}), ...(width !== undefined ? { width } : {}) });
        return {
          json: { format: 'svg', ...r },
          text: `Wrote the timeline of case "${c.data.name}" to ${r.path}: ${r.items} items in ${r.lanes} lanes.\nSHA-256 ${r.sha256}`,
        };
      }
      const protection = OutputProtection.forCase(ws, c.id, { decisions: review });
      const model = buildTimeline(ws, c.id, { protection });
      protection.assertReviewed('timeline output');
      return { json: model, text: timelineText(model, protection.identitiesChecked ? null : LOCKED_NOTICE) };
    });
  },
});

export const timelineCommands: Command[] = [timeline];
