/**
 * The trafficking test for one event: which of act / means / purpose are evidenced, the child rule, consent,
 * and how the facts read as migrant smuggling — so an analyst records facts once and sees which offence's
 * elements they support, including smuggling that turned into trafficking (ransom detention, debt bondage, sale).
 *
 * Issue 11 rule 5:
 *  - An element is "evidenced" only under the same evidentiary standard as the criteria engine (default the UN
 *    panels': two independent qualifying origins for the same fact, or one verified document graded 1). Claims
 *    that cite evidence short of that are "uncorroborated"; tags only on the event are "recorded".
 *  - Consenting adults moved across a border with no exploitative purpose and no means is *smuggling*, a
 *    distinct outcome — not "partly trafficking".
 *  - Unknown age is unknown, not adult: the child rule is neither applied nor ruled out.
 *  - Events that name the same victim (VictimGroup.entityId, or a participant in the victim role) join into a
 *    chain, so act, means and purpose can come from different events of that person's journey.
 */
import { SMUGGLING_ELEMENTS, STANDARDS, TRAFFICKING_ELEMENTS, TRAFFICKING_RULES, type EvidentiaryStandard } from '../../../shared/catalog';
import { CHILD_AGE_BANDS, participantRole } from '../../../shared/model/vocabulary';
import type { ClaimData, EventData } from '../../../shared/model/records';
import { SanctumError } from '../errors';
import type { StoredRecord } from '../store/sealed-store';
import type { Facts } from './facts';
import { grade } from './evaluate';

export type ElementStatus = 'evidenced' | 'uncorroborated' | 'recorded' | 'absent';

export interface ElementFinding {
  id: string;
  label: string;
  /** Tags on the event(s) themselves (the analyst's description). */
  recorded: string[];
  /** Tags asserted by claims that cite evidence, with those claims and whether the standard is met. */
  evidenced: { tag: string; claimIds: string[]; eventId: string; independentSources: number; corroborated: boolean }[];
  status: ElementStatus;
}

export type AgeFinding = 'children' | 'adults' | 'unknown';

export interface VictimChain {
  victimEntityId: string;
  victimName: string;
  /** The events of this person's journey, in date order. */
  eventIds: string[];
  act: ElementFinding;
  means: ElementFinding;
  purpose: ElementFinding;
  age: AgeFinding;
  trafficking: 'established' | 'partly' | 'not_shown';
}

export interface TraffickingTest {
  eventId: string;
  title: string;
  act: ElementFinding;
  means: ElementFinding;
  purpose: ElementFinding;
  /** True only when a victim is recorded in a child age band. */
  childVictims: boolean;
  /** Children / adults / unknown: an unrecorded age is not an adult. */
  age: AgeFinding;
  /** True when the child rule makes the means element unnecessary. */
  meansNotRequired: boolean;
  consent: string | null;
  trafficking: 'established' | 'partly' | 'not_shown';
  /** How the facts read as a whole. */
  outcome: 'trafficking' | 'smuggling' | 'smuggling_turned_trafficking' | 'not_shown' | 'undetermined';
  /** Trafficking established through a victim's chain of events rather than this event alone. */
  establishedVia: string | null;
  smuggling: { entry: ElementFinding; benefit: ElementFinding; aggravation: ElementFinding; crossBorder: boolean | null; status: 'established' | 'partly' | 'not_shown' };
  /** Smuggling facts with an exploitative purpose: the case may have turned into trafficking. */
  smugglingTurnedTrafficking: boolean;
  chains: VictimChain[];
  standard: { authority: string; minIndependentSources: number };
  explanation: string[];
}

interface TaggedClaim {
  tag: string;
  eventId: string;
  claim: StoredRecord<ClaimData>;
}

function finding(facts: Facts, el: { id: string; label: string; conduct: readonly string[] }, eventTags: string[], claims: TaggedClaim[], std: EvidentiaryStandard): ElementFinding {
  const tags = new Set(el.conduct);
  const recorded = [...new Set(eventTags.filter((t) => tags.has(t)))];
  // One fact = one tag at one event; its claims pool their evidence; independence is counted per origin.
  const byFact = new Map<string, TaggedClaim[]>();
  for (const c of claims) if (tags.has(c.tag)) byFact.set(`${c.tag}|${c.eventId}`, [...(byFact.get(`${c.tag}|${c.eventId}`) ?? []), c]);
  const evidenced = [...byFact.values()].map((group) => {
    const q = group.flatMap((c) => c.claim.data.evidence.map((e) => grade(facts, e.evidenceId, std))).filter((g) => g.qualifies);
    const origins = new Set(q.map((g) => g.origin));
    const corroborated = origins.size >= std.minIndependentSources || (std.verifiedDocumentSuffices && q.some((g) => g.verifiedDocument && g.credibility === 1));
    return { tag: group[0]!.tag, claimIds: group.map((c) => c.claim.id), eventId: group[0]!.eventId, independentSources: origins.size, corroborated };
  });
  const status: ElementStatus = evidenced.some((e) => e.corroborated) ? 'evidenced' : evidenced.length ? 'uncorroborated' : recorded.length ? 'recorded' : 'absent';
  return { id: el.id, label: el.label, recorded, evidenced, status };
}

