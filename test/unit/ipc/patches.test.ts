/**
 * Create and update channels take the model's own schemas (issue 16 item 4): the router refuses a field of the
 * wrong type and a field the record does not have, naming it, before any handler runs; a valid patch changes
 * only what it names (no defaults filled in over stored values).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../../main/ipc';
import { contract } from '../../../shared/ipc/contract';
import { buildFixtureCase, type FixtureCase } from '../../helpers/case-fixture';
import { caller, type Call } from '../../helpers/ipc';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';

/** The request fields that carry record data. */
const RECORD_FIELDS = ['data', 'patch', 'identity'] as const;

describe('record data at the IPC boundary', () => {
  it('every channel field that carries record data refuses a field the record does not have', () => {
    const checked: string[] = [];
    for (const [channel, spec] of Object.entries(contract)) {
      const request = spec.request as z.ZodType;
      if (!(request instanceof z.ZodObject)) continue;
      for (const field of RECORD_FIELDS) {
        const schema = (request.shape as Record<string, z.ZodType | undefined>)[field];
        if (!schema) continue;
        const r = schema.safeParse({ colour: 'red' });
        expect(r.success, `${channel}.${field} took an unknown field`).toBe(false);
        expect(r.error!.issues.map((i) => i.code), `${channel}.${field}`).toContain('unrecognized_keys');
        checked.push(`${channel}.${field}`);
      }
    }
    // The sweep reached the channels it is about (so it cannot pass by reaching none).
    expect(checked).toEqual(expect.arrayContaining(['case.update.patch', 'entity.create.data', 'witness.create.identity', 'statement.update.patch', 'criteria.setStandard.patch']));
    expect(checked.length).toBeGreaterThanOrEqual(19);
  });

  it('refuses a key the model does not have inside a nested object too, naming the path', () => {
    /** The object schema a field holds (through optional, nullable, default), and whether it is a list of them. */
    const nested = (t: z.ZodType): { list: boolean } | null => {
      let u: z.ZodType = t;
      while (u instanceof z.ZodOptional || u instanceof z.ZodNullable || u instanceof z.ZodDefault) u = u.unwrap() as z.ZodType;
      if (u instanceof z.ZodObject) return { list: false };
      if (u instanceof z.ZodArray && u.element instanceof z.ZodObject) return { list: true };
      return null;
    };
    const checked: string[] = [];
    for (const [channel, spec] of Object.entries(contract)) {
      const request = spec.request as z.ZodType;
      if (!(request instanceof z.ZodObject)) continue;
      for (const field of RECORD_FIELDS) {
        const schema = (request.shape as Record<string, z.ZodType | undefined>)[field];
        if (!(schema instanceof z.ZodObject)) continue;
        for (const [key, t] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
          const n = nested(t);
          if (!n) continue;
          const r = schema.safeParse({ [key]: n.list ? [{ colour: 'red' }] : { colour: 'red' } });
          const where = n.list ? [key, 0] : [key];
          const issue = r.error?.issues.find((i) => i.code === 'unrecognized_keys' && JSON.stringify(i.path) === JSON.stringify(where));
          expect(issue, `${channel}.${field}.${where.join('.')} took an unknown key`).toMatchObject({ keys: ['colour'] });
          checked.push(`${channel}.${field}.${key}`);
        }
      }
    }
    // It reached the nested objects it is about: a place, money, aliases, participants, victims, external ids.
    expect(checked).toEqual(
      expect.arrayContaining(['event.update.patch.place', 'event.create.data.participants', 'link.update.patch.money', 'entity.create.data.aliases', 'entity.update.patch.external', 'event.update.patch.victims']),
    );
  });
});

