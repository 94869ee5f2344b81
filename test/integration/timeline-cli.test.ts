/** `sanctum timeline` through the real CLI (bundled, spawned): text, --json (the app's model) and --svg. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { TimelineModel } from '../../shared/graph/timeline';
import { cliBundle, jsonOf, sanctum, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { timelineCase } from '../helpers/timeline-fixture';
import { PASS, WITNESS_PASS } from '../helpers/vault';

beforeAll(async () => {
  await cliBundle();
});

/** The fixture case, plus a dated conduct claim whose statement names the witness; closed for the CLI to open. */
async function vaultWithCase() {
  const { dir, vault, ws, f, claim } = await timelineCase({ date: '2016-04', statement: 'Ghermay recruited Zz Secret Fullname in Khartoum.' });
  ws.dispose();
  vault.close();
  return { dir, f, claim };
}

const env = { SANCTUM_PASSPHRASE: PASS };
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

describe('sanctum timeline', () => {
  it('prints the model as JSON and as text, with the witness identity redacted when the compartment is open', async () => {
    const { dir, f, claim } = await vaultWithCase();
    const r = await sanctum(['timeline', dir, '--case', 'zawiya coast network', '--json'], { env: { ...env, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } });
    expect(r.code, explain(r)).toBe(0);
    const m = TimelineModel.parse(jsonOf(r));
    expect(m.caseId).toBe(f.caseId);
    // Two events, the two dated links, the dated claim.
    expect(m.items.map((i) => i.id).sort()).toEqual([f.events.interception, f.events.detention, f.links.commands, f.links.paid, claim].sort());
    expect(m.items.find((i) => i.id === claim)).toMatchObject({ earliest: '2016-04-01', latest: '2016-04-30', label: 'Recruitment of persons: Ghermay recruited W-017 in Khartoum.' });
    expect(r.stdout).not.toMatch(/Zz /);

    const text = await sanctum(['timeline', dir], { env });
    expect(text.code, explain(text)).toBe(0);
    expect(text.stdout).toMatch(/Timeline of case "Zawiya coast network": 5 dated items in \d+ lanes, 2015-01-01 to /);
    expect(text.stdout).toMatch(/2017-03 +link  Financier X — paid → Ahmad Oumar Imhamad Al-Fitouri \(50,000 USD\)/);
    // Locked compartment: the identity could not be checked, and the output says so.
    expect(text.stdout).toMatch(/witness compartment is locked/);
  });

  it('writes the SVG with the window, refuses to replace it without --force, and checks its options', async () => {
    const { dir } = await vaultWithCase();
    const out = join(tempDir(), 'timeline.svg');
    const r = await sanctum(['timeline', dir, '--svg', out, '--from', '2017', '--to', '2017-06', '--json'], { env: { ...env, SANCTUM_WITNESS_PASSPHRASE: WITNESS_PASS } });
    expect(r.code, explain(r)).toBe(0);
    expect(jsonOf(r)).toMatchObject({ format: 'svg', path: out, items: 5 });
    const svg = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('Time window: 2017 – 2017-06');
    expect(svg).toContain('<title>Zawiya coast network — timeline</title>');
    expect(svg).not.toMatch(/Zz /);
    const again = await sanctum(['timeline', dir, '--svg', out], { env });
    expect(again.code, explain(again)).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const bad = await sanctum(['timeline', dir, '--svg', join(tempDir(), 'x.svg'), '--from', '17/03/2017'], { env });
    expect(bad.code, explain(bad)).toBe(2);
    expect(bad.stderr).toMatch(/--from takes YYYY/);
    const stray = await sanctum(['timeline', dir, '--width', '900'], { env });
    expect(stray.code).toBe(2);
    expect(existsSync(join(tempDir(), 'x.svg'))).toBe(false);
  });
});
