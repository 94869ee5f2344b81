/**
 * The witness compartment rule, across the whole contract: with the compartment locked, no IPC response and
 * no file an export writes contains anything from a witness's identity. Channels are swept generically — every
 * channel that only reads or exports is called with every request the recorded ids can make of its schema — so
 * a channel added later is covered without editing this test. Commands that change state are left out; the
 * sweep asserts which channels it actually reached, so it cannot pass by reaching none.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../../../main/ipc';
import { contract, type Channel } from '../../../shared/ipc/contract';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';

const IDENTITY = {
  fullName: 'Selamawit Zerihun Gebreyesus',
  otherNames: ['Selam Qwertzuiop'],
  contact: '+251 911 424242 xyzzy',
  address: 'Kebele 07, house 4711 Plughstrasse',
  notes: 'Sister of Yohannes Frobnitz',
};
const SECRETS = [IDENTITY.fullName, 'Zerihun Gebreyesus', ...IDENTITY.otherNames, 'xyzzy', 'Plughstrasse', 'Frobnitz'];

/** Channels that change state or need the identity itself; everything else is swept. */
const WRITES = /\.(create|update|delete|set|add|remove|save|run|unlock|lock|passwd|changePassphrase|recover|rotate|import|intake|cancel|workingCopy|reveal|decrypt|setIdentity|setOverride|clearOverride|setStandard|deleteView|saveView|saveDraft)/i;
const NEVER = new Set<string>(['vault.create', 'vault.rotateRecoveryKey', 'system.pickFiles', 'system.pickSavePath']);

const GRANT_FOR = 'grant-for:';

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('witness compartment locked: nothing from an identity leaves the core', () => {
  it('leaves out only channels that exist (a renamed channel must not drop out of the sweep unseen)', () => {
    for (const ch of NEVER) expect(Object.keys(contract), ch).toContain(ch);
  });

  it('no response of any read or export channel, and no exported file, contains a witness identity', async () => {
    const dir = tempDir();
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: () => {} }, { validateResponses: true });
    const { call } = caller(router);
    await openInSession(session);
    const fx = await buildFixtureCase(session.workspace());
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    await call('witness.setIdentity', { witnessId: fx.witnessId, identity: IDENTITY });
    // The identity is really there (so a clean sweep means something) …
    expect((await call('witness.reveal', { witnessId: fx.witnessId }))!.fullName).toBe(IDENTITY.fullName);
    await call('compartment.lock');
    // … and locked away again.
    expect((await router.invoke('witness.reveal', { witnessId: fx.witnessId })).ok).toBe(false);

    const ids = [fx.caseId, ...Object.values(fx.e), ...Object.values(fx.links), ...Object.values(fx.events), ...Object.values(fx.sources), ...Object.values(fx.evidence), fx.witnessId, fx.statementId, ...Object.values(fx.claims)];
    let n = 0;
    const outPath = (ext: string) => join(outDir, `out-${++n}.${ext}`);
    // Values by field name; a field the pool does not know is left out (the schema then decides).
    const pool = (key: string): unknown[] => {
      if (key === 'caseId') return [fx.caseId];
      if (key === 'entityId' || key === 'aboutId') return [...Object.values(fx.e), fx.witnessId];
      if (key === 'eventId') return Object.values(fx.events);
      if (key === 'witnessId') return [fx.witnessId];
      if (key === 'id') return ids;
      if (key === 'text') return [IDENTITY.fullName, 'Selamawit', 'W-017', 'Milad'];
      if (key === 'regimeId') return ['un-1970-libya', 'eu-global-human-rights', 'un-2374-mali'];
      // Files are named by single-use grants: a placeholder here, a fresh write grant when the request is sent.
      if (key === 'grant' || key === 'out') return ['html', 'docx', 'pdf', 'json', 'graphml', 'tar'].map((ext) => `${GRANT_FOR}${ext}`);
      if (key === 'format') return ['html', 'docx', 'pdf', 'ftm', 'graphml', 'png', 'svg'];
      if (key === 'profile') return ['prosecutor', 'panel', 'public'];
      if (key === 'selection') return [{ case: true }, { evidenceIds: [fx.statementId] }];
      if (key === 'organization') return [{ name: 'Panel of Experts' }];
      if (key === 'jobId') return ['sweep-job'];
      return [];
    };
    const requests = (schema: z.ZodType): unknown[] => {
      const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
      if (!shape) return [{}];
      let reqs: Record<string, unknown>[] = [{}];
      for (const key of Object.keys(shape)) {
        const vals = pool(key);
        if (vals.length === 0) continue;
        reqs = reqs.flatMap((r) => vals.map((v) => ({ ...r, [key]: v })));
        if (reqs.length > 400) reqs = reqs.slice(0, 400);
      }
      return reqs.filter((r) => schema.safeParse(r).success);
    };

    const answered = new Set<string>();
    const found: string[] = [];
    for (const ch of Object.keys(contract) as Channel[]) {
      if (WRITES.test(ch) || NEVER.has(ch)) continue;
      for (const template of requests(contract[ch].request as z.ZodType)) {
        const req = Object.fromEntries(
          Object.entries(template as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' && v.startsWith(GRANT_FOR) ? grants.issue(outPath(v.slice(GRANT_FOR.length)), 'write', ch).grant : v]),
        );
        const r = await router.invoke(ch, req);
        if (!r.ok) {
          if (process.env.SWEEP_DEBUG) console.log(ch, JSON.stringify(req).slice(0, 200), r.error.message);
          continue;
        }
        answered.add(ch);
        for (const s of leaks(JSON.stringify(r.value))) found.push(`${ch} ${JSON.stringify(req)} → "${s}"`);
      }
    }
    // Exports write files: every byte they wrote is searched too.
    for (const f of filesUnder(outDir)) {
      const bytes = readFileSync(f);
      for (const s of SECRETS) if (bytes.includes(Buffer.from(s, 'utf8'))) found.push(`${f} contains "${s}"`);
    }
    console.log(`[sweep] ${answered.size} channels answered: ${[...answered].sort().join(', ')}`);
    expect(found).toEqual([]);
    // The sweep reached the channels that carry witnesses, statements and exports.
    for (const ch of ['witness.list', 'evidence.get', 'evidence.list', 'entity.list', 'entity.get', 'claim.list', 'search.query', 'graph.snapshot', 'graph.timeline', 'ftm.export', 'listing.preview', 'listing.export', 'package.preview', 'criteria.assess']) {
      expect.soft(answered, ch).toContain(ch);
    }
    expect(filesUnder(outDir).length).toBeGreaterThan(5);
    // A package is byte-searched for witness names before it leaves, which needs the names: with the
    // compartment locked, export of a case with witnesses is refused rather than unchecked.
    const pkg = await router.invoke('package.export', { caseId: fx.caseId, selection: { case: true }, profile: 'panel', out: grants.issue(join(outDir, 'p.tar'), 'write', 'package.export').grant, organization: { name: 'Panel' }, jobId: 'pkg' });
    expect(pkg).toMatchObject({ ok: false, error: { message: expect.stringMatching(/witness compartment/) } });
  }, 240_000);
});

