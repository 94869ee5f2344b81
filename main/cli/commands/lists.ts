/** `sanctum lists import`: a sanctions list sealed into the vault, with the decision ledger replayed against it. */
import { existsSync, statSync } from 'node:fs';
import { Workspace } from '../../core/workspace';
import { SanctumError } from '../../core/errors';
import { LIST_FORMATS, type ListFormat } from '../../core/screening';
import { ScreeningService } from '../../core/screening/screening-service';
import { defineCommand, UsageError, type Command } from '../registry';
import { ENV_PASSPHRASE, withVault } from '../vault-access';

const importList = defineCommand({
  path: ['lists', 'import'],
  group: 'Screening',
  summary: 'Import a sanctions list into the vault (sealed), and replay screening decisions against it',
  usage: '<vault> <file> --format un-xml|ftm [--list-id ID] [--name N] [--json]',
  description:
    'Stores the parsed list with its source, date, SHA-256 and counts. Importing a newer version of the same list (same list id) keeps earlier decisions: ' +
    'unchanged entries carry their decision, changed ones are flagged for review, removed ones are reported. The list id defaults to ' +
    '"un-consolidated" for UN XML and to the file name for FtM.',
  positionals: [
    { name: 'vault', description: 'vault folder', path: true },
    { name: 'file', description: 'the list file (UN Consolidated List XML, or FollowTheMoney JSON lines; - for standard input)', path: true },
  ],
  options: {
    format: { type: 'string', valueName: 'F', description: `the list format: ${LIST_FORMATS.join(', ')}` },
    'list-id': { type: 'string', valueName: 'ID', description: 'which list this is, stable across versions' },
    name: { type: 'string', valueName: 'N', description: 'a display name for the list' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const format = ctx.string('format');
    if (format === undefined) throw new UsageError(`--format is required (${LIST_FORMATS.join(', ')})`, ctx.command);
    if (!(LIST_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown list format "${format}"; allowed: ${LIST_FORMATS.join(', ')}`, ctx.command);
    const file = await ctx.inputFile(ctx.arg(1));
    if (!existsSync(file) || !statSync(file).isFile()) throw new SanctumError('NOT_FOUND', `cannot read ${file}`, file);
    // Parse before asking for the vault: a malformed list fails fast, without a key derivation.
    const snap = await ScreeningService.parse(file, format as ListFormat);
    const listId = ctx.string('list-id');
    const name = ctx.string('name');
    const r = await withVault(ctx, dir, (vault) => new Workspace(vault).screening.importSnapshot(snap, { ...(listId ? { listId } : {}), ...(name ? { name } : {}) }));
    const s = r.snapshot;
    const json = { ...s, unchanged: r.unchanged, replay: r.replay, individuals: s.counts.individuals, entities: s.counts.entities, aliases: s.counts.aliases };
    const text = [
      `${r.unchanged ? 'Already imported' : 'Imported'} ${s.name} [${s.listId}] from ${s.source}${s.generatedAt ? `, generated ${s.generatedAt}` : ''}`,
      `  ${s.counts.individuals} individuals, ${s.counts.entities} entities, ${s.counts.aliases} aliases${s.problems ? `; ${s.problems} record(s) skipped` : ''}`,
      `  SHA-256 ${s.sha256}`,
      `  decisions: ${r.replay.carried} carried over, ${r.replay.changed} on changed entries (review them), ${r.replay.removed} on entries no longer listed`,
    ].join('\n');
    return { json, text };
  },
});

export const listsCommands: Command[] = [importList];
