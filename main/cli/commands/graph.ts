/**
 * GraphML and GEXF export from the command line. `sanctum export <vault> --format graphml|gexf …`
 * (main/cli/commands/exchange.ts) dispatches to `graphmlExportFormat` / `gexfExportFormat`; `sanctum graph
 * export` is the same export with the graph-specific options (format, edge mode, analytics, seed).
 */
import { existsSync } from 'node:fs';
import type { Workspace } from '../../core/workspace';
import { SanctumError } from '../../core/errors';
import { exportGraph, GRAPH_FORMATS, type GraphFormat, type GraphmlExportReport } from '../../core/exchange/graphml/export';
import { caseNetwork, expand, neighboursOf, overviewOf, topOf, type CaseNetwork } from '../../core/graph/explore';
import { GROUP_BYS, type GroupBy } from '../../../shared/graph/explore';
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

// ------------------------------------------------------------------------------------------ exploration

/**
 * Open the case network (the protected snapshot). With the witness passphrase in the environment the
 * compartment is opened first, so that every label is also checked against the witnesses' identities.
 */
async function withNetwork<T>(ctx: CommandContext, fn: (net: CaseNetwork, caseName: string) => T): Promise<T> {
  return withWorkspace(ctx, ctx.arg(0), async (ws) => {
    const c = exportCase(ctx, ws);
    const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
    if (pass) await ws.ctx.vault.unlockWitness(pass);
    return fn(caseNetwork(ws, c.id), c.data.name);
  });
}

const money = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([c, v]) => `${Math.round(v).toLocaleString('en-US')}${c ? ` ${c}` : ''}`)
    .join(', ');

const EXPLORE_ENV = [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that labels are checked for witness identities' }];

const graphNeighbours = defineCommand({
  path: ['graph', 'neighbours'],
  group: 'Networks',
  summary: 'List the entities linked to one entity, with the links',
  usage: '<vault> --entity NAME|ID [--case NAME|ID] [--json]',
  description: 'Witnesses and other protected entities appear under their label (pseudonym) only.',
  positionals: [VAULT_ARG],
  options: { case: CASE_OPTION, entity: { type: 'string', valueName: 'NAME|ID', description: 'the entity (its name in the network, or its id)' } },
  env: EXPLORE_ENV,
  run: (ctx) =>
    withNetwork(ctx, (net) => {
      const ref = ctx.string('entity');
      if (ref === undefined) throw new UsageError('--entity NAME|ID is required', ctx.command);
      const id = net.resolve(ref);
      const rows = neighboursOf(net, id);
      const text = [`${net.name(id)}: ${rows.length} linked entit${rows.length === 1 ? 'y' : 'ies'}`, ...rows.map((r) => `  ${r.name} (${r.kind}, ${r.id})  ${r.links.join('; ')}`)].join('\n');
      return { json: { entity: { id, name: net.name(id) }, neighbours: rows }, text };
    }),
});

const graphExpand = defineCommand({
  path: ['graph', 'expand'],
  group: 'Networks',
  summary: 'Expand entities: what a view of them would add, N links out',
  usage: '<vault> --entity NAME|ID... [--depth N] [--case NAME|ID] [--json]',
  description: 'The graph view does the same when you double-click an entity or press E. Prints the entities added and the links among all of them.',
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    entity: { type: 'string', valueName: 'NAME|ID', multiple: true, description: 'an entity to expand (repeatable)' },
    depth: { type: 'string', valueName: 'N', description: 'how many links out (1–5, default 1)' },
  },
  env: EXPLORE_ENV,
  run: (ctx) =>
    withNetwork(ctx, (net) => {
      const refs = ctx.strings('entity');
      if (!refs.length) throw new UsageError('--entity NAME|ID is required', ctx.command);
      const depth = ctx.int('depth', { min: 1, max: 5 }) ?? 1;
      const ids = refs.map((r) => net.resolve(r));
      const r = expand(net, ids, depth);
      const text = [
        `Expanding ${ids.map((i) => net.name(i)).join(', ')} (${depth} link${depth === 1 ? '' : 's'} out): ${r.added.length} more entities, ${r.links.length} links among ${r.nodes.length}.`,
        ...r.added.map((a) => `  + ${net.name(a)} (${a})`),
      ].join('\n');
      return { json: { expanded: ids, depth, added: r.added.map((a) => ({ id: a, name: net.name(a) })), nodes: r.nodes, links: r.links }, text };
    }),
});

