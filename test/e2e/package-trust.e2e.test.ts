/**
 * Issue 15, item 7: packages in the UI. The vault's recipient key is shown in the app (the same key and
 * fingerprint as `package.recipientKey`, which `sanctum package key` prints) and the Copy button puts exactly
 * that key on the clipboard. An invalid package never shows a green badge: its signature and custody badges say
 * "…, but the package is invalid" without the success colour, and the verdict is red. Screenshots: the key, the
 * valid report, the invalid one.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeE2E, e2eTest, ORIGIN } from './harness';
import { writeFixture } from './fixtures';
import { nav, openWorkspace, seed, toast } from './workspace-helpers';

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((n) => {
    const p = rel ? `${rel}/${n}` : n;
    return statSync(join(dir, p)).isDirectory() ? filesUnder(dir, p) : [p];
  });
}

describeE2E('package keys and badges', () => {
  e2eTest(
    'shows and copies the recipient key; an invalid package shows no green badge',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Misrata boats 2022' });
          const doc = writeFixture(app.scratchDir, 'harbour-log.txt', 'Harbour log: three boats left at 02:10, 02:40 and 03:05.\n');
          await seed(app, 'evidence.intake', { caseId: c.id, grants: [app.readGrant('evidence.intake', doc)], jobId: 'seed-intake-1' });
        },
      });
      await page.getByTestId('case-switcher').getByText('Misrata boats 2022').waitFor();

      // 1. The recipient key, in the app, the same as the CLI's; Copy puts exactly it on the clipboard.
      const key = await seed<{ publicKey: string; fingerprint: string }>(app, 'package.recipientKey', {});
      await nav(page, 'Packages').click();
      await page.getByRole('tab', { name: 'Receive' }).click();
      const card = page.getByTestId('recipient-key');
      await expect.poll(() => card.getByTestId('recipient-key-value').innerText(), { timeout: 20_000 }).toBe(key.publicKey);
      expect(await card.getByTestId('recipient-key-fingerprint').innerText()).toBe(key.fingerprint);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ORIGIN });
      await card.getByRole('button', { name: 'Copy' }).click();
      await toast(page, /Recipient key copied/);
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(key.publicKey);
      await app.shot('01-recipient-key');

      // 2. A package of the case, through the wizard's defaults, then verified: valid, green badges.
      await page.getByRole('tab', { name: 'Export' }).click();
      await page.getByRole('radio', { name: /The whole case/ }).waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Recipient keys').waitFor();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByTestId('package-preview').waitFor();
      await page.getByLabel('Sending organisation').fill('Libya accountability project');
      const out = join(app.scratchDir, 'misrata-package');
      app.dialogs.nextSavePath(out);
      await page.getByRole('button', { name: 'Choose where to save and export…' }).click();
      const summary = page.getByTestId('export-summary');
      await summary.getByText('Package exported').waitFor({ timeout: 60_000 });
      await summary.getByRole('button', { name: 'Verify this package' }).click();
      const verdict = page.getByTestId('verify-verdict');
      await verdict.getByText('Valid package').waitFor({ timeout: 60_000 });
      const sig = page.getByTestId('verify-signature-badge');
      const custody = page.getByTestId('verify-custody-badge');
      expect(await sig.innerText()).toBe('signature valid');
      expect(await sig.getAttribute('class')).toContain('bp6-intent-success');
      expect(await custody.innerText()).toBe('continuous');
      expect(await custody.getAttribute('class')).toContain('bp6-intent-success');
      await app.shot('02-valid-green');

      // 3. One payload byte flipped: invalid. The signature over the manifests is still good and the custody
      // chains are intact, but nothing is green: the badges say the package is invalid, the verdict is red.
      const docPath = filesUnder(out).find((f) => f.startsWith('data/evidence/') && f.endsWith('harbour-log.txt'))!;
      const bytes = readFileSync(join(out, docPath));
      bytes[3]! ^= 0x01;
      writeFileSync(join(out, docPath), bytes);
      app.dialogs.nextFiles([join(out, 'bagit.txt')]);
      await page.getByRole('button', { name: 'Choose a package folder…' }).click();
      await verdict.getByText('Invalid package: do not rely on it').waitFor({ timeout: 60_000 });
      expect(await verdict.getAttribute('class')).toContain('bp6-intent-danger');
      expect(await sig.innerText()).toBe('signature valid, but the package is invalid');
      expect(['continuous, but the package is invalid', 'broken']).toContain(await custody.innerText());
      for (const badge of [sig, custody]) expect(await badge.getAttribute('class')).not.toContain('bp6-intent-success');
      const report = page.getByTestId('verify-report');
      expect(await report.locator('.bp6-intent-success').count()).toBe(0);
      // Nothing in the report is drawn in the success colour (Blueprint's green), whatever its class.
      const greens = await report.locator('*').evaluateAll((els) => {
        const style = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string; backgroundColor: string } }).getComputedStyle;
        const green = (v: string) => {
          const m = /^rgba?\((\d+), (\d+), (\d+)/.exec(v);
          if (!m) return false;
          const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
          return g > 100 && g > r * 1.5 && g > b * 1.3;
        };
        return els.filter((el) => [style(el).color, style(el).backgroundColor].some(green)).map((el) => (el as { textContent?: string | null }).textContent?.slice(0, 40));
      });
      expect(greens).toEqual([]);
      expect(await page.getByRole('button', { name: 'Import into this vault…' }).count()).toBe(0);
      await app.shot('03-invalid-no-green');
    },
    { id: 'package-trust', timeout: 180_000 },
  );
});
