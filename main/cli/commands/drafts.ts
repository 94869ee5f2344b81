/**
 * `sanctum drafts …`: the unsaved drafts the app kept through a lock (issue 15). Listing shows what each is
 * and where it was written, never its words; `show` prints the words only through witness protection (with
 * the compartment open, so identities are checked) and leaves the draft in the vault; `discard` removes it.
 */
import { ExportNames } from '../../core/audit/audit-view';
import { discardDraft, listDrafts, showDraft } from '../../core/drafts/drafts';
import { formatTimestamp } from '../../../shared/audit-format';
import { defineCommand, type Command } from '../registry';
import { ENV_PASSPHRASE, ENV_WITNESS_PASSPHRASE, WITNESS_PASSPHRASE } from '../vault-access';
import { VAULT_ARG, withWorkspace } from './case';

const DRAFT_ARG = { name: 'draft', description: 'the draft id (from `sanctum drafts list`)' };

const list = defineCommand({
  path: ['drafts', 'list'],
  group: 'Vault',
  summary: 'List the unsaved drafts kept through a lock',
  usage: '<vault>',
  description: `
Lists the drafts the app sealed into the vault when it locked (idle, lid closed, the lock button) and that were
not restored or discarded since: the form, its case, where it was written and when it was kept. Not a word of
the draft itself: use \`sanctum drafts show\`.`,
  positionals: [VAULT_ARG],
  options: {},
  env: [ENV_PASSPHRASE],
  run: async (ctx) => {
    const drafts = await withWorkspace(ctx, ctx.arg(0), (ws) => listDrafts(ws.repo));
    const text = drafts.length ? drafts.map((d) => `${d.id}  ${formatTimestamp(d.keptAt)}  ${d.description}  (${d.route.area})`).join('\n') : 'No kept drafts.';
    return { json: drafts, text };
  },
});

type Fields = Record<string, unknown>;

/** Every string of the draft through `fn` (numbers, booleans and structure as they are). */
function mapStrings(v: unknown, fn: (s: string) => string): unknown {
  if (typeof v === 'string') return fn(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, fn));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, fn)]));
  return v;
}

const show = defineCommand({
  path: ['drafts', 'show'],
  group: 'Vault',
  summary: 'Show one kept draft, through witness protection',
  usage: '<vault> <draft>',
  description: `
Prints a kept draft's fields. The words pass through witness protection like every output: open the witness
compartment (SANCTUM_WITNESS_PASSPHRASE) and identities found in the text are redacted; without it, when the
vault holds witness identities, texts are not shown (only their length), since they could not be checked.
The draft stays in the vault; the app restores it, or \`sanctum drafts discard\` removes it.`,
  positionals: [VAULT_ARG, DRAFT_ARG],
  options: {},
  env: [ENV_PASSPHRASE, { ...ENV_WITNESS_PASSPHRASE, description: 'open the witness compartment so that witness identities are checked and redacted' }],
  run: async (ctx) => {
    const id = ctx.arg(1);
    return withWorkspace(ctx, ctx.arg(0), async (ws) => {
      const pass = ctx.io.env[WITNESS_PASSPHRASE.env];
      if (pass) await ws.ctx.vault.unlockWitness(pass);
      const d = showDraft(ws.repo, id);
      // Labelled as a draft (not the activity log) in review hits and redaction reasons.
      const names = new ExportNames(ws, 'draft');
      const checked = names.identitiesChecked;
      let fields: Fields;
      if (checked) {
        mapStrings(d.fields, names.text);
        names.redactPending();
        fields = mapStrings(d.fields, names.text) as Fields;
      } else {
        fields = mapStrings(d.fields, (s) => `[${s.length} characters not shown: set SANCTUM_WITNESS_PASSPHRASE to check them for witness identities]`) as Fields;
      }
      const unreviewed = checked ? names.redactedWithoutReview : [];
      const out = { ...d, fields, identitiesChecked: checked, redactions: checked ? names.redactions : 0, redactedWithoutReview: unreviewed };
      const lines = [
        `${d.description} — kept ${formatTimestamp(d.keptAt)} (${d.id})`,
        ...Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`),
        ...unreviewed.map((u) => `Redacted without review (${u.where}): a possible mention of the ${u.field} of ${u.subject}.`),
        ...(checked ? [] : ['Witness identities were not checked (compartment locked): texts are not shown.']),
      ];
      return { json: out, text: lines.join('\n') };
    });
  },
});

const discard = defineCommand({
  path: ['drafts', 'discard'],
  group: 'Vault',
  summary: 'Discard a kept draft',
  usage: '<vault> <draft>',
  description: 'Removes a kept draft from the vault for good (recorded in the activity log).',
  positionals: [VAULT_ARG, DRAFT_ARG],
  options: {},
  env: [ENV_PASSPHRASE],
  run: async (ctx) => {
    const id = ctx.arg(1);
    await withWorkspace(ctx, ctx.arg(0), (ws) => discardDraft(ws.repo, id));
    return { json: { discarded: id }, text: `Discarded draft ${id}.` };
  },
});

export const draftCommands: Command[] = [list, show, discard];