function ageOf(victims: EventData['victims']): AgeFinding {
  if (!victims.length) return 'unknown';
  if (victims.some((v) => (CHILD_AGE_BANDS as readonly string[]).includes(v.ageBand))) return 'children';
  return victims.some((v) => v.ageBand === 'unknown') ? 'unknown' : 'adults';
}

/** Conduct claims tied to these events that cite evidence and are not judged doubtful. */
function claimsAt(facts: Facts, eventIds: string[]): TaggedClaim[] {
  const out: TaggedClaim[] = [];
  for (const eventId of eventIds) {
    for (const c of facts.claimsAbout(eventId)) {
      const a = c.data.assertion;
      if (a.type === 'conduct' && a.eventId === eventId && c.data.evidence.length > 0 && c.data.assessment !== 'doubtful') out.push({ tag: a.conduct, eventId, claim: c });
    }
  }
  return out;
}

function verdict(act: ElementFinding, means: ElementFinding, purpose: ElementFinding, age: AgeFinding): 'established' | 'partly' | 'not_shown' {
  const ok = (f: ElementFinding) => f.status === 'evidenced';
  if (ok(act) && ok(purpose) && (ok(means) || age === 'children')) return 'established';
  return [act, means, purpose].some((f) => f.status !== 'absent') ? 'partly' : 'not_shown';
}

/** The victims an event names as persons: victim groups with an entity, and participants in the victim role. */
function namedVictims(ev: EventData): string[] {
  const ids = ev.victims.map((v) => v.entityId).filter((x): x is string => !!x);
  for (const p of ev.participants) if (participantRole(p.role) === 'victim') ids.push(p.entityId);
  return [...new Set(ids)];
}

function dateKey(ev: StoredRecord<EventData>): string {
  const d = ev.data.date;
  return d?.value ?? d?.from ?? d?.to ?? '9999';
}

