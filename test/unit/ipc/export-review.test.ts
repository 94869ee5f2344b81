/**
 * Review before release in the app: an export channel that stops on a possible identity mention answers the
 * hits as structured, contract-validated error details; the same request with decisions (redact / keep with a
 * reason) goes through, applies them and logs them as the CLI's `--review` does.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../main/ipc';
import { ErrorPayloadSchema, type ReviewHitView } from '../../../shared/errors';
import { buildFixtureCase } from '../../helpers/case-fixture';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF, WITNESS_PASS, openInSession } from '../../helpers/vault';
import { caller } from '../../helpers/ipc';
import type { RequestOf } from '../../../shared/ipc/contract';

type Review = RequestOf<'ftm.export'>['review'];

const YONAS = { fullName: 'Yonas Tesfamariam Berhe', givenName: 'Yonas', fatherName: 'Tesfamariam', grandfatherName: 'Berhe' };

describe('export review over IPC', () => {
  it('refuses with the hits as details, then exports with the decisions and logs them', async () => {
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
    // A single name part: a review hit, never redacted blindly.
    ws.entities.create({ caseId: fx.caseId, kind: 'organization', name: 'Tesfamariam Transport', roles: [] });
    const w = (name: string, ch: string) => grants.issue(join(outDir, name), 'write', ch).grant;

    const requests = {
      'ftm.export': (review?: Review) => ({ caseId: fx.caseId, grant: w('x.ftm.json', 'ftm.export'), ...(review ? { review } : {}) }),
      'graph.exportGraphml': (review?: Review) => ({ caseId: fx.caseId, grant: w('x.graphml', 'graph.exportGraphml'), ...(review ? { review } : {}) }),
      'graph.exportGexf': (review?: Review) => ({ caseId: fx.caseId, grant: w('x.gexf', 'graph.exportGexf'), ...(review ? { review } : {}) }),
    } as const;

    let hits: ReviewHitView[] = [];
    for (const [ch, req] of Object.entries(requests)) {
      const r = await router.invoke(ch, req());
      expect(r.ok, ch).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('FORBIDDEN');
      expect(ErrorPayloadSchema.safeParse(r.error).success).toBe(true);
      hits = r.error.details?.reviewHits ?? [];
      expect(hits.length, ch).toBeGreaterThan(0);
      expect(hits[0]).toMatchObject({ key: expect.stringMatching(/^[0-9a-f]{16}$/), field: expect.any(String), subject: expect.any(String), context: expect.stringContaining('[[Tesfamariam]]') });
      // The hit names the field and the pseudonym, never the identity itself.
      expect(JSON.stringify(r.error.details)).not.toContain('Yonas');
    }
    expect(existsSync(join(outDir, 'x.ftm.json')) || existsSync(join(outDir, 'x.graphml')) || existsSync(join(outDir, 'x.gexf'))).toBe(false);

    // Keeping needs a reason: refused by the contract.
    const noReason = await router.invoke('ftm.export', requests['ftm.export'](hits.map((h) => ({ key: h.key, decision: 'keep' }))));
    expect(noReason).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // Redact: the name part is replaced in the file.
    await call('ftm.export', requests['ftm.export'](hits.map((h) => ({ key: h.key, decision: 'redact' }))));
    expect(readFileSync(join(outDir, 'x.ftm.json'), 'utf8')).not.toContain('Tesfamariam');
    // Keep with a reason: the name stays (a company name, not the witness).
    await call('graph.exportGraphml', requests['graph.exportGraphml'](hits.map((h) => ({ key: h.key, decision: 'keep', reason: 'a transport company, not the witness' }))));
    expect(readFileSync(join(outDir, 'x.graphml'), 'utf8')).toContain('Tesfamariam Transport');
    // GEXF: the same review; redacted there.
    await call('graph.exportGexf', requests['graph.exportGexf'](hits.map((h) => ({ key: h.key, decision: 'redact' }))));
    const gexf = readFileSync(join(outDir, 'x.gexf'), 'utf8');
    expect(gexf).toContain('<gexf ');
    expect(gexf).not.toContain('Tesfamariam');

    const log = (await call('audit.list', { limit: 1000 })) as { entries: { action: string; details?: Record<string, unknown> }[] };
    const decided = log.entries.filter((e) => e.action === 'protection.review_decided');
    expect(decided.map((e) => e.details?.output).sort()).toEqual(['FtM export', 'GEXF export', 'GraphML export']);
    expect(decided.find((e) => e.details?.output === 'GraphML export')?.details).toMatchObject({
      decisions: [{ key: hits[0]?.key, decision: 'keep', reason: 'a transport company, not the witness' }],
    });

    // The package and listing channels take the same decisions (the refusal carries the hits there too).
    const pkgReq = (review?: Review) => ({
      caseId: fx.caseId,
      selection: { case: true },
      profile: 'panel' as const,
      out: w('p.tar', 'package.export'),
      packaging: 'tar' as const,
      organization: { name: 'Panel' },
      jobId: `pkg-${review ? 1 : 0}`,
      ...(review ? { review } : {}),
    });
    const refused = await router.invoke('package.export', pkgReq());
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reviewHits: expect.arrayContaining([expect.objectContaining({ key: hits[0]?.key })]) } } });
    if (refused.ok) return;
    const all = refused.error.details?.reviewHits ?? [];
    await call('package.export', pkgReq(all.map((h) => ({ key: h.key, decision: 'redact' }))));
  }, 240_000);
});
