/**
 * `sanctum import` / `sanctum export`: case data in and out of interchange formats. Each format is one entry in
 * FORMATS (FollowTheMoney; GraphML and GEXF from the graph commands), so adding one does not touch the commands.
 * `-` as the file reads standard input (import) or writes standard output (export).
 */
import { existsSync, statSync } from 'node:fs';
import type { ImportReport } from '../../../shared/ipc/schemas/case';
import type { Workspace } from '../../core/workspace';
import { SanctumError } from '../../core/errors';
import { exportFtm, importFtm, type ExportReport } from '../../core/exchange/ftm';
import { defineCommand, UsageError, type Command, type CommandContext } from '../registry';
import type { ReviewDecision } from '../../core/protection';
import { REVIEW_OPTION, reviewDecisions } from '../review';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
import { CASE_OPTION, caseFor, VAULT_ARG, withWorkspace } from './case';
import { gexfExportFormat, graphmlExportFormat, outTarget } from './graph';

/** What an export says; events, documents and invalid values are FtM's (other formats may leave them out). */
type FormatExportReport = Omit<ExportReport, 'events' | 'documents' | 'sanctions' | 'invalid'> & Partial<Pick<ExportReport, 'events' | 'documents' | 'sanctions' | 'invalid'>>;

interface Format {
  label: string;
  /** `source`: a path, or standard input's bytes. */
  import?: (ws: Workspace, source: string | AsyncIterable<Uint8Array>, opts: { caseId: string; validLinesOnly: boolean }) => Promise<ImportReport>;
  /** `sink`: write there (standard output) instead of to `out`. */
  export?: (ws: Workspace, caseId: string, out: string, opts: { force: boolean; review: ReviewDecision[]; sink?: (bytes: Uint8Array) => void }) => FormatExportReport;
}

const FORMATS: Readonly<Record<string, Format>> = {
  ftm: {
    label: 'FollowTheMoney JSON lines',
    import: (ws, file, opts) => importFtm(ws, file, opts),
    export: (ws, caseId, out, opts) => exportFtm(ws, caseId, out, opts),
  },
  graphml: graphmlExportFormat,
  gexf: gexfExportFormat,
};

function formatOf(ctx: CommandContext, direction: 'import' | 'export'): Format {
  const allowed = Object.keys(FORMATS).filter((k) => FORMATS[k]![direction]);
  const name = ctx.string('format');
  if (name === undefined) throw new UsageError(`--format is required (${allowed.join(', ')})`, ctx.command);
  const f = FORMATS[name.toLowerCase()];
  if (!f?.[direction]) throw new UsageError(`unknown format "${name}" for ${direction}; allowed: ${allowed.join(', ')}`, ctx.command);
  return f;
}

/** Open the witness compartment when its passphrase is in the environment (exports then match identities). */
async function openCompartmentIfGiven(ctx: CommandContext, ws: Workspace): Promise<void> {
  const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
  if (pass) await ws.ctx.vault.unlockWitness(pass);
}

/**
 * The case to import into: --case by id or name, created when no case has that name (an import into a named
 * case that is not there yet is the usual first step). An id that is not found is an error, never a case name.
 */
function caseForImport(ctx: CommandContext, ws: Workspace): { record: ReturnType<typeof caseFor>; created: boolean } {
  const wanted = ctx.string('case');
  if (wanted === undefined) return { record: caseFor(ctx, ws), created: false };
  try {
    return { record: ws.cases.resolve(wanted), created: false };
  } catch (e) {
    if (!(e instanceof SanctumError) || e.code !== 'NOT_FOUND' || /^[0-9a-f]{32}$/.test(wanted.trim())) throw e;
    return { record: ws.cases.create({ name: wanted.trim() }), created: true };
  }
}

const FORMAT_OPTION = { type: 'string', valueName: 'F', description: `the file format: ${Object.keys(FORMATS).join(', ')}` } as const;
const SHOWN = 20;

