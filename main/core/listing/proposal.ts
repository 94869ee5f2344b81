/**
 * A listing proposal drafted from the case, following the standard listing form (research notes §4: S/RES/1735
 * (2006), 1822 (2008) para 13, 2368 (2017)): identifiers (with original script and aliases graded good/low),
 * criteria invoked with resolution and paragraph, the statement of case, a releasable narrative summary, and
 * links to parties already listed. Every paragraph of the statement of case is a claim, cited to evidence ids and
 * SHA-256 hashes, so each sentence can be traced to hashed evidence. Protected people are never named: every
 * string goes through main/core/protection (witness identities, with the compartment open, in any spelling;
 * witness-linked entities, victims and flagged people by label), and statements without consent to use for
 * listings are never cited.
 */
import type { ClaimData, EvidenceData, LinkData, SourceData, WitnessData } from '../../../shared/model/records';
import { formatPartialDate } from '../../../shared/model/partial-date';
import { LINK_KIND_SPECS, ROLE_LABELS } from '../../../shared/model/vocabulary';
import { regimeById } from '../../../shared/catalog';
import { sha256Hex } from '../crypto/hash';
import { canonicalJson } from '../util/canonical-json';
import { SanctumError } from '../errors';
import type { Workspace } from '../case/workspace';
import { Views } from '../case/views';
import type { CriterionResult } from '../criteria/evaluate';
import { OutputProtection } from '../protection';

export interface EvidenceRef {
  /** Footnote label in the document: E1, E2 … */
  label: string;
  evidenceId: string;
  title: string;
  kind: 'file' | 'statement';
  /** SHA-256 of the original file, or of the statement record for statements. */
  sha256: string;
  source: string | null;
  grade: string;
}

export interface Paragraph {
  text: string;
  claimId: string | null;
  refs: string[];
  releasable: boolean;
}

export interface ProposalDraft {
  /** Free text the drafter adds before the generated statement of case. */
  introduction?: string;
  /** Claims to leave out of the proposal. */
  excludeClaims?: string[];
  designatingStateMayBeNamed?: boolean;
  interpolSpecialNotice?: boolean;
  pointOfContact?: string;
}

export interface ListingProposal {
  title: string;
  regime: { id: string; name: string; authority: string; body: string };
  generatedAt: string;
  drafter: string;
  entity: { id: string; kind: string };
  identifiers: { label: string; value: string }[];
  aliases: { value: string; quality: 'good' | 'low'; script: string | null }[];
  criteria: { id: string; title: string; citation: string; confidence: string; status: string; note: string | null }[];
  introduction: string;
  statementOfCase: Paragraph[];
  narrativeSummary: Paragraph[];
  linkedListedParties: { name: string; references: string[]; relation: string }[];
  evidence: EvidenceRef[];
  otherItems: { label: string; value: string }[];
  /** What the generator did to protect people and keep the text honest. */
  notices: string[];
}

const KIND_LABEL: Record<string, string> = { person: 'Individual', organization: 'Entity', armed_group: 'Entity (armed group)', company: 'Entity (company)', vessel: 'Vessel' };

function citationText(c: CriterionResult['citation']): string {
  return c.provision ? `${c.instrument}, ${c.provision}` : c.instrument;
}

/**
 * `opts.protection`: the export's own (with its review decisions; the caller asserts it was reviewed); the
 * preview builds a fresh one.
 */
