/**
 * `sanctum import` / `sanctum export`: case data in and out of interchange formats. Each format is one entry in
 * FORMATS (FollowTheMoney today; GraphML arrives with the graph work), so adding one does not touch the commands.
 */
import { existsSync, statSync } from 'node:fs';
import type { ImportReport } from '../../../shared/ipc/schemas/case';
import type { Workspace } from '../../core/case/workspace';
import { SanctumError } from '../../core/errors';
import { exportFtm, importFtm, type ExportReport } from '../../core/exchange/ftm';
import { defineCommand, UsageError, type Command, type CommandContext } from '../registry';
import type { ReviewDecision } from '../../core/protection';
import { REVIEW_OPTION, reviewDecisions } from '../review';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
import { CASE_OPTION, caseFor, VAULT_ARG, withWorkspace } from './case';
import { graphmlExportFormat } from './graph';

/** What an export says; events, documents and invalid values are FtM's (other formats may leave them out). */
type FormatExportReport = Omit<ExportReport, 'events' | 'documents' | 'invalid'> & Partial<Pick<ExportReport, 'events' | 'documents' | 'invalid'>>;

interface Format {
  label: string;
  import?: (ws: Workspace, file: string, opts: { caseId: string; validLinesOnly: boolean }) => Promise<ImportReport>;
  export?: (ws: Workspace, caseId: string, out: string, opts: { force: boolean; review: ReviewDecision[] }) => FormatExportReport;
}

