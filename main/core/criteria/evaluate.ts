/**
 * The criteria evaluator: for an entity and a sanctions regime, each designation criterion's status — met,
 * partly supported, not supported, or excluded — with the claims and graded evidence behind it and what is
 * missing. Pure: it reads `Facts` and the catalog, writes nothing.
 *
 * Rules (ARCHITECTURE.md §5; research notes §4, §6):
 *  - A criterion is its legal elements (catalog `elements`), all of which must be shown; each element is
 *    carried by claims asserting its conduct, or by an asserted agency / ownership / command link.
 *  - A claim supports an element when it asserts conduct the element covers (directly, or by the entity's
 *    participation in an event with that conduct *in a perpetrator role*: never as victim, witness, rescuer,
 *    bystander, detainee or family member), or — for association elements — a link of the right kind to a party
 *    listed under the same regime. "Acting for" needs an `acted_for` link (agency asserted, with evidence)
 *    that does not end before the party was listed; an associate link, a payment or shared membership is only
 *    a lead ("possible association"), never support.
 *  - A supporting claim counts towards "met" only if it has a nexus to the regime (the conduct happened in the
 *    regime's country, was for the regime's group, or the regime is thematic), cites evidence, and the analyst
 *    did not assess it as doubtful.
 *  - Corroboration per the authority's standard: enough independent origins whose reliability and credibility
 *    are good enough (two items from one source, or two outlets repeating one origin, count once), or one
 *    verified document graded 1. A first-hand account graded 1-3 counts even from a source not yet judged (F).
 *  - A person recorded as a victim is never proposed: every criterion is "excluded" unless an analyst overrode
 *    that with a reason (non-punishment principle).
 */
import { PROTECTED_ROLES, isPerpetratorRole, participantRole, type ConductTag } from '../../../shared/model/vocabulary';
import { dateBounds, type PartialDate } from '../../../shared/model/partial-date';
import { CHILD_AGE_BANDS } from '../../../shared/model/vocabulary';
import type { ClaimData, EvidenceData, LinkData } from '../../../shared/model/records';
import { REGIMES, STANDARDS, regimeById, regimesForCountries, type Authority, type Criterion, type EvidentiaryStandard, type LegalElement, type Regime } from '../../../shared/catalog';
import { INFORMATION_CREDIBILITY } from '../../../shared/model/vocabulary';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import type { Facts } from './facts';

export type CriterionStatus = 'met' | 'partly' | 'not_supported' | 'excluded';

export interface GradedEvidence {
  evidenceId: string;
  title: string;
  sourceId: string | null;
  sourceName: string | null;
  /** The source at the end of the `dependsOn` chain: independence is counted per origin. */
  origin: string | null;
  reliability: string | null;
  /** The source's reliability is not yet graded (counted as F, with a caveat). */
  ungraded: boolean;
  credibility: number;
  firstHand: boolean;
  verifiedDocument: boolean;
  /** Good enough to corroborate under the standard applied. */
  qualifies: boolean;
  /** Why it does not qualify. */
  why: string | null;
}

export interface SupportingClaim {
  claimId: string;
  via: 'conduct' | 'participation' | 'association';
  conduct: ConductTag | null;
  eventId: string | null;
  linkId: string | null;
  country: string | null;
  nexus: boolean;
  assessment: ClaimData['assessment'];
  statement: string;
  evidence: GradedEvidence[];
  /** Counts towards "met": nexus, evidence, not doubtful. */
  counts: boolean;
}

export interface ElementResult {
  id: string;
  label: string;
  status: 'met' | 'partly' | 'not_supported';
  /** The claims that carry it (those that count). */
  claimIds: string[];
  independentSources: number;
}

export interface CriterionResult {
  id: string;
  title: string;
  paraphrase: string;
  citation: Criterion['citation'];
  confidence: Criterion['confidence'];
  measures: Criterion['measures'];
  status: CriterionStatus;
  supporting: SupportingClaim[];
  independentSources: number;
  verifiedDocument: boolean;
  /** What is missing for "met" (or why nothing supports it). */
  gaps: string[];
  /** Caveats that do not change the status: unverified citation, ended regime, single F/6 source. */
  caveats: string[];
  /** For umbrella criteria met through one of their examples. */
  via: string[];
  /** Per legal element, what carries it. "Met" needs every element met. */
  elements: ElementResult[];
  /** Possible associations (associate, payment, membership, an agency claim naming no one): leads, never support. */
  leads: string[];
}