export function buildProposal(ws: Workspace, entityId: string, regimeId: string, draft: ProposalDraft = {}, now = new Date(), opts: { protection?: OutputProtection } = {}): ListingProposal {
  const regime = regimeById(regimeId);
  if (!regime) throw new SanctumError('INVALID_INPUT', `unknown regime "${regimeId}"`, 'regime');
  const entity = ws.entities.get(entityId);
  const d = entity.data;
  const assessment = ws.criteria.assess(entityId, [regimeId]).regimes[0]!;
  if (assessment.excluded) {
    throw new SanctumError('FORBIDDEN', 'this person is recorded as a victim and is never proposed for listing without an analyst override (with a reason)', entityId);
  }
  const views = new Views(ws);
  const notices: string[] = [];
  const protection = opts.protection ?? OutputProtection.forCase(ws, d.caseId);
  // Consent (issue 10): a statement the witness did not allow to be used for listings is never cited, in the
  // statement of case or the releasable narrative; a claim that rests on one stays out of the narrative.
  const withoutConsent = (evidenceId: string): boolean => {
    const ev = ws.ctx.repo.get<EvidenceData>(evidenceId);
    return ev?.data.type === 'statement' && ev.data.statement?.consent.useForListing !== true;
  };
  let consentWithheld = 0;

  // Identifiers, as on the standard form.
  const identifiers: { label: string; value: string }[] = [
    { label: 'Type', value: KIND_LABEL[d.kind] ?? d.kind },
    { label: 'Name', value: d.name },
  ];
  if (d.originalScriptName) identifiers.push({ label: 'Name (original script)', value: d.originalScriptName });
  if (d.title) identifiers.push({ label: 'Title', value: d.title });
  if (d.position) identifiers.push({ label: 'Designation / function', value: d.position });
  if (d.birthDate) identifiers.push({ label: d.kind === 'person' ? 'Date of birth' : 'Date of establishment', value: formatPartialDate(d.birthDate) });
  if (d.foundedDate) identifiers.push({ label: 'Date of establishment', value: formatPartialDate(d.foundedDate) });
  if (d.birthPlace) identifiers.push({ label: 'Place of birth', value: d.birthPlace });
  if (d.nationality.length) identifiers.push({ label: 'Nationality', value: d.nationality.map((c) => c.toUpperCase()).join(', ') });
  if (d.gender) identifiers.push({ label: 'Gender', value: d.gender });
  for (const id of d.identifiers) identifiers.push({ label: id.type.replace(/_/g, ' '), value: `${id.value}${id.country ? ` (${id.country.toUpperCase()})` : ''}` });
  if (d.address) identifiers.push({ label: 'Address', value: d.address });
  if (d.roles.length) identifiers.push({ label: 'Roles in the case', value: d.roles.map((r) => ROLE_LABELS[r]).join(', ') });
  const aliases = d.aliases.map((a) => ({ value: a.value, quality: a.quality === 'strong' ? ('good' as const) : ('low' as const), script: a.script ?? null }));

  // Criteria invoked: those met (and, clearly marked, those partly supported so the drafter sees what is missing).
  const criteria = assessment.criteria
    .filter((c) => c.status === 'met' || c.status === 'partly')
    .map((c) => ({
      id: c.id,
      title: c.title,
      citation: citationText(c.citation),
      confidence: c.confidence,
      status: c.status,
      note: c.status === 'partly' ? `Not yet met: ${c.gaps.join(' ')}` : c.confidence !== 'V' ? c.caveats[0] ?? null : null,
    }));
  if (!criteria.some((c) => c.status === 'met')) notices.push('No criterion is met yet: this draft cannot support a listing as it stands.');

  // Evidence footnotes, numbered in order of first citation.
  const evidence: EvidenceRef[] = [];
  const labelOf = new Map<string, string>();
  const cite = (evidenceId: string): string | null => {
    const existing = labelOf.get(evidenceId);
    if (existing) return existing;
    const ev = ws.ctx.repo.get<EvidenceData>(evidenceId);
    if (!ev) return null;
    const src = ev.data.sourceId ? ws.ctx.repo.get<SourceData>(ev.data.sourceId) : undefined;
    const label = `E${evidence.length + 1}`;
    let title = ev.data.title;
    let sha256: string;
    if (ev.data.type === 'statement') {
      const w = ws.ctx.repo.get<WitnessData>(ev.data.statement!.witnessId);
      title = `Witness statement (${w?.data.pseudonym ?? 'protected witness'})${ev.data.date ? `, ${formatPartialDate(ev.data.date)}` : ''}`;
      sha256 = sha256Hex(canonicalJson(ev.data.statement));
    } else {
      sha256 = ev.data.file!.blob.sha256;
    }
    evidence.push({ label, evidenceId, title, kind: ev.data.type, sha256, source: src?.data.name ?? null, grade: `${src?.data.reliability ?? '?'}${ev.data.credibility}` });
    labelOf.set(evidenceId, label);
    return label;
  };

  // Statement of case: one paragraph per supporting claim of a criterion invoked.
  const excluded = new Set(draft.excludeClaims ?? []);
  const seen = new Set<string>();
  const statementOfCase: Paragraph[] = [];
  for (const c of assessment.criteria) {
    if (c.status !== 'met' && c.status !== 'partly') continue;
    for (const s of c.supporting) {
      if (seen.has(s.claimId) || excluded.has(s.claimId)) continue;
      seen.add(s.claimId);
      const claim = ws.ctx.repo.get<ClaimData>(s.claimId);
      if (!claim) continue;
      const restsOnRefused = claim.data.evidence.some((e) => withoutConsent(e.evidenceId));
      if (restsOnRefused) consentWithheld++;
      const usable = claim.data.evidence.filter((e) => !withoutConsent(e.evidenceId));
      // Nothing left to cite once refused statements are out: the paragraph would be unsupported.
      if (restsOnRefused && usable.length === 0) continue;
      const refs = usable.map((e) => cite(e.evidenceId)).filter((x): x is string => x !== null);
      const text = claim.data.statement.trim() || `${views.claimSummary(claim.data)}.`;
      statementOfCase.push({ text: `${text} (${c.id}; assessed ${claim.data.assessment})`, claimId: claim.id, refs, releasable: claim.data.releasable && !restsOnRefused });
    }
  }
  const narrativeSummary = statementOfCase.filter((p) => p.releasable).map((p) => ({ ...p, text: p.text.replace(/ \([A-Z]{2,4}-[A-Z0-9-]+; assessed \w+\)$/, '') }));
  if (statementOfCase.length && !narrativeSummary.length) notices.push('No claim is marked releasable, so the narrative summary is empty.');
  if (consentWithheld) notices.push(`${consentWithheld} claim(s) rest on statements whose witness did not consent to their use for listings: those statements are not cited, and the claims are kept out of the releasable narrative.`);

  // Links to parties already listed (designations recorded in the vault).
  const linkedListedParties: ListingProposal['linkedListedParties'] = [];
  for (const n of ws.entities.neighbours(entityId)) {
    const listed = ws.criteria.listed(n.other.id);
    if (!listed) continue;
    const spec = LINK_KIND_SPECS[(n.link.data as LinkData).kind];
    const other = protection.entityName(n.other.id, n.other.data.name);
    linkedListedParties.push({ name: other, references: listed.references, relation: n.outgoing ? `${d.name} ${spec.verb} ${other}` : `${other} ${spec.verb} ${d.name}` });
  }

  const proposal: ListingProposal = {
    title: `Proposal for listing: ${d.name}`,
    regime: { id: regime.id, name: regime.name, authority: regime.authority, body: regime.body },
    generatedAt: now.toISOString(),
    drafter: ws.ctx.vault.actor,
    entity: { id: entityId, kind: d.kind },
    identifiers,
    aliases,
    criteria,
    introduction: draft.introduction?.trim() ?? '',
    statementOfCase,
    narrativeSummary,
    linkedListedParties,
    evidence,
    otherItems: [
      { label: 'Designating State may be named', value: draft.designatingStateMayBeNamed ? 'Yes' : 'No (to be decided)' },
      { label: 'INTERPOL–UN Security Council Special Notice requested', value: draft.interpolSpecialNotice ? 'Yes' : 'No' },
      { label: 'Point of contact', value: draft.pointOfContact?.trim() || '(to be completed)' },
    ],
    notices,
  };
  return protectProposal(protection, proposal);
}

/** Every string through the protection module (identity matcher and redactor); notices say what it did. */
function protectProposal(protection: OutputProtection, p: ListingProposal): ListingProposal {
  const before = protection.redactions;
  const notices = p.notices;
  const out: ListingProposal = { ...protection.deep('listing proposal', { ...p, notices: [] }), notices };
  if (!protection.identitiesChecked) {
    out.notices.push('Witnesses appear by pseudonym only. The witness compartment is locked, so free text was not checked for their identities: unlock it before export to have them found and replaced.');
  } else {
    const n = protection.redactions - before;
    out.notices.push(n ? `${n} mention(s) of a protected person's identity were replaced.` : 'Checked: no protected identity appears in the text.');
    const pending = protection.pending().length;
    if (pending) out.notices.push(`${pending} possible identity mention(s) need review before this proposal can be exported.`);
  }
  return out;
}
