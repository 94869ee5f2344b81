/**
 * Criteria and listing proposals end to end: a Libya trafficking case seeded through the real services, the
 * case-wide criteria overview, one entity's matrix with a drill-down into a claim and its graded evidence, the
 * victim exclusion and its override, then the proposal editor (live preview of unsaved edits, save, export to
 * HTML, Word and PDF — the PDF printed by Chromium from the preview on screen). A protected witness whose real
 * name appears in a claim is never named on screen or in any export.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { dialog, expectNotOnPage, nav, openWorkspace, setChecked, toast } from './workspace-helpers';

const MILAD = 'Abd Al-Rahman Al-Milad';
const GHERMAY = 'Ermias Ghermay';
const VICTIM = 'V-003';
const WITNESS_REAL_NAME = 'Yonas Tesfay';
const LIBYA = 'un-1970-libya';

async function seedCase(app: E2EApp) {
  await app.session.unlockWitness(WITNESS_PASS);
  const ws = app.session.workspace();
  const caseId = ws.cases.create({ name: 'Zawiya coast network', countries: ['ly'] }).id;
  const ent = (d: Record<string, unknown>) => ws.entities.create({ caseId, ...d }).id;
  const milad = ent({ kind: 'person', name: MILAD, originalScriptName: 'عبد الرحمن الميلاد', roles: ['commander'], nationality: ['ly'], birthDate: { value: '1989-12-29' } });
  const ghermay = ent({ kind: 'person', name: GHERMAY, roles: ['trafficker'], nationality: ['er'] });
  const victim = ent({ kind: 'person', name: VICTIM, roles: ['victim'] });
  const detention = ws.events.create({
    caseId,
    title: 'Detention and ransom demands at Al-Nasr centre',
    date: { from: '2017-05', to: '2017-07' },
    place: { name: 'Zawiya', country: 'ly' },
    participants: [{ entityId: milad, role: 'controls the centre' }],
    conduct: ['arbitrary_detention', 'kidnap_for_ransom'],
  }).id;
  const panel = ws.sources.create({ caseId, name: 'Panel site visit', type: 'on_site_observation', reliability: 'A' }).id;
  const ngo = ws.sources.create({ caseId, name: 'NGO monitoring report', type: 'ngo', reliability: 'B' }).id;
  const intake = async (name: string, sourceId: string, credibility: number) => (await ws.evidence.intake([Buffer.from(`contents of ${name}`)], { caseId, originalName: name, sourceId, credibility })).id;
  const notes = await intake('site-visit-notes.txt', panel, 2);
  const report = await intake('ngo-report-2017.txt', ngo, 2);
  const interview = await intake('ngo-interview-ghermay.txt', ngo, 3);
  const witness = ws.witnesses.create({ caseId, pseudonym: 'W-017', riskLevel: 'extreme' });
  ws.witnesses.setIdentity(witness.id, { fullName: WITNESS_REAL_NAME });
  const statement = ws.witnesses.recordStatement({
    caseId,
    witnessId: witness.id,
    consent: { useForListing: true, shareWithProsecutors: true, mayBeNamed: false },
    text: 'I was held for two months; the commander decided who was released after payment.',
    credibility: 2,
  });
  // Two independent graded sources for the same fact: met.
  const miladClaim = ws.claims.create({
    caseId,
    assertion: { type: 'conduct', entityId: milad, conduct: 'kidnap_for_ransom', eventId: detention, country: 'ly' },
    statement: `Al-Milad held migrants for ransom at the Al-Nasr centre, as ${WITNESS_REAL_NAME} and others described.`,
    evidence: [{ evidenceId: notes }, { evidenceId: report }, { evidenceId: statement.id }],
    assessment: 'probable',
    releasable: true,
  }).id;
  // One source only: partly supported.
  const ghermayClaim = ws.claims.create({
    caseId,
    assertion: { type: 'conduct', entityId: ghermay, conduct: 'trafficking_in_persons', country: 'ly' },
    statement: 'Ghermay organised the sale of migrants between detention centres.',
    evidence: [{ evidenceId: interview }],
    assessment: 'possible',
  }).id;
  ws.claims.create({
    caseId,
    assertion: { type: 'conduct', entityId: victim, conduct: 'torture', eventId: detention, country: 'ly' },
    statement: 'V-003 was made to beat other detainees.',
    evidence: [{ evidenceId: notes }, { evidenceId: report }],
    assessment: 'possible',
  });
  return { caseId, milad, ghermay, victim, miladClaim, ghermayClaim };
}

/** The Libya block of the matrix on screen, and one criterion's row in it. */
const libya = (app: E2EApp) => app.page.locator(`[data-testid="crit-regime"][data-regime="${LIBYA}"]`);
const row = (app: E2EApp, id: string) => libya(app).locator(`[data-testid="crit-row"][data-criterion="${id}"]`);

