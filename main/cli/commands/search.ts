/**
 * `sanctum search`: find entities by any spelling of any name or alias, in any script; with --everything, search
 * the full text of everything in the vault (evidence text, statements, claims, notes, sources, events, names).
 */
import { EVERYTHING_KINDS, type EverythingKind, type EverythingResult } from '../../../shared/ipc/schemas/documents';
import type { CaseData } from '../../../shared/model/records';
import { neutraliseControls as one } from '../../../shared/text/controls';
import { Workspace } from '../../core/workspace';
import { OutputProtection } from '../../core/protection';
import { runEverything } from '../../core/search/everything';
import { defineCommand, UsageError, type Command } from '../registry';
import { ENV_PASSPHRASE, withVault } from '../vault-access';

const search = defineCommand({
  path: ['search'],
  group: 'Search',
  summary: 'Find entities by name or alias; with --everything, search all text',
  usage: '<dir> <text> [--case NAME|ID] [--limit N] [--everything [--kind K]... [--from DATE] [--to DATE] [--grade G]...]',
  description: `
Searches the names, original-script names and aliases of every entity (or of one case) with the same
normaliser as the app: case, diacritics, word order, Arabic articles and particles (al-, bin, Abd al-/Abdul),
transliteration variants (Mohammed / Muhammad, Gaddafi / Qadhafi) and initials ("A. Al-Milad") do not matter,
and Arabic, Cyrillic and Ge'ez script find their romanisations. Results are best first, with a score from 0
to 1 and the alias that matched when it is not the primary name.

With --everything, searches the full text of the vault instead: extracted evidence text (per page), evidence
titles and notes, statements (pseudonymous text only; witness identities are never indexed), claims, case
notes, sources, events and entity names (names through the same normaliser). Query syntax: words (all must
match; case, accents and Arabic letter variants and diacritics do not matter), "a phrase", prefix*, ~fuzzy
(1-2 typing errors). Each hit shows a snippet with the matches in [brackets]. Filters: --kind (entity,
evidence, statement, claim, note, source, event), --from/--to (YYYY, YYYY-MM or YYYY-MM-DD, against the
item's own date), --grade (source reliability A-F or ungraded). The search is recorded in the audit log (not
its text). Protected people are shown under their label, and their recorded names are redacted from snippets.`,
  positionals: [
    { name: 'dir', description: 'the vault folder', path: true },
    { name: 'text', description: 'what to look for (quote it if it has spaces)' },
  ],
  options: {
    case: { type: 'string', valueName: 'NAME|ID', description: 'only this case (its name or id)' },
    limit: { type: 'string', valueName: 'N', description: 'at most N results (default 20, at most 200)' },
    everything: { type: 'boolean', description: 'full-text search across everything, not entity names' },
    kind: { type: 'string', multiple: true, valueName: 'K', description: `with --everything: only these kinds (${EVERYTHING_KINDS.join(', ')})` },
    from: { type: 'string', valueName: 'DATE', description: 'with --everything: items dated on or after (YYYY[-MM[-DD]])' },
    to: { type: 'string', valueName: 'DATE', description: 'with --everything: items dated on or before (YYYY[-MM[-DD]])' },
    grade: { type: 'string', multiple: true, valueName: 'G', description: 'with --everything: source reliability grades to keep (A-F, ungraded)' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const text = ctx.arg(1);
    if (!text.trim()) throw new UsageError('<text> is empty', ctx.command);
    const limit = ctx.int('limit', { min: 1, max: 200, default: 20 })!;
    const caseArg = ctx.string('case');
    if (ctx.flag('everything')) return everything(ctx, dir, text, limit, caseArg);
    for (const o of ['kind', 'from', 'to', 'grade']) if (ctx.strings(o).length) throw new UsageError(`--${o} needs --everything`, ctx.command);
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

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const GRADES = ['A', 'B', 'C', 'D', 'E', 'F', 'ungraded'] as const;
type Ctx = Parameters<(typeof search)['run']>[0];

interface EverythingOut {
  kind: EverythingKind;
  id: string;
  case: { id: string; name: string | null };
  title: string;
  page: number | null;
  date: string | null;
  snippet: string;
  highlights: [number, number][];
  score: number;
}

/** Brackets around the highlights, for the terminal. */
function marked(snippet: string, highlights: readonly [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of [...highlights].sort((a, b) => a[0] - b[0])) {
    if (s < at) continue;
    out += `${snippet.slice(at, s)}[${snippet.slice(s, e)}]`;
    at = e;
  }
  return out + snippet.slice(at);
}

async function everything(ctx: Ctx, dir: string, text: string, limit: number, caseArg: string | undefined) {
  const kinds = ctx.strings('kind');
  for (const k of kinds) if (!(EVERYTHING_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kind ${k}: use one of ${EVERYTHING_KINDS.join(', ')}`, ctx.command);
  const grades = ctx.strings('grade');
  for (const g of grades) if (!(GRADES as readonly string[]).includes(g)) throw new UsageError(`--grade ${g}: use A-F or ungraded`, ctx.command);
  const from = ctx.string('from');
  const to = ctx.string('to');
  for (const [n, v] of [['from', from], ['to', to]] as const) if (v !== undefined && !DATE.test(v)) throw new UsageError(`--${n} ${v}: use YYYY, YYYY-MM or YYYY-MM-DD`, ctx.command);
  if (text.length > 500) throw new UsageError('<text> is longer than 500 characters', ctx.command);
  const result = await withVault(ctx, dir, async (vault) => {
    // One query: the index is built in process (a worker would only add its start-up time).
    const ws = new Workspace(vault, undefined, { search: 'in-process', fulltext: 'in-process' });
    try {
      const only = caseArg === undefined ? undefined : ws.cases.resolve(caseArg);
      const r: EverythingResult = await runEverything(ws, {
        text,
        limit,
        ...(only ? { caseId: only.id } : {}),
        ...(kinds.length ? { kinds: kinds as EverythingKind[] } : {}),
        ...(grades.length ? { grades: grades as (typeof GRADES)[number][] } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      });
      const caseName = (id: string) => ws.repo.get<CaseData>(id)?.data.name ?? null;
      // Witness protection as for every output: protected people under their label, their names redacted.
      const protections = new Map<string, OutputProtection>();
      const protection = (caseId: string) => protections.get(caseId) ?? protections.set(caseId, OutputProtection.forCase(ws, caseId)).get(caseId)!;
      const hits: EverythingOut[] = r.hits.map((h) => {
        const p = protection(h.caseId);
        const snippet = p.text('search snippet', h.snippet);
        const title = h.kind === 'entity' ? p.entityName(h.id, h.title) : p.text('search title', h.title);
        // A redaction moves the text: the offsets no longer hold, so none are given.
        return { kind: h.kind, id: h.id, case: { id: h.caseId, name: caseName(h.caseId) }, title, page: h.page ?? null, date: h.date ?? null, snippet, highlights: snippet === h.snippet ? h.highlights : [], score: h.score };
      });
      return { case: only ? { id: only.id, name: only.data.name } : null, tookMs: r.tookMs, counts: r.counts, hits };
    } finally {
      ws.dispose();
    }
  });
  const json = { query: text, everything: true, ...result };
  if (!result.hits.length) return { json, text: `Nothing matches "${one(text)}"${result.case ? ` in case ${one(result.case.name)}` : ''}.` };
  const lines = result.hits.flatMap((h) => [
    `${h.score.toFixed(2)}  ${h.kind}  ${one(h.title)}${h.page ? `, p. ${h.page}` : ''}${h.date ? `  ${h.date}` : ''}  case ${one(h.case.name ?? h.case.id)}  ${h.id}`,
    `      ${one(marked(h.snippet, h.highlights))}`,
  ]);
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  if (total > result.hits.length) lines.push(`(${result.hits.length} of ${total} shown; use --limit)`);
  return { json, text: lines.join('\n') };
}

export const searchCommands: Command[] = [search];