export interface RegimeResult {
  regimeId: string;
  name: string;
  authority: Authority;
  active: boolean;
  standard: EvidentiaryStandard;
  nexus: { type: Regime['nexus']['type']; satisfied: boolean; explanation: string };
  excluded: { reason: string } | null;
  override: { reason: string } | null;
  criteria: CriterionResult[];
  counts: Record<CriterionStatus, number>;
}

export interface EntityAssessment {
  entityId: string;
  name: string;
  kind: string;
  regimes: RegimeResult[];
  /** Regimes chosen by where the conduct happened, links to listed parties, and the thematic regimes. */
  suggestedRegimes: string[];
}

export interface ListedStatus {
  regimeIds: string[];
  references: string[];
  /** When the listing took effect (the earliest known); null when not recorded. */
  listedOn?: PartialDate | null;
}

export interface EvaluateOptions {
  /** Regimes to assess; default: the suggested ones. */
  regimes?: string[];
  /** Per-authority overrides of the corroboration defaults. */
  standards?: Partial<Record<Authority, Partial<EvidentiaryStandard>>>;
  /** Which entities are on a sanctions list (from screening decisions). */
  listed?: (entityId: string) => ListedStatus | null;
  /** Groups an entity is known to belong to or stand for (e.g. ["isil"]), for group-nexus regimes. */
  affiliations?: (entityId: string) => string[];
  /** An analyst's override of the victim exclusion. */
  victimOverride?: { reason: string } | null;
}

const RELIABILITY_ORDER = ['A', 'B', 'C', 'D', 'E', 'F'];

/** Link kinds that make X act for, be owned by, lead, or belong to P — and in which direction. */
const ASSOCIATION_LINKS: Record<NonNullable<Criterion['association']>, { kind: LinkData['kind']; xIs: 'source' | 'target' | 'either' }[]> = {
  // Agency is asserted, never inferred (issue 11 rule 2): only "X acted for P". Commanded or controlled by P
  // is also acting at P's direction.
  acting_for: [
    { kind: 'acted_for', xIs: 'source' },
    { kind: 'commands', xIs: 'target' },
    { kind: 'controls', xIs: 'target' },
  ],
  owned_or_controlled: [
    { kind: 'owns', xIs: 'target' },
    { kind: 'controls', xIs: 'target' },
  ],
  leader_of: [
    { kind: 'commands', xIs: 'source' },
    { kind: 'controls', xIs: 'source' },
  ],
  member_of: [
    { kind: 'member_of', xIs: 'source' },
    { kind: 'commands', xIs: 'source' },
  ],
};

/** Links that suggest, but never show, acting for a party: shown as leads. */
const LEAD_LINKS: LinkData['kind'][] = ['associate', 'paid', 'finances', 'member_of', 'family', 'communicated_with'];

/** Conduct tags that assert agency or ownership without naming the principal: a lead, never support. */
const UNNAMED_AGENCY_TAGS = new Set<string>(['acting_for_listed_party', 'owned_by_listed_party']);

function standardFor(regime: Regime, opts: EvaluateOptions): EvidentiaryStandard {
  const std = { ...STANDARDS[regime.standard], ...(opts.standards?.[regime.standard] ?? {}) };
  // The wording follows the regime: the Ombudsperson's "reasonable and credible basis" is the 1267 regime's.
  return regime.threshold ? { ...std, threshold: regime.threshold.text, thresholdSource: regime.threshold.source } : std;
}

/** The origin of a source: follow `dependsOn` (circular reporting counts once); cycles stop where they loop. */
function originOf(facts: Facts, sourceId: string): string {
  let id = sourceId;
  const seen = new Set<string>([id]);
  for (;;) {
    const next = facts.source(id)?.data.dependsOn;
    if (!next || seen.has(next) || !facts.source(next)) return id;
    seen.add(next);
    id = next;
  }
}

const LOW_RELIABILITY = new Set(['D', 'E', 'F']);

