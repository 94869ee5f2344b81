/**
 * The trafficking test for one event: which of act / means / purpose are evidenced (by claims citing evidence)
 * or only recorded (tagged on the event), the child rule, consent, and how the facts read as migrant
 * smuggling — so an analyst records facts once and sees which offence's elements they support, including
 * smuggling that turned into trafficking (ransom detention, debt bondage, sale).
 */
import { SMUGGLING_ELEMENTS, TRAFFICKING_ELEMENTS, TRAFFICKING_RULES } from '../../../shared/catalog';
import type { ClaimData } from '../../../shared/model/records';
import { SanctumError } from '../errors';
import type { Facts } from './facts';
import { hasChildVictims } from './evaluate';

export interface ElementFinding {
  id: string;
  label: string;
  /** Tags on the event itself (the analyst's description). */
  recorded: string[];
  /** Tags asserted by claims that cite evidence, with those claims. */
  evidenced: { tag: string; claimIds: string[] }[];
  status: 'evidenced' | 'recorded' | 'absent';
}

export interface TraffickingTest {
  eventId: string;
  title: string;
  act: ElementFinding;
  means: ElementFinding;
  purpose: ElementFinding;
  childVictims: boolean;
  /** True when the child rule makes the means element unnecessary. */
  meansNotRequired: boolean;
  consent: string | null;
  trafficking: 'established' | 'partly' | 'not_shown';
  smuggling: { entry: ElementFinding; benefit: ElementFinding; aggravation: ElementFinding; crossBorder: boolean | null; status: 'established' | 'partly' | 'not_shown' };
  /** Smuggling facts with an exploitative purpose: the case may have turned into trafficking. */
  smugglingTurnedTrafficking: boolean;
  explanation: string[];
}

function finding(el: { id: string; label: string; conduct: readonly string[] }, eventTags: string[], claims: { tag: string; claimId: string }[]): ElementFinding {
  const tags = new Set(el.conduct);
  const recorded = eventTags.filter((t) => tags.has(t));
  const byTag = new Map<string, string[]>();
  for (const c of claims) if (tags.has(c.tag)) byTag.set(c.tag, [...(byTag.get(c.tag) ?? []), c.claimId]);
  const evidenced = [...byTag].map(([tag, claimIds]) => ({ tag, claimIds }));
  return { id: el.id, label: el.label, recorded, evidenced, status: evidenced.length ? 'evidenced' : recorded.length ? 'recorded' : 'absent' };
}

export function traffickingTest(facts: Facts, eventId: string): TraffickingTest {
  const ev = facts.event(eventId);
  if (!ev) throw new SanctumError('NOT_FOUND', `no event with id ${eventId}`, eventId);
  // Conduct claims tied to this event that cite evidence (and are not judged doubtful) evidence an element.
  const claims: { tag: string; claimId: string }[] = [];
  for (const c of facts.claimsAbout(eventId)) {
    const a: ClaimData['assertion'] = c.data.assertion;
    if (a.type === 'conduct' && a.eventId === eventId && c.data.evidence.length > 0 && c.data.assessment !== 'doubtful') claims.push({ tag: a.conduct, claimId: c.id });
  }
  const tags = ev.data.conduct;
  const act = finding(TRAFFICKING_ELEMENTS.act, tags, claims);
  const means = finding(TRAFFICKING_ELEMENTS.means, tags, claims);
  const purpose = finding(TRAFFICKING_ELEMENTS.purpose, tags, claims);
  const child = hasChildVictims(ev.data.victims);
  const explanation: string[] = [];

  const ok = (f: ElementFinding) => f.status === 'evidenced';
  let trafficking: TraffickingTest['trafficking'];
  if (ok(act) && ok(purpose) && (ok(means) || child)) trafficking = 'established';
  else if ([act, means, purpose].some((f) => f.status !== 'absent')) trafficking = 'partly';
  else trafficking = 'not_shown';
  if (child) explanation.push(`${TRAFFICKING_RULES.child.text} (${TRAFFICKING_RULES.child.source})`);
  for (const [name, f] of [['act', act], ['means', means], ['purpose', purpose]] as const) {
    if (name === 'means' && child && f.status !== 'evidenced') continue;
    if (f.status === 'recorded') explanation.push(`The ${name} (${f.recorded.join(', ')}) is recorded on the event but no claim with evidence supports it.`);
    if (f.status === 'absent') explanation.push(`No ${name} is recorded.`);
  }
  let consent: string | null = null;
  if (ev.data.victimsConsented) {
    consent = child || ok(means) ? `Consent is irrelevant: ${child ? 'the victims include children' : 'means were used'} (${TRAFFICKING_RULES.consent.source}).` : 'The victims consented and no means is evidenced: consider smuggling rather than trafficking.';
  }

  const entry = finding(SMUGGLING_ELEMENTS.entry, tags, claims);
  const benefit = finding(SMUGGLING_ELEMENTS.benefit, tags, claims);
  const aggravation = finding(SMUGGLING_ELEMENTS.aggravation, tags, claims);
  const crossBorder = ev.data.crossBorder ?? null;
  const entryShown = ok(entry) || (crossBorder === true && entry.status !== 'absent');
  const smugglingStatus: TraffickingTest['smuggling']['status'] =
    entryShown && ok(benefit) ? 'established' : [entry, benefit].some((f) => f.status !== 'absent') || crossBorder ? 'partly' : 'not_shown';
  if (crossBorder === false && smugglingStatus !== 'not_shown') explanation.push('Smuggling always crosses a border illegally; this event is recorded as not crossing one.');
  const turned = smugglingStatus !== 'not_shown' && purpose.status !== 'absent';
  if (turned) explanation.push('Smuggling facts with an exploitative purpose: the case may have turned into trafficking (e.g. ransom detention, debt bondage, sale).');

  return {
    eventId,
    title: ev.data.title,
    act,
    means,
    purpose,
    childVictims: child,
    meansNotRequired: child,
    consent,
    trafficking,
    smuggling: { entry, benefit, aggravation, crossBorder, status: smugglingStatus },
    smugglingTurnedTrafficking: turned,
    explanation,
  };
}
