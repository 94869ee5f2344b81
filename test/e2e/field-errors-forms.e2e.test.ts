/**
 * Issue 15, item 4: errors under the field they are about, on the forms that still showed them at the top: a new
 * event, the event's edit, a claim, a screening decision, the victim-exclusion override, a witness's identity and
 * a statement. Each is sent with a bad value; the message must be the one the field is described by
 * (aria-describedby), below that field, the field marked invalid and focused, no banner at the top, and what was
 * typed still there. Then a bank account's holders: a new holder is one undo step with its "owns" link, and a
 * holder is removed from the form (confirmed, the link deletion audited). Screenshots: each form with its error,
 * the holder removal's confirmation.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { EntityView } from '../../shared/ipc/schemas/case';
import { WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';
import { dialog, nav, openWorkspace, seed, setChecked, toast } from './workspace-helpers';

const CASE = 'Kufra route 2021';
const SUBJECT = 'Yosief Tekle Berhane';
const VICTIM = 'V-017';
const EVENT = 'Holding at the Kufra warehouse';
const ACCOUNT = 'Wahda Bank account ending 1187';
const HOLDER = 'Kufra Logistics Ltd';

// A one-person list written for this test: the subject's name, listed under the Libya regime.
const LIST = `<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2024-05-01T10:00:00.000-05:00"><INDIVIDUALS>
<INDIVIDUAL><DATAID>7</DATAID><FIRST_NAME>YOSIEF TEKLE</FIRST_NAME><SECOND_NAME>BERHANE</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYi.977</REFERENCE_NUMBER><NATIONALITY><VALUE>Eritrea</VALUE></NATIONALITY></INDIVIDUAL>
</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;

/**
 * The field `#id` inside `scope` shows `text` in the message it is described by, below it and within its column;
 * it is marked invalid and has focus; the scope has no error banner of its own.
 */
