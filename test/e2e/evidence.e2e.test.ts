/**
 * The evidence library end to end: intake of an image, a PDF and a text file (made here from scratch) with
 * their SHA-256 shown and checked, previews of each (image, pdf.js canvas, text), the chain of custody, a
 * working copy, export of the original with the bytes compared, the delete-impact dialog for an item claims
 * rely on, and a cancelled intake of a large file that leaves nothing behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { pdf, sha256, testPhoto, TRANSCRIPT_TEXT, writeFixture, writeLargeFile } from './fixtures';
import { dialog, nav, openWorkspace, seed, setChecked, toast } from './workspace-helpers';

interface Row {
  id: string;
  title: string;
}

/** Every file under the vault's blobs/ and tmp/ folders (to prove a cancelled intake left nothing). */
function vaultFiles(app: E2EApp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
    } catch {
      return;
    }
    for (const n of names) {
      if (n.endsWith('/')) walk(join(dir, n.slice(0, -1)));
      else out.push(join(dir, n));
    }
  };
  walk(join(app.vaultDir, 'blobs'));
  walk(join(app.vaultDir, 'tmp'));
  return out.sort();
}

async function setUp(app: E2EApp) {
  const ids = await openWorkspace(app, {
    seed: async () => {
      const c = await seed<{ id: string }>(app, 'case.create', { name: 'Kufra detention 2022' });
      const source = await seed<{ id: string }>(app, 'source.create', { data: { caseId: c.id, name: 'Coast-watch NGO', type: 'ngo', reliability: 'B' } });
      const person = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: 'Musa Ibrahim Al-Kufri' } });
      return { caseId: c.id, sourceId: source.id, personId: person.id };
    },
  });
  // The only case is chosen by itself.
  await app.page.getByTestId('case-switcher').getByText('Kufra detention 2022').waitFor();
  return ids;
}

