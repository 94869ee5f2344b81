/**
 * `sanctum evidence mentions` and `sanctum entity mentions`: the case's entities, patterns (phones, IBANs,
 * e-mail addresses, passport numbers, crypto addresses, amounts) and unknown names found in extracted text.
 * The same computation as the app's `evidence.suggestions` and `entity.mentions` channels. Output passes
 * through witness protection: a protected entity leaves under its label, and its names are replaced in snippets.
 */
import type { EntityData, EvidenceData } from '../../../shared/model/records';
import { neutraliseControls as one } from '../../../shared/text/controls';
import { documentSuggestions, entityMentions, textOf } from '../../core/documents/mention-service';
import type { Workspace } from '../../core/workspace';
import { OutputProtection } from '../../core/protection';
import type { StoredRecord } from '../../core/store/sealed-store';
import { defineCommand, type Command } from '../registry';
import { ENV_PASSPHRASE } from '../vault-access';
import { VAULT_ARG, withWorkspace } from './case';

interface MentionsSpec<D extends { caseId: string }, R> {
  kind: 'evidence' | 'entity';
  summary: string;
  description: string;
  /** What the record found names, and how it leaves: through the case's protection (identities withheld). */
  find: (ws: Workspace, rec: StoredRecord<D>, p: OutputProtection) => Promise<R>;
  text: (result: R) => string;
  json?: (result: R) => unknown;
}

/** `sanctum <kind> mentions <vault> <id>`: read-only, the record loaded and protection for its case set up. */
function mentionsCommand<D extends { caseId: string }, R>(spec: MentionsSpec<D, R>): Command {
  const arg = `${spec.kind}-id`;
  return defineCommand({
    path: [spec.kind, 'mentions'],
    group: 'Evidence',
    summary: spec.summary,
    usage: `<vault> <${arg}>`,
    description: spec.description,
    positionals: [VAULT_ARG, { name: arg, description: spec.kind === 'evidence' ? 'the evidence item' : 'the entity' }],
    options: {},
    env: [ENV_PASSPHRASE],
    async run(ctx) {
      const id = ctx.arg(1);
      const result = await withWorkspace(ctx, ctx.arg(0), async (ws) => {
        const rec = ws.repo.require<D>(id, spec.kind);
        return spec.find(ws, rec, OutputProtection.forCase(ws, rec.data.caseId, { identities: false }));
      });
      return { json: spec.json ? spec.json(result) : result, text: spec.text(result) };
    },
  });
}

const evidenceMentions = mentionsCommand<EvidenceData, EvidenceMentions>({
  kind: 'evidence',
  summary: 'Entities, patterns and unknown names found in an item’s extracted text',
  description: `
Reads the item's extracted text and lists: the case's entities named in it (any spelling or script of a name
or alias, through the search name index), with how often and the first page; patterns with their normalised
form (E.164 phone numbers, IBANs that pass mod-97, e-mail addresses, passport numbers next to a word that says
so, BTC/ETH/TRON addresses with valid checksums, amounts with a currency), and the entity already carrying the
identifier when there is one; and capitalised or Arabic names that are not yet entities of the case.
Nothing is written. An item without extracted text has none of these.`,
  async find(ws, ev, p) {
    const s = await documentSuggestions(ws.repo, ev.id, ws.text);
    return {
      hasText: textOf(ws.repo, ev.id) !== null,
      title: p.text('title', ev.data.title),
      ...s,
      entities: s.entities.map((e) => ({ ...e, name: p.entityName(e.entityId, e.name) })),
      unknownNames: s.unknownNames.map((u) => ({ ...u, name: p.text('unknown name', u.name) })),
    };
  },
  text(result) {
    const lines = [`${one(result.title)} (${result.evidenceId})`];
    if (!result.hasText) lines.push('No extracted text: run text extraction first.');
    lines.push(`Entities (${result.entities.length}):`);
    for (const e of result.entities) lines.push(`  ${one(e.name)}  ×${e.count}  first on p. ${e.firstPage}${e.linked ? '  (linked)' : ''}  ${e.entityId}`);
    lines.push(`Patterns (${result.patterns.length}):`);
    for (const x of result.patterns) lines.push(`  ${x.type.padEnd(8)} ${one(x.normalised)}  p. ${x.page}${x.entityId ? `  = entity ${x.entityId}` : ''}`);
    lines.push(`Unknown names (${result.unknownNames.length}):`);
    for (const u of result.unknownNames) lines.push(`  ${one(u.name)}  ×${u.count}  p. ${u.page}`);
    return lines.join('\n');
  },
  json: ({ hasText: _hasText, ...json }) => json,
});

type EvidenceMentions = Awaited<ReturnType<typeof documentSuggestions>> & { hasText: boolean; title: string };

const mentionsOfEntity = mentionsCommand<EntityData, EntityMentions>({
  kind: 'entity',
  summary: 'Where an entity is named in the case’s documents (names, aliases, identifiers)',
  description: `
Searches the extracted text of every evidence item of the entity's case for the entity's names and aliases (any
spelling or script) and for its identifiers (phone, IBAN, e-mail, passport, wallet address). One line per
mention: the item, the page, what was found and an excerpt; "linked" when a claim about the entity already
cites the item.`,
  async find(ws, e, p) {
    const id = e.id;
    const hidden = p.isProtected(id);
    const mentions = await entityMentions(ws.repo, id, ws.text);
    return {
      entityId: id,
      name: p.entityName(id, e.data.name),
      // A protected entity's names are replaced in what leaves (the highlight then spans the label's place).
      mentions: mentions.map((m) => (hidden ? { ...m, found: p.entityName(id, m.found), snippet: p.text('snippet', m.snippet), highlights: [] } : { ...m, title: p.text('title', m.title), snippet: p.text('snippet', m.snippet) })),
    };
  },
  text(result) {
    const lines = [`${one(result.name)}: ${result.mentions.length} mention(s)`];
    for (const m of result.mentions) lines.push(`  ${one(m.title)} p. ${m.page}  ${m.via} "${one(m.found)}"${m.linked ? '  (linked)' : ''}\n    ${one(m.snippet)}`);
    return lines.join('\n');
  },
});

interface EntityMentions {
  entityId: string;
  name: string;
  mentions: Awaited<ReturnType<typeof entityMentions>>;
}

export const mentionCommands: Command[] = [evidenceMentions, mentionsOfEntity];