/** Text of a PDF, page by page, with pdf.js (already a dependency for evidence previews). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js 5+ expects Promise.withResolvers (Node 22); the tests also run on Node 20.
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    parts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.cleanup();
  return parts.join('\n');
}

describeE2E('criteria matrix and listing proposals over the real router', () => {
  e2eTest(
    'shows met, partly supported and excluded criteria, drills into evidence, overrides a victim exclusion, edits and exports a proposal',
    async (app) => {
      const { page } = app;
      const s = await openWorkspace(app, { seed: () => seedCase(app) });

      // Case-wide overview: one row per entity, status in words (not colour alone).
      await nav(page, 'Criteria').click();
      await page.getByRole('heading', { name: 'Criteria', exact: true }).waitFor();
      const overview = page.getByTestId('criteria-overview');
      const statusOf = async (name: string) => overview.locator('tr', { hasText: name }).locator('.crit-status').getAttribute('data-status');
      await overview.getByText(MILAD).waitFor();
      expect(await statusOf(MILAD)).toBe('met');
      expect(await statusOf(VICTIM)).toBe('excluded');
      // Under the UN Libya regime's standard (two independent sources per fact), one source is not enough.
      await page.getByRole('combobox', { name: 'Regime' }).selectOption(LIBYA);
      await overview.locator('tr', { hasText: GHERMAY }).locator('.crit-status[data-status="partly"]').waitFor();
      expect(await statusOf(MILAD)).toBe('met');
      expect(await statusOf(VICTIM)).toBe('excluded');
      expect(await overview.locator('tr', { hasText: MILAD }).innerText()).toContain('LY-05');
      await app.shot('01-criteria-overview');

      // Al-Milad's matrix: LY-05 (S/RES/2213 para 11(a)) met with two independent sources.
      await overview.getByRole('button', { name: MILAD, exact: true }).click();
      await page.getByRole('heading', { name: MILAD }).waitFor();
      await row(app, 'LY-05').waitFor();
      expect(await row(app, 'LY-05').getAttribute('data-status')).toBe('met');
      expect(await row(app, 'LY-05').innerText()).toMatch(/Met[\s\S]*S\/RES\/2213 \(2015\), para 11\(a\)/);
      await app.shot('02-matrix-met');

      // Drill into the claim: statement, graded evidence, whether each item qualifies.
      await row(app, 'LY-05').getByRole('button', { name: /LY-05/ }).click();
      expect(await row(app, 'LY-05').getByRole('button', { name: /LY-05/ }).getAttribute('aria-expanded')).toBe('true');
      const claim = libya(app).getByTestId('crit-claim').first();
      await claim.getByText('Al-Milad held migrants for ransom', { exact: false }).waitFor();
      const ev = claim.getByRole('table', { name: 'Evidence cited' });
      await ev.getByText('site-visit-notes.txt').waitFor();
      expect(await ev.locator('tr', { hasText: 'site-visit-notes.txt' }).innerText()).toMatch(/A2[\s\S]*Panel site visit[\s\S]*Qualifies/);
      expect(await ev.locator('tr', { hasText: 'ngo-report-2017.txt' }).innerText()).toMatch(/B2[\s\S]*NGO monitoring report[\s\S]*Qualifies/);
      await libya(app).getByText(/independent sources for the best-supported fact/).first().waitFor();
      await app.shot('03-claim-drill-down');
      // The evidence title opens the evidence item.
      await ev.getByRole('button', { name: 'site-visit-notes.txt' }).click();
      await page.getByRole('heading', { name: 'site-visit-notes.txt' }).waitFor();

      // Ghermay: one source only, so partly supported — and the matrix says exactly what is missing.
      await nav(page, 'Criteria').click();
      await overview.getByRole('button', { name: GHERMAY, exact: true }).click();
      await page.getByRole('heading', { name: GHERMAY }).waitFor();
      expect(await row(app, 'LY-05').getAttribute('data-status')).toBe('partly');
      await row(app, 'LY-05').getByRole('button', { name: /LY-05/ }).click();
      await libya(app).getByText(/Only one independent source for any single fact/).first().waitFor();
      await app.shot('04-matrix-partly-gap');

      // The victim: every criterion excluded; the override needs a reason and a confirmation.
      await nav(page, 'Criteria').click();
      await overview.getByRole('button', { name: VICTIM, exact: true }).click();
      await libya(app).getByText('Excluded: recorded as a victim').waitFor();
      expect(await libya(app).locator('[data-testid="crit-row"][data-status="excluded"]').count()).toBe(await libya(app).getByTestId('crit-row').count());
      await app.shot('05-victim-excluded');
      await libya(app).getByRole('button', { name: 'Override the exclusion…' }).click();
      const od = dialog(page, 'Override the victim exclusion');
      const submit = od.getByRole('button', { name: 'Override exclusion' });
      expect(await submit.isDisabled()).toBe(true); // not before the confirmation is ticked
      await od.getByLabel('Reason').fill('guard');
      await setChecked(od.getByRole('checkbox'), true);
      await submit.click();
      await od.getByText('Give the reason in a sentence', { exact: false }).waitFor();
      expect(app.calls.filter((c) => c.channel === 'criteria.setOverride')).toEqual([]);
      await od.getByLabel('Reason').fill('Became a guard at the centre and beat other detainees on the commander’s orders.');
      await app.shot('06-override-dialog');
      await submit.click();
      await toast(page, 'Victim exclusion overridden');
      await libya(app).getByTestId('crit-override').getByText('Became a guard at the centre', { exact: false }).waitFor();
      expect(await libya(app).locator('[data-testid="crit-row"][data-status="excluded"]').count()).toBe(0);
      await app.shot('07-override-set');
      // Restoring the exclusion asks first.
      await libya(app).getByRole('button', { name: 'Restore the exclusion…' }).click();
      await dialog(page, 'Restore the victim exclusion?').getByRole('button', { name: 'Restore exclusion' }).click();
      await toast(page, 'Victim exclusion restored.');
      await libya(app).getByText('Excluded: recorded as a victim').waitFor();
      const audit = () => [...app.session.vault().audit.entries()].map((e) => e.action);
      expect(audit()).toEqual(expect.arrayContaining(['criteria.victim_override_set', 'criteria.victim_override_cleared']));

      // The entity page carries the matrix; a met regime leads to the proposal editor.
      await nav(page, 'Entities').click();
      await page.getByRole('grid', { name: 'Entities' }).getByText(MILAD).click();
      await page.getByRole('heading', { name: MILAD }).waitFor();
      await row(app, 'LY-05').waitFor();
      expect(await row(app, 'LY-05').getAttribute('data-status')).toBe('met');
      await app.shot('08-entity-page-matrix');
      await libya(app).getByRole('button', { name: 'Draft listing proposal' }).click();

      // The editor: the core's proposal as a document; the witness appears by pseudonym only.
      const preview = page.getByTestId('proposal-preview');
      await preview.getByRole('heading', { name: `Proposal for listing: ${MILAD}` }).waitFor();
      await preview.getByText('S/RES/2213 (2015), para 11(a)').first().waitFor(); // the criteria table (the narrative cites it too)
      await preview.getByText(/Witness statement \(W-017\)/).waitFor();
      await preview.getByText(/as W-017 and others described/).first().waitFor();
      await expectNotOnPage(page, [WITNESS_REAL_NAME], 'the proposal editor');
      await app.shot('09-proposal-editor');

      // Live preview of unsaved edits; Ctrl+S saves.
      await page.getByLabel('Introduction').fill('Proposed by the Panel of Experts on Libya.');
      await page.getByLabel('Point of contact').fill('Panel coordinator, secure line 3');
      await preview.getByText('Proposed by the Panel of Experts on Libya.').waitFor();
      await preview.getByText('Panel coordinator, secure line 3').waitFor();
      await page.getByText('Unsaved', { exact: true }).waitFor();
      expect(app.calls.filter((c) => c.channel === 'listing.saveDraft')).toEqual([]);
      await app.shot('10-live-preview-unsaved');
      await page.keyboard.press('Control+s');
      await toast(page, 'Proposal draft saved.');
      expect(await page.getByText('Unsaved', { exact: true }).count()).toBe(0);

      // Export: HTML, Word, PDF — each file hashed, logged, and free of the witness's real name.
      const exportAs = async (label: string, file: string) => {
        const path = join(app.scratchDir, file);
        app.dialogs.nextSavePath(path);
        await page.getByRole('button', { name: `Export ${label}` }).click();
        await page.getByTestId('export-result').getByText(file, { exact: true }).waitFor(); // the name only: the page never sees the path
        const bytes = readFileSync(path);
        const sha = createHash('sha256').update(bytes).digest('hex');
        expect((await page.getByTestId('export-result').innerText()).replace(/\s/g, '')).toContain(sha);
        return bytes;
      };
      const html = (await exportAs('HTML', 'proposal.html')).toString('utf8');
      expect(html).toContain('Proposed by the Panel of Experts on Libya.');
      expect(html).toContain('W-017');
      expect(html).not.toContain(WITNESS_REAL_NAME);
      const docx = await exportAs('Word', 'proposal.docx');
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      const pdf = await exportAs('PDF', 'proposal.pdf');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await app.shot('11-exported');
      // The printed form is the document, not the app around it.
      const text = await pdfText(new Uint8Array(pdf));
      expect(text).toContain(`Proposal for listing: ${MILAD}`);
      expect(text).toMatch(/Statement of case/);
      expect(text).toContain('Proposed by the Panel of Experts on Libya.');
      expect(text).not.toContain(WITNESS_REAL_NAME);
      expect(text).not.toMatch(/Vault fingerprint|Save draft|Export HTML/);
      const exports = [...app.session.vault().audit.entries()].filter((e) => e.action === 'export.listing_proposal');
      expect(exports.map((e) => e.details!.format)).toEqual(['html', 'docx', 'pdf']);

      // The Listings area lists who can be proposed: met first, partly supported next, never the victim.
      await nav(page, 'Listings').click();
      const candidates = page.getByTestId('listing-candidates');
      await candidates.getByText(MILAD).first().waitFor();
      await candidates.getByText(GHERMAY).first().waitFor();
      expect(await candidates.getByText(VICTIM).count()).toBe(0);
      await app.shot('12-listings-overview');
      await expectNotOnPage(page, [WITNESS_REAL_NAME], 'the listings area');
      expect(s.miladClaim).toBeTruthy();
    },
    { id: 'criteria-listing', timeout: 240_000 },
  );

  e2eTest(
    'refuses a proposal for a victim and explains the empty states',
    async (app) => {
      const { page } = app;
      const s = await openWorkspace(app, {
        seed: async () => {
          const seeded = await seedCase(app);
          app.session.workspace().cases.create({ name: 'Empty case' });
          return seeded;
        },
      });
      const choose = async (name: string) => {
        await page.getByTestId('case-switcher').click();
        await page.getByRole('menuitem', { name }).click();
      };
      // Two cases: the criteria need one chosen first.
      await nav(page, 'Criteria').click();
      await choose('Zawiya coast network');
      await page.getByTestId('criteria-overview').getByRole('button', { name: VICTIM, exact: true }).click();
      await libya(app).getByText('Excluded: recorded as a victim').waitFor();
      expect(await libya(app).getByRole('button', { name: 'Draft listing proposal' }).count()).toBe(0);
      // The core refuses a proposal for a victim whatever the screen offers.
      const r = await app.router.invoke('listing.preview', { entityId: s.victim, regimeId: LIBYA });
      expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
      // A case without entities: the overviews say what to do.
      await choose('Empty case');
      await nav(page, 'Criteria').click();
      await page.getByRole('heading', { name: 'No entities in this case yet' }).waitFor();
      await nav(page, 'Listings').click();
      await page.getByRole('heading', { name: 'No one can be proposed yet' }).waitFor();
      await app.shot('empty-listings');
    },
    { id: 'criteria-listing-empty' },
  );
});
