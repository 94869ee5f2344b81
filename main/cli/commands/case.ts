/** `sanctum case …`: create and list cases. Also the helpers the other case-workspace commands share. */
import { InProcessExtractor } from '../../core/documents/in-process';
import { Workspace } from '../../core/workspace';
import type { CaseRecord } from '../../core/case/cases';
import { applyIdentity, loadSettings } from '../../core/vault/settings';
import { defineCommand, UsageError, type Command, type CommandContext, type PositionalSpec } from '../registry';
import { ENV_PASSPHRASE, withVault } from '../vault-access';

export const VAULT_ARG: PositionalSpec = { name: 'vault', description: 'the vault folder', path: true };
export const CASE_OPTION = { type: 'string', valueName: 'NAME|ID', description: 'the case, by name or id (default: the only case, or the one named "Default")' } as const;

/** Open the vault, build the workspace, run, and always lock again. */
export function withWorkspace<T>(ctx: CommandContext, dir: string, fn: (ws: Workspace) => Promise<T> | T): Promise<T> {
  return withVault(ctx, dir, async (vault) => {
    const ws = new Workspace(vault, undefined, { textExtractor: new InProcessExtractor() });
    // Entries written by this command name the analyst and device from the vault's settings.
    applyIdentity(vault, loadSettings(ws.repo));
    try {
      return await fn(ws);
    } finally {
      ws.dispose();
    }
  });
}

/** --case NAME|ID, or the default case (created as "Default" in a vault without cases). */
export function caseFor(ctx: CommandContext, ws: Workspace): CaseRecord {
  const wanted = ctx.string('case');
  return wanted !== undefined ? ws.cases.resolve(wanted) : ws.cases.defaultCase();
}

function caseJson(ws: Workspace, c: CaseRecord) {
  return {
    id: c.id,
    name: c.data.name,
    status: c.data.status,
    description: c.data.description,
    countries: c.data.countries,
    tags: c.data.tags,
    counts: ws.cases.counts(c.id),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

const create = defineCommand({
  path: ['case', 'create'],
  group: 'Cases',
  summary: 'Create a case',
  usage: '<vault> <name> [--description T] [--country CC]...',
  description: 'Case names are unique in a vault (case-insensitively); commands take --case by name or id.',
  positionals: [VAULT_ARG, { name: 'name', description: 'the case name' }],
  options: {
    description: { type: 'string', valueName: 'T', description: 'what the case is about' },
    country: { type: 'string', valueName: 'CC', multiple: true, description: 'a two-letter ISO country code the case concerns (repeatable)' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const name = ctx.arg(1);
    const countries = ctx.strings('country').map((c) => c.trim().toLowerCase());
    const bad = countries.find((c) => !/^[a-z]{2}$/.test(c));
    if (bad !== undefined) throw new UsageError(`--country takes a two-letter ISO code such as LY, not "${bad}"`, ctx.command);
    const c = await withWorkspace(ctx, dir, (ws) => caseJson(ws, ws.cases.create({ name, description: ctx.string('description') ?? '', countries })));
    return { json: c, text: `Created case "${c.name}" (id ${c.id}).` };
  },
});

const list = defineCommand({
  path: ['case', 'list'],
  group: 'Cases',
  summary: 'List cases with their record counts',
  usage: '<vault> [--json]',
  positionals: [VAULT_ARG],
  options: {},
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const cases = await withWorkspace(ctx, ctx.arg(0), (ws) => ws.cases.list().map((c) => caseJson(ws, c)));
    const n = (c: (typeof cases)[number], k: string) => String(c.counts[k] ?? 0);
    const rows = cases.map((c) => [c.name, c.id, n(c, 'entity'), n(c, 'link'), n(c, 'event'), n(c, 'evidence'), c.status]);
    const head = ['name', 'id', 'entities', 'links', 'events', 'evidence', 'status'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((v, i) => (i >= 2 && i <= 5 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
    const text = cases.length ? [line(head), ...rows.map(line)].join('\n') : 'No cases yet. Create one with: sanctum case create <vault> <name>';
    return { json: { cases }, text };
  },
});

export const caseCommands: Command[] = [create, list];