describe('create and update channels over the real router', () => {
  let call: Call;
  let sendUnchecked: (channel: string, payload?: unknown) => Promise<unknown>;
  let f: FixtureCase;

  beforeAll(async () => {
    const { session, router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF }, { validateResponses: true });
    ({ call, sendUnchecked } = caller(router));
    await openInSession(session);
    f = await buildFixtureCase(session.workspace());
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
  });

  /** Both refusals for one channel: `request(fields)` wraps record fields into the channel's request. */
  async function refuses(channel: string, request: (fields: Record<string, unknown>) => Record<string, unknown>, field: string, wrong: [string, unknown]) {
    const [key, value] = wrong;
    await expect(sendUnchecked(channel, request({ [key]: value })), `${channel} ${key}`).rejects.toMatchObject({ code: 'INVALID_INPUT', where: `${field}.${key}` });
    await expect(sendUnchecked(channel, request({ colour: 'red' })), `${channel} colour`).rejects.toMatchObject({ code: 'INVALID_INPUT', where: `${field}.colour`, message: /colour/ });
  }

  it('case.update', async () => {
    await refuses('case.update', (p) => ({ id: f.caseId, patch: p }), 'patch', ['status', 'lost']);
    const before = await call('case.list');
    const c = await call('case.update', { id: f.caseId, patch: { name: 'Renamed network' } });
    expect(c.data.name).toBe('Renamed network');
    // Only the name changed: the description and countries are not reset to their defaults.
    expect(c.data).toEqual({ ...before.find((x) => x.id === f.caseId)!.data, name: 'Renamed network' });
  });

  it('entity.create and entity.update', async () => {
    await refuses('entity.create', (d) => ({ data: { caseId: f.caseId, kind: 'person', name: 'New person', ...d } }), 'data', ['name', 42]);
    await refuses('entity.update', (p) => ({ id: f.e.milad, patch: p }), 'patch', ['aliases', 'Al-Bija']);
    // A record stays in its case.
    await expect(sendUnchecked('entity.update', { id: f.e.milad, patch: { caseId: f.caseId } })).rejects.toMatchObject({ code: 'INVALID_INPUT', where: 'patch.caseId' });
    const created = await call('entity.create', { data: { caseId: f.caseId, kind: 'organization', name: 'Shell company', description: 'registered in Malta' } });
    expect(created.data).toMatchObject({ name: 'Shell company', description: 'registered in Malta', aliases: [] });
    const before = (await call('entity.get', { id: f.e.milad })).data;
    const after = (await call('entity.update', { id: f.e.milad, patch: { position: 'Commander, coast guard unit' } })).data;
    expect(after).toEqual({ ...before, position: 'Commander, coast guard unit' });
    expect(after.aliases).toHaveLength(3);
  });

  it('link.create and link.update', async () => {
    await refuses('link.create', (d) => ({ data: { caseId: f.caseId, kind: 'finances', source: f.e.ghermay, target: f.e.dabbashi, ...d } }), 'data', ['money', 'lots']);
    await refuses('link.update', (p) => ({ id: f.links.paid, patch: p }), 'patch', ['date', '2017-03']);
    const link = await call('link.update', { id: f.links.member, patch: { description: 'Founder and leader' } });
    expect(link.data).toMatchObject({ kind: 'member_of', role: 'leader', description: 'Founder and leader' });
  });

  it('event.create and event.update', async () => {
    await refuses('event.create', (d) => ({ data: { caseId: f.caseId, title: 'Departure', ...d } }), 'data', ['crossBorder', 'yes']);
    await refuses('event.update', (p) => ({ id: f.events.interception, patch: p }), 'patch', ['victims', 40]);
    // Nested objects too: a key the model does not have is refused with its path, not dropped.
    await expect(sendUnchecked('event.update', { id: f.events.interception, patch: { place: { name: 'Off Zawiya', colour: 'red' } } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      where: 'patch.place.colour',
    });
    await expect(sendUnchecked('event.update', { id: f.events.interception, patch: { participants: [{ entityId: f.e.milad, colour: 'red' }] } })).rejects.toMatchObject({
      where: 'patch.participants.0.colour',
    });
    const ev = await call('event.update', { id: f.events.interception, patch: { title: 'Interception at sea' } });
    expect(ev.data.title).toBe('Interception at sea');
    expect(ev.data.victims).toHaveLength(2);
    expect(ev.data.conduct).toEqual(['endangering_life', 'force']);
  });

  it('source.create and source.update', async () => {
    await refuses('source.create', (d) => ({ data: { caseId: f.caseId, name: 'Journalist', type: 'media', reliability: 'C', ...d } }), 'data', ['reliability', 'Z']);
    await refuses('source.update', (p) => ({ id: f.sources.ngo, patch: p }), 'patch', ['dependsOn', 'the panel']);
    const s = await call('source.update', { id: f.sources.ngo, patch: { description: 'Quarterly report' } });
    expect(s.data).toMatchObject({ name: 'NGO monitoring report', reliability: 'B', description: 'Quarterly report' });
  });

  it('claim.create and claim.update', async () => {
    await refuses('claim.create', (d) => ({ data: { caseId: f.caseId, assertion: { type: 'link', linkId: f.links.owns }, ...d } }), 'data', ['releasable', 'yes']);
    await refuses('claim.update', (p) => ({ id: f.claims.conductMilad, patch: p }), 'patch', ['assessment', 'certain']);
    // Inside the assertion (a union of objects) and a citation.
    await expect(sendUnchecked('claim.create', { data: { caseId: f.caseId, assertion: { type: 'link', linkId: f.links.owns, colour: 'red' } } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      where: 'data.assertion.colour',
    });
    await expect(sendUnchecked('claim.update', { id: f.claims.conductMilad, patch: { evidence: [{ evidenceId: f.evidence.report, colour: 'red' }] } })).rejects.toMatchObject({
      where: 'patch.evidence.0.colour',
    });
    const c = await call('claim.update', { id: f.claims.conductMilad, patch: { releasable: true } });
    expect(c.data).toMatchObject({ releasable: true, assessment: 'probable' });
    expect(c.data.evidence).toHaveLength(2);
  });

  it('evidence.update: metadata only, never the file, its lineage or a statement', async () => {
    await refuses('evidence.update', (p) => ({ id: f.evidence.report, patch: p }), 'patch', ['credibility', 9]);
    for (const kept of ['file', 'type', 'derivedFrom', 'partOf', 'statement', 'caseId']) {
      await expect(sendUnchecked('evidence.update', { id: f.evidence.report, patch: { [kept]: {} } }), kept).rejects.toMatchObject({ code: 'INVALID_INPUT', where: `patch.${kept}` });
    }
    const e = await call('evidence.update', { id: f.evidence.report, patch: { notes: 'Checked against the original' } });
    expect(e.data).toMatchObject({ notes: 'Checked against the original', credibility: 3, confidentiality: 'confidential' });
  });

  it('witness.create, witness.update and witness.setIdentity', async () => {
    await refuses('witness.create', (d) => ({ data: { caseId: f.caseId, ...d }, reliability: 'C' }), 'data', ['riskLevel', 'extreme!']);
    await refuses('witness.create', (i) => ({ data: { caseId: f.caseId }, identity: { fullName: 'Someone Real', ...i }, reliability: 'C' }), 'identity', ['otherNames', 'Sami']);
    await refuses('witness.update', (p) => ({ id: f.witnessId, patch: p }), 'patch', ['notes', ['moved']]);
    await refuses('witness.setIdentity', (i) => ({ witnessId: f.witnessId, identity: { fullName: 'Someone Real', ...i } }), 'identity', ['phone', 251911]);
    // The witness id of an identity comes from the request, never from the identity given.
    await expect(sendUnchecked('witness.setIdentity', { witnessId: f.witnessId, identity: { fullName: 'Someone Real', witnessId: f.e.milad } })).rejects.toMatchObject({ where: 'identity.witnessId' });
    const w = await call('witness.update', { id: f.witnessId, patch: { notes: 'Relocated' } });
    expect(w.data).toMatchObject({ pseudonym: 'W-017', riskLevel: 'extreme', notes: 'Relocated' });
    await call('witness.setIdentity', { witnessId: f.witnessId, identity: { fullName: 'Someone Real', nicknames: ['Sami'] } });
    expect(await call('witness.reveal', { witnessId: f.witnessId })).toMatchObject({ fullName: 'Someone Real', nicknames: ['Sami'] });
    const created = await call('witness.create', { data: { caseId: f.caseId }, reliability: 'C' });
    expect(created.data.pseudonym).toMatch(/^W-\d{3}$/);
  });

  it('statement.update', async () => {
    await refuses('statement.update', (p) => ({ id: f.statementId, patch: p }), 'patch', ['credibility', 'high']);
    // statement.update cannot change the language (it is an evidence field), so it does not pretend to.
    await expect(sendUnchecked('statement.update', { id: f.statementId, patch: { language: 'ti' } })).rejects.toMatchObject({ where: 'patch.language' });
    const s = await call('statement.update', { id: f.statementId, patch: { text: 'I was held for three months.' } });
    expect(s.data.statement).toMatchObject({ text: 'I was held for three months.', consent: { useForListing: true, shareWithProsecutors: true } });
  });

  it('criteria.addDesignation and criteria.setStandard', async () => {
    await refuses('criteria.addDesignation', (d) => ({ data: { caseId: f.caseId, entityId: f.e.ghermay, source: 'manual', ...d } }), 'data', ['source', 'rumour']);
    await refuses('criteria.setStandard', (p) => ({ authority: 'UN', patch: p }), 'patch', ['minIndependentSources', 'two']);
    const d = await call('criteria.addDesignation', { data: { caseId: f.caseId, entityId: f.e.ghermay, regimeIds: ['un-1970-libya'], source: 'manual' } });
    expect(d.data).toMatchObject({ regimeIds: ['un-1970-libya'], references: [] });
    const s = await call('criteria.setStandard', { authority: 'UN', patch: { maxCredibility: 4 } });
    expect(s).toMatchObject({ authority: 'UN', maxCredibility: 4 });
  });
});
