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
import { LINK_KIND_SPECS, type SourceType } from '../../../shared/model/vocabulary';
import { MEASURES, regimeById } from '../../../shared/catalog';
import { sha256Hex } from '../crypto/hash';
import { canonicalJson } from '../util/canonical-json';
import { SanctumError } from '../errors';
import type { EntityService } from '../case/entities';
import type { WitnessService } from '../case/witnesses';
import { Views, type ViewSources } from '../case/views';
import type { CriteriaService } from '../criteria/criteria-service';
import type { CriterionResult } from '../criteria/evaluate';
import { OutputProtection, type ProtectionSources } from '../protection';

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
  /** The nature of the evidence as the standard form asks (UN report, witness statement, financial record …). */
  nature: string;
  /** Whether it can be supplied to the Committee, from the item's confidentiality. */
  supply: string;
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
  /** Criteria invoked: met criteria only (a statement-of-case paragraph may invoke several). */
  criteria: { id: string; title: string; citation: string; confidence: string; status: string; note: string | null }[];
  /** The measures requested, with the paragraphs that impose them (e.g. travel ban, asset freeze). */
  measures: { measure: string; label: string; citation: string }[];
  /** For the drafter only, never under "criteria invoked": what is partly supported and what it lacks. */
  notYetMet: { id: string; title: string; gaps: string[] }[];
  /** Set when the entity is already listed under this regime: the proposal is flagged. */
  alreadyListed: { references: string[] } | null;
  introduction: string;
  statementOfCase: Paragraph[];
  narrativeSummary: Paragraph[];
  /** Parties already listed, and linked people with a screening match not yet decided (`pending`). */
  linkedListedParties: { name: string; references: string[]; relation: string; pending: string[] }[];
  evidence: EvidenceRef[];
  otherItems: { label: string; value: string }[];
  /** What the generator did to protect people and keep the text honest. */
  notices: string[];
}

const KIND_LABEL: Record<string, string> = { person: 'Individual', organization: 'Entity', armed_group: 'Entity (armed group)', company: 'Entity (company)', vessel: 'Vessel' };

function citationText(c: CriterionResult['citation']): string {
  return c.provision ? `${c.instrument}, ${c.provision}` : c.instrument;
}

/** What a proposal reads: the case views, who is protected, and the criteria engine's assessment. */
export interface ProposalSources extends ViewSources, ProtectionSources {
  readonly entities: Pick<EntityService, 'get' | 'list' | 'neighbours'>;
  readonly witnesses: Pick<WitnessService, 'list' | 'hasIdentity' | 'statements'>;
  readonly criteria: Pick<CriteriaService, 'assess' | 'listed'>;
}

/**
 * `opts.protection`: the export's own (with its review decisions; the caller asserts it was reviewed); the
 * preview builds a fresh one.
 */
