/** `sanctum evidence …`: take files into a case as evidence (hashed on their original bytes, encrypted). */
import { basename, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { SanctumError } from '../../core/errors';
import { defineCommand, UsageError, type Command } from '../registry';
import { ENV_PASSPHRASE } from '../vault-access';
import { CASE_OPTION, caseFor, VAULT_ARG, withWorkspace } from './case';

const add = defineCommand({
  path: ['evidence', 'add'],
  group: 'Evidence',
  summary: 'Add files to a case as evidence; prints each item’s id and SHA-256',
  usage: '<vault> <file>... [--case NAME|ID] [--title T] [--source ID]',
  description: `
Each file is hashed (SHA-256 of its original bytes, the same value sha256sum prints) while it is encrypted into
the vault; the original is never modified. Each intake opens the item's chain of custody in the activity log.
Files are added one by one: if one fails, the ones before it stay added (and are listed).`,
  positionals: [VAULT_ARG, { name: 'file', description: 'one or more files (- for standard input, named by --title)', variadic: true, path: true }],
  options: {
    case: CASE_OPTION,
    title: { type: 'string', valueName: 'T', description: 'a title for the item (one file only; default: the file name)' },
    source: { type: 'string', valueName: 'ID', description: 'the id of the source the files came from' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const files = ctx.rest(1);
    const title = ctx.string('title');
    if (title !== undefined && files.length > 1) throw new UsageError('--title names one item; give one file, or leave --title out', ctx.command);
    if (files.filter((f) => ctx.isStdio(f)).length > 1) throw new UsageError('standard input (-) can be given once', ctx.command);
    for (const f of files) {
      if (ctx.isStdio(f)) continue;
      let ok = false;
      try {
        ok = statSync(f).isFile();
      } catch {
        ok = false;
      }
      if (!ok) throw new SanctumError('NOT_FOUND', `cannot read ${f} (not a file)`, f);
    }
    const sourceId = ctx.string('source');
    const result = await withWorkspace(ctx, dir, async (ws) => {
      const c = caseFor(ctx, ws);
      const items = [];
      for (const file of files) {
        // `-`: standard input, streamed into the vault (never a clear copy on disk), named by --title.
        const fromStdin = ctx.isStdio(file);
        const rec = await ws.evidence.intake(fromStdin ? ctx.stdin() : resolve(file), {
          caseId: c.id,
          originalName: fromStdin ? (title ?? 'stdin') : basename(file),
          ...(title !== undefined ? { title } : {}),
          ...(sourceId !== undefined ? { sourceId } : {}),
        });
        const f = rec.data.file!;
        items.push({ file, id: rec.id, title: rec.data.title, sha256: f.blob.sha256, size: f.blob.size, mediaType: f.mediaType });
        ctx.progress(`${f.blob.sha256}  ${file}  (evidence ${rec.id})`);
      }
      return { caseId: c.id, caseName: c.data.name, items };
    });
    return { json: result, text: `Added ${result.items.length} item(s) to case "${result.caseName}".` };
  },
});

export const evidenceCommands: Command[] = [add];
