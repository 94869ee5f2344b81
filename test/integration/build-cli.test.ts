/**
 * Issue 11 rule 11: a case built and assessed from a script through the real CLI — entity, link, event,
 * claim and designation add, then `trafficking-test --json` and `assess`. Sources and evidence are set up
 * through the workspace (their CLI commands come with the witness-protection work).
 */
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../main/core/workspace';
import { newTestVault, PASS } from '../helpers/vault';
import { jsonOf, sanctum } from '../helpers/cli';

describe('sanctum entity/link/event/claim/designation add, trafficking-test', () => {
  it('builds a case from a script and assesses it', { timeout: 300_000 }, async () => {
    const { dir, vault } = await newTestVault();
    const ws = new Workspace(vault);
    const caseId = ws.cases.create({ name: 'Scripted', countries: ['ly'] }).id;
    const panel = ws.sources.create({ caseId, name: 'Panel', type: 'un_report', reliability: 'A' }).id;
    const ngo = ws.sources.create({ caseId, name: 'NGO', type: 'ngo', reliability: 'B' }).id;
    const items = [(await ws.evidence.intake([Buffer.from('a')], { caseId, originalName: 'a.txt', sourceId: panel, credibility: 2 })).id, (await ws.evidence.intake([Buffer.from('b')], { caseId, originalName: 'b.txt', sourceId: ngo, credibility: 2 })).id];
    ws.dispose();
    vault.close();
    const env = { SANCTUM_PASSPHRASE: PASS };
    const run = async (args: string[]) => {
      const r = await sanctum([...args, '--json'], { env });
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
      return jsonOf<{ id: string } & Record<string, unknown>>(r);
    };
    const boss = (await run(['entity', 'add', dir, '--kind', 'person', '--name', 'Network boss', '--role', 'trafficker'])).id;
    const rescuer = (await run(['entity', 'add', dir, '--kind', 'person', '--name', 'Fisherman'])).id;
    const deputy = (await run(['entity', 'add', dir, '--kind', 'person', '--name', 'Deputy'])).id;
    const ev = (
      await run(['event', 'add', dir, '--title', 'Warehouse detention', '--date', '2017-03', '--country', 'LY', '--conduct', 'recruitment', '--conduct', 'deception', '--conduct', 'forced_labour', '--participant', `${boss}:organiser`, '--participant', `${rescuer}:rescuer`, '--victims', '[{"count":12,"ageBand":"18-24","sex":"male"}]'])
    ).id;
    for (const tag of ['recruitment', 'deception', 'forced_labour']) await run(['claim', 'add', dir, '--entity', boss, '--conduct', tag, '--event', ev, ...items.flatMap((i) => ['--evidence', i]), '--statement', `${tag} at the warehouse`]);
    await run(['claim', 'add', dir, '--entity', rescuer, '--participation', '--event', ev, ...items.flatMap((i) => ['--evidence', i])]);
    await run(['designation', 'add', dir, boss, '--regime', 'un-1970-libya', '--reference', 'LYi.099', '--listed-on', '2018-06-07']);
    const link = (await run(['link', 'add', dir, '--kind', 'acted_for', '--source', deputy, '--target', boss, '--start', '2018-09'])).id;
    await run(['claim', 'add', dir, '--link', link, ...items.flatMap((i) => ['--evidence', i])]);

    const t = await run(['trafficking-test', dir, ev]);
    expect(t).toMatchObject({ trafficking: 'established', outcome: 'trafficking', act: { status: 'evidenced' }, means: { status: 'evidenced' }, purpose: { status: 'evidenced' } });
    const text = await sanctum(['trafficking-test', dir, ev], { env });
    expect(text.stdout).toMatch(/Trafficking: established/);

    const status = async (who: string, id: string) => {
      const a = await run(['assess', dir, who, '--regime', 'un-1970-libya']);
      return (a as unknown as { regimes: { criteria: { id: string; status: string }[] }[] }).regimes[0]!.criteria.find((c) => c.id === id)!.status;
    };
    expect(await status(boss, 'LY-05')).toBe('met');
    expect(await status(rescuer, 'LY-05')).toBe('not_supported');
    expect(await status(deputy, 'LY-09B')).toBe('met');

    const bad = await sanctum(['event', 'add', dir, '--title', 'x', '--participant', `${boss}:buyer`], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/ROLE one of organiser/);
  });
});
