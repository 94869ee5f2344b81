/**
 * Witnesses end to end: registering a witness with their real identity (compartment unlocked), revealing it
 * (logged), recording and editing a statement (unsaved-changes guard, Ctrl+S), then sealing the compartment
 * and checking that the real name is in no screen's HTML or text — search results included. Also: a new
 * recovery key from Settings, and resetting a forgotten witness passphrase with it.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASS, WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest } from './harness';
import { dialog, expectNotOnPage, nav, openWorkspace, seed, setChecked, toast } from './workspace-helpers';

const REAL_NAME = 'Mariam Tesfay Haile';
const SECRETS = ['Mariam', 'Tesfay Haile', 'Tesfay', '912 000 111', 'Hay Al-Matar'];

async function unlockCompartment(page: Page, passphrase = WITNESS_PASS): Promise<void> {
  const d = dialog(page, 'Unlock witness identities');
  await d.getByLabel('Witness-compartment passphrase', { exact: true }).fill(passphrase);
  await d.getByRole('button', { name: 'Unlock compartment' }).click();
  await d.waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('witness-compartment').getAttribute('data-state')).toBe('open');
}

describeE2E('witnesses and statements over the real router', () => {
  e2eTest(
    'records a witness with their identity and a statement; with the compartment sealed the real name is on no screen',
    async (app) => {
      const { page } = app;
      const { caseId } = await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Agadez route 2023', countries: ['ne', 'ly'] });
          await seed(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: 'Ibrahim Ould Salek', aliases: [{ value: 'Abu Salek' }], roles: ['smuggler'] } });
          return { caseId: c.id };
        },
      });

      // Register a witness: with the compartment sealed the form says the identity cannot be recorded now.
      await nav(page, 'Statements').click();
      await page.getByRole('heading', { name: 'No witnesses yet' }).waitFor();
      await page.getByRole('button', { name: 'Register the first witness' }).click();
      const form = dialog(page, 'New witness');
      await form.getByText('The witness compartment is sealed', { exact: false }).waitFor();
      await app.shot('01-new-witness-sealed');
      await form.getByRole('button', { name: 'unlock the compartment…' }).click();
      await unlockCompartment(page);
      await form.getByText('Real identity').waitFor();
      await form.getByLabel('Risk level').selectOption('extreme');
      await form.getByLabel('Full name (required)').fill(REAL_NAME);
      await form.getByLabel('Other names').fill('Mariam T.');
      await form.getByLabel('Date of birth').fill('1994');
      await form.getByLabel('Nationality').fill('ER');
      await form.getByLabel('How to reach them').fill('Via UNHCR focal point; phone +249 912 000 111');
      await form.getByLabel('Address').fill('Hay Al-Matar, Agadez');
      await app.shot('02-new-witness-identity');
      // Reliability is asked for, never defaulted to F (issue 11 rule 4).
      await form.getByRole('button', { name: 'Register witness' }).click();
      await form.getByText('Grade the witness as a source', { exact: false }).waitFor();
      await form.getByLabel('Reliability as a source').selectOption('C');
      await form.getByRole('button', { name: 'Register witness' }).click();
      await toast(page, 'Witness W-001 registered, identity sealed in the compartment.');
      await page.getByRole('heading', { name: 'Witness W-001' }).waitFor();

      // Revealing is explicit and says it is logged.
      const panel = page.getByTestId('identity-panel');
      await panel.getByText('Revealing the real identity is recorded in the activity log', { exact: false }).waitFor();
      expect(await page.locator('body').innerText()).not.toContain(REAL_NAME);
      await app.shot('03-witness-page-identity-hidden');
      await panel.getByTestId('reveal-identity').click();
      await panel.getByText(REAL_NAME).waitFor();
      await panel.getByText('Eritrea').waitFor();
      await app.shot('04-identity-revealed');
      const audit = await seed<{ entries: { action: string }[] }>(app, 'audit.list', { limit: 20 });
      expect(audit.entries.map((e) => e.action)).toContain('witness.identity_viewed');

      // A statement: interview details, consent, the account. Leaving unsaved asks first.
      await page.getByRole('button', { name: 'Record statement' }).click();
      await page.getByRole('heading', { name: 'New statement of W-001' }).waitFor();
      await page.getByLabel('Date', { exact: true }).fill('2023-05-14');
      await page.getByLabel('Place').fill('Agadez, transit centre');
      await page.getByLabel('Interviewer').fill('J. Moreau');
      await page.getByLabel('Language').fill('Tigrinya');
      await page.getByLabel('Interpreter').fill('INT-04');
      await setChecked(page.getByRole('checkbox', { name: 'May be used for a sanctions listing' }), true);
      await setChecked(page.getByRole('checkbox', { name: 'May be shared with prosecutors' }), true);
      await page.getByLabel('Account').fill(
        'In March 2023 I was held for three weeks in a compound outside Agadez. The man the guards called Abu Salek collected money from our families by phone. ' +
          'Those who could not pay were beaten. I saw him give orders to the drivers who took us north.',
      );
      await page.getByTestId('save-state').getByText('Unsaved changes').waitFor();
      await app.shot('05-statement-editor-unsaved');
      await nav(page, 'Entities').click();
      const leave = page.getByRole('alertdialog').or(page.locator('.bp6-alert'));
      await leave.getByText('This statement has unsaved changes. Leave without saving them?').waitFor();
      await app.shot('06-unsaved-changes-guard');
      await leave.getByRole('button', { name: 'Stay' }).click();
      await page.getByLabel('Account').focus();
      await page.keyboard.press('Control+s');
      await toast(page, 'Statement of W-001 recorded.');
      await page.getByTestId('save-state').getByText(/^Saved /).waitFor();
      // The recorded statement opens on its own page (no longer "New statement of …").
      await page.getByRole('heading', { name: 'Statement of W-001', exact: true }).waitFor();
      // Edit and save again with Ctrl+S, typing at the end of the account.
      await page.getByLabel('Account').press('Control+End');
      await page.keyboard.type(' One of the drivers was called Yonas.');
      await page.getByTestId('save-state').getByText('Unsaved changes').waitFor();
      await page.keyboard.press('Control+s');
      await toast(page, 'Statement saved.');
      await page.getByTestId('save-state').getByText(/^Saved /).waitFor();
      expect(await page.getByLabel('Account').inputValue()).toMatch(/\. One of the drivers was called Yonas\.$/);
      await app.shot('07-statement-saved');

      // Back on the witness page the identity is hidden again (a reveal lasts only while the page is open);
      // reveal it once more, then seal the compartment: the panel goes back to "sealed" at once.
      await page.getByRole('button', { name: 'Witness W-001' }).click();
      await panel.getByTestId('reveal-identity').waitFor();
      expect(await page.locator('body').innerText()).not.toContain(REAL_NAME);
      await panel.getByTestId('reveal-identity').click();
      await panel.getByText(REAL_NAME).waitFor();
      await page.getByTestId('witness-compartment').click();
      await page.getByTestId('identity-sealed').waitFor();
      await expectNotOnPage(page, SECRETS, 'the witness page after sealing');
      await app.shot('08-witness-page-sealed');

      // Every screen, sealed: nothing of the identity anywhere in the page's HTML or text.
      const statementId = (await seed<{ id: string; type: string }[]>(app, 'evidence.list', { caseId })).find((r) => r.type === 'statement')!.id;
      const screens: [string, () => Promise<void>][] = [
        ['the statement editor', async () => {
          await page.getByRole('table', { name: 'Statements' }).getByText('Statement of W-001').click();
          await page.getByLabel('Account').waitFor();
        }],
        ['the statements list', async () => {
          await nav(page, 'Statements').click();
          await page.getByRole('table', { name: 'Witnesses' }).getByText('W-001').waitFor();
        }],
        ['the cases list', async () => {
          await nav(page, 'Cases').click();
          await page.getByTestId('case-table').waitFor();
        }],
        ['the entity table', async () => {
          await nav(page, 'Entities').click();
          await page.getByRole('grid', { name: 'Entities' }).getByText('Ibrahim Ould Salek').waitFor();
        }],
        ['an entity page', async () => {
          await page.getByRole('grid', { name: 'Entities' }).getByText('Ibrahim Ould Salek').click();
          await page.getByRole('heading', { name: 'Ibrahim Ould Salek' }).waitFor();
        }],
        ['the evidence library', async () => {
          await nav(page, 'Evidence').click();
          await page.getByRole('grid', { name: 'Evidence items' }).getByText('Statement of W-001').waitFor();
        }],
        ['the statement as an evidence item', async () => {
          await page.getByRole('grid', { name: 'Evidence items' }).getByText('Statement of W-001').click();
          await page.getByTestId('custody-chain').getByText('Statement recorded').waitFor();
        }],
        ['the sources', async () => {
          await nav(page, 'Sources').click();
          await page.getByTestId('source-table').getByText('W-001').waitFor();
        }],
        ['the activity log', async () => {
          await nav(page, 'Activity log').click();
          await page.getByRole('table', { name: 'Activity log' }).getByText('Witness identity revealed').first().waitFor();
        }],
        ['the settings', async () => {
          await nav(page, 'Settings').click();
          await page.getByRole('heading', { name: 'Settings' }).waitFor();
        }],
        ['search results for the first name', async () => {
          await page.keyboard.press('Control+Shift+K'); // name search (Ctrl+K opens the search across everything)
          await page.keyboard.type('Mariam');
          await page.getByTestId('search-results').waitFor();
          await page.waitForTimeout(400);
        }],
        ['search results for the family name', async () => {
          await page.getByTestId('search-input').fill('Tesfay Haile');
          await page.getByTestId('search-results').waitFor();
          await page.waitForTimeout(400);
        }],
      ];
      for (const [where, visit] of screens) {
        await visit();
        // The search box holds (and the results echo) what the test typed: that is not from the vault.
        const typed = (await page.getByTestId('search-input').inputValue()) || undefined;
        await expectNotOnPage(page, SECRETS, where, typed);
        if (typed) expect(await page.getByTestId('search-results').getByRole('option').count(), `no search hit for "${typed}"`).toBe(0);
      }
      await app.shot('09-search-sealed');
      expect(statementId).toMatch(/^[0-9a-f]{32}$/);
    },
    { id: 'witness', timeout: 150_000 },
  );

  e2eTest(
    'issues a new recovery key from Settings and resets a forgotten witness passphrase with it',
    async (app) => {
      const { page } = app;
      await openWorkspace(app);
      await nav(page, 'Settings').click();
      await page.getByRole('button', { name: 'Issue a new recovery key…' }).click();
      const rotate = dialog(page, 'Issue a new recovery key');
      await rotate.getByText('the compartment must be unlocked first', { exact: false }).waitFor();
      expect(await rotate.getByRole('button', { name: 'Issue new recovery key' }).isDisabled()).toBe(true);
      await app.shot('01-rotate-needs-compartment');
      await rotate.getByRole('button', { name: 'Unlock the compartment…' }).click();
      await unlockCompartment(page);
      await rotate.getByLabel('Vault passphrase', { exact: true }).fill('not the passphrase');
      await rotate.getByRole('button', { name: 'Issue new recovery key' }).click();
      await rotate.getByText('That passphrase is not right.', { exact: false }).waitFor();
      await rotate.getByLabel('Vault passphrase', { exact: true }).fill(PASS);
      await rotate.getByRole('button', { name: 'Issue new recovery key' }).click();
      const groups = rotate.getByTestId('new-recovery-key').locator('.recovery-key-chars');
      await groups.first().waitFor();
      const key = (await groups.allTextContents()).join('-');
      expect(key).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){8}$/);
      await app.shot('02-new-recovery-key');
      const done = rotate.getByRole('button', { name: 'Done' });
      expect(await done.isDisabled()).toBe(true);
      await setChecked(rotate.getByRole('checkbox', { name: 'I have written down the new recovery key.' }), true);
      await done.click();
      await toast(page, 'New recovery key issued and the vault re-encrypted. The old key no longer works.');
      expect(await page.content()).not.toContain(key.slice(0, 9));

      // Forgot the witness passphrase: the new recovery key resets it.
      await page.getByTestId('witness-compartment').click();
      await expect.poll(() => page.getByTestId('witness-compartment').getAttribute('data-state')).toBe('sealed');
      await page.getByTestId('witness-compartment').click();
      await page.getByRole('button', { name: 'Forgot the witness passphrase? Use the recovery key' }).click();
      const reset = dialog(page, 'Reset the witness passphrase');
      const NEW_WITNESS = 'lantern harbour quiet seven';
      await reset.getByLabel('Recovery key').fill(key.toLowerCase().replace(/-/g, ' '));
      await reset.getByLabel('New witness passphrase', { exact: true }).fill(NEW_WITNESS);
      await reset.getByLabel('Repeat the new witness passphrase', { exact: true }).fill(NEW_WITNESS);
      await app.shot('03-reset-witness-passphrase');
      await reset.getByRole('button', { name: 'Set new witness passphrase' }).click();
      // The reset re-encrypts the compartment and leaves it open; sealed again, only the new passphrase opens it.
      await toast(page, 'Witness passphrase reset and the compartment re-encrypted; it is open now.');
      await expect.poll(() => page.getByTestId('witness-compartment').getAttribute('data-state')).toBe('open');
      await app.shot('04-witness-passphrase-reset');
      await page.getByTestId('witness-compartment').click();
      await expect.poll(() => page.getByTestId('witness-compartment').getAttribute('data-state')).not.toBe('open');
      await page.getByTestId('witness-compartment').click();
      await unlockCompartment(page, NEW_WITNESS);
    },
    { id: 'recovery', timeout: 90_000 },
  );
});
