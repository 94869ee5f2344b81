/**
 * GraphML export from the command line. `sanctum export <vault> --format graphml …` (main/cli/commands/exchange.ts)
 * dispatches to `graphmlExportFormat`; `sanctum graph export` is the same export with the GraphML-specific
 * options (edge mode, analytics, seed).
 */
import { existsSync } from 'node:fs';
import type { Workspace } from '../../core/case/workspace';
import { SanctumError } from '../../core/errors';
import { exportGraphml, type GraphmlExportReport } from '../../core/exchange/graphml/export';
import type { ReviewDecision } from '../../core/protection';
import { defineCommand, UsageError, type Command, type CommandContext, type CommandResult } from '../registry';
import { REVIEW_OPTION, reviewDecisions } from '../review';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
import { CASE_OPTION, VAULT_ARG, withWorkspace } from './case';

/** --case, or the only case; never creates one (an export of nothing helps nobody). */
function exportCase(ctx: CommandContext, ws: Workspace) {
  const wanted = ctx.string('case');
  if (wanted !== undefined) return ws.cases.resolve(wanted);
  const all = ws.cases.list();
  if (all.length === 1) return all[0]!;
  if (all.length === 0) throw new SanctumError('NOT_FOUND', 'this vault has no cases to export');
  throw new UsageError(`this vault has ${all.length} cases; say which one with --case`, ctx.command);
}

function summary(r: GraphmlExportReport, caseName: string): string {
  return [
    `Exported the network of case "${caseName}" to ${r.path}: ${r.nodes} entities, ${r.edges} links${r.analytics ? ', with centrality, community and core' : ''}.`,
    `SHA-256 ${r.sha256}`,
    ...(r.edgeMode === 'mixed' ? ['Mixed directed/undirected edges (Gephi, yEd); for networkx use --edges directed.'] : []),
  ].join('\n');
}

/** The export itself, shared by `sanctum graph export` and `sanctum export --format graphml`. */
export async function exportGraphmlCommand(ctx: CommandContext, dir: string): Promise<CommandResult> {
  const out = ctx.string('out');
  if (out === undefined) throw new UsageError('--out FILE is required', ctx.command);
  const edges = ctx.string('edges') ?? 'mixed';
  if (edges !== 'mixed' && edges !== 'directed') throw new UsageError(`--edges takes mixed or directed, not "${edges}"`, ctx.command);
  const seed = ctx.int('seed', { min: 0, max: 2 ** 31 });
  const force = ctx.flag('force');
  if (!force && existsSync(out)) throw new SanctumError('CONFLICT', `${out} already exists; choose another name or replace it with --force`, out);
  const review = reviewDecisions(ctx);
  const { report, caseName } = await withWorkspace(ctx, dir, async (ws) => {
    const c = exportCase(ctx, ws);
    const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
    if (pass) await ws.ctx.vault.unlockWitness(pass);
    const report = exportGraphml(ws, c.id, out, { analytics: !ctx.flag('no-analytics'), edges, overwrite: force, review, ...(seed !== undefined ? { seed } : {}) });
    return { report, caseName: c.data.name };
  });
  return { json: { format: 'graphml', ...report }, text: summary(report, caseName) };
}

/**
 * An entry for the FORMATS table of `sanctum export` (exchange.ts): GraphML with the analytics and mixed edges.
 * The report is shaped like the FtM one (entities = nodes, links = edges; GraphML skips nothing).
 */
export const graphmlExportFormat = {
  label: 'GraphML (Gephi, yEd, networkx)',
  export: (ws: Workspace, caseId: string, out: string, opts: { force: boolean; review?: ReviewDecision[] }) => {
    const r = exportGraphml(ws, caseId, out, { analytics: true, overwrite: opts.force, review: opts.review ?? [] });
    return { path: r.path, entities: r.nodes, links: r.edges, skipped: [], sha256: r.sha256 };
  },
};

const graphExport = defineCommand({
  path: ['graph', 'export'],
  group: 'Import and export',
  summary: 'Export a case network as GraphML (Gephi, yEd, networkx)',
  usage: '<vault> --out FILE [--case NAME|ID] [--edges mixed|directed] [--no-analytics] [--seed N] [--force]',
  description: `
Entities become nodes (kind, roles, names, nationality, birth date as ISO bounds) and links become edges (kind,
direction, dates as ISO bounds, amount and currency, evidence: independent sources, best grade and credibility,
strength, single-source flag). Nodes also get degree, betweenness, eigenvector centrality, Louvain community
(seeded, reproducible), k-core and broker score unless --no-analytics. Witnesses appear under their pseudonym only.

Edges: "mixed" (default) writes undirected link kinds (associate, family …) with directed="false", as GraphML
defines mixed graphs (Gephi, yEd); networkx refuses mixed graphs, so use "directed" for networkx: every edge is
then written as directed and the attribute link_directed says what the link really is.

Same as: sanctum export <vault> --format graphml --out FILE. The file is written completely or not at all, and
an existing file is not replaced without --force. The export is recorded in the activity log.`,
  positionals: [VAULT_ARG],
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'where to write the GraphML file' },
    case: CASE_OPTION,
    edges: { type: 'string', valueName: 'MODE', description: 'mixed (default; Gephi, yEd) or directed (networkx)' },
    'no-analytics': { type: 'boolean', description: 'leave out centrality, community and core' },
    seed: { type: 'string', valueName: 'N', description: 'Louvain seed for the community attribute (default 1)' },
    force: { type: 'boolean', description: 'replace FILE if it exists' },
    review: REVIEW_OPTION,
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that labels are checked for witness identities' }],
  run: (ctx) => exportGraphmlCommand(ctx, ctx.arg(0)),
});

export const graphCommands: Command[] = [graphExport];
