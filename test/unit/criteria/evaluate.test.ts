/**
 * Criteria evaluator against fixture cases with expected statuses: met with two independent graded sources,
 * partly with one, victim excluded, nexus missing — including a Libya trafficking network modelled on the June
 * 2018 listings (names as published by the 1970 Committee; the evidence here is invented for the test). The facts
 * are an in-memory fake of the `Facts` interface, not a vault.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { assessEntity, evaluateRegime, suggestRegimes, type RegimeResult } from '../../../main/core/criteria/evaluate';
import { traffickingTest } from '../../../main/core/criteria/trafficking-test';
import { regimeById } from '../../../shared/catalog';
import { MemoryFacts } from '../../helpers/memory-facts';

const status = (r: RegimeResult, id: string) => r.criteria.find((c) => c.id === id)!;

// The evaluator is a pure function of its facts: each test builds them in memory (test/helpers/memory-facts.ts),
// checked by the model's schemas. panel-rules.test.ts and scenario-libya-2018.test.ts run through a real vault.
let facts: MemoryFacts;
let caseId: string;
let src: Record<'panel' | 'ngo' | 'media' | 'rumour' | 'un', string>;

const ws = {
  entities: { create: (data: unknown) => facts.add('entity', data) },
  events: { create: (data: unknown) => facts.add('event', data), update: (id: string, patch: Record<string, unknown>) => facts.update(id, patch) },
  links: { create: (data: unknown) => facts.add('link', data) },
  claims: { create: (data: unknown) => facts.add('claim', data) },
};

async function item(title: string, sourceId: string, credibility: number, verifiedDocument = false): Promise<string> {
  return facts.add('evidence', { caseId, type: 'file', title: `${title}.txt`, sourceId, credibility, verifiedDocument }).id;
}
function person(name: string, extra: Record<string, unknown> = {}): string {
  return ws.entities.create({ caseId, kind: 'person', name, ...extra }).id;
}
function conduct(entityId: string, tag: string, country: string | undefined, evidence: string[], extra: Record<string, unknown> = {}): string {
  return ws.claims.create({ caseId, assertion: { type: 'conduct', entityId, conduct: tag, ...(country ? { country } : {}) }, evidence: evidence.map((e) => ({ evidenceId: e })), statement: `${tag}`, ...extra }).id;
}

beforeEach(() => {
  facts = new MemoryFacts();
  caseId = facts.add('case', { name: 'Libya network, June 2018 listings', countries: ['ly'] }).id;
  const source = (name: string, type: string, reliability: string) => facts.add('source', { caseId, name, type, reliability }).id;
  src = {
    panel: source('Panel of Experts site visit', 'on_site_observation', 'A'),
    ngo: source('NGO detention monitoring', 'ngo', 'B'),
    media: source('Local media', 'media', 'C'),
    rumour: source('Unattributed social media', 'open_source', 'E'),
    un: source('UNSMIL report', 'un_report', 'A'),
  };
});

describe('criteria evaluator — Libya network (June 2018 listings)', () => {
  it('LY-05 met with two independent graded sources; LY-04 met through it', async () => {
    const ghermay = person('Ermias Ghermay', { roles: ['trafficker'], nationality: ['er'] });
    conduct(ghermay, 'trafficking_in_persons', 'ly', [await item('panel interview notes', src.panel, 2), await item('NGO report', src.ngo, 3)]);
    const r = evaluateRegime(facts, ghermay, regimeById('un-1970-libya')!);
    expect(status(r, 'LY-05')).toMatchObject({ status: 'met', independentSources: 2, gaps: [] });
    expect(status(r, 'LY-04')).toMatchObject({ status: 'met', via: ['LY-05'] });
    expect(status(r, 'LY-05').caveats.join(' ')).not.toMatch(/single source/);
    expect(status(r, 'LY-10').status).toBe('not_supported');
  });

  it('partly supported with one source, and two items from that source still count once', async () => {
    const abuQarin = person("Mus'ab Mustafa Abu al Qassim Omar", { aliases: [{ value: 'Abu-Qarin' }] });
    conduct(abuQarin, 'endangering_life', 'ly', [await item('survivor account A', src.ngo, 2), await item('survivor account B', src.ngo, 2)]);
    const r = evaluateRegime(facts, abuQarin, regimeById('un-1970-libya')!);
    const ly05 = status(r, 'LY-05');
    expect(ly05.status).toBe('partly');
    expect(ly05.independentSources).toBe(1);
    expect(ly05.gaps).toEqual(expect.arrayContaining([expect.stringMatching(/Only one independent source for any single fact: the UN standard needs 2 for the same fact, or one verified document graded 1/), expect.stringMatching(/2 items come from 1 source/)]));
    // Under the UK standard (reasonable grounds to suspect) one reliable source is enough.
    const uk = evaluateRegime(facts, abuQarin, regimeById('uk-global-human-rights')!);
    expect(status(uk, 'UK-GHR-1').status).toBe('met');
  });

  it('judges corroboration fact by fact: two facts with one source each do not meet the UN standard', async () => {
    const milad = person('Abd Al-Rahman Al-Milad');
    conduct(milad, 'kidnap_for_ransom', 'ly', [await item('NGO report', src.ngo, 2)]);
    conduct(milad, 'endangering_life', 'ly', [await item('panel footage', src.panel, 2)]);
    const ly05 = status(evaluateRegime(facts, milad, regimeById('un-1970-libya')!), 'LY-05');
    expect(ly05.status).toBe('partly');
    expect(ly05.gaps.join(' ')).toMatch(/2 different facts each rest on too few sources/);
    // The same fact asserted twice (two claims) pools its evidence.
    conduct(milad, 'kidnap_for_ransom', 'ly', [await item('panel interview', src.panel, 2)]);
    expect(status(evaluateRegime(facts, milad, regimeById('un-1970-libya')!), 'LY-05')).toMatchObject({ status: 'met', independentSources: 2 });
  });

  it('poor grades do not corroborate, and say why', async () => {
    const kashlaf = person('Mohammed Al Amin Al-Arabi Kashlaf');
    conduct(kashlaf, 'illicit_natural_resources', 'ly', [await item('rumour', src.rumour, 3), await item('local paper', src.media, 5)]);
    const ly07 = status(evaluateRegime(facts, kashlaf, regimeById('un-1970-libya')!), 'LY-07');
    expect(ly07.status).toBe('partly');
    expect(ly07.gaps).toEqual(expect.arrayContaining(['Evidence does not qualify: source graded E.', expect.stringMatching(/source graded C/)]));
  });

  it('one verified document graded 1 carries a finding on its own', async () => {
    const kashlaf = person('Mohammed Al Amin Al-Arabi Kashlaf');
    const payroll = await item('refinery guard payroll (authenticated)', src.un, 1, true);
    conduct(kashlaf, 'illicit_natural_resources', 'ly', [payroll]);
    // LY-07 has two elements (issue 11 rule 3): the resources alone are not it.
    expect(status(evaluateRegime(facts, kashlaf, regimeById('un-1970-libya')!), 'LY-07').status).toBe('partly');
    conduct(kashlaf, 'financing_armed_group', 'ly', [payroll]);
    expect(status(evaluateRegime(facts, kashlaf, regimeById('un-1970-libya')!), 'LY-07')).toMatchObject({ status: 'met', verifiedDocument: true, independentSources: 1 });
  });

  it('nexus missing: conduct elsewhere does not meet a Libya criterion', async () => {
    const fitiwi = person('Fitiwi Abdelrazak');
    conduct(fitiwi, 'trafficking_in_persons', 'ne', [await item('Niger route report', src.panel, 2), await item('NGO Agadez report', src.ngo, 2)]);
    const ly05 = status(evaluateRegime(facts, fitiwi, regimeById('un-1970-libya')!), 'LY-05');
    expect(ly05.status).toBe('partly');
    expect(ly05.gaps[0]).toMatch(/No evidence linking the conduct to Libya/);
    // Thematic regimes need no nexus: the EU trafficking limb is met on threshold grounds only if widespread.
    const eu = evaluateRegime(facts, fitiwi, regimeById('eu-global-human-rights')!);
    expect(status(eu, 'EU-GHR-2').status).toBe('partly');
    expect(status(eu, 'EU-GHR-2').gaps[0]).toMatch(/widespread, systematic/);
  });

  it('takes the nexus from the claim’s event when the claim gives no country', async () => {
    const milad = person('Abd Al-Rahman Al-Milad', { aliases: [{ value: 'Al-Bija', quality: 'weak' }] });
    const ev = ws.events.create({ caseId, title: 'Boat sunk off Zawiya', date: { value: '2017-05' }, place: { name: 'Zawiya', country: 'ly' }, participants: [{ entityId: milad, role: 'commander' }], conduct: ['endangering_life'] }).id;
    conduct(milad, 'endangering_life', undefined, [await item('coast footage', src.panel, 2), await item('survivors', src.ngo, 2)], { assertion: { type: 'conduct', entityId: milad, conduct: 'endangering_life', eventId: ev } });
    expect(status(evaluateRegime(facts, milad, regimeById('un-1970-libya')!), 'LY-05').status).toBe('met');
    expect(suggestRegimes(facts, milad)).toEqual(expect.arrayContaining(['un-1970-libya', 'eu-global-human-rights', 'us-tvpa']));
  });

  it('a person recorded as a victim is excluded unless an analyst overrides with a reason', async () => {
    const victim = person('V-007', { roles: ['victim'] });
    conduct(victim, 'trafficking_in_persons', 'ly', [await item('a', src.panel, 2), await item('b', src.ngo, 2)]);
    const r = evaluateRegime(facts, victim, regimeById('un-1970-libya')!);
    expect(r.excluded?.reason).toMatch(/never proposed/);
    expect(r.criteria.every((c) => c.status === 'excluded')).toBe(true);
    const o = evaluateRegime(facts, victim, regimeById('un-1970-libya')!, { victimOverride: { reason: 'later became a recruiter for the network' } });
    expect(o.override?.reason).toMatch(/recruiter/);
    expect(status(o, 'LY-05').status).toBe('met');
  });

  it('doubtful claims and claims without evidence do not count', async () => {
    const dabbashi = person('Ahmad Oumar Imhamad Al-Fitouri');
    conduct(dabbashi, 'trafficking_in_persons', 'ly', [await item('a', src.panel, 2), await item('b', src.ngo, 2)], { assessment: 'doubtful' });
    conduct(dabbashi, 'kidnap_for_ransom', 'ly', []);
    const ly05 = status(evaluateRegime(facts, dabbashi, regimeById('un-1970-libya')!), 'LY-05');
    expect(ly05.status).toBe('partly');
    expect(ly05.gaps).toEqual(expect.arrayContaining([expect.stringMatching(/doubtful/), expect.stringMatching(/cites no evidence/)]));
  });

  it('association criteria need an asserted agency link to a party listed under the same regime', async () => {
    const dabbashi = person('Ahmad Oumar Imhamad Al-Fitouri');
    const aide = person('Militia paymaster');
    const link = ws.links.create({ caseId, kind: 'acted_for', source: aide, target: dabbashi, start: { value: '2018-09' } }).id;
    ws.claims.create({ caseId, assertion: { type: 'link', linkId: link }, evidence: [{ evidenceId: await item('payroll', src.panel, 2) }, { evidenceId: await item('testimony', src.ngo, 2) }] });
    const unlisted = status(evaluateRegime(facts, aide, regimeById('un-1970-libya')!), 'LY-09B');
    expect(unlisted.status).toBe('not_supported');
    const listed = (id: string) => (id === dabbashi ? { regimeIds: ['un-1970-libya'], references: ['LYi.023'], listedOn: { value: '2018-06-07' } } : null);
    const r = evaluateRegime(facts, aide, regimeById('un-1970-libya')!, { listed });
    expect(status(r, 'LY-09B')).toMatchObject({ status: 'met' });
    expect(status(r, 'LY-02').status).toBe('met');
    // The arms-embargo limb is its own row now (LY-09 used to merge the two).
    expect(status(r, 'LY-09').status).toBe('not_supported');
  });

  it('ISIL/Al-Qaida needs a group nexus; participation in an event carries its conduct', async () => {
    const fin = person('Financier Q');
    const cell = ws.entities.create({ caseId, kind: 'armed_group', name: 'ISIL cell' }).id;
    const ev = ws.events.create({ caseId, title: 'Sale of captives', place: { country: 'iq' }, conduct: ['slavery', 'sexual_slavery'], participants: [{ entityId: fin, role: 'perpetrator' }] }).id;
    ws.claims.create({ caseId, assertion: { type: 'participation', entityId: fin, eventId: ev, role: 'perpetrator' }, evidence: [{ evidenceId: await item('ledger', src.panel, 2) }, { evidenceId: await item('survivor', src.ngo, 2) }] });
    const isil = regimeById('un-1267-isil-aq')!;
    const before = evaluateRegime(facts, fin, isil);
    expect(before.nexus.satisfied).toBe(false);
    expect(status(before, 'QD-01').status).toBe('partly');
    ws.links.create({ caseId, kind: 'finances', source: fin, target: cell, money: { amount: 10000, currency: 'USD' } });
    const after = evaluateRegime(facts, fin, isil, { affiliations: (id) => (id === cell ? ['isil'] : []) });
    expect(after.nexus.satisfied).toBe(true);
    expect(status(after, 'QD-01')).toMatchObject({ status: 'met' });
    expect(status(after, 'QD-01').supporting[0]!.via).toBe('participation');
  });

  it('marks unverified citations and ended regimes as caveats', async () => {
    const x = person('Someone in Mali');
    const r = evaluateRegime(facts, x, regimeById('un-2374-mali')!);
    expect(r.active).toBe(false);
    expect(status(r, 'ML-00').caveats.join(' ')).toMatch(/ended on 2023-08-31/);
    expect(status(evaluateRegime(facts, x, regimeById('un-2206-south-sudan')!), 'SS-06').caveats.join(' ')).toMatch(/doubtful/);
  });

  it('assesses the suggested regimes for an entity', async () => {
    const ghermay = person('Ermias Ghermay');
    conduct(ghermay, 'trafficking_in_persons', 'ly', [await item('p', src.panel, 2), await item('n', src.ngo, 3)]);
    const a = assessEntity(facts, ghermay);
    expect(a.regimes.map((r) => r.regimeId)).toEqual(a.suggestedRegimes);
    expect(a.regimes.find((r) => r.regimeId === 'un-1970-libya')!.counts.met).toBeGreaterThanOrEqual(2);
    expect(() => assessEntity(facts, ghermay, { regimes: ['nope'] })).toThrow(/unknown regime/);
  });
});

describe('trafficking test per event', () => {
  it('establishes trafficking with act, means and purpose evidenced; shows what is only recorded', async () => {
    const x = person('Recruiter R');
    const ev = ws.events.create({ caseId, title: 'Recruitment for a farm', place: { country: 'ly' }, conduct: ['recruitment', 'deception', 'forced_labour'], victims: [{ count: 12, ageBand: '18-24' }] }).id;
    const e = [await item('testimony', src.ngo, 2), await item('panel interview', src.panel, 2)];
    for (const tag of ['recruitment', 'deception']) conduct(x, tag, 'ly', e, { assertion: { type: 'conduct', entityId: x, conduct: tag, eventId: ev } });
    let t = traffickingTest(facts, ev);
    expect(t.trafficking).toBe('partly');
    expect(t.purpose.status).toBe('recorded');
    expect(t.explanation.join(' ')).toMatch(/purpose \(forced_labour\) is recorded on the event but no claim/);
    conduct(x, 'forced_labour', 'ly', e, { assertion: { type: 'conduct', entityId: x, conduct: 'forced_labour', eventId: ev } });
    t = traffickingTest(facts, ev);
    expect(t).toMatchObject({ trafficking: 'established', act: { status: 'evidenced' }, means: { status: 'evidenced' } });
  });

  it('applies the child rule: no means needed when victims are children', async () => {
    const x = person('Commander C');
    const ev = ws.events.create({ caseId, title: 'Boys taken to a training camp', conduct: ['recruitment', 'use_in_hostilities'], victims: [{ count: 5, ageBand: '15-17', sex: 'male' }], victimsConsented: true }).id;
    const e = [await item('MRM report', src.un, 2), await item('NGO interviews', src.ngo, 2)];
    for (const tag of ['recruitment', 'use_in_hostilities']) conduct(x, tag, undefined, e, { assertion: { type: 'conduct', entityId: x, conduct: tag, eventId: ev } });
    const t = traffickingTest(facts, ev);
    expect(t).toMatchObject({ trafficking: 'established', childVictims: true, meansNotRequired: true });
    expect(t.consent).toMatch(/irrelevant: the victims include children/);
  });

  it('tells smuggling from trafficking, and flags smuggling that turned into trafficking', async () => {
    const x = person('Smuggler S');
    const crossing = ws.events.create({ caseId, title: 'Paid crossing to Italy', conduct: ['procuring_illegal_entry', 'smuggling_for_profit'], crossBorder: true, victimsConsented: true, victims: [{ count: 40, ageBand: '25-59' }] }).id;
    const e = [await item('passenger list', src.panel, 2), await item('NGO interviews', src.ngo, 2)];
    for (const tag of ['procuring_illegal_entry', 'smuggling_for_profit']) conduct(x, tag, undefined, e, { assertion: { type: 'conduct', entityId: x, conduct: tag, eventId: crossing } });
    let t = traffickingTest(facts, crossing);
    expect(t.smuggling.status).toBe('established');
    expect(t.trafficking).toBe('not_shown');
    expect(t.consent).toMatch(/consider smuggling/);
    expect(t.outcome).toBe('smuggling');
    expect(t.smugglingTurnedTrafficking).toBe(false);
    ws.events.update(crossing, { conduct: ['procuring_illegal_entry', 'smuggling_for_profit', 'kidnap_for_ransom', 'debt_bondage', 'forced_labour'] });
    t = traffickingTest(facts, crossing);
    expect(t.smugglingTurnedTrafficking).toBe(true);
  });
});
