import { describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { newTestVault, PASS } from '../helpers/vault';
import { buildFixtureCase } from '../helpers/case-fixture';
import { jsonOf, sanctum } from '../helpers/cli';

describe('sanctum assess / regimes', () => {
  it('prints the criteria matrix of an entity, with statuses, claims and gaps', async () => {
    const { dir, vault } = await newTestVault();
    const ws = new Workspace(vault);
    const f = await buildFixtureCase(ws);
    vault.close();
    const env = { SANCTUM_PASSPHRASE: PASS };
    const r = await sanctum(['assess', dir, f.e.milad, '--regime', 'un-1970-libya', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = jsonOf<{ name: string; regimes: { regimeId: string; criteria: { id: string; status: string; gaps: string[] }[] }[] }>(r);
    expect(a.name).toBe('Abd Al-Rahman Al-Milad');
    expect(a.regimes.map((x) => x.regimeId)).toEqual(['un-1970-libya']);
    const ly05 = a.regimes[0]!.criteria.find((c) => c.id === 'LY-05')!;
    // The fixture's ransom claim rests on a witness statement (source F) and an NGO report (B3): one qualifying source.
    expect(ly05.status).toBe('partly');
    expect(ly05.gaps.join(' ')).toMatch(/Only one independent source/);

    const text = await sanctum(['assess', dir, f.e.milad, '--regime', 'un-1970-libya,eu-global-human-rights'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/PARTLY LY-05 Breaches of international human-rights or humanitarian law in Libya — S\/RES\/2213 \(2015\) para 11\(a\)/);
    expect(text.stdout).toMatch(/EU Global Human Rights Sanctions Regime/);

    const bad = await sanctum(['assess', dir, f.e.milad, '--regime', 'un-9999'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown regime "un-9999"/);
  });

  it('lists the catalog without a vault', async () => {
    const r = await sanctum(['regimes', '--json']);
    expect(r.code).toBe(0);
    const list = jsonOf<{ id: string; criteria: { id: string }[] }[]>(r);
    expect(list.find((x) => x.id === 'un-1970-libya')!.criteria.map((c) => c.id)).toContain('LY-11');
  });
});
