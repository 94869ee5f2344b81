/** `sanctum assess` (the criteria matrix of one entity) and `sanctum regimes` (the catalog). */
import { REVIEW_OPTION, reviewDecisions } from '../review';
import { REGIMES, CONFIDENCE_LABELS } from '../../../shared/catalog';
import { Workspace } from '../../core/workspace';
import { OutputProtection } from '../../core/protection';
import type { CriterionStatus, EntityAssessment } from '../../core/criteria/evaluate';
import { defineCommand, UsageError, type Command } from '../registry';
import { ENV_PASSPHRASE, withVault } from '../vault-access';

const MARK: Record<CriterionStatus, string> = { met: 'MET   ', partly: 'PARTLY', not_supported: 'none  ', excluded: 'EXCL  ' };

function render(a: EntityAssessment, all: boolean): string {
  const lines = [`${a.name} (${a.kind}, ${a.entityId})`];
  for (const r of a.regimes) {
    lines.push('', `${r.name} [${r.regimeId}] — ${r.authority}${r.active ? '' : ' (ended)'}: ${r.counts.met} met, ${r.counts.partly} partly`);
    lines.push(`  Standard: ${r.standard.threshold}; ${r.nexus.explanation}`);
    if (r.excluded) lines.push(`  EXCLUDED: ${r.excluded.reason}`);
    if (r.override) lines.push(`  Victim exclusion overridden: ${r.override.reason}`);
    for (const c of r.criteria) {
      if (!all && c.status === 'not_supported') continue;
      const cite = `${c.citation.instrument}${c.citation.provision ? ` ${c.citation.provision}` : ''}`;
      lines.push(`  ${MARK[c.status]} ${c.id} ${c.title} — ${cite}${c.confidence === 'V' ? '' : ` [${c.confidence}]`}${c.via.length ? ` (via ${c.via.join(', ')})` : ''}`);
      for (const s of c.supporting) {
        const ev = s.evidence.map((e) => `${e.title} (${e.reliability ?? '?'}${e.credibility}${e.qualifies ? '' : ', does not qualify'})`).join('; ');
        lines.push(`           claim ${s.claimId.slice(0, 8)}: ${s.statement || s.conduct || s.via}${s.nexus ? '' : ' [no nexus]'} — ${ev || 'no evidence'}`);
      }
      for (const g of c.gaps) lines.push(`           missing: ${g}`);
      for (const k of c.caveats) lines.push(`           note: ${k}`);
    }
  }
  return lines.join('\n');
}

const assess = defineCommand({
  path: ['assess'],
  group: 'Criteria',
  summary: 'Criteria matrix for an entity: status per designation criterion, the claims behind it, what is missing',
  usage: '<vault> <entity-id> [--regime <id>]... [--all] [--json]',
  description:
    'Regimes default to those suggested by where the conduct happened, links to listed parties, and the thematic (EU, UK, US) regimes. ' +
    'Statuses: met, partly supported, not supported, excluded (a person recorded as a victim). Run `sanctum regimes` for regime ids.',
  positionals: [
    { name: 'vault', description: 'vault folder', path: true },
    { name: 'entity-id', description: 'the entity to assess' },
  ],
  options: {
    regime: { type: 'string', multiple: true, valueName: 'ID', description: 'assess this regime (repeatable; comma-separated also accepted)' },
    all: { type: 'boolean', description: 'also list criteria nothing supports' },
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const entityId = ctx.arg(1);
    const regimes = ctx
      .strings('regime')
      .flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter(Boolean);
    for (const r of regimes) if (!REGIMES.some((x) => x.id === r)) throw new UsageError(`unknown regime "${r}"; run \`sanctum regimes\` for the list`, ctx.command);
    const a = await withVault(ctx, dir, (vault) => {
      const ws = new Workspace(vault);
      const raw = ws.criteria.assess(entityId, regimes);
      // Through the protection module: a protected entity under its label, protected names in any text redacted.
      const p = OutputProtection.forCase(ws, ws.entities.get(entityId).data.caseId);
      return p.deep('assessment', { ...raw, name: p.entityName(raw.entityId, raw.name) });
    });
    return { json: a, text: render(a, ctx.flag('all')) };
  },
});

const regimes = defineCommand({
  path: ['regimes'],
  group: 'Criteria',
  summary: 'List the sanctions regimes and designation criteria in the catalog (no vault needed)',
  usage: '[--json]',
  positionals: [],
  options: {},
  async run() {
    const json = REGIMES.map((r) => ({
      id: r.id,
      authority: r.authority,
      name: r.name,
      status: r.status,
      criteria: r.criteria.map((c) => ({ id: c.id, title: c.title, citation: c.citation, confidence: c.confidence })),
    }));
    const text = [
      ...REGIMES.flatMap((r) => [
        `${r.id.padEnd(40)} ${r.authority}  ${r.name}${r.status === 'ended' ? ` (ended ${r.endedOn ?? ''})` : ''}`,
        ...r.criteria.map((c) => `    ${c.id.padEnd(10)} [${c.confidence}] ${c.title}`),
      ]),
      '',
      ...Object.entries(CONFIDENCE_LABELS).map(([k, v]) => `[${k}] ${v}`),
    ].join('\n');
    return { json, text };
  },
});

const proposal = defineCommand({
  path: ['proposal'],
  group: 'Criteria',
  summary: 'Draft a listing proposal for an entity under a regime, as HTML (print to PDF) or Word',
  usage: '<vault> <entity-id> --regime <id> --out <file> [--format html|docx]',
  description: 'Identifiers, criteria invoked with resolution and paragraph, statement of case with evidence ids and SHA-256 hashes, releasable narrative summary. Witnesses appear by pseudonym only; give SANCTUM_WITNESS_PASSPHRASE to have free text checked for real names.',
  positionals: [
    { name: 'vault', description: 'vault folder', path: true },
    { name: 'entity-id', description: 'the entity proposed for listing' },
  ],
  options: {
    regime: { type: 'string', valueName: 'ID', description: 'the sanctions regime (see `sanctum regimes`)' },
    out: { type: 'string', valueName: 'FILE', description: 'where to write the document (never overwritten)', path: true },
    format: { type: 'string', valueName: 'html|docx', description: 'document format (default: from the file extension, else html)' },
    review: REVIEW_OPTION,
  },
  env: [ENV_PASSPHRASE],
  async run(ctx) {
    const dir = ctx.arg(0);
    const entityId = ctx.arg(1);
    const regime = ctx.string('regime');
    const out = ctx.string('out');
    if (!regime) throw new UsageError('--regime is required', ctx.command);
    if (!out) throw new UsageError('--out is required', ctx.command);
    const format = ctx.string('format') ?? (out.toLowerCase().endsWith('.docx') ? 'docx' : 'html');
    if (format !== 'html' && format !== 'docx') throw new UsageError(`--format is html or docx, not "${format}"`, ctx.command);
    const r = await withVault(ctx, dir, async (vault) => {
      const witness = ctx.io.env.SANCTUM_WITNESS_PASSPHRASE;
      if (witness) await vault.unlockWitness(witness);
      return new Workspace(vault).listing.export(entityId, regime, format, out, reviewDecisions(ctx));
    });
    return { json: r, text: `Wrote ${r.path} (${r.bytes} bytes, SHA-256 ${r.sha256})` };
  },
});

export const criteriaCommands: Command[] = [assess, regimes, proposal];
