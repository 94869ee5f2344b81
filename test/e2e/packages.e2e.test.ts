/**
 * Evidence packages end to end: a case with a document and a witness statement (identity in the compartment)
 * is exported through the wizard under the panel profile — the preview lists the witness identity as withheld
 * before anything is written — then the summary's hash and signer are checked against the package on disk, the
 * package is verified in the verification screen (valid, custody continuous), one payload byte is flipped on
 * disk and the verifier names that file.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { sha256Hex } from '../../main/core/crypto/hash';
import { WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest } from './harness';
import { writeFixture } from './fixtures';
import { nav, openWorkspace, pageText, seed } from './workspace-helpers';

const REAL_NAME = 'Hiwet Gebremariam Asfaha';
const PSEUDONYM = 'W-031';
const DOC_TEXT = 'Ledger page 4: payments for 37 passengers, Sabha to Zuwara, March 2021.\n';

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel)).flatMap((n) => {
    const p = rel ? `${rel}/${n}` : n;
    return statSync(join(dir, p)).isDirectory() ? filesUnder(dir, p) : [p];
  });
}

describeE2E('evidence packages over the real router', () => {
  e2eTest(
    'exports under the panel profile with a preview of what is withheld, verifies the package, and names a tampered file',
    async (app) => {
      const { page } = app;
      const ids = await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Sabha transit 2021' });
          const doc = writeFixture(app.scratchDir, 'ledger-page-4.txt', DOC_TEXT);
          await seed(app, 'evidence.intake', { caseId: c.id, grants: [app.readGrant('evidence.intake', doc)], jobId: 'seed-intake-1' });
          await seed(app, 'compartment.unlock', { passphrase: WITNESS_PASS });
          const w = await seed<{ id: string }>(app, 'witness.create', { data: { caseId: c.id, pseudonym: PSEUDONYM }, identity: { fullName: REAL_NAME }, reliability: 'ungraded' });
          await seed(app, 'statement.create', {
            caseId: c.id,
            witnessId: w.id,
            title: 'Interview in Tripoli',
            consent: { useForListing: true, shareWithProsecutors: true, mayBeNamed: false },
            text: 'We were held in a warehouse near the market for three weeks before the crossing.',
          });
          return { caseId: c.id };
        },
      });
      await page.getByTestId('case-switcher').getByText('Sabha transit 2021').waitFor();

      // 1. Selection: the whole case (the default), then the profile.
      await nav(page, 'Packages').click();
      await page.getByRole('heading', { name: 'Packages', exact: true }).waitFor();
      await page.getByRole('radio', { name: /The whole case/ }).waitFor();
      expect(await page.getByRole('radio', { name: /The whole case/ }).isChecked()).toBe(true);
      await app.shot('01-select');
      await page.getByRole('button', { name: 'Next' }).click();
      const panel = page.getByRole('radio', { name: /Panel of experts/ });
      await panel.focus();
      await page.keyboard.press('Space');
      expect(await panel.isChecked()).toBe(true);
      await app.shot('02-profile');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByLabel('Recipient keys').waitFor();
      await page.getByText('No recipients: the package will not be encrypted.').waitFor();
      await page.getByRole('button', { name: 'Next' }).click();

      // 2. Preview (a dry run: nothing written yet): the statement goes in under the pseudonym, the identity is withheld.
      const preview = page.getByTestId('package-preview');
      await preview.waitFor();
      const goesIn = preview.getByRole('table', { name: 'Goes in' });
      await goesIn.getByText('ledger-page-4.txt').waitFor();
      await goesIn.getByText(`rendered as text under the pseudonym ${PSEUDONYM}`).waitFor();
      const withheld = preview.getByRole('table', { name: 'Withheld' });
      const identityRow = withheld.getByRole('row').filter({ hasText: `Identity of witness ${PSEUDONYM}` });
      await identityRow.getByText('the panel profile never names witnesses').waitFor();
      expect(readdirSync(app.scratchDir).sort()).toEqual(['ledger-page-4.txt']);
      expect(await pageText(page)).not.toContain(REAL_NAME.split(' ')[0]);
      await page.getByLabel('Sending organisation').fill('UN Panel of Experts on Libya');
      await app.shot('03-preview');

      // 3. Export: the save dialog (answered by the harness), progress, then the summary.
      const out = join(app.scratchDir, 'sabha-panel');
      app.dialogs.nextSavePath(out);
      await page.getByRole('button', { name: 'Choose where to save and export…' }).click();
      const summary = page.getByTestId('export-summary');
      await summary.getByText('Package exported').waitFor({ timeout: 30_000 });
      expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'pickSavePath', title: 'Save the evidence package' });
      expect(app.dialogs.requests.at(-1)!.defaultName).toMatch(/^sabha-transit-2021-panel-\d{4}-\d{2}-\d{2}$/);
      expect(app.calls.filter((c) => c.channel === 'package.export').map((c) => c.ok)).toEqual([true]);
      // The package hash is the SHA-256 of the signed tag manifest on disk; the signer is this vault.
      const hash = (await summary.getByTestId('export-hash').innerText()).replace(/\s/g, '');
      expect(hash).toBe(sha256Hex(readFileSync(join(out, 'tagmanifest-sha512.txt'))));
      const status = await seed<{ fingerprint: string }>(app, 'vault.status', {});
      expect(await summary.getByTestId('export-signer').innerText()).toBe(status.fingerprint);
      expect(JSON.parse(readFileSync(join(out, 'sanctum/signer.json'), 'utf8')).fingerprint).toBe(status.fingerprint);
      expect(await summary.getByTestId('export-path').innerText()).toBe(basename(out)); // the page knows the name, not the path
      // Nothing in the package names the witness.
      for (const f of filesUnder(out)) expect(readFileSync(join(out, f)).includes(REAL_NAME), f).toBe(false);
      expect(app.events.some((e) => e.event === 'job.progress')).toBe(true);
      await app.shot('04-summary');

      // 4. Verify the package just written: valid, signed by this vault, custody continuous.
      await summary.getByRole('button', { name: 'Verify this package' }).click();
      const verdict = page.getByTestId('verify-verdict');
      await verdict.getByText('Valid package').waitFor({ timeout: 30_000 });
      const report = page.getByTestId('verify-report');
      expect(await report.getByTestId('verify-signer').innerText()).toBe(status.fingerprint);
      await report.getByTestId('verify-custody').getByText('continuous').waitFor();
      await report.getByText('No problems found.').waitFor();
      await page.getByRole('button', { name: 'Import into this vault…' }).waitFor();
      await app.shot('05-verified');

      // 5. Flip one byte of the document on disk; verify again (as chosen through the folder's bagit.txt).
      const docPath = filesUnder(out).find((f) => f.startsWith('data/evidence/') && f.endsWith('ledger-page-4.txt'))!;
      const bytes = readFileSync(join(out, docPath));
      bytes[5]! ^= 0x01;
      writeFileSync(join(out, docPath), bytes);
      app.dialogs.nextFiles([join(out, 'bagit.txt')]);
      await page.getByRole('button', { name: 'Choose a package folder…' }).click();
      await verdict.getByText('Invalid package: do not rely on it').waitFor({ timeout: 30_000 });
      expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'pickFiles', multiple: false });
      const problems = page.getByRole('table', { name: 'Problems' });
      // Named once per manifest whose checksum no longer matches (SHA-256 and SHA-512).
      const rows = problems.getByRole('row').filter({ hasText: docPath });
      await rows.first().getByText('error').waitFor();
      expect(await rows.count()).toBeGreaterThanOrEqual(1);
      for (const t of await rows.allInnerTexts()) expect(t).toMatch(/^error/);
      expect(await problems.getByRole('row').filter({ hasText: 'error' }).count()).toBe(await rows.count());
      expect(await page.getByRole('button', { name: 'Import into this vault…' }).count()).toBe(0);
      await app.shot('06-tampered');

      // 6. Restore the byte and drag the package folder in from the file manager: valid again.
      bytes[5]! ^= 0x01;
      writeFileSync(join(out, docPath), bytes);
      await app.dropFile('[data-testid="verify-drop"]', out);
      await verdict.getByText('Valid package').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('verify-path').innerText()).toBe(out.split('/').pop());
      await app.shot('07-dropped');
      expect(ids.caseId).toBeTruthy();
    },
    { id: 'packages', timeout: 120_000 },
  );
});
