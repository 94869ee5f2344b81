/**
 * A small, realistic case built through the real services: a Libyan smuggling/trafficking network modelled
 * on the public record of the June 2018 UN listings (names as published by the 1970 Committee; the events,
 * evidence and witnesses below are invented for testing).
 */
import type { Workspace } from '../../main/core/workspace';

export interface FixtureCase {
  caseId: string;
  e: Record<'dabbashi' | 'milad' | 'ghermay' | 'militia' | 'coastguard' | 'financier' | 'boat' | 'account' | 'victim' | 'zawiya', string>;
  links: Record<'commands' | 'member' | 'paid' | 'owns', string>;
  events: Record<'interception' | 'detention', string>;
  sources: Record<'panel' | 'ngo', string>;
  evidence: Record<'photo' | 'ledger' | 'report', string>;
  witnessId: string;
  statementId: string;
  claims: Record<'conductMilad' | 'conductMilad2' | 'linkCommands' | 'participation', string>;
}

export async function buildFixtureCase(ws: Workspace, bytes: (name: string) => Uint8Array = (n) => new TextEncoder().encode(`evidence file ${n}`)): Promise<FixtureCase> {
  const c = ws.cases.create({ name: 'Zawiya coast network', countries: ['ly'], description: 'Smuggling and trafficking of migrants through Zawiya and Sabratha.' });
  const caseId = c.id;
  const ent = (d: Record<string, unknown>) => ws.entities.create({ caseId, ...d }).id;
  const e = {
    dabbashi: ent({ kind: 'person', name: 'Ahmad Oumar Imhamad Al-Fitouri', aliases: [{ value: 'Al-Dabbashi', quality: 'weak' }, { value: 'Al Ammu' }], roles: ['commander', 'trafficker'], nationality: ['ly'] }),
    milad: ent({
      kind: 'person',
      name: 'Abd Al-Rahman Al-Milad',
      originalScriptName: 'عبد الرحمن الميلاد',
      aliases: [{ value: 'Rahman Salim Milad', quality: 'weak' }, { value: 'Al-Bija', quality: 'weak' }, { value: 'عبد الرحمن الميلاد' }],
      roles: ['commander', 'corrupt_official'],
      nationality: ['ly'],
      birthDate: { value: '1989-12-29' },
    }),
    ghermay: ent({ kind: 'person', name: 'Ermias Ghermay', aliases: [{ value: 'Ermias Ghirmay', quality: 'weak' }], roles: ['trafficker', 'smuggler'], nationality: ['er'], birthDate: { value: '1980', approximate: true } }),
    militia: ent({ kind: 'armed_group', name: 'Anas al-Dabbashi militia', countries: ['ly'] }),
    coastguard: ent({ kind: 'organization', name: 'Zawiya Coast Guard unit', countries: ['ly'] }),
    financier: ent({ kind: 'person', name: 'Financier X', roles: ['financier'] }),
    boat: ent({ kind: 'vessel', name: 'Blue Star', identifiers: [{ type: 'imo_number', value: '9999999' }] }),
    account: ent({ kind: 'bank_account', name: 'Account at Bank Y', identifiers: [{ type: 'iban', value: 'LY00 0000 0000 0000 0000 0000 0' }] }),
    victim: ent({ kind: 'person', name: 'V-003', roles: ['victim'] }),
    zawiya: ent({ kind: 'location', name: 'Zawiya', countries: ['ly'] }),
  };
  const link = (d: Record<string, unknown>) => ws.links.create({ caseId, ...d }).id;
  const links = {
    commands: link({ kind: 'commands', source: e.milad, target: e.coastguard, start: { value: '2015' } }),
    member: link({ kind: 'member_of', source: e.dabbashi, target: e.militia, role: 'leader' }),
    paid: link({ kind: 'paid', source: e.financier, target: e.dabbashi, money: { amount: 50000, currency: 'USD' }, date: { value: '2017-03' } }),
    owns: link({ kind: 'owns', source: e.milad, target: e.boat }),
  };
  const events = {
    interception: ws.events.create({
      caseId,
      title: 'Interception and return of a migrant boat',
      date: { value: '2017-05-14' },
      place: { name: 'Off Zawiya', country: 'ly', locationId: e.zawiya },
      participants: [{ entityId: e.milad, role: 'commanding officer' }, { entityId: e.boat, role: 'vessel used' }],
      conduct: ['endangering_life', 'force'],
      victims: [{ count: 40, sex: 'male', ageBand: '18-24', nationality: 'er', exploitation: 'kidnap_for_ransom' }, { count: 6, sex: 'female', ageBand: '15-17', exploitation: 'sexual_exploitation' }],
      crossBorder: true,
    }).id,
    detention: ws.events.create({
      caseId,
      title: 'Detention and ransom demands at a detention centre',
      date: { from: '2017-05', to: '2017-07' },
      place: { name: 'Zawiya', country: 'ly' },
      participants: [{ entityId: e.milad, role: 'controls the centre' }],
      conduct: ['arbitrary_detention', 'kidnap_for_ransom', 'torture'],
    }).id,
  };
  const sources = {
    panel: ws.sources.create({ caseId, name: 'Panel site visit', type: 'on_site_observation', reliability: 'A' }).id,
    ngo: ws.sources.create({ caseId, name: 'NGO monitoring report', type: 'ngo', reliability: 'B' }).id,
  };
  const intake = async (name: string, meta: Record<string, unknown>) => (await ws.evidence.intake([bytes(name)], { caseId, originalName: name, ...meta })).id;
  const evidence = {
    photo: await intake('boat-photo.jpg', { sourceId: sources.panel, credibility: 2, mediaType: 'image/jpeg' }),
    ledger: await intake('ledger.csv', { sourceId: sources.panel, credibility: 1, verifiedDocument: true }),
    report: await intake('ngo-report.txt', { sourceId: sources.ngo, credibility: 3 }),
  };
  const witness = ws.witnesses.create({ caseId, pseudonym: 'W-017', riskLevel: 'extreme' });
  const statement = ws.witnesses.recordStatement({
    caseId,
    witnessId: witness.id,
    interview: { date: { value: '2018-01-20' }, place: 'Undisclosed', interviewer: 'Analyst A', language: 'Tigrinya', interpreter: 'Interpreter 2' },
    consent: { useForListing: true, shareWithProsecutors: true, mayBeNamed: false },
    text: 'I was held for two months. The commander of the coast guard unit decided who was released after payment.',
    credibility: 2,
  });
  const claim = (d: Record<string, unknown>) => ws.claims.create({ caseId, ...d }).id;
  const claims = {
    conductMilad: claim({
      assertion: { type: 'conduct', entityId: e.milad, conduct: 'kidnap_for_ransom', eventId: events.detention, country: 'ly' },
      statement: 'Al-Milad controlled a detention centre where migrants were held for ransom.',
      evidence: [{ evidenceId: statement.id, locator: 'para 3' }, { evidenceId: evidence.report }],
      assessment: 'probable',
    }),
    conductMilad2: claim({
      assertion: { type: 'conduct', entityId: e.milad, conduct: 'endangering_life', eventId: events.interception, country: 'ly' },
      statement: 'Al-Milad’s unit intercepted a boat using firearms.',
      evidence: [{ evidenceId: evidence.photo }],
    }),
    linkCommands: claim({ assertion: { type: 'link', linkId: links.commands }, statement: 'Al-Milad commands the Zawiya coast guard unit.', evidence: [{ evidenceId: evidence.ledger }] }),
    participation: claim({ assertion: { type: 'participation', entityId: e.milad, eventId: events.interception, role: 'commanding officer' }, evidence: [{ evidenceId: evidence.photo }] }),
  };
  return { caseId, e, links, events, sources, evidence, witnessId: witness.id, statementId: statement.id, claims };
}