async function expectUnderField(page: Page, scope: Locator, id: string, text: string | RegExp): Promise<void> {
  const input = scope.locator(`[id="${id}"]`);
  await expect.poll(() => input.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
  const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
  expect(describedBy).not.toBe('');
  const message = page.locator(`[id="${describedBy}"]`);
  await message.getByText(text).waitFor({ timeout: 20_000 });
  expect(await message.getAttribute('role')).toBe('alert');
  const field = (await input.boundingBox())!;
  const box = (await message.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
  expect(box.x).toBeGreaterThanOrEqual(field.x - 2);
  expect(box.x).toBeLessThan(field.x + field.width);
  await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe(id);
  expect(await scope.locator('.form-callout[role="alert"]').count()).toBe(0);
}

async function seedCase(app: E2EApp) {
  const ws = app.session.workspace();
  const caseId = ws.cases.create({ name: CASE, countries: ['ly'] }).id;
  const subject = ws.entities.create({ caseId, kind: 'person', name: SUBJECT, roles: ['trafficker'], nationality: ['er'] }).id;
  ws.entities.create({ caseId, kind: 'person', name: VICTIM, roles: ['victim'] });
  const event = ws.events.create({ caseId, title: EVENT, date: { value: '2021-03' }, place: { name: 'Kufra', country: 'ly' }, participants: [{ entityId: subject, role: 'perpetrator' }] }).id;
  await seed(app, 'compartment.unlock', { passphrase: WITNESS_PASS });
  await seed(app, 'witness.create', { data: { caseId }, reliability: 'C' });
  return { caseId, subject, event };
}

async function openEntity(page: Page, name: string): Promise<void> {
  await nav(page, 'Entities').click();
  await page.getByRole('grid', { name: 'Entities' }).getByText(name, { exact: true }).click();
  await page.getByRole('heading', { name }).waitFor();
}

describeE2E('errors under the field they are about', () => {
  e2eTest(
    'the event, event edit, claim, screening decision, override, identity and statement forms put a bad value’s message under its field',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, { seed: () => seedCase(app) });
      await page.getByTestId('case-switcher').getByText(CASE).waitFor();

      // 1. A new event from the subject's page: a date that is on no calendar.
      await openEntity(page, SUBJECT);
      await page.getByRole('button', { name: 'Add to event' }).click();
      const ev = dialog(page, `Add ${SUBJECT} to an event`);
      await ev.getByLabel('Title (required)').fill('Crossing at Al-Uwaynat');
      await ev.getByLabel('When').fill('2021-13-45');
      await ev.getByLabel(`Role of ${SUBJECT}`).selectOption('facilitator');
      await ev.getByRole('button', { name: 'Add event' }).click();
      await expectUnderField(page, ev, 'event-date', /Not a date on the calendar/);
      expect(await ev.getByLabel('Title (required)').inputValue()).toBe('Crossing at Al-Uwaynat');
      await app.shot('01-new-event-date');
      await ev.getByLabel('When').fill('2021-12');
      await ev.getByRole('button', { name: 'Add event' }).click();
      await toast(page, 'Event “Crossing at Al-Uwaynat” added.');

      // 2. A claim about the subject: a country that is none.
      await page.getByRole('button', { name: 'Add claim' }).click();
      const claim = dialog(page, `New claim about ${SUBJECT}`);
      await claim.getByLabel(`What ${SUBJECT} did`).selectOption('kidnap_for_ransom');
      await claim.getByLabel('Where (country)').fill('Atlantis');
      await claim.getByLabel('Statement').fill('Held the group until their families paid.');
      await claim.getByRole('button', { name: 'Add claim' }).click();
      await expectUnderField(page, claim, 'claim-country', /“Atlantis” is not a country/);
      expect(await claim.getByLabel('Statement').inputValue()).toBe('Held the group until their families paid.');
      await app.shot('02-claim-country');
      await claim.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: /Discard/ }).click();
      await claim.waitFor({ state: 'detached' });

      // 3. The event's edit: a victim group of nobody.
      await nav(page, 'Events').click();
      await page.getByTestId('event-table').getByText(EVENT).click();
      await page.getByRole('heading', { name: EVENT }).waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const edit = dialog(page, /^Edit/);
      await edit.getByLabel('What happened').fill('Forty people held for three weeks.');
      await edit.getByRole('button', { name: 'Add victim group' }).click();
      await edit.getByLabel('Number').fill('0');
      await edit.getByLabel('Nationality').last().fill('ER');
      await edit.getByRole('button', { name: 'Save event' }).click();
      await expectUnderField(page, edit, 'event-edit-victim-0-count', 'At least 1.');
      expect(await edit.getByLabel('What happened').inputValue()).toBe('Forty people held for three weeks.');
      await app.shot('03-event-edit-victims');
      await edit.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: /Discard/ }).click();
      await edit.waitFor({ state: 'detached' });

      // 4. A screening decision without a reason worth keeping.
      const file = join(app.scratchDir, 'list.xml');
      writeFileSync(file, LIST);
      await nav(page, 'Screening').click();
      app.dialogs.nextFiles([file]);
      await page.getByRole('button', { name: 'Import list…' }).click();
      await toast(page, /Imported/);
      await page.getByRole('button', { name: 'Screen the case' }).click();
      const hit = page.getByTestId('screening-hit').filter({ hasText: 'LYi.977' });
      await hit.waitFor({ timeout: 60_000 });
      await hit.getByRole('button', { name: 'False positive…' }).click();
      const decision = dialog(page, 'Dismiss the match');
      await decision.getByLabel('Reason').fill('no');
      await decision.getByRole('button', { name: 'Dismiss match' }).click();
      await expectUnderField(page, decision, 'decision-reason', /Say why, in a few words/);
      expect(await decision.getByLabel('Reason').inputValue()).toBe('no');
      await app.shot('04-screening-decision-reason');
      await decision.getByRole('button', { name: 'Cancel' }).click();

      // 5. The victim exclusion's override with a reason too short to be one.
      await nav(page, 'Criteria').click();
      await page.getByTestId('criteria-overview').getByRole('button', { name: VICTIM, exact: true }).click();
      await page.getByRole('button', { name: 'Override the exclusion…' }).first().click();
      const override = dialog(page, 'Override the victim exclusion');
      await override.getByLabel('Reason').fill('guard');
      await setChecked(override.getByRole('checkbox'), true);
      await override.getByRole('button', { name: 'Override exclusion' }).click();
      await expectUnderField(page, override, 'override-reason', /at least 10 characters/);
      await app.shot('05-override-reason');
      await override.getByRole('button', { name: 'Cancel' }).click();

      // 6. A witness's identity with a date of birth that never was.
      await nav(page, 'Statements').click();
      await page.getByRole('table', { name: 'Witnesses' }).getByText('W-001').click();
      await page.getByRole('heading', { name: 'Witness W-001' }).waitFor();
      await page.getByRole('button', { name: 'Record identity…' }).click();
      const identity = dialog(page, 'Identity of W-001');
      await identity.getByLabel('Full name (required)').fill('Helen Gebremedhin');
      await identity.getByLabel('Date of birth').fill('30.02.1996');
      await identity.getByRole('button', { name: 'Save in the compartment' }).click();
      await expectUnderField(page, identity, 'identity-birthDate', /Not a date on the calendar/);
      expect(await identity.getByLabel('Full name (required)').inputValue()).toBe('Helen Gebremedhin');
      await app.shot('06-identity-birth-date');
      await identity.getByRole('button', { name: 'Cancel' }).click();
      await identity.waitFor({ state: 'detached' });

      // 7. A statement whose interview date is backwards; the account typed stays.
      await page.getByRole('button', { name: 'Record statement' }).click();
      await page.getByRole('heading', { name: 'New statement of W-001' }).waitFor();
      const account = 'We were kept in a warehouse outside Kufra until the money came.';
      await page.getByLabel('Account').fill(account);
      await page.getByLabel('Date', { exact: true }).fill('2021-2019');
      await page.getByRole('button', { name: /Record statement/ }).click();
      await expectUnderField(page, page.locator('.statement-editor'), 'st-date', /runs backwards/);
      expect(await page.getByLabel('Account').inputValue()).toBe(account);
      expect(app.calls.filter((c) => c.channel === 'statement.create')).toEqual([]);
      await app.shot('07-statement-date');
      await page.getByLabel('Date', { exact: true }).fill('2019–2021');
      await page.getByRole('button', { name: /Record statement/ }).click();
      await toast(page, 'Statement of W-001 recorded.');
    },
    { id: 'field-errors-forms', timeout: 300_000 },
  );

  e2eTest(
    'a new holder is one undo step with its owns link; a holder is removed from the account’s form, confirmed and logged',
    async (app) => {
      const { page } = app;
      const { caseId, accountId } = await openWorkspace(app, {
        seed: async () => {
          const ws = app.session.workspace();
          const caseId = ws.cases.create({ name: CASE, countries: ['ly'] }).id;
          const accountId = ws.entities.create({ caseId, kind: 'bank_account', name: ACCOUNT }).id;
          return { caseId, accountId };
        },
      });
      const links = async () => (await seed<EntityView>(app, 'entity.get', { id: accountId })).links;

      // A holder not in the case yet, named in the account's form: added with its link as one step.
      await openEntity(page, ACCOUNT);
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const form = dialog(page, `Edit ${ACCOUNT}`);
      await form.getByLabel('Holder not in the case yet: name').fill(HOLDER);
      await form.getByLabel('The new holder is').selectOption('company');
      await form.getByRole('button', { name: 'Save entity' }).click();
      await toast(page, `Held by ${HOLDER}.`);
      await expect.poll(async () => (await links()).map((l) => l.source.name)).toEqual([HOLDER]);
      const undo = page.getByTestId('undo');
      await undo.getByText('Undo: create entity and owns link').waitFor();
      await app.shot('08-holder-undo-offered');
      await undo.click();
      await toast(page, 'Undone: create entity and owns link.');
      // Both went together: no holder left without its account, no link left without its holder.
      expect(await links()).toEqual([]);
      expect((await seed<{ name: string }[]>(app, 'entity.list', { caseId })).map((r) => r.name)).toEqual([ACCOUNT]);
      await undo.getByText('Undo: edit entity').waitFor();

      // A holder recorded earlier is removed from the form: asked first, then the link is deleted and logged.
      const made = await seed<{ entity: { id: string }; link: { id: string } }>(app, 'entity.createLinked', { data: { caseId, kind: 'person', name: 'Abrehet Kidane' }, link: { kind: 'owns', target: accountId } });
      await nav(page, 'Entities').click();
      await openEntity(page, ACCOUNT);
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      const again = dialog(page, `Edit ${ACCOUNT}`);
      await again.getByRole('list', { name: 'Holders of this account' }).getByText('Abrehet Kidane').waitFor();
      await again.getByRole('button', { name: 'Remove Abrehet Kidane as holder' }).click();
      const confirm = dialog(page, 'Remove the holder?');
      await confirm.getByText('stays in the case', { exact: false }).waitFor();
      await app.shot('09-holder-remove-confirm');
      await confirm.getByRole('button', { name: 'Remove holder' }).click();
      await toast(page, 'Abrehet Kidane is no longer recorded as holder.');
      expect(await again.getByRole('button', { name: 'Remove Abrehet Kidane as holder' }).count()).toBe(0);
      expect(await links()).toEqual([]);
      const log = await seed<{ entries: { action: string; target?: { id: string } }[] }>(app, 'audit.list', { limit: 5 });
      expect(log.entries[0]).toMatchObject({ action: 'link.deleted', target: { id: made.link.id } });
      // The person stays in the case.
      expect((await seed<{ name: string }[]>(app, 'entity.list', { caseId })).map((r) => r.name).sort()).toEqual(['Abrehet Kidane', ACCOUNT].sort());
      await app.shot('10-holder-removed');
    },
    { id: 'holder-forms', timeout: 240_000 },
  );
});
