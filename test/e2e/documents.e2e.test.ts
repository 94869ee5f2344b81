/**
 * Documents end to end (issue 14): the repo's own document fixtures (a text PDF with a scanned page, a scanned
 * PDF, a DOCX, an e-mail with two attachments and a photo of printed English and Arabic) taken in through the
 * intake dialog, their text extracted in the background as the app does, then: the library filtered by text
 * status, the e-mail's attachments as child items, Ctrl+K across everything (grouped by kind, keyboard only, a
 * witness's real name never shown), the document viewer at the hit's page with the hit marked on the PDF page and
 * on the OCR layer of the image, "Mentioned in" on the entity page and the suggestions' dialogs, pre-filled and
 * saved.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { EvidenceRow } from '../../shared/ipc/schemas/case';
import { WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { dialog, nav, openWorkspace, seed, toast } from './workspace-helpers';

const FIXTURES = join(__dirname, '..', 'fixtures', 'documents');
const FILES = ['statement.pdf', 'ocr-scan.pdf', 'letter.docx', 'manifest.eml', 'ocr-photo-en-ar.jpg'];
/** The witness's real name: it shares a word with the entity, the claim and the PDF, and must never be shown. */
const WITNESS_NAME = 'Adaeze Wekesa';
const WITNESS_OTHER = 'Qqnoor';

async function setUp(app: E2EApp) {
  return openWorkspace(app, {
    seed: async () => {
      const c = await seed<{ id: string }>(app, 'case.create', { name: 'Sabratha crossings', description: 'Ledger kept for Omondi Wekesa at the harbour' });
      const omondi = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: 'Omondi Wekesa' } });
      await seed(app, 'claim.create', {
        data: { caseId: c.id, assertion: { type: 'conduct', entityId: omondi.id, conduct: 'trafficking_in_persons', country: 'ly' }, statement: 'Wekesa approved the payments for the crossings' },
      });
      await seed(app, 'compartment.unlock', { passphrase: WITNESS_PASS });
      const w = await seed<{ id: string; data: { pseudonym: string } }>(app, 'witness.create', {
        data: { caseId: c.id },
        identity: { fullName: WITNESS_NAME, otherNames: [WITNESS_OTHER] },
        reliability: 'B',
      });
      await seed(app, 'statement.create', { caseId: c.id, witnessId: w.id, text: `${w.data.pseudonym} saw Wekesa count the money at the harbour.` });
      return { caseId: c.id, omondiId: omondi.id, pseudonym: w.data.pseudonym };
    },
  });
}

/** Waits until the background extraction has read every file (attachments included) and returns the rows. */
async function extracted(app: E2EApp, caseId: string, files: number): Promise<EvidenceRow[]> {
  let rows: EvidenceRow[] = [];
  await expect
    .poll(
      async () => {
        rows = (await seed<EvidenceRow[]>(app, 'evidence.list', { caseId })).filter((r) => r.type === 'file');
        return rows.length >= files && rows.every((r) => r.textStatus !== 'pending');
      },
      { timeout: 420_000, interval: 1000 },
    )
    .toBe(true);
  return rows;
}

async function openPalette(page: Page, query: string) {
  // Keyboard only: the pointer (left where the last click was) is moved off the dialog so no hover selects a hit.
  await page.mouse.move(1, 790);
  await page.keyboard.press('Control+k');
  const input = page.getByTestId('palette-input');
  await input.waitFor();
  await expect.poll(() => input.evaluate((el: unknown) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)).toBe(true);
  await page.keyboard.type(query);
  const results = page.getByTestId('palette-results');
  await results.getByTestId('palette-hit').first().waitFor({ timeout: 30_000 });
  await expect.poll(() => page.getByTestId('palette-building').count(), { timeout: 60_000 }).toBe(0);
  return results;
}

