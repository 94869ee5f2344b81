/**
 * The Libya 2018 scenario (test/fixtures/scenarios/libya-2018.ts): built in a real vault through the services,
 * then every person assessed under UN 1970 and compared with the statuses written beforehand from the
 * resolutions; the trafficking test per event likewise.
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/core/workspace';
import { traffickingTest } from '../../../main/core/criteria/trafficking-test';
import { contextFacts } from '../../../main/core/criteria/facts';
import { newTestVault } from '../../helpers/vault';
import { CLAIMS, EVENTS, EXPECTED, EXPECTED_TESTS, ITEMS, LINKS, PEOPLE, SOURCES } from '../../fixtures/scenarios/libya-2018';

describe('scenario: a network modelled on the June 2018 Libya listings', () => {
  it('gives every person and criterion the status a panel expert would', async () => {
    const { vault } = await newTestVault();
    const ws = new Workspace(vault);
    const caseId = ws.cases.create({ name: 'Libya 2018 scenario', countries: ['ly'] }).id;
    const id: Record<string, string> = {};
    for (const s of SOURCES) id[`s:${s.key}`] = ws.sources.create({ caseId, name: s.name, type: s.type, reliability: s.reliability, ...(s.dependsOn ? { dependsOn: id[`s:${s.dependsOn}`] } : {}) }).id;
    for (const i of ITEMS) {
      id[`i:${i.key}`] = (await ws.evidence.intake([Buffer.from(i.title)], { caseId, originalName: `${i.key}.txt`, title: i.title, sourceId: id[`s:${i.source}`], credibility: i.credibility, firstHand: i.firstHand ?? false, verifiedDocument: i.verifiedDocument ?? false })).id;
    }
    for (const p of PEOPLE) id[p.key] = ws.entities.create({ caseId, kind: 'person', name: p.name, roles: p.roles ?? [], nationality: p.nationality ?? [] }).id;
    for (const p of PEOPLE) {
      if (p.listed) ws.criteria.addDesignation({ caseId, entityId: id[p.key], regimeIds: ['un-1970-libya'], references: [p.listed.reference], listedOn: { value: p.listed.on }, source: 'manual' });
    }
    for (const e of EVENTS) {
      id[`e:${e.key}`] = ws.events.create({
        caseId,
        title: e.title,
        date: { value: e.date },
        place: { country: e.country },
        conduct: e.conduct,
        participants: e.participants.map(([who, role]) => ({ entityId: id[who], role })),
        victims: (e.victims ?? []).map((v) => ({ count: v.count, ageBand: v.ageBand, ...(v.sex ? { sex: v.sex } : {}), ...(v.nationality ? { nationality: v.nationality } : {}), ...(v.victim ? { entityId: id[v.victim] } : {}) })),
        ...(e.crossBorder !== undefined ? { crossBorder: e.crossBorder } : {}),
        ...(e.consented !== undefined ? { victimsConsented: e.consented } : {}),
      }).id;
    }
    for (const l of LINKS) {
      id[`l:${l.key}`] = ws.links.create({ caseId, kind: l.kind, source: id[l.source], target: id[l.target], ...(l.start ? { start: { value: l.start } } : {}), ...(l.end ? { end: { value: l.end } } : {}), ...(l.date ? { date: { value: l.date } } : {}) }).id;
    }
    for (const c of CLAIMS) {
      const evidence = c.items.map((k) => ({ evidenceId: id[`i:${k}`] }));
      const assertion =
        c.kind === 'conduct'
          ? { type: 'conduct', entityId: id[c.who], conduct: c.tag, ...(c.event ? { eventId: id[`e:${c.event}`] } : {}), ...(c.country ? { country: c.country } : {}) }
          : c.kind === 'participation'
            ? { type: 'participation', entityId: id[c.who], eventId: id[`e:${c.event}`] }
            : { type: 'link', linkId: id[`l:${c.link}`] };
      ws.claims.create({ caseId, assertion, evidence, statement: c.statement });
    }

    const wrong: string[] = [];
    for (const p of PEOPLE) {
      const r = ws.criteria.assess(id[p.key]!, ['un-1970-libya']).regimes[0]!;
      for (const c of r.criteria) {
        const want = EXPECTED[p.key]?.[c.id] ?? 'not_supported';
        if (c.status !== want) wrong.push(`${p.name} ${c.id}: engine ${c.status}, expected ${want} (${c.gaps.join(' ')})`);
      }
    }
    expect(wrong).toEqual([]);
    // The lead is shown for the paid guard, never as support.
    const guard = ws.criteria.assess(id.guard!, ['un-1970-libya']).regimes[0]!.criteria.find((c) => c.id === 'LY-09B')!;
    expect(guard.leads.join(' ')).toMatch(/Possible association with Abd Al-Rahman Al-Milad \(listed LYi.026\)/);

    const facts = contextFacts(ws.ctx);
    for (const [key, want] of Object.entries(EXPECTED_TESTS)) {
      const t = traffickingTest(facts, id[`e:${key}`]!);
      expect({ event: key, trafficking: t.trafficking, outcome: t.outcome, viaChain: t.establishedVia !== null }).toEqual({ event: key, trafficking: want.trafficking, outcome: want.outcome, viaChain: want.viaChain ?? false });
    }
    vault.close();
  });
});