export function traffickingTest(facts: Facts, eventId: string, std: EvidentiaryStandard = STANDARDS.UN): TraffickingTest {
  const ev = facts.event(eventId);
  if (!ev) throw new SanctumError('NOT_FOUND', `no event with id ${eventId}`, eventId);
  const claims = claimsAt(facts, [eventId]);
  const tags = ev.data.conduct;
  const act = finding(facts, TRAFFICKING_ELEMENTS.act, tags, claims, std);
  const means = finding(facts, TRAFFICKING_ELEMENTS.means, tags, claims, std);
  const purpose = finding(facts, TRAFFICKING_ELEMENTS.purpose, tags, claims, std);
  const age = ageOf(ev.data.victims);
  const child = age === 'children';
  const explanation: string[] = [];

  let trafficking = verdict(act, means, purpose, age);
  if (child) explanation.push(`${TRAFFICKING_RULES.child.text} (${TRAFFICKING_RULES.child.source})`);
  if (age === 'unknown') explanation.push('The victims’ age is not recorded: if any is under 18, the means element is not required and consent is irrelevant — record the age band.');
  for (const [name, f] of [['act', act], ['means', means], ['purpose', purpose]] as const) {
    if (name === 'means' && child && f.status !== 'evidenced') continue;
    if (f.status === 'recorded') explanation.push(`The ${name} (${f.recorded.join(', ')}) is recorded on the event but no claim with evidence supports it.`);
    if (f.status === 'uncorroborated') explanation.push(`The ${name} (${f.evidenced.map((e) => e.tag).join(', ')}) rests on evidence short of the ${std.authority} standard (${std.minIndependentSources} independent qualifying sources for the same fact, or one verified document).`);
    if (f.status === 'absent') explanation.push(`No ${name} is recorded.`);
  }

  const consented = ev.data.victimsConsented ?? (ev.data.victims.length > 0 && ev.data.victims.every((v) => v.consented === true) ? true : undefined);
  const crossBorder = ev.data.crossBorder ?? (ev.data.victims.length > 0 && ev.data.victims.every((v) => v.crossBorder === true) ? true : null);
  let consent: string | null = null;
  if (consented) {
    if (child || means.status === 'evidenced') consent = `Consent is irrelevant: ${child ? 'the victims include children' : 'means were used'} (${TRAFFICKING_RULES.consent.source}).`;
    else if (age === 'unknown') consent = 'The victims consented and no means is evidenced; their age is not recorded, and for a child consent is irrelevant — establish the age before treating this as smuggling.';
    else consent = 'The victims consented and no means is evidenced: consider smuggling rather than trafficking.';
  }

  const entry = finding(facts, SMUGGLING_ELEMENTS.entry, tags, claims, std);
  const benefit = finding(facts, SMUGGLING_ELEMENTS.benefit, tags, claims, std);
  const aggravation = finding(facts, SMUGGLING_ELEMENTS.aggravation, tags, claims, std);
  const entryShown = entry.status === 'evidenced' || (crossBorder === true && entry.status !== 'absent');
  const smugglingStatus: TraffickingTest['smuggling']['status'] =
    entryShown && benefit.status === 'evidenced' ? 'established' : [entry, benefit].some((f) => f.status !== 'absent') || crossBorder ? 'partly' : 'not_shown';
  if (crossBorder === false && smugglingStatus !== 'not_shown') explanation.push('Smuggling always crosses a border illegally; this event is recorded as not crossing one.');
  const turned = smugglingStatus !== 'not_shown' && purpose.status !== 'absent';
  if (turned) explanation.push('Smuggling facts with an exploitative purpose: the case may have turned into trafficking (e.g. ransom detention, debt bondage, sale).');

  // Consenting movement across a border, no means, no exploitative purpose: smuggling, not "partly trafficking".
  const smugglingOnly = consented === true && crossBorder === true && means.status === 'absent' && purpose.status === 'absent' && !child;
  if (smugglingOnly && trafficking === 'partly') {
    trafficking = 'not_shown';
    explanation.push('Consenting persons moved across a border with no means and no exploitative purpose recorded: this reads as migrant smuggling, a distinct offence — not as partial trafficking.');
  }

  // Per-victim chains: the same person's recruitment, transport and exploitation may be separate events.
  const chains: VictimChain[] = [];
  const victims = namedVictims(ev.data);
  if (victims.length) {
    const events = facts.events?.(ev.data.caseId) ?? [];
    for (const v of victims) {
      const chainEvents = events.filter((e) => namedVictims(e.data).includes(v)).sort((a, b) => dateKey(a).localeCompare(dateKey(b)));
      if (chainEvents.length < 2) continue;
      const ids = chainEvents.map((e) => e.id);
      const cTags = chainEvents.flatMap((e) => e.data.conduct);
      const cClaims = claimsAt(facts, ids);
      const ownGroups = chainEvents.flatMap((e) => e.data.victims.filter((g) => g.entityId === v));
      const cAge = ageOf(ownGroups);
      const cAct = finding(facts, TRAFFICKING_ELEMENTS.act, cTags, cClaims, std);
      const cMeans = finding(facts, TRAFFICKING_ELEMENTS.means, cTags, cClaims, std);
      const cPurpose = finding(facts, TRAFFICKING_ELEMENTS.purpose, cTags, cClaims, std);
      chains.push({
        victimEntityId: v,
        victimName: facts.entity(v)?.data.name ?? v,
        eventIds: ids,
        act: cAct,
        means: cMeans,
        purpose: cPurpose,
        age: cAge,
        trafficking: verdict(cAct, cMeans, cPurpose, cAge),
      });
    }
  }
  let establishedVia: string | null = null;
  const viaChain = trafficking !== 'established' ? chains.find((c) => c.trafficking === 'established') : undefined;
  if (viaChain) {
    trafficking = 'established';
    establishedVia = viaChain.victimEntityId;
    explanation.push(`Established for ${viaChain.victimName} across ${viaChain.eventIds.length} events of the same person (act, means and purpose may each come from a different event).`);
  }

  const outcome: TraffickingTest['outcome'] =
    trafficking === 'established' ? (smugglingStatus !== 'not_shown' ? 'smuggling_turned_trafficking' : 'trafficking') : smugglingOnly || (smugglingStatus === 'established' && purpose.status === 'absent') ? 'smuggling' : trafficking === 'not_shown' && smugglingStatus === 'not_shown' ? 'not_shown' : 'undetermined';

  return {
    eventId,
    title: ev.data.title,
    act,
    means,
    purpose,
    childVictims: child,
    age,
    meansNotRequired: child,
    consent,
    trafficking,
    outcome,
    establishedVia,
    smuggling: { entry, benefit, aggravation, crossBorder, status: smugglingStatus },
    smugglingTurnedTrafficking: turned,
    chains,
    standard: { authority: std.authority, minIndependentSources: std.minIndependentSources },
    explanation,
  };
}