export function grade(facts: Facts, evidenceId: string, std: EvidentiaryStandard): GradedEvidence {
  const ev = facts.evidence(evidenceId);
  if (!ev) {
    return { evidenceId, title: '(deleted)', sourceId: null, sourceName: null, origin: null, reliability: null, ungraded: false, credibility: 6, firstHand: false, verifiedDocument: false, qualifies: false, why: 'the evidence item no longer exists' };
  }
  const src = ev.data.sourceId ? facts.source(ev.data.sourceId) : undefined;
  const reliability = src?.data.reliability ?? null;
  const credibility = ev.data.credibility;
  const firstHand = ev.data.firstHand === true;
  let why: string | null = null;
  if (!reliability || !src) why = 'no source recorded, so its reliability and independence cannot be judged';
  // A first-hand account graded 1-3 counts even when the source's reliability cannot yet be judged (F), as
  // panels weigh first-hand witnesses; a source known to be unreliable (D, E) does not.
  else if (RELIABILITY_ORDER.indexOf(reliability) > RELIABILITY_ORDER.indexOf(std.maxReliability) && !(firstHand && reliability === 'F' && credibility <= 3)) why = `source graded ${reliability}`;
  else if (credibility > std.maxCredibility) why = `information graded ${credibility} (${INFORMATION_CREDIBILITY[credibility as 1].toLowerCase()})`;
  // A statement the witness has not released for listings cannot be cited in a proposal, so it cannot carry a
  // criterion a panel is asked to sign: it stays visible as support, with this reason, but does not count.
  if (why === null && ev.data.type === 'statement' && ev.data.statement?.consent.useForListing !== true) {
    why = 'the witness has not consented to this statement being used for a listing, so it cannot be cited';
  }
  return {
    evidenceId,
    title: ev.data.title,
    sourceId: ev.data.sourceId ?? null,
    sourceName: src?.data.name ?? null,
    origin: src ? originOf(facts, src.id) : null,
    reliability,
    ungraded: src?.data.ungraded === true,
    credibility,
    firstHand,
    verifiedDocument: ev.data.verifiedDocument,
    qualifies: why === null,
    why,
  };
}

function describeCountries(regime: Regime): string {
  return regime.nexus.type === 'country' ? regime.name : regime.name;
}

interface Context {
  facts: Facts;
  entityId: string;
  opts: EvaluateOptions;
  /** Grades of this assessment, per evidence item and standard: every criterion of every regime re-reads them. */
  grades?: Map<string, GradedEvidence>;
}

/** Facts with per-assessment caches (see memoised); the grade cache lives as long as one entity's assessment. */
const gradeCaches = new WeakMap<Facts, Map<string, GradedEvidence>>();

function gradeIn(ctx: Context, evidenceId: string, std: EvidentiaryStandard): GradedEvidence {
  const cache = ctx.grades;
  if (!cache) return grade(ctx.facts, evidenceId, std);
  const key = `${evidenceId}|${std.maxReliability}|${std.maxCredibility}`;
  let g = cache.get(key);
  if (!g) cache.set(key, (g = grade(ctx.facts, evidenceId, std)));
  return g;
}

/** Does the entity have a link to a party listed under, or affiliated with the groups of, this regime? */
function groupNexus(ctx: Context, regime: Regime): { satisfied: boolean; explanation: string } {
  if (regime.nexus.type !== 'group') return { satisfied: true, explanation: '' };
  const groups = new Set(regime.nexus.groups);
  for (const link of ctx.facts.linksOf(ctx.entityId)) {
    const other = link.data.source === ctx.entityId ? link.data.target : link.data.source;
    const listed = ctx.opts.listed?.(other);
    if (listed?.regimeIds.includes(regime.id)) {
      return { satisfied: true, explanation: `linked to ${ctx.facts.entity(other)?.data.name ?? other}, listed under this regime (${listed.references.join(', ')})` };
    }
    if ((ctx.opts.affiliations?.(other) ?? []).some((g) => groups.has(g))) {
      return { satisfied: true, explanation: `linked to ${ctx.facts.entity(other)?.data.name ?? other}, recorded as ${[...groups].join(' / ')}` };
    }
  }
  if ((ctx.opts.affiliations?.(ctx.entityId) ?? []).some((g) => groups.has(g))) return { satisfied: true, explanation: 'recorded as part of the group itself' };
  return { satisfied: false, explanation: `no link to ${regime.name} or an affiliate (a link to a listed party, or an entity recorded as one)` };
}

function claimNexus(ctx: Context, regime: Regime, claim: ClaimData, group: { satisfied: boolean }): { country: string | null; nexus: boolean } {
  const a = claim.assertion;
  let country: string | null = null;
  if (a.type === 'conduct') country = a.country ?? (a.eventId ? (ctx.facts.event(a.eventId)?.data.place.country ?? null) : null);
  else if (a.type === 'participation') country = ctx.facts.event(a.eventId)?.data.place.country ?? null;
  switch (regime.nexus.type) {
    case 'global':
      return { country, nexus: true };
    case 'group':
      return { country, nexus: group.satisfied };
    case 'country':
      return { country, nexus: country !== null && regime.nexus.countries.includes(country) };
  }
}