const FORMATS: Readonly<Record<string, Format>> = {
  ftm: {
    label: 'FollowTheMoney JSON lines',
    import: (ws, file, opts) => importFtm(ws, file, opts),
    export: (ws, caseId, out, opts) => exportFtm(ws, caseId, out, opts),
  },
  graphml: graphmlExportFormat,
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

const FORMAT_OPTION = { type: 'string', valueName: 'F', description: `the file format: ${Object.keys(FORMATS).join(', ')}` } as const;
const SHOWN = 20;

const importCommand = defineCommand({
  path: ['import'],
  group: 'Import and export',
  summary: 'Import entities and relationships from a file into a case',
  usage: '<vault> <file> --format ftm [--case NAME|ID] [--valid-lines]',
  description: `
FollowTheMoney (ftm): one JSON entity per line, as Aleph and OpenSanctions write them. Persons, organizations,
companies, vessels, vehicles, bank accounts, crypto wallets and addresses become entities; Membership, Ownership,
Directorship, Payment, Associate, Family and UnknownLink become links. Other FtM schemata are skipped and counted.

Every rejected line is reported with its number and the reason. By default a file with any rejected line imports
nothing; with --valid-lines the valid lines are imported (and relationships whose two ends were). An import is
one action in the activity log, with the file's SHA-256. Exit 1 when a line was rejected.`,
  positionals: [VAULT_ARG, { name: 'file', description: 'the file to import' }],
  options: {
    format: FORMAT_OPTION,
    case: CASE_OPTION,
    'valid-lines': { type: 'boolean', description: 'import the valid lines even if others are rejected' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const file = ctx.arg(1);
    const format = formatOf(ctx, 'import');
    if (!existsSync(file) || !statSync(file).isFile()) throw new SanctumError('NOT_FOUND', `cannot read ${file}`, file);
    const validLinesOnly = ctx.flag('valid-lines');
    const { report, caseName } = await withWorkspace(ctx, dir, async (ws) => {
      const c = caseFor(ctx, ws);
      return { report: await format.import!(ws, file, { caseId: c.id, validLinesOnly }), caseName: c.data.name };
    });
    const rejected = report.rejected.length > 0;
    const n = report.imported;
    const lines = [
      report.aborted
        ? `Nothing imported: ${report.rejected.length} line(s) of ${report.lines} rejected. Fix them, or import the valid lines with --valid-lines.`
        : `Imported ${n.entities} entities and ${n.links} relationships into case "${caseName}" (${report.lines} lines${n.skipped ? `, ${n.skipped} skipped: FtM schemata Sanctum does not import, or links to them` : ''}).`,
      ...report.rejected.slice(0, SHOWN).map((r) => `  line ${r.line}: ${r.reason}`),
      ...(report.rejected.length > SHOWN ? [`  … ${report.rejected.length - SHOWN} more (see --json)`] : []),
    ];
    return { json: { file, ...report }, text: lines.join('\n'), exitCode: rejected ? 1 : 0 };
  },
});

const exportCommand = defineCommand({
  path: ['export'],
  group: 'Import and export',
  summary: 'Export a case to a file',
  usage: '<vault> --format ftm --out FILE [--case NAME|ID] [--force]',
  description: `
FollowTheMoney (ftm): entities, then relationships, one JSON object per line, in a stable order. Records that
came from FtM keep their ids and every property the FtM model accepts. Events are written as FtM Event, evidence
items as Document (metadata only, never file contents); relationships get the schema whose ends fit the entities
(else UnknownLink). Every line is validated against the FtM model: invalid values are not written and are listed
with line, property and reason. What FtM cannot represent (phones, claims, sources …) is listed as skipped. Witnesses, victims and protected people appear under their
pseudonym or label only. With SANCTUM_WITNESS_PASSPHRASE set, every string is also checked for witness
identities (any spelling): mentions are replaced by the pseudonym, and possible ones (a single name part, a
place or date of birth) stop the export with exit 1, each listed with a key; decide them with --review FILE.
The file is written completely or not at all, and an existing file is not replaced without --force.`,
  positionals: [VAULT_ARG],
  options: {
    format: FORMAT_OPTION,
    out: { type: 'string', valueName: 'FILE', description: 'where to write the export' },
    case: CASE_OPTION,
    force: { type: 'boolean', description: 'replace FILE if it exists' },
    review: REVIEW_OPTION,
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that text is checked for witness identities' }],
  async run(ctx) {
    const dir = ctx.arg(0);
    const format = formatOf(ctx, 'export');
    const out = ctx.string('out');
    if (out === undefined) throw new UsageError('--out FILE is required', ctx.command);
    const force = ctx.flag('force');
    if (!force && existsSync(out)) throw new SanctumError('CONFLICT', `${out} already exists; choose another name or replace it with --force`, out);
    const review = reviewDecisions(ctx);
    const { report, caseId, caseName } = await withWorkspace(ctx, dir, async (ws) => {
      await openCompartmentIfGiven(ctx, ws);
      if (ctx.string('case') === undefined && ws.cases.list().length === 0) throw new SanctumError('NOT_FOUND', 'this vault has no cases to export');
      const c = caseFor(ctx, ws);
      return { report: format.export!(ws, c.id, out, { force, review }), caseId: c.id, caseName: c.data.name };
    });
    const text = [
      `Exported case "${caseName}" to ${out}: ${report.entities} entities, ${report.links} relationships${report.events ? `, ${report.events} events` : ''}${report.documents ? `, ${report.documents} documents` : ''}.`,
      `SHA-256 ${report.sha256}`,
      ...(report.skipped.length ? ['Not exported:', ...report.skipped.map((s) => `  ${s.count} × ${s.kind}: ${s.reason}`)] : []),
      ...(report.invalid?.length
        ? ['Invalid values not written:', ...report.invalid.slice(0, SHOWN).map((v) => `  ${v.id} (${v.schema})${v.property ? ` ${v.property}` : ''}${v.value !== undefined ? ` ${JSON.stringify(v.value)}` : ''}: ${v.reason}`), ...(report.invalid.length > SHOWN ? [`  … and ${report.invalid.length - SHOWN} more (--json lists them)`] : [])]
        : []),
    ].join('\n');
    return { json: { caseId, ...report }, text };
  },
});

export const exchangeCommands: Command[] = [importCommand, exportCommand];
