/** `sanctum search`: find entities by any spelling of any name or alias, in any script. */
import type { CaseData } from '../../../shared/model/records';
import { neutraliseControls as one } from '../../../shared/text/controls';
import { Workspace } from '../../core/case/workspace';
import { OutputProtection } from '../../core/protection';
import { defineCommand, UsageError, type Command } from '../registry';
import { ENV_PASSPHRASE, withVault } from '../vault-access';

const search = defineCommand({
  path: ['search'],
  group: 'Search',
  summary: 'Find entities by name or alias, across spellings and scripts',
  usage: '<dir> <text> [--case NAME|ID] [--limit N]',
  description: `
Searches the names, original-script names and aliases of every entity (or of one case) with the same
normaliser as the app: case, diacritics, word order, Arabic articles and particles (al-, bin, Abd al-/Abdul),
transliteration variants (Mohammed / Muhammad, Gaddafi / Qadhafi) and initials ("A. Al-Milad") do not matter,
and Arabic, Cyrillic and Ge'ez script find their romanisations. Results are best first, with a score from 0
to 1 and the alias that matched when it is not the primary name.`,
  positionals: [
    { name: 'dir', description: 'the vault folder', path: true },
    { name: 'text', description: 'what to look for (quote it if it has spaces)' },
  ],
  options: {
    case: { type: 'string', valueName: 'NAME|ID', description: 'only this case (its name or id)' },
    limit: { type: 'string', valueName: 'N', description: 'at most N results (default 20, at most 200)' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const text = ctx.arg(1);
    if (!text.trim()) throw new UsageError('<text> is empty', ctx.command);
    const limit = ctx.int('limit', { min: 1, max: 200, default: 20 })!;
    const caseArg = ctx.string('case');
    const result = await withVault(ctx, dir, async (vault) => {
      // One query: the index is built in process (a worker would only add its start-up time).
      const ws = new Workspace(vault, undefined, { search: 'in-process' });
      try {
        const only = caseArg === undefined ? undefined : ws.cases.resolve(caseArg);
        const { hits, tookMs } = await ws.search.query({ text, caseId: only?.id, limit });
        const caseName = (id: string) => ws.repo.get<CaseData>(id)?.data.name ?? null;
        // A protected person (witness, victim, flagged) is shown under its label, never a recorded name or alias.
        const protections = new Map<string, OutputProtection>();
        const protection = (caseId: string) => protections.get(caseId) ?? protections.set(caseId, OutputProtection.forCase(ws, caseId, { identities: false })).get(caseId)!;
        return {
          case: only ? { id: only.id, name: only.data.name } : null,
          tookMs,
          hits: hits.map((h) => {
            const p = protection(h.caseId);
            const hidden = p.isProtected(h.id);
            return { id: h.id, case: { id: h.caseId, name: caseName(h.caseId) }, kind: h.kind, name: p.entityName(h.id, h.name), matched: hidden ? null : h.matched, score: h.score };
          }),
        };
      } finally {
        ws.dispose();
      }
    });
    const json = { query: text, ...result };
    if (!result.hits.length) return { json, text: `No entity matches "${one(text)}"${result.case ? ` in case ${one(result.case.name)}` : ''}.` };
    // Names are the case's (or an imported package's): one line each, whatever they hold.
    const lines = result.hits.map((h) => {
      const alias = h.matched ? `  (as "${one(h.matched)}")` : '';
      return `${h.score.toFixed(2)}  ${one(h.name)}${alias}  ${h.kind}, case ${one(h.case.name ?? h.case.id)}  ${h.id}`;
    });
    return { json, text: lines.join('\n') };
  },
});

export const searchCommands: Command[] = [search];