/** A criterion's legal elements with their conduct as sets, built once per criterion (a whole-case run asks ~500k times). */
interface CompiledElement {
  el: LegalElement;
  conduct: ReadonlySet<string>;
}
const compiledElements = new WeakMap<Criterion, CompiledElement[]>();
export function criterionElements(criterion: Criterion): LegalElement[] {
  return criterion.elements?.length ? criterion.elements : [{ id: 'conduct', label: criterion.title, conduct: criterion.conduct, association: criterion.association }];
}
function elementsOf(criterion: Criterion): CompiledElement[] {
  let e = compiledElements.get(criterion);
  if (!e) compiledElements.set(criterion, (e = criterionElements(criterion).map((el) => ({ el, conduct: new Set<string>(el.conduct) }))));
  return e;
}

/** The latest day a link's period can mean (its end, else its date, else its start); null when undated. */
function linkLatest(link: LinkData): string | null {
  return dateBounds(link.end ?? link.date ?? link.start)?.latest ?? null;
}

interface Notes {
  leads: string[];
  roles: string[];
  caveats: string[];
}

function supportingFor(ctx: Context, regime: Regime, ce: CompiledElement, std: EvidentiaryStandard, group: { satisfied: boolean }, notes: Notes): SupportingClaim[] {
  const wanted = ce.conduct;
  const out: SupportingClaim[] = [];
  const make = (c: StoredRecord<ClaimData>, via: SupportingClaim['via'], conduct: ConductTag | null, extra: Partial<SupportingClaim> = {}): SupportingClaim => {
    const { country, nexus } = extra.nexus !== undefined ? { country: extra.country ?? null, nexus: extra.nexus } : claimNexus(ctx, regime, c.data, group);
    const evidence = c.data.evidence.map((e) => gradeIn(ctx, e.evidenceId, std));
    const a = c.data.assertion;
    return {
      claimId: c.id,
      via,
      conduct,
      eventId: a.type === 'link' ? null : (a.eventId ?? null),
      linkId: a.type === 'link' ? a.linkId : null,
      country,
      nexus,
      assessment: c.data.assessment,
      statement: c.data.statement,
      evidence,
      counts: nexus && evidence.length > 0 && c.data.assessment !== 'doubtful',
    };
  };
  for (const c of ctx.facts.claimsAbout(ctx.entityId)) {
    const a = c.data.assertion;
    if (a.type === 'conduct' && a.entityId === ctx.entityId && wanted.has(a.conduct)) {
      if (UNNAMED_AGENCY_TAGS.has(a.conduct)) {
        notes.leads.push(`Possible association: a claim says this entity ${a.conduct === 'owned_by_listed_party' ? 'is owned by' : 'acted for'} a listed party without naming it — record an "acted for" (or ownership) link to the party, with evidence.`);
        continue;
      }
      out.push(make(c, 'conduct', a.conduct as ConductTag));
    } else if (a.type === 'participation' && a.entityId === ctx.entityId) {
      const ev = ctx.facts.event(a.eventId);
      const tag = ev?.data.conduct.find((t) => wanted.has(t));
      if (!tag) continue;
      // Role-aware (issue 11 rule 1): the claim's role, else the role the event records for this participant.
      const role = a.role || ev!.data.participants.find((p) => p.entityId === ctx.entityId)?.role || '';
      if (!isPerpetratorRole(role)) {
        notes.roles.push(`Took part in "${ev!.data.title}" as ${participantRole(role).replace(/_/g, ' ')}: an event's conduct passes only to participants in a perpetrator role (organiser, perpetrator, commander, financier, facilitator, official who acted).`);
        continue;
      }
      out.push(make(c, 'participation', tag as ConductTag));
    }
  }
  const association = ce.el.association;
  if (association) {
    const shapes = ASSOCIATION_LINKS[association];
    for (const link of ctx.facts.linksOf(ctx.entityId)) {
      const xIsSource = link.data.source === ctx.entityId;
      const other = xIsSource ? link.data.target : link.data.source;
      const listed = ctx.opts.listed?.(other);
      if (!listed?.regimeIds.includes(regime.id)) continue;
      const otherName = ctx.facts.entity(other)?.data.name ?? other;
      const fits = shapes.some((s) => s.kind === link.data.kind && (s.xIs === 'either' || (s.xIs === 'source') === xIsSource));
      if (!fits) {
        if (association === 'acting_for' && LEAD_LINKS.includes(link.data.kind)) {
          notes.leads.push(`Possible association with ${otherName} (listed ${listed.references.join(', ') || 'under this regime'}): a "${link.data.kind.replace(/_/g, ' ')}" link does not show that this entity acted for them — that needs a claim asserting agency, with evidence.`);
        }
        continue;
      }
      if (association === 'acting_for') {
        // Dates count: acting for someone before they were listed is not acting for a listed person.
        const listedFrom = dateBounds(listed.listedOn ?? undefined)?.earliest ?? null;
        const until = linkLatest(link.data);
        if (listedFrom && !until) {
          notes.leads.push(`Acted for ${otherName}, but when is not recorded; ${otherName} was listed from ${listedFrom}. Record the period to show the agency continued after the listing.`);
          continue;
        }
        if (listedFrom && until && until < listedFrom) {
          notes.leads.push(`Acted for ${otherName} until ${until}, before ${otherName} was listed (${listedFrom}): not acting for a listed person.`);
          continue;
        }
        if (!listedFrom) notes.caveats.push(`${otherName}'s listing date is not recorded: check that the agency continued after the listing.`);
      }
      for (const c of ctx.facts.claimsAbout(link.id)) {
        if (c.data.assertion.type === 'link') out.push(make(c, 'association', null, { nexus: true, country: null }));
      }
    }
  }
  return out;
}