/** ArrowDown (keyboard only) until the selected hit's text contains `text`; returns how many presses it took. */
async function arrowTo(page: Page, text: string): Promise<number> {
  const selected = page.locator('[data-testid="palette-hit"][aria-selected="true"]');
  for (let i = 0; i < 20; i++) {
    if ((await selected.innerText()).includes(text)) return i;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no palette hit with "${text}"`);
}

describeE2E('documents: extraction, search everything, viewer, mentions', () => {
  e2eTest(
    'takes in real documents, filters by text status, finds words in a PDF, a claim and an image by keyboard, opens the hit marked, and turns mentions into claims and entities',
    async (app) => {
      const { page } = app;
      const { caseId, pseudonym } = await setUp(app);
      await page.getByTestId('case-switcher').getByText('Sabratha crossings').waitFor();

      // Intake through the dialog; the text is read in the background afterwards.
      await nav(page, 'Evidence').click();
      app.dialogs.nextFiles(FILES.map((f) => join(FIXTURES, f)));
      await page.getByRole('button', { name: 'Add files…' }).click();
      const intake = dialog(page, 'Add evidence files');
      await intake.getByText('manifest.eml').waitFor();
      await intake.getByRole('button', { name: `Add ${FILES.length} files to the vault` }).click();
      await intake.getByTestId('intake-done').waitFor({ timeout: 60_000 });
      await intake.getByRole('button', { name: 'Done' }).click();

      // Five files and the e-mail's two attachments, each read.
      const rows = await extracted(app, caseId, FILES.length + 2);
      const byTitle = (t: string) => rows.find((r) => r.title === t)!;
      const mail = byTitle('manifest.eml');
      const children = rows.filter((r) => r.partOf === mail.id).map((r) => r.title);
      expect(children.sort()).toEqual(['names.txt', 'receipt.pdf']);
      expect(byTitle('letter.docx').textStatus).toBe('extracted');
      expect(byTitle('ocr-photo-en-ar.jpg').ocrConfidence).toBeGreaterThan(0);

      // The library again (freshly read): filter by text status, each choice with its count.
      await nav(page, 'Cases').click();
      await nav(page, 'Evidence').click();
      const table = page.getByRole('grid', { name: 'Evidence items' });
      await table.getByText('names.txt').waitFor();
      const filter = page.locator('select[aria-label="Extracted text"]');
      await filter.focus();
      const options = await filter.locator('option').allInnerTexts();
      const statuses = ['extracted', 'partial', 'no-text', 'failed'] as const;
      for (const s of statuses) {
        const want = rows.filter((r) => r.textStatus === s);
        const option = options.find((o) => o.endsWith(`(${want.length})`) && (s !== 'extracted' || o.startsWith('Text extracted')));
        expect(option, `${s}: ${options.join(' | ')}`).toBeDefined();
      }
      await filter.selectOption('extracted');
      const extractedTitles = rows.filter((r) => r.textStatus === 'extracted').map((r) => r.title);
      await expect.poll(() => table.locator('[role="row"][data-key]').count()).toBe(extractedTitles.length);
      for (const t of extractedTitles) await table.getByText(t, { exact: true }).waitFor();
      await page.getByText(`${extractedTitles.length} of ${rows.length + 1} items`).waitFor();
      await app.shot('01-library-text-filter');
      await filter.selectOption('');
      await expect.poll(() => table.locator('[role="row"][data-key]').count()).toBe(rows.length + 1);

      // The e-mail: its attachments are child items, each with its own hash.
      await table.getByText('manifest.eml', { exact: true }).click();
      await page.getByRole('heading', { name: 'manifest.eml' }).waitFor();
      const attachments = page.getByRole('list', { name: 'Attachments' });
      await attachments.getByText('names.txt').waitFor();
      await attachments.getByText('receipt.pdf').waitFor();
      expect((await attachments.innerText()).replace(/\s/g, '')).toContain(byTitle('receipt.pdf').sha256!.slice(0, 8));
      await app.shot('02-email-attachments');

      // Ctrl+K: one word in an entity, the PDF, a claim, a statement and the case's notes, grouped by kind.
      const results = await openPalette(page, 'Wekesa');
      const groups = await results.getByRole('group').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string }).getAttribute('aria-label')));
      expect(groups).toEqual(['Entities: 1', 'Evidence: 1', 'Statements: 1', 'Claims: 1', 'Notes: 1']);
      const resultsText = await results.innerText();
      expect(resultsText).toContain('statement.pdf · p. 2');
      expect(resultsText).toContain(pseudonym);
      for (const secret of [WITNESS_NAME.split(' ')[0]!, WITNESS_OTHER]) expect(resultsText).not.toContain(secret);
      await app.shot('03-palette-grouped');
      // The witness's names find nothing at all.
      for (const secret of [WITNESS_NAME.split(' ')[0]!, WITNESS_OTHER]) {
        await page.getByTestId('palette-input').fill(secret);
        await results.getByText(`Nothing matches “${secret}”.`).waitFor();
      }
      await page.getByTestId('palette-input').fill('');
      await page.keyboard.type('Wekesa');
      await results.getByText('statement.pdf').waitFor();
      expect(await arrowTo(page, 'statement.pdf')).toBe(1);
      await page.keyboard.press('Enter');

      // The viewer opens the PDF at the hit's page, the words boxed on the page and marked in the text.
      await page.getByRole('heading', { name: 'statement.pdf' }).waitFor();
      await page.getByTestId('pdf-page').getByText('Page 2 of 3').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByTestId('pdf-hit').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(await page.getByTestId('doc-text').locator('mark').allInnerTexts()).toEqual(['Wekesa']);
      await app.shot('04-viewer-pdf-hit');

      // A word in a claim: the claim opens what it is about.
      await openPalette(page, 'payments crossings');
      expect(await arrowTo(page, 'Wekesa approved the payments')).toBe(0);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Omondi Wekesa' }).waitFor();

      // A word the OCR read in the photo: the image with the OCR layer, the word marked.
      await openPalette(page, 'employer');
      expect(await arrowTo(page, 'ocr-photo-en-ar.jpg')).toBe(0);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'ocr-photo-en-ar.jpg' }).waitFor();
      await page.getByTestId('image-preview').waitFor();
      await expect.poll(() => page.getByTestId('ocr-hit').count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect((await page.getByTestId('doc-text').locator('mark').allInnerTexts()).map((m) => m.toLowerCase())).toContain('employer');
      await app.shot('05-viewer-ocr-hit');

      // The entity page: "Mentioned in" the PDF; a claim citing it, pre-filled with the page and the words.
      await nav(page, 'Entities').click();
      await page.getByRole('grid', { name: 'Entities' }).getByText('Omondi Wekesa', { exact: true }).click();
      await page.getByRole('heading', { name: 'Omondi Wekesa' }).waitFor();
      const mentions = page.getByTestId('mentions');
      const mention = mentions.getByTestId('mention').filter({ hasText: 'statement.pdf, p. 2' });
      await mention.waitFor({ timeout: 30_000 });
      await app.shot('06-mentioned-in');
      await mention.getByRole('button', { name: 'Create claim…' }).click();
      const claim = dialog(page, 'New claim about Omondi Wekesa');
      expect(await claim.getByLabel('Locator in statement.pdf').inputValue()).toBe('p. 2');
      expect(await claim.getByLabel('Excerpt from statement.pdf').inputValue()).toContain('Omondi Wekesa');
      await claim.locator('#claim-conduct').selectOption('trafficking_in_persons');
      await claim.getByRole('button', { name: 'Add claim' }).click();
      await toast(page, 'Claim added.');
      await mention.getByText('cited').waitFor();

      // The letter's suggestions: a name not in the case becomes an entity, then a claim citing the letter.
      await nav(page, 'Evidence').click();
      await table.getByText('letter.docx', { exact: true }).click();
      await page.getByRole('heading', { name: 'letter.docx' }).waitFor();
      const suggestions = page.getByTestId('suggestions');
      const unknown = suggestions.getByRole('listitem').filter({ hasText: 'Fennimore Ogunbanjo' });
      await unknown.waitFor({ timeout: 30_000 });
      await app.shot('07-suggestions');
      await unknown.getByRole('button', { name: 'Create entity…' }).click();
      const entityDialog = dialog(page, 'New entity');
      expect(await entityDialog.locator('#entity-name').inputValue()).toBe('Fennimore Ogunbanjo');
      await entityDialog.getByRole('button', { name: 'Add entity' }).click();
      await toast(page, 'Created Fennimore Ogunbanjo.');
      const named = suggestions.getByRole('listitem').filter({ hasText: 'Fennimore Ogunbanjo' }).filter({ has: page.getByRole('button', { name: 'Create claim…' }) });
      await named.waitFor({ timeout: 30_000 });
      await named.getByRole('button', { name: 'Create claim…' }).click();
      const claim2 = dialog(page, 'New claim about Fennimore Ogunbanjo');
      expect(await claim2.getByLabel('Locator in letter.docx').inputValue()).toBe('p. 1');
      await claim2.locator('#claim-conduct').selectOption('trafficking_in_persons');
      await claim2.getByRole('button', { name: 'Add claim' }).click();
      await toast(page, 'Claim created, citing this item.');
      await named.getByText('cited').waitFor({ timeout: 30_000 });
      const entities = await seed<{ id: string; name: string }[]>(app, 'entity.list', { caseId });
      const fennimore = entities.find((e) => e.name === 'Fennimore Ogunbanjo')!;
      const claims = await seed<{ data: { assertion: { entityId?: string }; evidence: { evidenceId: string; locator?: string }[] } }[]>(app, 'claim.list', { caseId });
      expect(claims.filter((c) => c.data.assertion.entityId === fennimore.id).map((c) => c.data.evidence)).toEqual([[{ evidenceId: byTitle('letter.docx').id, locator: 'p. 1' }]]);
      await app.shot('08-suggestion-claimed');
    },
    { id: 'documents', timeout: 600_000, autoText: true },
  );
});
