/**
 * GraphML and GEXF export from the command line. `sanctum export <vault> --format graphml|gexf …`
 * (main/cli/commands/exchange.ts) dispatches to `graphmlExportFormat` / `gexfExportFormat`; `sanctum graph
 * export` is the same export with the graph-specific options (format, edge mode, analytics, seed).
 */
import { existsSync } from 'node:fs';
import type { Workspace } from '../../core/case/workspace';
import { SanctumError } from '../../core/errors';
import { exportGraph, GRAPH_FORMATS, type GraphFormat, type GraphmlExportReport } from '../../core/exchange/graphml/export';
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

const FORMAT_LABEL: Record<GraphFormat, string> = { graphml: 'GraphML', gexf: 'GEXF' };

function summary(r: GraphmlExportReport, caseName: string, toStdout: boolean): string {
  return [
    `Exported the network of case "${caseName}" as ${FORMAT_LABEL[r.format]} to ${toStdout ? 'standard output' : r.path}: ${r.nodes} entities, ${r.edges} links${r.analytics ? ', with centrality, community and core' : ''}.`,
    `SHA-256 ${r.sha256}`,
    ...(r.edgeMode === 'mixed' ? ['Mixed directed/undirected edges (Gephi, yEd); networkx cannot read them: leave out --edges mixed for networkx.'] : []),
  ].join('\n');
}

/** `--out FILE` or `--out -` (standard output; then stdout holds the file, so --json is refused). */
export function outTarget(ctx: CommandContext): { out: string; toStdout: boolean } {
  const out = ctx.string('out');
  if (out === undefined) throw new UsageError('--out FILE is required (- for standard output)', ctx.command);
  const toStdout = ctx.isStdio(out);
  if (toStdout && ctx.json) throw new UsageError('--json cannot go with --out - (standard output holds the export; the summary goes to standard error)', ctx.command);
  if (!toStdout && !ctx.flag('force') && existsSync(out)) throw new SanctumError('CONFLICT', `${out} already exists; choose another name or replace it with --force`, out);
  return { out, toStdout };
}

/** The export itself, shared by `sanctum graph export` and `sanctum export --format graphml|gexf`. */
export async function exportGraphCommand(ctx: CommandContext, dir: string, format: GraphFormat): Promise<CommandResult> {
  const { out, toStdout } = outTarget(ctx);
  const edges = ctx.string('edges') ?? 'directed';
  if (edges !== 'mixed' && edges !== 'directed') throw new UsageError(`--edges takes directed or mixed, not "${edges}"`, ctx.command);
  const seed = ctx.int('seed', { min: 0, max: 2 ** 31 });
  const force = ctx.flag('force');
  const review = reviewDecisions(ctx);
  const { report, caseName } = await withWorkspace(ctx, dir, async (ws) => {
    const c = exportCase(ctx, ws);
    const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
    if (pass) await ws.ctx.vault.unlockWitness(pass);
    const report = exportGraph(ws, c.id, format, out, {
      analytics: !ctx.flag('no-analytics'),
      edges,
      overwrite: force,
      review,
      ...(seed !== undefined ? { seed } : {}),
      ...(toStdout ? { sink: ctx.stdout() } : {}),
    });
    return { report, caseName: c.data.name };
  });
  const text = summary(report, caseName, toStdout);
  // With --out -, stdout is the file: the summary goes to stderr.
  if (toStdout) {
    ctx.io.err(`${text}\n`);
    return { json: null, text: '' };
  }
  return { json: report, text };
}

/**
 * Entries for the FORMATS table of `sanctum export` (exchange.ts): GraphML / GEXF with the analytics and
 * directed edges. The report is shaped like the FtM one (entities = nodes, links = edges; nothing is skipped).
 */
function graphExportFormat(format: GraphFormat, label: string) {
  return {
    label,
    export: (ws: Workspace, caseId: string, out: string, opts: { force: boolean; review?: ReviewDecision[]; sink?: (b: Uint8Array) => void }) => {
      const r = exportGraph(ws, caseId, format, out, { analytics: true, overwrite: opts.force, review: opts.review ?? [], ...(opts.sink ? { sink: opts.sink } : {}) });
      return { path: r.path, entities: r.nodes, links: r.edges, skipped: [], sha256: r.sha256 };
    },
  };
}
export const graphmlExportFormat = graphExportFormat('graphml', 'GraphML (networkx, Gephi, yEd)');
export const gexfExportFormat = graphExportFormat('gexf', "GEXF (Gephi's timeline)");

const graphExport = defineCommand({
  path: ['graph', 'export'],
  group: 'Import and export',
  summary: "Export a case network as GraphML (networkx, Gephi, yEd) or GEXF (Gephi's timeline)",
  usage: '<vault> --out FILE|- [--format graphml|gexf] [--case NAME|ID] [--edges directed|mixed] [--no-analytics] [--seed N] [--force]',
  description: `
Entities become nodes (kind, roles, names, nationality, birth date as ISO bounds) and links become edges (kind,
direction, dates as ISO bounds, amount and currency, evidence: independent sources, best grade and credibility,
strength, single-source flag). Nodes also get degree, degree_distinct, betweenness, eigenvector centrality,
Louvain community (seeded, reproducible), k-core and broker score unless --no-analytics. Witnesses appear under
their pseudonym only.

Each link is one edge: parallel links between two entities are not merged. weight = the number of claims
asserting the link (at least 1). degree counts links, parallel ones each (networkx's MultiDiGraph.degree gives
the same); degree_distinct counts the distinct entities linked.

Edges: "directed" (default) writes every edge as directed, and the attribute link_directed says whether the
link kind really has a direction: networkx reads it (nx.read_graphml gives a MultiDiGraph). "mixed" writes
undirected link kinds (associate, family …) as undirected edges, as GraphML and GEXF define mixed graphs (Gephi,
yEd); networkx refuses mixed files.

GEXF (--format gexf) is dynamic (timeformat="date"): each edge has a spell from the link's dates (start to
end, or the date of a payment; partial dates as ranges, "1980" = the whole year; open ends left open) and each
node the union of its links' and events' spells, for Gephi's timeline. Undated links have no spell (always).

Same as: sanctum export <vault> --format graphml|gexf --out FILE. With --out - the file goes to standard
output and the summary to standard error. A file is written completely or not at all, and an existing file is
not replaced without --force. The export is recorded in the activity log.`,
  positionals: [VAULT_ARG],
  options: {
    out: { type: 'string', valueName: 'FILE', description: 'where to write the file (- for standard output)', path: true },
    format: { type: 'string', valueName: 'F', description: 'graphml (default) or gexf' },
    case: CASE_OPTION,
    edges: { type: 'string', valueName: 'MODE', description: 'directed (default; networkx) or mixed (Gephi, yEd)' },
    'no-analytics': { type: 'boolean', description: 'leave out centrality, community and core' },
    seed: { type: 'string', valueName: 'N', description: 'Louvain seed for the community attribute (default 1)' },
    force: { type: 'boolean', description: 'replace FILE if it exists' },
    review: REVIEW_OPTION,
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that labels are checked for witness identities' }],
  run: (ctx) => {
    const format = (ctx.string('format') ?? 'graphml').toLowerCase();
    if (!(GRAPH_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format takes ${GRAPH_FORMATS.join(' or ')}, not "${format}"`, ctx.command);
    return exportGraphCommand(ctx, ctx.arg(0), format as GraphFormat);
  },
});

export const graphCommands: Command[] = [graphExport];