/** The gap of a criterion nothing supports, built once per criterion and regime. */
const notSupportedGaps = new WeakMap<Criterion, string>();
function notSupportedGap(criterion: Criterion, regime: Regime): string {
  let g = notSupportedGaps.get(criterion);
  if (g === undefined) {
    const examples = criterion.conduct.filter((t) => !UNNAMED_AGENCY_TAGS.has(t)).slice(0, 3).join(', ');
    g = criterion.association ? `No claim asserts that this entity acted for, or is owned or led by, a party listed under ${regime.name}, and no claim records the conduct.` : `No claim records conduct covered by this criterion${examples ? ` (e.g. ${examples})` : ''}.`;
    notSupportedGaps.set(criterion, g);
  }
  return g;
}

interface ElementEval {
  ce: CompiledElement;
  supporting: SupportingClaim[];
  counting: SupportingClaim[];
  facts: Map<string, SupportingClaim[]>;
  best: { sources: Set<string>; items: number; verified: boolean; met: boolean };
}

function evalElement(ce: CompiledElement, supporting: SupportingClaim[], std: EvidentiaryStandard): ElementEval {
  const counting = supporting.filter((s) => s.counts);
  // Corroboration is judged per fact ("corroborate every fact", S/2006/997 para 21): claims asserting the same
  // thing (same conduct at the same event, or the same link) pool their evidence; different facts do not.
  const facts = new Map<string, SupportingClaim[]>();
  for (const s of counting) {
    const key = `${s.via}|${s.conduct ?? ''}|${s.eventId ?? ''}|${s.linkId ?? ''}`;
    facts.set(key, [...(facts.get(key) ?? []), s]);
  }
  let best = { sources: new Set<string>(), items: 0, verified: false, met: false };
  for (const group of facts.values()) {
    const q = group.flatMap((s) => s.evidence.filter((e) => e.qualifies));
    // Independence follows the origin: two outlets repeating one origin are one source.
    const sources = new Set(q.map((e) => e.origin!));
    const verified = q.some((e) => e.verifiedDocument && e.credibility === 1);
    const factMet = sources.size >= std.minIndependentSources || (std.verifiedDocumentSuffices && verified);
    const cand = { sources, items: new Set(q.map((e) => e.evidenceId)).size, verified, met: factMet };
    if (cand.met && !best.met) best = cand;
    else if (cand.met === best.met && (cand.sources.size > best.sources.size || (cand.sources.size === best.sources.size && cand.verified && !best.verified))) best = cand;
  }
  return { ce, supporting, counting, facts, best };
}

