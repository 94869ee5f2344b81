/**
 * Issue 15, item 1, on the forms beyond the statement editor: the link form survives an idle lock (the last
 * words typed just before it included: the lock asks the page for what its typing pause still holds), the
 * proposal editor survives a manual lock pressed right after typing, and every other form (source, case,
 * witness, evidence details, event edit) registers its draft, keeps a witness's real identity out of it, and
 * asks before Escape, the close button or Cancel drops what was typed.
 * Screenshots: each restored form after unlock.
 */
import { expect } from 'vitest';
import { PASS, WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { dialog, nav, openWorkspace, seed, toast } from './workspace-helpers';

const CASE = 'Zawiya coast network';
const MILAD = 'Abd Al-Rahman Al-Milad';
const GHERMAY = 'Ermias Ghermay';
const EVENT = 'Detention at Al-Nasr centre';
const REAL_NAME = 'Selamawit Kidane Haile';

async function seedCase(app: E2EApp) {
  const ws = app.session.workspace();
  const caseId = ws.cases.create({ name: CASE, countries: ['ly'] }).id;
  const milad = ws.entities.create({ caseId, kind: 'person', name: MILAD, roles: ['commander'], nationality: ['ly'] }).id;
  ws.entities.create({ caseId, kind: 'person', name: GHERMAY, roles: ['trafficker'], nationality: ['er'] });
  const event = ws.events.create({ caseId, title: EVENT, date: { value: '2017-05' }, place: { name: 'Zawiya', country: 'ly' }, participants: [{ entityId: milad, role: 'controls the centre' }], conduct: ['kidnap_for_ransom'] }).id;
  const panel = ws.sources.create({ caseId, name: 'Panel site visit', type: 'on_site_observation', reliability: 'A' }).id;
  const ngo = ws.sources.create({ caseId, name: 'NGO monitoring report', type: 'ngo', reliability: 'B' }).id;
  const intake = async (name: string, sourceId: string) => (await ws.evidence.intake([Buffer.from(`contents of ${name}`)], { caseId, originalName: name, sourceId, credibility: 2 })).id;
  const notes = await intake('site-visit-notes.txt', panel);
  const report = await intake('ngo-report-2017.txt', ngo);
  // Two independent graded sources: the criterion is met, so a proposal can be drafted.
  ws.claims.create({
    caseId,
    assertion: { type: 'conduct', entityId: milad, conduct: 'kidnap_for_ransom', eventId: event, country: 'ly' },
    statement: 'Al-Milad held migrants for ransom at the Al-Nasr centre.',
    evidence: [{ evidenceId: notes }, { evidenceId: report }],
    assessment: 'probable',
    releasable: true,
  });
  await seed(app, 'settings.update', { idleLockMinutes: 5 });
  return { caseId };
}

/** The live drafts main holds (memory only) for this form. */
const live = (app: E2EApp, form: string) => app.session.drafts().all().filter((d) => d.form === form);

async function waitForDraft(app: E2EApp, form: string, words: string): Promise<void> {
  await expect.poll(() => live(app, form).some((d) => JSON.stringify(d.fields).includes(words)), { timeout: 20_000 }).toBe(true);
}

async function unlock(app: E2EApp): Promise<void> {
  await app.page.getByLabel('Vault passphrase', { exact: true }).fill(PASS);
  await app.page.getByLabel('Vault passphrase', { exact: true }).press('Enter');
}

/** Escape and the close button ask (and "Keep editing" keeps the form); Cancel asks and discarding closes it. */
async function everyCloseAsks(app: E2EApp, form: ReturnType<typeof dialog>, draftForm: string): Promise<void> {
  const { page } = app;
  const question = page.getByRole('alertdialog').filter({ hasText: 'What was typed is not kept' });
  await form.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Escape');
  await question.waitFor();
  await question.getByRole('button', { name: 'Keep editing' }).click();
  await question.waitFor({ state: 'detached' });
  await form.getByRole('button', { name: 'Close' }).click();
  await question.waitFor();
  await question.getByRole('button', { name: 'Keep editing' }).click();
  await question.waitFor({ state: 'detached' });
  expect(await form.count()).toBe(1);
  await form.getByRole('button', { name: 'Cancel' }).click();
  await question.getByRole('button', { name: 'Discard draft' }).click();
  await form.waitFor({ state: 'detached' });
  await expect.poll(() => live(app, draftForm).length, { timeout: 20_000 }).toBe(0);
}

describeE2E('drafts on every form', () => {
  e2eTest(
    'the link form survives an idle lock and the proposal editor a manual lock, with the last words typed',
    async (app) => {
      const { page, session } = app;
      await openWorkspace(app, { seed: () => seedCase(app) });

      await nav(page, 'Entities').click();
      await page.getByRole('grid', { name: 'Entities' }).getByText(MILAD).click();
      await page.getByRole('heading', { name: MILAD }).waitFor();
      await page.getByRole('button', { name: 'Add link' }).click();
      const linkForm = dialog(page, `Add link from ${MILAD}`);
      await linkForm.getByLabel('Relationship').selectOption('acted_for');
      await linkForm.getByLabel('Other entity').fill('ghermay');
      await linkForm.getByRole('option', { name: new RegExp(GHERMAY) }).click();
      await linkForm.getByLabel('Role or capacity').fill('Canary-L15 paymaster');
      await waitForDraft(app, 'link', 'Canary-L15 paymaster');
      // The last words, and the idle lock straight after: the lock asks the page for what it still holds.
      await linkForm.getByLabel('Description').fill('Canary-L15 paid the guards every month');
      await app.shot('01-link-typing');
      app.advanceClock(6 * 60_000);
      expect(session.tick()).toBe(true);
      await app.flushEvents();
      await page.getByRole('heading', { name: 'Unlock vault' }).waitFor({ timeout: 30_000 });
      await page.getByText(`Kept 1 unsaved draft: link for case ${CASE}.`, { exact: false }).waitFor();
      expect(app.calls.filter((c) => c.channel === 'drafts.flushed').length).toBe(1);
      await app.shot('02-link-kept-lock-screen');

      await unlock(app);
      const again = dialog(page, `Add link from ${MILAD}`);
      await expect.poll(() => again.getByLabel('Description').inputValue(), { timeout: 30_000 }).toBe('Canary-L15 paid the guards every month');
      expect(await again.getByLabel('Role or capacity').inputValue()).toBe('Canary-L15 paymaster');
      expect(await again.getByLabel('Relationship').inputValue()).toBe('acted_for');
      await again.locator('.link-sentence').getByText(GHERMAY).waitFor();
      await app.shot('03-link-restored');
      await everyCloseAsks(app, again, 'link');

      // The proposal editor: typed, then the lock shortcut at once (no typing pause).
      await page.getByRole('button', { name: 'Draft listing proposal' }).first().click();
      await page.getByTestId('proposal-preview').waitFor();
      await page.getByLabel('Point of contact').fill('Canary-P15 panel coordinator');
      await page.getByLabel('Introduction').fill('Canary-P15 proposed by the Panel of Experts on Libya.');
      await page.keyboard.press('Control+l');
      await page.getByRole('heading', { name: 'Unlock vault' }).waitFor({ timeout: 30_000 });
      await page.getByText(`Kept 1 unsaved draft: listing proposal for case ${CASE}.`, { exact: false }).waitFor();
      await unlock(app);
      await expect.poll(() => page.getByLabel('Introduction').inputValue(), { timeout: 30_000 }).toBe('Canary-P15 proposed by the Panel of Experts on Libya.');
      expect(await page.getByLabel('Point of contact').inputValue()).toBe('Canary-P15 panel coordinator');
      await page.getByText('Unsaved', { exact: true }).waitFor();
      await app.shot('04-proposal-restored');
      // Saved: the draft goes, and the saved proposal holds the words.
      await page.keyboard.press('Control+s');
      await toast(page, 'Proposal draft saved.');
      await expect.poll(() => live(app, 'listing').length, { timeout: 20_000 }).toBe(0);
      expect(await seed(app, 'drafts.list', {})).toEqual([]);
    },
    { timeout: 300_000 },
  );

  e2eTest(
    'the source, case, witness, evidence and event forms keep drafts (never a real identity) and ask before closing',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, {
        seed: async () => {
          const s = await seedCase(app);
          await app.session.unlockWitness(WITNESS_PASS);
          return s;
        },
      });

      // Source.
      await nav(page, 'Sources').click();
      await page.getByRole('button', { name: 'New source' }).click();
      const source = dialog(page, 'New source');
      await source.getByLabel('Name (required)').fill('Canary-S15 harbour contact');
      await waitForDraft(app, 'source', 'Canary-S15 harbour contact');
      await everyCloseAsks(app, source, 'source');

      // Case.
      await nav(page, 'Cases').click();
      await page.getByRole('button', { name: 'New case' }).click();
      const kase = dialog(page, 'New case');
      await kase.getByLabel('Name (required)').fill('Canary-C15 Kufra route');
      await waitForDraft(app, 'case', 'Canary-C15 Kufra route');
      await everyCloseAsks(app, kase, 'case');

      // Witness: the notes are drafted, the real identity never is.
      await nav(page, 'Statements').click();
      await page.getByRole('button', { name: 'Register the first witness' }).click();
      const witness = dialog(page, 'New witness');
      await witness.getByText('Real identity').waitFor();
      await witness.getByLabel('Full name (required)').fill(REAL_NAME);
      await witness.getByLabel('Notes', { exact: true }).fill('Canary-W15 moved twice since March');
      await waitForDraft(app, 'witness', 'Canary-W15 moved twice since March');
      expect(JSON.stringify(app.session.drafts().all())).not.toContain('Selamawit');
      await app.shot('05-witness-draft-without-identity');
      await everyCloseAsks(app, witness, 'witness');

      // A witness form with only an identity typed still asks before closing (nothing was drafted).
      await page.getByRole('button', { name: 'Register the first witness' }).click();
      await witness.getByLabel('Full name (required)').fill(REAL_NAME);
      await witness.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Discard draft' }).click();
      await witness.waitFor({ state: 'detached' });
      expect(live(app, 'witness')).toEqual([]);

      // Evidence details.
      await nav(page, 'Evidence').click();
      await page.getByRole('grid', { name: 'Evidence items' }).getByText('site-visit-notes.txt', { exact: true }).click();
      await page.getByRole('heading', { name: 'site-visit-notes.txt' }).waitFor();
      const metadata = page.locator('.record-section').filter({ hasText: 'Metadata' });
      await metadata.getByRole('button', { name: 'Edit' }).click();
      await metadata.getByLabel('Notes', { exact: true }).fill('Canary-E15 photographed by the panel');
      await waitForDraft(app, 'evidence', 'Canary-E15 photographed by the panel');
      await metadata.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Discard draft' }).click();
      await metadata.getByRole('button', { name: 'Edit' }).waitFor();
      await expect.poll(() => live(app, 'evidence').length, { timeout: 20_000 }).toBe(0);

      // Event edit, then a lock: it reopens filled.
      await nav(page, 'Events').click();
      await page.getByTestId('event-table').getByText(EVENT).click();
      await page.getByRole('heading', { name: EVENT }).waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const event = dialog(page, /^Edit/);
      await event.getByLabel('Title (required)').fill('Canary-V15 detention and ransom');
      await waitForDraft(app, 'event', 'Canary-V15 detention and ransom');
      await page.keyboard.press('Control+l');
      await page.getByText(`Kept 1 unsaved draft: event for case ${CASE}.`, { exact: false }).waitFor({ timeout: 30_000 });
      await unlock(app);
      const eventAgain = dialog(page, /^Edit/);
      await expect.poll(() => eventAgain.getByLabel('Title (required)').inputValue(), { timeout: 30_000 }).toBe('Canary-V15 detention and ransom');
      await app.shot('06-event-edit-restored');
      await everyCloseAsks(app, eventAgain, 'event');
    },
    { timeout: 300_000 },
  );
});
