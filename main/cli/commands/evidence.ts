/** `sanctum evidence …`: take files into a case as evidence (hashed on their original bytes, encrypted). */
import { basename, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { neutraliseControls } from '../../../shared/text/controls';
import { SanctumError } from '../../core/errors';
import { OutputProtection } from '../../core/protection';
import { defineCommand, UsageError, type Command } from '../registry';
import { REVIEW_OPTION, reviewDecisions } from '../review';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
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

const text = defineCommand({
  path: ['evidence', 'text'],
  group: 'Evidence',
  summary: 'Print the text extracted from an evidence file (all pages, or one)',
  usage: '<vault> <id> [--page N] [--review FILE]',
  description: `
Prints the text read from the file at intake or by \`evidence extract\` (PDF text layer per page, Word, e-mail
with its headers, HTML, plain text), with its status and warnings. Nothing is printed for an item whose text
has not been extracted yet. The text goes through the same witness protection as every export: identity
mentions are replaced by pseudonyms, and possible mentions stop the output until decided with --review (open
the compartment with the witness passphrase for the full check). Reading it is logged in the item's custody.`,
  positionals: [VAULT_ARG, { name: 'id', description: 'the evidence item' }],
  options: {
    page: { type: 'string', valueName: 'N', description: 'only page N (1-based)' },
    review: REVIEW_OPTION,
  },
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that the text is checked for witness identities' }],
  async run(ctx) {
    const id = ctx.arg(1);
    const page = ctx.int('page', { min: 1 });
    const review = reviewDecisions(ctx);
    return withWorkspace(ctx, ctx.arg(0), async (ws) => {
      const item = ws.evidence.get(id);
      const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
      if (pass) await ws.ctx.vault.unlockWitness(pass);
      const data = await ws.text.view(id);
      if (!data) {
        return { json: { evidenceId: id, title: item.data.title, status: 'pending', pages: [] }, text: `No text has been extracted from "${neutraliseControls(item.data.title)}" yet (run: sanctum evidence extract).` };
      }
      if (page !== undefined && !data.pages.some((p) => p.page === page)) {
        throw new SanctumError('NOT_FOUND', `page ${page} has no text (pages with text: ${data.pages.map((p) => p.page).join(', ') || 'none'})`, String(page));
      }
      const protection = OutputProtection.forCase(ws, item.data.caseId, { decisions: review });
      const pages = data.pages.filter((p) => page === undefined || p.page === page).map((p) => ({ page: p.page, method: p.method, ...(p.confidence !== undefined ? { confidence: p.confidence } : {}), text: protection.text(`page ${p.page}`, p.text) }));
      const email = data.email ? protection.deep('e-mail headers', data.email) : undefined;
      protection.assertReviewed('evidence text');
      const json = { evidenceId: id, title: protection.text('title', item.data.title), status: data.status, extractor: data.extractor, extractedAt: data.extractedAt, ...(data.charset ? { charset: data.charset } : {}), ...(email ? { email } : {}), warnings: data.warnings, ...(data.error ? { error: data.error } : {}), pages };
      const head = `${neutraliseControls(json.title)}: ${data.status} (${data.extractor}${data.charset ? `, ${data.charset}` : ''})`;
      const notes = [...data.warnings, ...(data.error ? [data.error] : [])].map((w) => `warning: ${neutraliseControls(w)}`);
      // Document text is the file's, whatever it holds: control and bidi characters are made visible, lines kept.
      const body = pages.map((p) => `--- page ${p.page} (${p.method}${p.confidence !== undefined ? `, confidence ${Math.round(p.confidence)}` : ''}) ---\n${neutraliseControls(p.text, { keepNewlines: true })}`);
      return { json, text: [head, ...notes, ...body].join('\n') };
    });
  },
});

const extract = defineCommand({
  path: ['evidence', 'extract'],
  group: 'Evidence',
  summary: 'Extract the text of a case’s evidence files (again, with --force)',
  usage: '<vault> [--case NAME|ID] [--force]',
  description: `
Reads the text of every file in the case that has none yet (with --force: of every file, replacing what was
read before): PDF text layer per page, Word (.docx), e-mail (.eml: headers and body; each attachment becomes an
evidence item of its own, with its own SHA-256 and custody, and its text is read too), HTML and plain text in
any common charset. Images and scanned pages need OCR, which this build does not run: they are marked so. The
originals are never altered; each result is sealed in the vault and logged in the item's custody.`,
  positionals: [VAULT_ARG],
  options: { case: CASE_OPTION, force: { type: 'boolean', description: 'read again the files that already have text' } },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const force = ctx.flag('force');
    const result = await withWorkspace(ctx, ctx.arg(0), async (ws) => {
      const c = caseFor(ctx, ws);
      const counts = await ws.text.extractCase(c.id, { force, onProgress: (done, total) => total > 0 && ctx.progress(`${done}/${total} files`) });
      return { caseId: c.id, caseName: c.data.name, ...counts };
    });
    const parts = [`${result.extracted} extracted`, `${result.partial} partly`, `${result.noText} without text`, `${result.unsupported} unsupported`, `${result.failed} failed`, `${result.skipped} skipped (already read)`];
    return { json: result, text: `Case "${neutraliseControls(result.caseName)}": ${parts.join(', ')}; ${result.attachments} attachment(s) taken in.` };
  },
});

export const evidenceCommands: Command[] = [add, text, extract];