function assessCriterion(ctx: Context, regime: Regime, criterion: Criterion, std: EvidentiaryStandard, group: { satisfied: boolean }, excluded: boolean): CriterionResult {
  const caveats: string[] = [];
  if (criterion.confidence !== 'V') caveats.push(criterion.confidence === 'X' ? 'Citation doubtful: the paragraph or letter is inferred, not seen in a source.' : criterion.confidence === 'VR' ? 'Citation partly checked: the wording or the paragraph is recalled (see the note), not yet checked against the official text.' : 'Citation not yet checked against the official text.');
  if (regime.status === 'ended') caveats.push(`This regime ended${regime.endedOn ? ` on ${regime.endedOn}` : ''}; kept for history and evidence reuse.`);
  const notes: Notes = { leads: [], roles: [], caveats: [] };
  const evals = elementsOf(criterion).map((ce) => evalElement(ce, supportingFor(ctx, regime, ce, std, group, notes), std));
  // Fast path for the common case (nothing at all bears on the criterion): a whole-case run meets it ~500k times.
  if (!excluded && criterion.threshold === undefined && evals.every((e) => e.supporting.length === 0) && !notes.leads.length && !notes.roles.length && !notes.caveats.length) {
    return {
      id: criterion.id,
      title: criterion.title,
      paraphrase: criterion.paraphrase,
      citation: criterion.citation,
      confidence: criterion.confidence,
      measures: criterion.measures,
      via: [],
      elements: evals.map((e) => ({ id: e.ce.el.id, label: e.ce.el.label, status: 'not_supported', claimIds: [], independentSources: 0 })),
      leads: [],
      status: 'not_supported',
      supporting: [],
      independentSources: 0,
      verifiedDocument: false,
      gaps: [notSupportedGap(criterion, regime)],
      caveats,
    };
  }
  const byClaim = new Map<string, SupportingClaim>();
  for (const e of evals) for (const s of e.supporting) if (!byClaim.has(s.claimId)) byClaim.set(s.claimId, s);
  const supporting = [...byClaim.values()];
  const elements: ElementResult[] = evals.map((e) => ({
    id: e.ce.el.id,
    label: e.ce.el.label,
    status: e.best.met ? 'met' : e.supporting.length ? 'partly' : 'not_supported',
    claimIds: [...new Set(e.counting.map((s) => s.claimId))],
    independentSources: e.best.sources.size,
  }));
  const leads = [...new Set(notes.leads)];
  caveats.push(...new Set(notes.caveats));
  const base = {
    id: criterion.id,
    title: criterion.title,
    paraphrase: criterion.paraphrase,
    citation: criterion.citation,
    confidence: criterion.confidence,
    measures: criterion.measures,
    via: [] as string[],
    elements,
    leads,
  };
  if (excluded) {
    return { ...base, status: 'excluded', supporting, independentSources: 0, verifiedDocument: false, gaps: ['Recorded as a victim: not proposed for listing without an analyst override.'], caveats };
  }
  // The weakest element decides (every element must be shown); with one element this is that element.
  const weakest = evals.find((e) => !e.best.met) ?? evals.reduce((a, b) => (b.best.sources.size < a.best.sources.size ? b : a));
  const { best, facts, counting } = weakest;
  const sources = best.sources;
  const verifiedDocument = best.verified;
  let met = evals.every((e) => e.best.met);
  const gaps: string[] = [];

  if (criterion.threshold === 'widespread_or_systematic' && met) {
    const allCounting = evals.flatMap((e) => e.counting);
    const events = new Set(allCounting.map((s) => s.eventId).filter((e): e is string => e !== null));
    const victims = [...events].reduce((n, id) => n + (ctx.facts.event(id)?.data.victims.reduce((m, v) => m + v.count, 0) ?? 0), 0);
    if (events.size < 2 && victims < 10) {
      met = false;
      gaps.push(`Not shown to be widespread, systematic or otherwise of serious concern (${events.size} event(s), ${victims} victim(s) recorded): this regime's threshold.`);
    }
  }

  const allItems = supporting.flatMap((s) => s.evidence);
  const single = allItems.length > 0 && new Set(allItems.map((e) => e.origin)).size === 1 && allItems.every((e) => e.reliability === 'F' || e.credibility === 6);
  if (allItems.some((e) => e.ungraded)) {
    const names = [...new Set(allItems.filter((e) => e.ungraded).map((e) => e.sourceName ?? 'unnamed source'))];
    caveats.push(`Rests on ${names.length === 1 ? 'a source' : 'sources'} whose reliability is not yet graded (${names.join(', ')}), counted as F, the lowest grade: grade ${names.length === 1 ? 'it' : 'them'}.`);
  }
  if (single) caveats.push('The finding rests on a single source graded F or information graded 6.');
  else {
    const counted = evals.flatMap((e) => e.counting).flatMap((s) => s.evidence);
    const origins = new Set(counted.map((e) => e.origin));
    const low = counted.find((e) => (e.reliability !== null && LOW_RELIABILITY.has(e.reliability)) || e.credibility >= 4);
    if (counted.length > 0 && origins.size === 1 && low) caveats.push(`The finding rests on one uncorroborated source graded ${low.reliability ?? '?'}${low.credibility}: corroborate it before relying on it.`);
    else if (met && origins.size === 1) caveats.push(`Met on a single source, which the ${std.authority} standard allows; it is uncorroborated.`);
  }

  if (met) {
    return { ...base, status: 'met', supporting, independentSources: sources.size, verifiedDocument, gaps, caveats };
  }
  if (evals.length > 1) {
    for (const e of evals) if (!e.best.met) gaps.push(`Element not shown: ${e.ce.el.label}${e.supporting.length ? ' (not corroborated enough)' : ' (no claim carries it)'}.`);
  }
  gaps.push(...new Set(notes.roles));
  if (supporting.length === 0) {
    gaps.push(notSupportedGap(criterion, regime));
    return { ...base, status: 'not_supported', supporting, independentSources: 0, verifiedDocument: false, gaps, caveats };
  }
  // Partly supported: say exactly what is missing (for the weakest element).
  const ws = weakest.supporting.length ? weakest.supporting : supporting;
  if (ws.every((s) => !s.nexus)) {
    gaps.push(regime.nexus.type === 'group' ? `No evidence linking the conduct to ${describeCountries(regime)}: ${groupNexus(ctx, regime).explanation}.` : `No evidence linking the conduct to ${describeCountries(regime)} (record where it happened on the claim or its event).`);
  }
  if (ws.some((s) => s.assessment === 'doubtful')) gaps.push('A claim assessed as doubtful by the analyst does not count.');
  if (ws.some((s) => s.evidence.length === 0)) gaps.push('A claim cites no evidence.');
  const counted = counting.flatMap((s) => s.evidence);
  const reasons = [...new Set(counted.filter((e) => !e.qualifies).map((e) => e.why!))];
  for (const r of reasons) gaps.push(`Evidence does not qualify: ${r}.`);
  const qualifying = counting.flatMap((s) => s.evidence.filter((e) => e.qualifies));
  if (sources.size > 0 && sources.size < std.minIndependentSources) {
    gaps.push(
      `Only ${sources.size === 1 ? 'one independent source' : `${sources.size} independent sources`} for any single fact: the ${std.authority} standard needs ${std.minIndependentSources} for the same fact${std.verifiedDocumentSuffices ? ', or one verified document graded 1' : ''}.`,
    );
  }
  if (facts.size > 1) gaps.push(`${facts.size} different facts each rest on too few sources; corroboration is judged fact by fact, not pooled.`);
  if (best.items > sources.size) gaps.push(`${best.items} items come from ${sources.size} source(s): items from the same source, or outlets repeating one origin, count once.`);
  if (counting.length > 0 && qualifying.length === 0 && reasons.length === 0) gaps.push('No evidence good enough to corroborate.');
  return { ...base, status: 'partly', supporting, independentSources: sources.size, verifiedDocument, gaps, caveats };
}

