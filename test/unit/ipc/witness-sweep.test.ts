/**
 * The witness compartment rule, across the whole contract: with the compartment locked, no IPC response and
 * no file an export writes contains anything from a witness's identity. Channels are swept generically — every
 * channel that only reads or exports is called with every request the recorded ids can make of its schema — so
 * a channel added later is covered without editing this test. Commands that change state are left out; the
 * sweep asserts which channels it actually reached, so it cannot pass by reaching none.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../../../main/ipc';
import { contract, type Channel } from '../../../shared/ipc/contract';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { tempDir } from '../../helpers/tmp';
import { PASS, TEST_KDF, WITNESS_PASS } from '../../helpers/vault';

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
const NEVER = new Set<string>(['vault.create', 'vault.rotateRecoveryKey', 'system.pickFiles', 'system.pickSavePath', 'system.pickFolder', 'system.reveal', 'dev.fill']);

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
  it('no response of any read or export channel, and no exported file, contains a witness identity', async () => {
    const dir = tempDir();
    const outDir = join(dir, 'out');
    mkdirSync(outDir);
    const { session, router, grants } = createApp({ vaultDir: join(dir, 'vault'), kdf: TEST_KDF, emit: () => {} }, { validateResponses: true });
    const call = async (ch: string, p: unknown = {}) => {
      const r = await router.invoke(ch, p);
      if (!r.ok) throw new Error(`${ch}: ${r.error.message}`);
      return r.value as Record<string, unknown>;
    };
    await call('vault.create', { passphrase: PASS, witnessPassphrase: WITNESS_PASS });
    const fx = await buildFixtureCase(session.workspace());
    await call('compartment.unlock', { passphrase: WITNESS_PASS });
    await call('witness.setIdentity', { witnessId: fx.witnessId, identity: IDENTITY });
    // The identity is really there (so a clean sweep means something) …
    expect((await call('witness.reveal', { witnessId: fx.witnessId })).fullName).toBe(IDENTITY.fullName);
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
    for (const ch of ['witness.list', 'evidence.get', 'evidence.list', 'entity.list', 'entity.get', 'claim.list', 'search.query', 'graph.snapshot', 'ftm.export', 'listing.preview', 'listing.export', 'package.preview', 'criteria.assess']) {
      expect.soft(answered, ch).toContain(ch);
    }
    expect(filesUnder(outDir).length).toBeGreaterThan(5);
    // A package is byte-searched for witness names before it leaves, which needs the names: with the
    // compartment locked, export of a case with witnesses is refused rather than unchecked.
    const pkg = await router.invoke('package.export', { caseId: fx.caseId, selection: { case: true }, profile: 'panel', out: grants.issue(join(outDir, 'p.tar'), 'write', 'package.export').grant, organization: { name: 'Panel' }, jobId: 'pkg' });
    expect(pkg).toMatchObject({ ok: false, error: { message: expect.stringMatching(/witness compartment/) } });
  }, 240_000);
});