const graphOverview = defineCommand({
  path: ['graph', 'overview'],
  group: 'Networks',
  summary: 'The network grouped into meta-nodes (community, kind, organisation, country)',
  usage: '<vault> [--by community|kind|organisation|country] [--open KEY]... [--case NAME|ID] [--json]',
  description: `
Each group with its member count, kinds, the links inside it and the money moved inside it (per currency, never
converted), and the links between groups. Communities are Louvain with seed 1, as in the graph view. --open KEY
lists that group's members one by one (as opening a meta-node in the view does).`,
  positionals: [VAULT_ARG],
  options: {
    case: CASE_OPTION,
    by: { type: 'string', valueName: 'GROUPING', description: 'community (default), kind, organisation or country' },
    open: { type: 'string', valueName: 'KEY', multiple: true, description: 'a group to open (its key, as listed)' },
  },
  env: EXPLORE_ENV,
  run: (ctx) =>
    withNetwork(ctx, (net, caseName) => {
      const by = (ctx.string('by') ?? 'community') as GroupBy;
      if (!GROUP_BYS.includes(by)) throw new UsageError(`--by takes ${GROUP_BYS.join(', ')}, not "${by}"`, ctx.command);
      const m = overviewOf(net, by, { open: ctx.strings('open') });
      const label = new Map([...m.groups, ...m.open].map((x) => [x.id, x.label]));
      const end = (id: string) => label.get(id) ?? net.name(id);
      const groups = m.groups.map((x) => ({ ...x, label: x.label, top: x.top.map((t) => ({ id: t, name: net.name(t) })) }));
      const text = [
        `Case "${caseName}" by ${by}: ${m.groups.length + m.open.length} groups, ${net.snapshot.nodes.length} entities, ${net.snapshot.links.length} links.`,
        ...groups.map((x) => `  [${x.key}] ${x.label}: ${x.count} entities, ${x.internalLinks} links inside${Object.keys(x.money).length ? `, ${money(x.money)} moved inside` : ''} — ${x.top.map((t) => t.name).join(', ')}`),
        ...m.open.map((x) => `  [${x.key}] ${x.label} (open): ${m.nodes.filter((n) => m.groupOf[n] === x.id).map((n) => net.name(n)).join(', ')}`),
        ...(m.metaLinks.length ? ['Between groups (most links first):'] : []),
        ...m.metaLinks.slice(0, 30).map((l) => `  ${end(l.source)} — ${end(l.target)}: ${l.count} link${l.count === 1 ? '' : 's'}${Object.keys(l.money).length ? `, ${money(l.money)}` : ''}`),
      ].join('\n');
      return { json: { ...m, groups, nodes: m.nodes.map((n) => ({ id: n, name: net.name(n) })) }, text };
    }),
});

const graphTop = defineCommand({
  path: ['graph', 'top'],
  group: 'Networks',
  summary: 'The most linked entities: where the view starts on a large case',
  usage: '<vault> [--n N] [--case NAME|ID] [--json]',
  positionals: [VAULT_ARG],
  options: { case: CASE_OPTION, n: { type: 'string', valueName: 'N', description: 'how many (default 25)' } },
  env: EXPLORE_ENV,
  run: (ctx) =>
    withNetwork(ctx, (net) => {
      const ids = topOf(net, ctx.int('n', { min: 1, max: 10_000 }) ?? 25);
      const rows = ids.map((id) => ({ id, name: net.name(id), links: net.graph.degree(id) }));
      return { json: rows, text: rows.map((r) => `${String(r.links).padStart(5)}  ${r.name} (${r.id})`).join('\n') };
    }),
});

export const graphCommands: Command[] = [graphExport, graphNeighbours, graphExpand, graphOverview, graphTop];