function isProtected(facts: Facts, entityId: string): boolean {
  return (facts.entity(entityId)?.data.roles ?? []).some((r) => PROTECTED_ROLES.includes(r));
}

/** Regimes to look at by default: where the conduct happened, links to listed parties, and the thematic ones. */
export function suggestRegimes(facts: Facts, entityId: string, opts: EvaluateOptions = {}): string[] {
  const entity = facts.entity(entityId);
  if (!entity) throw new SanctumError('NOT_FOUND', `no entity with id ${entityId}`, entityId);
  const countries = new Set<string>(facts.caseCountries(entity.data.caseId));
  for (const c of facts.claimsAbout(entityId)) {
    const a = c.data.assertion;
    if (a.type === 'conduct' && a.country) countries.add(a.country);
    const evId = a.type === 'link' ? undefined : a.eventId;
    const country = evId ? facts.event(evId)?.data.place.country : undefined;
    if (country) countries.add(country);
  }
  const ids = new Set(regimesForCountries([...countries]).map((r) => r.id));
  const ctx: Context = { facts, entityId, opts };
  for (const r of REGIMES) {
    if (r.nexus.type === 'global') ids.add(r.id);
    if (r.nexus.type === 'group' && groupNexus(ctx, r).satisfied) ids.add(r.id);
  }
  return REGIMES.filter((r) => ids.has(r.id)).map((r) => r.id);
}