// ------------------------------------------------------------------------------------- compartment open

/** Entries of a zip file (a .docx), inflated: enough of the format to read what Word would show. */
function unzipText(buf: Buffer): string {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let out = '';
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const local = buf.readUInt32LE(p + 42);
    const nameLen = buf.readUInt16LE(p + 28);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out += (method === 8 ? inflateRawSync(data) : data).toString('utf8');
  }
  return out;
}

/**
 * The identity of the issue's witness, planted in every kind of text an output carries: a statement, a claim, an
 * entity that the witness record (not the entity) points to, and a statement without consent to use for
 * listings. Each is written in a spelling the old exact-name redaction missed.
 */
const YONAS = {
  fullName: 'Yonas Tesfamariam Berhe',
  givenName: 'Yonas',
  fatherName: 'Tesfamariam',
  grandfatherName: 'Berhe',
  phone: '+251 911 424242',
  idNumbers: ['EP7788990'],
  address: 'Kebele 07, house 4711 Plughstrasse',
};
/** Forms that must not appear in any output (each as planted, and the words of each). */
const PLANTED = ['Yonas Tesfamariam', 'Tesfamariam Yonas', 'BERHE, Yonas', 'ዮናስ ተስፋማርያም', '0911-424 242', 'EP 7788990', 'house 4711 Plughstrasse', 'Yonas Berhe'];
const WORDS = ['Yonas', 'YONAS', 'Tesfamariam', 'Berhe', 'BERHE', 'ዮናስ', 'ተስፋማርያም', '424 242', '7788990', 'Plughstrasse'];