const importCommand = defineCommand({
  path: ['import'],
  group: 'Import and export',
  summary: 'Import entities and relationships from a file into a case',
  usage: '<vault> <file>|- --format ftm [--case NAME|ID] [--valid-lines]',
  description: `
FollowTheMoney (ftm): JSON lines as Aleph and OpenSanctions write them: flat (one entity a line), nested
(entities inside properties) or delta ({"op": "ADD"|"MOD"|"DEL", "entity": …}). Every schema of the FtM model
is read. Persons, organisations, companies, vessels, vehicles, aircraft, bank accounts, crypto wallets, addresses,
real estate and positions become entities; relationships (Membership, Ownership, Directorship, Payment,
Employment, Occupancy, Representation …) become links, one per pair when an end has several values; Event, Trip
and Call become events; Sanction becomes a designation of its entity; Passport and Identification become
identifiers of the holder, Note a note on its entity. Other schemata (Document, Contract, Risk …) are kept
verbatim on the entity they refer to; a line that becomes nothing is listed with the reason. A value invalid for
its FtM type is kept aside with a warning (line, property, value, why); it does not reject the line. A delta
does not change or delete records imported before (listed as skipped). Top-level caption, datasets, referents,
target, first_seen, last_seen and last_change are kept on the record.

--case NAME creates the case when there is none of that name (and says so). Every rejected line is reported with
its number and the reason. By default a file with any rejected line imports nothing; with --valid-lines the valid
lines are imported (and relationships whose two ends were). An import is one action in the activity log, with
the file's SHA-256. Exit 1 when a line was rejected. A file of - reads standard input
(\`… | sanctum import vault - --format ftm\`).`,
  positionals: [VAULT_ARG, { name: 'file', description: 'the file to import (- for standard input)', path: true }],
  options: {
    format: FORMAT_OPTION,
    case: { ...CASE_OPTION, description: 'the case, by name or id; a name that is no case yet creates that case' },
    'valid-lines': { type: 'boolean', description: 'import the valid lines even if others are rejected' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const file = ctx.arg(1);
    const format = formatOf(ctx, 'import');
    const fromStdin = ctx.isStdio(file);
    if (!fromStdin && (!existsSync(file) || !statSync(file).isFile())) throw new SanctumError('NOT_FOUND', `cannot read ${file}`, file);
    const validLinesOnly = ctx.flag('valid-lines');
    const { report, caseName, caseCreated } = await withWorkspace(ctx, dir, async (ws) => {
      const c = caseForImport(ctx, ws);
      return { report: await format.import!(ws, fromStdin ? ctx.stdin() : file, { caseId: c.record.id, validLinesOnly }), caseName: c.record.data.name, caseCreated: c.created };
    });
    const rejected = report.rejected.length > 0;
    const n = report.imported;
    const list = (title: string, rows: { line: number; reason: string; property?: string; value?: string }[]) =>
      rows.length
        ? [
            title,
            ...rows.slice(0, SHOWN).map((r) => `  line ${r.line}: ${r.property ? `${r.property}: ` : ''}${r.reason}`),
            ...(rows.length > SHOWN ? [`  … ${rows.length - SHOWN} more (see --json)`] : []),
          ]
        : [];
    const also = [n.events && `${n.events} events`, n.designations && `${n.designations} designations`, n.kept && `${n.kept} FtM entities kept on their entity`].filter(Boolean);
    const lines = [
      ...(caseCreated ? [`Created case "${caseName}".`] : []),
      report.aborted
        ? `Nothing imported: ${report.rejected.length} line(s) of ${report.lines} rejected. Fix them, or import the valid lines with --valid-lines.`
        : `Imported ${n.entities} entities and ${n.links} relationships${also.length ? `, ${also.join(', ')}` : ''} into case "${caseName}" (${report.lines} lines${n.skipped ? `, ${n.skipped} skipped` : ''}).`,
      ...list('Rejected:', report.rejected),
      ...list('Skipped:', report.skippedLines),
      ...list('Values kept aside:', report.warnings),
    ];
    return { json: { file, caseCreated, ...report }, text: lines.join('\n'), exitCode: rejected ? 1 : 0 };
  },
});

const exportCommand = defineCommand({
  path: ['export'],
  group: 'Import and export',
  summary: 'Export a case to a file',
  usage: '<vault> --format ftm|graphml|gexf --out FILE|- [--case NAME|ID] [--force]',
  description: `
FollowTheMoney (ftm): entities, then relationships, one JSON object per line, in a stable order. Records that
came from FtM keep their ids and every property the FtM model accepts. Events are written as FtM Event, evidence
items as Document (metadata only, never file contents); relationships get the schema whose ends fit the entities
(else UnknownLink). Every line is validated against the FtM model: invalid values are not written and are listed
with line, property and reason. What FtM cannot represent (phones, claims, sources …) is listed as skipped. Witnesses, victims and protected people appear under their
pseudonym or label only. With SANCTUM_WITNESS_PASSPHRASE set, every string is also checked for witness
identities (any spelling): mentions are replaced by the pseudonym, and possible ones (a single name part, a
place or date of birth) stop the export with exit 1, each listed with a key; decide them with --review FILE.
The file is written completely or not at all, and an existing file is not replaced without --force.

GraphML (networkx, Gephi, yEd) and GEXF (Gephi's timeline): the case network with analytics and directed edges;
see \`sanctum graph export --help\` for the attributes and the edge modes. With --out - the export goes to
standard output and the summary to standard error.`,
  positionals: [VAULT_ARG],
  options: {
    format: FORMAT_OPTION,
    out: { type: 'string', valueName: 'FILE', description: 'where to write the export (- for standard output)', path: true },
    case: CASE_OPTION,
    force: { type: 'boolean', description: 'replace FILE if it exists' },
    review: REVIEW_OPTION,
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that text is checked for witness identities' }],
  async run(ctx) {
    const dir = ctx.arg(0);
    const format = formatOf(ctx, 'export');
    const { out, toStdout } = outTarget(ctx);
    const force = ctx.flag('force');
    const review = reviewDecisions(ctx);
    const { report, caseId, caseName } = await withWorkspace(ctx, dir, async (ws) => {
      await openCompartmentIfGiven(ctx, ws);
      if (ctx.string('case') === undefined && ws.cases.list().length === 0) throw new SanctumError('NOT_FOUND', 'this vault has no cases to export');
      const c = caseFor(ctx, ws);
      return { report: format.export!(ws, c.id, out, { force, review, ...(toStdout ? { sink: ctx.stdout() } : {}) }), caseId: c.id, caseName: c.data.name };
    });
    const text = [
      `Exported case "${caseName}" to ${toStdout ? 'standard output' : out}: ${report.entities} entities, ${report.links} relationships${report.events ? `, ${report.events} events` : ''}${report.documents ? `, ${report.documents} documents` : ''}${report.sanctions ? `, ${report.sanctions} sanction${report.sanctions === 1 ? '' : 's'}` : ''}.`,
      `SHA-256 ${report.sha256}`,
      ...(report.skipped.length ? ['Not exported:', ...report.skipped.map((s) => `  ${s.count} × ${s.kind}: ${s.reason}`)] : []),
      ...(report.invalid?.length
        ? ['Invalid values not written:', ...report.invalid.slice(0, SHOWN).map((v) => `  ${v.id} (${v.schema})${v.property ? ` ${v.property}` : ''}${v.value !== undefined ? ` ${JSON.stringify(v.value)}` : ''}: ${v.reason}`), ...(report.invalid.length > SHOWN ? [`  … and ${report.invalid.length - SHOWN} more (--json lists them)`] : [])]
        : []),
    ].join('\n');
    if (toStdout) {
      // Standard output holds the export; the summary goes to standard error.
      ctx.io.err(`${text}\n`);
      return { json: null, text: '' };
    }
    return { json: { caseId, ...report }, text };
  },
});

export const exchangeCommands: Command[] = [importCommand, exportCommand];