export function buildProposal(ws: ProposalSources, entityId: string, regimeId: string, draft: ProposalDraft = {}, now = new Date(), opts: { protection?: OutputProtection } = {}): ListingProposal {
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
  // Roles in the case (trafficker, commander …) are findings, not identifiers: they stay out of this section.
  const aliases = d.aliases.map((a) => ({ value: a.value, quality: a.quality === 'strong' ? ('good' as const) : ('low' as const), script: a.script ?? null }));

  // Criteria invoked: only those met. Partly supported ones are listed apart, for the drafter, never as invoked.
  const met = assessment.criteria.filter((c) => c.status === 'met');
  const criteria = met.map((c) => ({
    id: c.id,
    title: c.title,
    citation: citationText(c.citation),
    confidence: c.confidence,
    status: c.status,
    note: c.confidence !== 'V' ? (c.caveats[0] ?? null) : null,
  }));
  const notYetMet = assessment.criteria.filter((c) => c.status === 'partly').map((c) => ({ id: c.id, title: c.title, gaps: c.gaps }));
  if (!criteria.length) notices.push('No criterion is met yet: this draft cannot support a listing as it stands.');
  if (notYetMet.length) notices.push(`Partly supported, not invoked: ${notYetMet.map((c) => c.id).join(', ')}.`);
  // The measures requested: those the met criteria carry, with the paragraphs that impose them.
  const wanted = new Set(met.flatMap((c) => c.measures));
  const measures = regime.measures.filter((m) => wanted.has(m.measure)).map((m) => ({ measure: m.measure, label: MEASURES[m.measure], citation: citationText(m.citation) }));
  const listedNow = ws.criteria.listed(entityId);
  const alreadyListed = listedNow?.regimeIds.includes(regimeId) ? { references: listedNow.references } : null;
  if (alreadyListed) notices.push(`Already listed under this regime (${alreadyListed.references.join(', ') || 'reference not recorded'}): a new proposal would duplicate the listing; consider an update of the entry instead.`);

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
    const nature = ev.data.type === 'statement' ? 'witness statement' : src ? SOURCE_NATURE[src.data.type] : 'document (source not recorded)';
    const supply = ev.data.confidentiality === 'normal' ? 'can be supplied' : ev.data.confidentiality === 'confidential' ? 'can be supplied in confidence, on request' : 'cannot be supplied (strictly confidential)';
    evidence.push({ label, evidenceId, title, kind: ev.data.type, sha256, source: src?.data.name ?? null, grade: `${src?.data.reliability ?? '?'}${ev.data.credibility}`, nature, supply });
    labelOf.set(evidenceId, label);
    return label;
  };

  // Statement of case: one paragraph per claim that carries a met criterion, naming every criterion it carries;
  // releasable and confidential paragraphs are told apart (the renderings print them as two parts).
  const excluded = new Set(draft.excludeClaims ?? []);
  const invokedBy = new Map<string, string[]>();
  for (const c of met) for (const s of c.supporting) if (s.counts && !excluded.has(s.claimId)) invokedBy.set(s.claimId, [...(invokedBy.get(s.claimId) ?? []), c.id]);
  const statementOfCase: Paragraph[] = [];
  const sentences = new Map<string, { text: string; refs: string[]; releasable: boolean }>();
  for (const [claimId, ids] of invokedBy) {
    const claim = ws.ctx.repo.get<ClaimData>(claimId);
    if (!claim) continue;
    const restsOnRefused = claim.data.evidence.some((e) => withoutConsent(e.evidenceId));
    if (restsOnRefused) consentWithheld++;
    const usable = claim.data.evidence.filter((e) => !withoutConsent(e.evidenceId));
    // Nothing left to cite once refused statements are out: the paragraph would be unsupported.
    if (restsOnRefused && usable.length === 0) continue;
    const refs = usable.map((e) => cite(e.evidenceId)).filter((x): x is string => x !== null);
    const text = claim.data.statement.trim() || `${views.claimSummary(claim.data)}.`;
    const releasable = claim.data.releasable && !restsOnRefused;
    sentences.set(claimId, { text, refs, releasable });
    statementOfCase.push({ text: `${text} (${ids.join(', ')}; assessed ${claim.data.assessment})`, claimId, refs, releasable });
  }
  const narrativeSummary = narrative(d.name, met, sentences);
  if (statementOfCase.length && !narrativeSummary.length) notices.push('No claim is marked releasable, so the narrative summary is empty.');
  if (consentWithheld) notices.push(`${consentWithheld} claim(s) rest on statements whose witness did not consent to their use for listings: those statements are not cited, and the claims are kept out of the releasable narrative.`);

  // Links to parties already listed (designations recorded in the vault), and to linked people whose last
  // screening found a match nobody has decided yet — the drafter must settle those before the proposal goes out.
  const decided = new Set([...ws.ctx.repo.ofKind('screening_decision')].map((x) => `${x.data.entityId}|${x.data.listId}|${x.data.entryId}`));
  const runs = [...ws.ctx.repo.ofKind('screening_run')];
  const pendingOf = (id: string) =>
    runs.flatMap((r) =>
      r.data.results
        .filter((x) => x.entityId === id)
        .flatMap((x) => x.hits.filter((h) => !decided.has(`${id}|${r.data.listId}|${h.entryId}`)).map((h) => `${h.caption} (${h.verdict}, score ${h.score.toFixed(2)}, ${r.data.listName})`)),
    );
  const linkedListedParties: ListingProposal['linkedListedParties'] = [];
  for (const n of ws.entities.neighbours(entityId)) {
    const listed = ws.criteria.listed(n.other.id);
    const pending = listed ? [] : pendingOf(n.other.id);
    if (!listed && !pending.length) continue;
    const spec = LINK_KIND_SPECS[(n.link.data as LinkData).kind];
    const other = protection.entityName(n.other.id, n.other.data.name);
    linkedListedParties.push({ name: other, references: listed?.references ?? [], relation: n.outgoing ? `${d.name} ${spec.verb} ${other}` : `${other} ${spec.verb} ${d.name}`, pending });
  }
  if (linkedListedParties.some((l) => l.pending.length)) notices.push('A linked person has a screening match not yet decided: confirm or reject it before the proposal is sent.');

  const proposal: ListingProposal = {
    title: `Proposal for listing: ${d.name}`,
    regime: { id: regime.id, name: regime.name, authority: regime.authority, body: regime.body },
    generatedAt: now.toISOString(),
    drafter: ws.ctx.vault.actor,
    entity: { id: entityId, kind: d.kind },
    identifiers,
    aliases,
    criteria,
    measures,
    notYetMet,
    alreadyListed,
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

const SOURCE_NATURE: Record<SourceType, string> = {
  witness: 'witness account',
  victim: 'victim account',
  perpetrator: 'admission by a perpetrator',
  official_document: 'official document',
  financial_record: 'financial record',
  intercept: 'intelligence (intercept)',
  open_source: 'open-source material',
  media: 'media report',
  ngo: 'NGO report',
  un_report: 'UN report',
  law_enforcement: 'law-enforcement information',
  on_site_observation: 'on-site observation',
  other: 'other',
};

const LOWER_START = /^(The|A|An|He|She|They|His|Her|Their|It|Its|On|In|From|Between|During|At|Several|Two|Three)\b/;
const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/**
 * The releasable narrative summary as prose (standard form item 4): an opening naming the criteria, then per
 * criterion one paragraph that reads its releasable claims as connected sentences — not a list of claim lines.
 */
function narrative(name: string, met: CriterionResult[], sentences: Map<string, { text: string; refs: string[]; releasable: boolean }>): Paragraph[] {
  const out: Paragraph[] = [];
  const connectors = ['', 'In addition, ', 'Further, ', 'Moreover, '];
  const used = new Set<string>();
  const body: Paragraph[] = [];
  for (const c of met) {
    const own = c.supporting.map((s) => s.claimId).filter((id) => sentences.get(id)?.releasable && !used.has(id));
    if (!own.length) continue;
    own.forEach((id) => used.add(id));
    const parts = own.map((id, i) => {
      const t = sentences.get(id)!.text.trim();
      const conn = connectors[Math.min(i, connectors.length - 1)]!;
      return sentence(conn && LOWER_START.test(t) ? conn + t[0]!.toLowerCase() + t.slice(1) : conn + t);
    });
    const refs = [...new Set(own.flatMap((id) => sentences.get(id)!.refs))];
    body.push({ text: `As to ${c.title.charAt(0).toLowerCase()}${c.title.slice(1)} (${citationText(c.citation)}): ${parts.join(' ')}`, claimId: null, refs, releasable: true });
  }
  if (!body.length) return out;
  // Every met criterion that a releasable claim carries (a claim told once may carry several).
  const basis = met.filter((c) => c.supporting.some((s) => sentences.get(s.claimId)?.releasable)).map((c) => citationText(c.citation));
  out.push({ text: `${name} is proposed for listing on the basis of ${[...new Set(basis)].join('; ')}.`, claimId: null, refs: [], releasable: true });
  return [...out, ...body];
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