describeE2E('evidence library over the real router', () => {
  e2eTest(
    'takes in an image, a PDF and a text file, previews each, exports the original byte for byte, warns before deleting what claims rely on',
    async (app) => {
      const { page } = app;
      const { caseId, personId } = await setUp(app);
      const photo = testPhoto();
      const report = pdf([
        ['Field report 7 - Kufra', 'Detention site observed 3-5 March 2022.', 'Approximately 140 people held; guards armed.'],
        ['Annex A', 'Vehicle registrations noted at the gate.'],
      ]);
      const files = {
        photo: writeFixture(app.scratchDir, 'gate-photo.png', photo),
        report: writeFixture(app.scratchDir, 'field-report-7.pdf', report),
        transcript: writeFixture(app.scratchDir, 'intercept-14-may.txt', TRANSCRIPT_TEXT),
      };

      await nav(page, 'Evidence').click();
      await page.getByRole('heading', { name: 'No evidence in this case yet' }).waitFor();
      await app.shot('01-evidence-empty');

      // "Add files…" opens the system dialog (here: the harness answers with the three fixtures).
      app.dialogs.nextFiles([files.photo, files.report, files.transcript]);
      await page.getByRole('button', { name: 'Add files…' }).click();
      const intake = dialog(page, 'Add evidence files');
      await intake.getByText('gate-photo.png').waitFor();
      expect(app.dialogs.requests).toEqual([{ kind: 'pickFiles', multiple: true, title: 'Add evidence files' }]);
      await intake.getByLabel('Source').selectOption({ label: 'Coast-watch NGO (B — Usually reliable)' });
      await intake.getByLabel('Credibility of the information').selectOption('2');
      await intake.getByLabel('How it was obtained').selectOption('received_from_ngo');
      await app.shot('02-intake-review');
      await intake.getByRole('button', { name: 'Add 3 files to the vault' }).click();
      const done = intake.getByTestId('intake-done');
      await done.waitFor();
      // The SHA-256 recorded at intake is the hash of the original bytes.
      const doneText = (await done.innerText()).replace(/\s/g, '');
      for (const bytes of [photo, report, Buffer.from(TRANSCRIPT_TEXT)]) expect(doneText).toContain(sha256(bytes));
      await app.shot('03-intake-done');
      await intake.getByRole('button', { name: 'Done' }).click();

      const table = page.getByRole('grid', { name: 'Evidence items' });
      await table.getByText('field-report-7.pdf').waitFor();
      expect(await table.locator('[role="row"][data-key]').count()).toBe(3);
      await table.getByText('image/png').waitFor();
      await app.shot('04-evidence-table');
      const rows = await seed<Row[]>(app, 'evidence.list', { caseId });
      const idOf = (title: string) => rows.find((r) => r.title === title)!.id;

      // Image preview: decrypted in main, shown from a blob: URL.
      await table.getByText('gate-photo.png', { exact: true }).click();
      await page.getByRole('heading', { name: 'gate-photo.png' }).waitFor();
      const img = page.getByTestId('image-preview');
      await img.waitFor();
      expect(await img.getAttribute('src')).toMatch(/^blob:http:\/\/sanctum\.localhost\//);
      await expect.poll(() => img.evaluate((el: unknown) => (el as { naturalWidth: number }).naturalWidth)).toBe(480);
      expect(await page.getByTestId('evidence-sha256').getAttribute('data-sha256')).toBe(sha256(photo));
      // The chain of custody: the intake, then the preview just made.
      const custody = page.getByTestId('custody-chain');
      await custody.getByText('Taken into the vault').waitFor();
      await custody.getByText('Viewed').first().waitFor();
      await app.shot('05-image-preview');

      // A working copy (a redaction) linked to the original.
      const redacted = writeFixture(app.scratchDir, 'gate-photo-redacted.png', testPhoto().subarray(0));
      app.dialogs.nextFiles([redacted]);
      await page.getByRole('button', { name: 'Add working copy…' }).click();
      const wc = dialog(page, 'Add working copy');
      await wc.getByLabel('Title').fill('Gate photo, faces blurred');
      await wc.getByRole('button', { name: 'Add working copy' }).click();
      await toast(page, 'Working copy “Gate photo, faces blurred” added.');
      await page.getByText('Working copies (1)').waitFor();
      await custody.getByText('Working copy made').waitFor();

      // PDF preview: pdf.js draws the page on a canvas; ← / → turn pages.
      await nav(page, 'Evidence').click();
      await table.getByText('field-report-7.pdf', { exact: true }).click();
      await page.getByRole('heading', { name: 'field-report-7.pdf' }).waitFor();
      await page.getByTestId('pdf-page').getByText('Page 1 of 2').waitFor();
      // Dark pixels on the canvas: the text has been drawn.
      const inked = () =>
        page.getByTestId('pdf-canvas').evaluate((el: unknown) => {
          const c = el as { width: number; height: number; getContext(t: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let dark = 0;
          for (let i = 0; i < d.length; i += 4) if (d[i]! < 128 && d[i + 1]! < 128 && d[i + 2]! < 128) dark++;
          return dark;
        });
      await expect.poll(inked, { timeout: 10_000 }).toBeGreaterThan(200);
      await app.shot('06-pdf-preview');
      await page.locator('.pdf-preview').focus();
      await page.keyboard.press('ArrowRight');
      await page.getByTestId('pdf-page').getByText('Page 2 of 2').waitFor();
      await expect.poll(inked, { timeout: 10_000 }).toBeGreaterThan(100);

      // Export the original: the system save dialog (the harness answers with a path), then the hash check.
      const exportPath = join(app.scratchDir, 'exported-report.pdf');
      app.dialogs.nextSavePath(exportPath);
      await page.getByRole('button', { name: 'Export original…' }).click();
      const exported = page.getByTestId('export-result');
      await exported.waitFor();
      expect(app.dialogs.requests.at(-1)).toEqual({ kind: 'pickSavePath', title: 'Export the original', defaultName: 'field-report-7.pdf' });
      const back = readFileSync(exportPath);
      expect(back.equals(report)).toBe(true);
      expect(sha256(back)).toBe(sha256(report));
      expect((await exported.innerText()).replace(/\s/g, '')).toContain(sha256(report));
      await page.getByTestId('custody-chain').getByText('Original exported').waitFor();
      await app.shot('07-pdf-exported');

      // Text preview: shown as text (monospace), Arabic included.
      await nav(page, 'Evidence').click();
      await table.getByText('intercept-14-may.txt').click();
      const text = page.getByTestId('text-preview');
      await text.waitFor();
      expect(await text.innerText()).toContain('أبو خالد سيدفع في طرابلس');
      await app.shot('08-text-preview');

      // Claims rely on the photo: one only on it, one also on the report.
      await seed(app, 'claim.create', {
        data: { caseId, assertion: { type: 'conduct', entityId: personId, conduct: 'arbitrary_detention', country: 'ly' }, statement: 'Held migrants at the Kufra gate compound.', evidence: [{ evidenceId: idOf('gate-photo.png') }] },
      });
      await seed(app, 'claim.create', {
        data: {
          caseId,
          assertion: { type: 'conduct', entityId: personId, conduct: 'kidnap_for_ransom' },
          statement: 'Demanded ransom from families.',
          evidence: [{ evidenceId: idOf('gate-photo.png') }, { evidenceId: idOf('field-report-7.pdf'), locator: 'p. 1' }],
        },
      });
      await nav(page, 'Evidence').click();
      await table.getByText('gate-photo.png', { exact: true }).click();
      await page.getByText('Claims citing this item (2)').waitFor();
      await page.getByRole('button', { name: 'Delete…' }).click();
      const del = dialog(page, 'Delete gate-photo.png?');
      const impact = del.getByTestId('evidence-delete-impact');
      await impact.getByText('1 claim would be left unsupported').waitFor();
      await impact.getByText('Musa Ibrahim Al-Kufri — Arbitrary detention in LY').waitFor();
      await impact.getByText('1 claim would be weakened').waitFor();
      await impact.getByText('1 other item still supports it', { exact: false }).waitFor();
      await impact.getByText('Its 1 working copy will be deleted too.').waitFor();
      const confirm = del.getByRole('button', { name: 'Delete evidence item' });
      expect(await confirm.isDisabled()).toBe(true);
      await app.shot('09-delete-impact');
      await setChecked(del.getByRole('checkbox', { name: /I understand that 1 claim will be left with no supporting evidence/ }), true);
      expect(await confirm.isEnabled()).toBe(true);
      await confirm.click();
      await toast(page, 'Deleted gate-photo.png.');
      await expect.poll(async () => (await seed<Row[]>(app, 'evidence.list', { caseId })).length).toBe(2);

      // The person's page now shows the claim left without evidence.
      await nav(page, 'Entities').click();
      await page.getByRole('grid', { name: 'Entities' }).getByText('Musa Ibrahim Al-Kufri').click();
      await page.getByTestId('claim').filter({ hasText: 'Arbitrary detention' }).getByText('No supporting evidence').waitFor();
      await app.shot('10-claim-left-unsupported');
    },
    { id: 'evidence', timeout: 120_000 },
  );

  e2eTest(
    'cancels the intake of a large file: a progress bar while it runs, and nothing is left in the vault',
    async (app) => {
      const { page } = app;
      const { caseId } = await setUp(app);
      const big = writeLargeFile(app.scratchDir, 'seized-phone-image.bin', 768);
      const before = vaultFiles(app);

      await nav(page, 'Evidence').click();
      app.dialogs.nextFiles([big]);
      await page.getByRole('button', { name: 'Add files…' }).click();
      const intake = dialog(page, 'Add evidence files');
      await intake.getByRole('button', { name: 'Add 1 file to the vault' }).click();
      const progress = intake.getByTestId('intake-progress');
      await progress.getByText(/MB of 768 MB/).waitFor();
      await app.shot('01-intake-progress');
      await intake.getByRole('button', { name: 'Cancel intake' }).click();
      const cancelled = intake.getByTestId('intake-cancelled');
      await cancelled.getByText('Nothing was added to the vault: no record, and no partial file.').waitFor();
      await app.shot('02-intake-cancelled');
      await intake.getByRole('button', { name: 'Done' }).click();

      expect(await seed<Row[]>(app, 'evidence.list', { caseId })).toEqual([]);
      expect(vaultFiles(app)).toEqual(before);
      await page.getByRole('heading', { name: 'No evidence in this case yet' }).waitFor();
      expect(app.calls.filter((c) => c.channel === 'evidence.intake').map((c) => c.code)).toEqual(['CANCELLED']);
    },
    { id: 'intake-cancel', timeout: 90_000 },
  );
});