describe('witness compartment open: every output goes through the protection module', () => {
  it('no export of any format carries an identity in any planted spelling; consent is enforced; a single name part stops the export', async () => {
    const dir = tempDir();
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: () => {} }, { validateResponses: true });
    const { call } = caller(router);
    await openInSession(session);
    const ws = session.workspace();
    const fx = await buildFixtureCase(ws);
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    await call('witness.setIdentity', { witnessId: fx.witnessId, identity: YONAS });

    // An entity the witness record points to (the entity itself has no witnessId): the exporters used to disagree.
    const linked = ws.entities.create({ caseId: fx.caseId, kind: 'person', name: 'Yonas Berhe', roles: [] });
    ws.witnesses.update(fx.witnessId, { entityId: linked.id });
    ws.links.create({ caseId: fx.caseId, kind: 'associate', source: linked.id, target: fx.e.milad });
    ws.witnesses.updateStatement(fx.statementId, {
      text: 'They wrote my name as Yonas Tesfamariam. In Tripoli they called me BERHE, Yonas; my mother writes ዮናስ ተስፋማርያም. Phone 0911-424 242, passport EP 7788990, house 4711 Plughstrasse.',
    });
    ws.claims.create({
      caseId: fx.caseId,
      assertion: { type: 'conduct', entityId: fx.e.milad, conduct: 'kidnap_for_ransom', country: 'ly' },
      statement: 'Tesfamariam Yonas saw Al-Milad guard the detention centre.',
      evidence: [{ evidenceId: fx.statementId, excerpt: 'as Yonas Tesfamariam' }],
      assessment: 'probable',
      releasable: true,
    });
    // Consent: a statement the witness refused for listings, behind a releasable claim.
    const refused = ws.witnesses.recordStatement({
      caseId: fx.caseId,
      witnessId: fx.witnessId,
      text: 'REFUSEDCONSENTTEXT',
      consent: { useForListing: false, shareWithProsecutors: false, mayBeNamed: false },
    });
    ws.claims.create({
      caseId: fx.caseId,
      assertion: { type: 'conduct', entityId: fx.e.milad, conduct: 'kidnap_for_ransom', country: 'ly' },
      statement: 'REFUSEDCONSENTCLAIM Al-Milad held migrants for ransom.',
      // Corroborated by two independent sources, so the criterion is met and only consent decides whether the
      // statement is cited.
      evidence: [{ evidenceId: refused.id }, { evidenceId: fx.evidence.report }, { evidenceId: fx.evidence.photo }],
      assessment: 'probable',
      releasable: true,
    });

    const found: string[] = [];
    const check = (what: string, text: string) => {
      for (const s of [...PLANTED, ...WORDS]) if (text.includes(s)) found.push(`${what} contains "${s}"`);
    };
    const out = (name: string) => join(outDir, name);
    const g = (purpose: string, path: string) => grants.issue(path, 'write', purpose).grant;

    // The same statement on a dated claim, so that it is drawn on the timeline.
    ws.claims.create({
      caseId: fx.caseId,
      assertion: { type: 'conduct', entityId: fx.e.milad, conduct: 'kidnap_for_ransom', country: 'ly', date: { value: '2017-06' } },
      statement: 'Tesfamariam Yonas saw Al-Milad guard the detention centre in June 2017.',
      evidence: [{ evidenceId: fx.statementId }],
    });

    // Every output path, through the router as the app calls it.
    check('graph.snapshot', JSON.stringify(await call('graph.snapshot', { caseId: fx.caseId })));
    const tl = await call('graph.timeline', { caseId: fx.caseId });
    expect(JSON.stringify(tl)).toContain('guard the detention centre in June 2017');
    check('graph.timeline', JSON.stringify(tl));
    await call('graph.exportGraphml', { caseId: fx.caseId, grant: g('graph.exportGraphml', out('g.graphml')), analytics: true });
    await call('ftm.export', { caseId: fx.caseId, grant: g('ftm.export', out('case.ftm.json')) });
    const preview = await call('listing.preview', { entityId: fx.e.milad, regimeId: 'un-1970-libya' });
    check('listing.preview', JSON.stringify(preview));
    await call('listing.export', { entityId: fx.e.milad, regimeId: 'un-1970-libya', format: 'html', grant: g('listing.export', out('p.html')) });
    await call('listing.export', { entityId: fx.e.milad, regimeId: 'un-1970-libya', format: 'docx', grant: g('listing.export', out('p.docx')) });
    for (const profile of ['prosecutor', 'panel', 'public'] as const) {
      await call('package.export', { caseId: fx.caseId, selection: { case: true }, profile, out: g('package.export', out(`${profile}.tar`)), organization: { name: 'Panel' }, jobId: `pkg-${profile}` });
    }
    check('search.query', JSON.stringify(await call('search.query', { caseId: fx.caseId, text: 'Yonas Berhe' })));
    check('audit.list', JSON.stringify(await call('audit.list', { limit: 1000 })));
    // An SVG the renderer drew is checked again before it is written.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>Yonas Tesfamariam</text></svg>').toString('base64');
    expect(await router.invoke('graph.exportImage', { caseId: fx.caseId, grant: g('graph.exportImage', out('g.svg')), format: 'svg', base64: svg })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const files = filesUnder(outDir);
    expect(files.map((f) => f.slice(outDir.length + 1)).sort()).toEqual(['case.ftm.json', 'g.graphml', 'p.docx', 'p.html', 'panel.tar', 'prosecutor.tar', 'public.tar']);
    for (const f of files) check(f, f.endsWith('.docx') ? unzipText(readFileSync(f)) : readFileSync(f).toString('utf8'));
    expect(found).toEqual([]);

    // The pseudonym took the identity's place, so the sweep is not clean merely because the text went missing.
    expect(readFileSync(out('case.ftm.json'), 'utf8')).toContain('W-017');
    expect(readFileSync(out('panel.tar'), 'utf8')).toMatch(/They wrote my name as W-017/);

    // Consent: the refused statement is never cited, and its claim is not in the releasable narrative.
    const p = preview as { evidence: { evidenceId: string }[]; narrativeSummary: { text: string }[] };
    expect(p.evidence.map((e) => e.evidenceId)).not.toContain(refused.id);
    expect(JSON.stringify(p.narrativeSummary)).not.toContain('REFUSEDCONSENTCLAIM');
    expect(readFileSync(out('panel.tar'), 'utf8')).not.toContain('REFUSEDCONSENTTEXT');
    // A change of consent takes effect on the next export.
    ws.witnesses.updateStatement(refused.id, { consent: { useForListing: true, shareWithProsecutors: false, mayBeNamed: false } });
    const after = (await call('listing.preview', { entityId: fx.e.milad, regimeId: 'un-1970-libya' })) as typeof p;
    expect(after.evidence.map((e) => e.evidenceId)).toContain(refused.id);
    await call('package.export', { caseId: fx.caseId, selection: { case: true }, profile: 'panel', out: g('package.export', out('panel2.tar')), organization: { name: 'Panel' }, jobId: 'pkg-2' });
    expect(readFileSync(out('panel2.tar'), 'utf8')).toContain('REFUSEDCONSENTTEXT');
    const log = (await call('audit.list', { limit: 1000 })) as { entries: { action: string; target?: { id: string }; details?: Record<string, unknown> }[] };
    expect(log.entries.find((e) => e.action === 'custody.statement_edited' && e.target?.id === refused.id)?.details).toMatchObject({
      consentChanged: { from: { useForListing: false }, to: { useForListing: true } },
    });

    // A single name part alone is not redacted blindly: every export stops and lists the hit with its context.
    ws.witnesses.updateStatement(fx.statementId, { text: 'Only Tesfamariam knew the route.' });
    const org = ws.entities.create({ caseId: fx.caseId, kind: 'organization', name: 'Tesfamariam Transport', roles: [] });
    ws.links.create({ caseId: fx.caseId, kind: 'associate', source: org.id, target: fx.e.milad });
    ws.claims.create({ caseId: fx.caseId, assertion: { type: 'conduct', entityId: fx.e.milad, conduct: 'kidnap_for_ransom', country: 'ly' }, statement: 'Tesfamariam said so.', evidence: [{ evidenceId: fx.statementId }], assessment: 'probable', releasable: true });
    for (const [ch, req] of [
      ['ftm.export', { caseId: fx.caseId, grant: g('ftm.export', out('x.ftm.json')) }],
      ['graph.exportGraphml', { caseId: fx.caseId, grant: g('graph.exportGraphml', out('x.graphml')) }],
      ['listing.export', { entityId: fx.e.milad, regimeId: 'un-1970-libya', format: 'html', grant: g('listing.export', out('x.html')) }],
      ['package.export', { caseId: fx.caseId, selection: { case: true }, profile: 'panel', out: g('package.export', out('x.tar')), organization: { name: 'Panel' }, jobId: 'pkg-x' }],
    ] as const) {
      const r = await router.invoke(ch, req);
      expect(r, ch).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/need review[\s\S]*\[\[Tesfamariam\]\]/) } });
    }
    expect(filesUnder(outDir).some((f) => /x\.(ftm\.json|graphml|html|tar)$/.test(f))).toBe(false);
  }, 240_000);
});