export function evaluateRegime(facts: Facts, entityId: string, regime: Regime, opts: EvaluateOptions = {}): RegimeResult {
  const ctx: Context = { facts, entityId, opts, grades: gradeCaches.get(facts) };
  const std = standardFor(regime, opts);
  const group = groupNexus(ctx, regime);
  const protectedVictim = isProtected(facts, entityId);
  const excluded = protectedVictim && !opts.victimOverride;
  const criteria = regime.criteria.map((c) => assessCriterion(ctx, regime, c, std, group, excluded));
  // Umbrella criteria are met (or partly) through their examples.
  for (const r of criteria) {
    const crit = regime.criteria.find((c) => c.id === r.id)!;
    if (!crit.umbrella || r.status === 'excluded') continue;
    const examples = criteria.filter((x) => crit.examples.includes(x.id));
    const metVia = examples.filter((x) => x.status === 'met').map((x) => x.id);
    if (metVia.length && r.status !== 'met') {
      r.status = 'met';
      r.via = metVia;
      r.gaps = [];
    } else if (r.status === 'not_supported' && examples.some((x) => x.status === 'partly')) {
      r.status = 'partly';
      r.via = examples.filter((x) => x.status === 'partly').map((x) => x.id);
      r.gaps = [`Partly supported through ${r.via.join(', ')}.`];
    }
  }
  const counts = { met: 0, partly: 0, not_supported: 0, excluded: 0 } as Record<CriterionStatus, number>;
  for (const c of criteria) counts[c.status]++;
  const nexusExplanation =
    regime.nexus.type === 'country'
      ? `Conduct must have taken place in ${regime.name} (${regime.nexus.countries.map((c) => c.toUpperCase()).join(', ')}).`
      : regime.nexus.type === 'group'
        ? group.satisfied
          ? `Nexus: ${group.explanation}.`
          : `Nexus missing: ${group.explanation}.`
        : 'Thematic regime: no country nexus required.';
  return {
    regimeId: regime.id,
    name: regime.name,
    authority: regime.authority,
    active: regime.status === 'active',
    standard: std,
    nexus: { type: regime.nexus.type, satisfied: regime.nexus.type !== 'group' || group.satisfied, explanation: nexusExplanation },
    excluded: excluded ? { reason: 'Recorded as a victim. A victim is never proposed for listing (non-punishment principle) unless an analyst overrides this with a reason.' } : null,
    override: protectedVictim && opts.victimOverride ? { reason: opts.victimOverride.reason } : null,
    criteria,
    counts,
  };
}

/** The criteria matrix for one entity. */
/** Facts with the per-entity lookups cached: every criterion of every regime asks for the same claims and links. */
function memoised(facts: Facts): Facts {
  const claims = new Map<string, ReturnType<Facts['claimsAbout']>>();
  const links = new Map<string, ReturnType<Facts['linksOf']>>();
  const m: Facts = {
    ...facts,
    claimsAbout: (id) => {
      let c = claims.get(id);
      if (!c) claims.set(id, (c = facts.claimsAbout(id)));
      return c;
    },
    linksOf: (id) => {
      let l = links.get(id);
      if (!l) links.set(id, (l = facts.linksOf(id)));
      return l;
    },
  };
  gradeCaches.set(m, new Map());
  return m;
}

export function assessEntity(allFacts: Facts, entityId: string, opts: EvaluateOptions = {}): EntityAssessment {
  const facts = memoised(allFacts);
  const entity = facts.entity(entityId);
  if (!entity) throw new SanctumError('NOT_FOUND', `no entity with id ${entityId}`, entityId);
  const suggested = suggestRegimes(facts, entityId, opts);
  const ids = opts.regimes?.length ? opts.regimes : suggested;
  const regimes = ids.map((id) => {
    const r = regimeById(id);
    if (!r) throw new SanctumError('INVALID_INPUT', `unknown regime "${id}"`, 'regime');
    return evaluateRegime(facts, entityId, r, opts);
  });
  return { entityId, name: entity.data.name, kind: entity.data.kind, regimes, suggestedRegimes: suggested };
}

/** Used by the trafficking test and the criteria matrix alike. */
export function hasChildVictims(victims: { ageBand: string }[]): boolean {
  return victims.some((v) => (CHILD_AGE_BANDS as readonly string[]).includes(v.ageBand));
}

export type { EvidenceData };
