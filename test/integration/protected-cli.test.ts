/**
 * `sanctum search` and `sanctum assess` through the real bundled CLI: a protected person (here a victim) is
 * shown under its label in text and JSON, never under a recorded name or alias, and claims that name it are
 * redacted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { cliBundle, jsonOf, sanctum } from '../helpers/cli';
import { buildFixtureCase } from '../helpers/case-fixture';
import { newTestVault, PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

const env = { env: { SANCTUM_PASSPHRASE: PASS } };

describe('CLI output for protected people', () => {
  it('search and assess show the label, not the names', async () => {
    const { dir, vault } = await newTestVault();
    const ws = new Workspace(vault);
    const fx = await buildFixtureCase(ws);
    const victim = ws.entities.create({ caseId: fx.caseId, kind: 'person', name: 'Hiwet Kidanemariam', aliases: [{ value: 'Hiwet Kidane' }], roles: ['victim'] });
    ws.claims.create({
      caseId: fx.caseId,
      assertion: { type: 'conduct', entityId: fx.e.milad, conduct: 'kidnap_for_ransom', country: 'ly' },
      statement: 'Hiwet Kidanemariam was held for ransom by Al-Milad.',
      evidence: [{ evidenceId: fx.statementId }],
      assessment: 'probable',
      releasable: true,
    });
    ws.dispose();
    vault.close();

    for (const args of [
      ['search', dir, 'Hiwet Kidane'],
      ['search', dir, 'Hiwet Kidane', '--json'],
      ['assess', dir, victim.id, '--all'],
      ['assess', dir, victim.id, '--json'],
      ['assess', dir, fx.e.milad, '--all'],
      ['assess', dir, fx.e.milad, '--json'],
    ]) {
      const r = await sanctum(args, env);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
      // The query itself is echoed in search JSON: that is the user's own text, not the vault's.
      const shown = args[0] === 'search' && args.includes('--json') ? JSON.stringify({ ...JSON.parse(r.stdout), query: null }) : r.stdout;
      expect(shown, args.join(' ')).not.toMatch(/Hiwet|Kidane/);
    }
    const found = jsonOf<{ hits: { id: string; name: string; matched: string | null }[] }>(await sanctum(['search', dir, 'Hiwet Kidane', '--json'], env));
    expect(found.hits.find((h) => h.id === victim.id)).toMatchObject({ name: expect.stringMatching(/^Protected person \d+$/), matched: null });
    const a = jsonOf<{ name: string }>(await sanctum(['assess', dir, victim.id, '--json'], env));
    expect(a.name).toMatch(/^Protected person \d+$/);
    const milad = await sanctum(['assess', dir, fx.e.milad, '--all'], env);
    expect(milad.stdout).toMatch(/Protected person \d+ was held for ransom/);
  }, 120_000);
});
