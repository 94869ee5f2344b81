/**
 * Issue 15, item 4: the entity form fits the kind. A bank account asks IBAN, account number, bank and holder (an
 * entity of the case, picked by name, or a new name), not person roles; a mistyped IBAN is refused under the
 * IBAN field before anything is sent; the holder is saved as an "owns" link. A vessel asks IMO, MMSI and flag (by
 * name in any language, the ISO code stored); a wrong IMO check digit is said under the IMO field. A toast shown
 * while the next form is open never covers that dialog's buttons. Screenshots: the bank-account form with its
 * error, filled, the vessel form with the toast beside it.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { EntityView } from '../../shared/ipc/schemas/case';
import { describeE2E, e2eTest } from './harness';
import { dialog, nav, openWorkspace, seed, toast } from './workspace-helpers';

const HOLDER = 'Omar Khalifa al-Misrati';
const ACCOUNT = 'Sahara Bank account ending 6543';
// A valid IBAN (GB check digits 82), and the same with its last digit mistyped.
const IBAN_OK = 'GB82 WEST 1234 5698 7654 32';
const IBAN_TYPO = 'GB82 WEST 1234 5698 7654 33';

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The boxes of every button of the dialog (footer and close button). */
async function buttonBoxes(d: Locator): Promise<Box[]> {
  const out: Box[] = [];
  for (const b of await d.locator('.bp6-dialog-footer button, .bp6-dialog-header button').all()) {
    const box = await b.boundingBox();
    if (box) out.push(box);
  }
  return out;
}

async function toastBoxes(page: Page): Promise<Box[]> {
  const out: Box[] = [];
  for (const t of await page.locator('.bp6-toast').all()) {
    const box = await t.boundingBox();
    if (box) out.push(box);
  }
  return out;
}

describeE2E('entity forms that fit the kind', () => {
  e2eTest(
    'a bank account asks IBAN, bank and holder and checks the IBAN; a vessel its IMO and flag; toasts stay clear of dialog buttons',
    async (app) => {
      const { page } = app;
      const { caseId, holderId } = await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Zuwara payments 2022' });
          const h = await seed<{ id: string }>(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: HOLDER } });
          return { caseId: c.id, holderId: h.id };
        },
      });
      await page.getByTestId('case-switcher').getByText('Zuwara payments 2022').waitFor();
      await nav(page, 'Entities').click();
      await page.getByRole('button', { name: 'New entity' }).click();
      const form = dialog(page, 'New entity');
      await form.getByLabel('Kind').selectOption('bank_account');

      // The fields of an account, not those of a person.
      const kindFields = form.getByTestId('kind-fields');
      await kindFields.getByLabel('IBAN').waitFor();
      for (const label of ['Account number', 'SWIFT / BIC', 'Bank', 'Holder']) await kindFields.getByLabel(label, { exact: true }).waitFor();
      expect(await form.getByRole('group', { name: 'Roles' }).count()).toBe(0);
      expect(await form.getByRole('checkbox', { name: 'Trafficker' }).count()).toBe(0);
      expect(await form.getByLabel('Date of birth').count()).toBe(0);
      expect(await form.getByLabel('Name (required)').getAttribute('placeholder')).not.toContain('Brigade');

      // A mistyped IBAN: refused under the IBAN field, nothing sent.
      await form.getByLabel('Name (required)').fill(ACCOUNT);
      await kindFields.getByLabel('IBAN').fill(IBAN_TYPO);
      await kindFields.getByLabel('Bank', { exact: true }).fill('Sahara Bank, Zuwara branch');
      await form.getByRole('button', { name: 'Add entity' }).click();
      const ibanGroup = form.locator('[data-field="ids.iban"]');
      await ibanGroup.getByText('The check digits of this IBAN do not match', { exact: false }).waitFor();
      expect(await kindFields.getByLabel('IBAN').getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('entity-ids-iban');
      // The message sits under the field it is about: below the input, within its column.
      const input = (await kindFields.getByLabel('IBAN').boundingBox())!;
      const message = (await ibanGroup.getByRole('alert').boundingBox())!;
      expect(message.y).toBeGreaterThanOrEqual(input.y + input.height - 1);
      expect(message.x).toBeGreaterThanOrEqual(input.x - 1);
      expect(message.x).toBeLessThan(input.x + input.width);
      expect(app.calls.filter((c) => c.channel === 'entity.create')).toEqual([]);
      await app.shot('01-bank-account-iban-error');

      // Corrected, the holder picked from the case by part of the name.
      await kindFields.getByLabel('IBAN').fill(IBAN_OK);
      expect(await ibanGroup.getByRole('alert').count()).toBe(0);
      await kindFields.getByLabel('Account number').fill('0012 6543');
      await kindFields.getByLabel('Holder', { exact: true }).fill('misrati');
      await page.getByRole('option', { name: new RegExp(HOLDER) }).click();
      await kindFields.getByText(HOLDER).waitFor();
      await app.shot('02-bank-account-filled');
      await form.getByRole('button', { name: 'Add entity' }).click();
      await toast(page, `Bank account “${ACCOUNT}” added. Held by ${HOLDER}.`);
      // Where toasts appear (the toaster's place does not depend on what is open), kept for the check below.
      const seen = await toastBoxes(page);
      expect(seen.length).toBeGreaterThan(0);

      // Stored as typed into the right places: the IBAN in its electronic form, the bank, the holder's link.
      const rows = await seed<{ id: string; name: string }[]>(app, 'entity.list', { caseId });
      const accountId = rows.find((r) => r.name === ACCOUNT)!.id;
      const account = await seed<EntityView>(app, 'entity.get', { id: accountId });
      expect(account.data.identifiers).toEqual([
        { type: 'iban', value: 'GB82WEST12345698765432' },
        { type: 'account_number', value: '0012 6543' },
      ]);
      expect(account.data.bankName).toBe('Sahara Bank, Zuwara branch');
      expect(account.data.roles).toEqual([]);
      expect(account.links.map((l) => ({ kind: l.data.kind, source: l.data.source, target: l.data.target }))).toEqual([{ kind: 'owns', source: holderId, target: accountId }]);

      // The next form at once, with the toast still up: it covers none of the dialog's buttons.
      await page.getByRole('heading', { name: ACCOUNT }).waitFor();
      await page.getByText('Sahara Bank, Zuwara branch').waitFor();
      await nav(page, 'Entities').click();
      await page.getByRole('button', { name: 'New entity' }).click();
      const next = dialog(page, 'New entity');
      await next.getByLabel('Kind').selectOption('vessel');
      const vesselFields = next.getByTestId('kind-fields');
      await next.getByLabel('Name (required)').fill('MV Sea Star');
      await vesselFields.getByLabel('IMO number').fill('IMO 9074728');
      await vesselFields.getByLabel('MMSI').fill('636012345');
      await vesselFields.getByLabel('Flag').fill('Panamá');
      await vesselFields.getByText('Panama', { exact: true }).waitFor();
      await next.getByRole('button', { name: 'Add entity' }).click();
      await next.locator('[data-field="ids.imo_number"]').getByText('The check digit (the last one) of this IMO number', { exact: false }).waitFor();
      // Those still up now (a toast lasts 5 s; on a loaded machine it may be gone), and where the first one was.
      const toasts = [...seen, ...(await toastBoxes(page))];
      const buttons = await buttonBoxes(next);
      expect(buttons.length).toBeGreaterThanOrEqual(3); // close, Cancel, Add entity
      for (const t of toasts) for (const b of buttons) expect(overlaps(t, b), `toast ${JSON.stringify(t)} over button ${JSON.stringify(b)}`).toBe(false);
      await app.shot('03-vessel-imo-error-toast-clear');

      await vesselFields.getByLabel('IMO number').fill('IMO 9074729');
      await next.getByRole('button', { name: 'Add entity' }).click();
      await toast(page, 'Vessel “MV Sea Star” added.');
      const vessel = (await seed<{ id: string; name: string }[]>(app, 'entity.list', { caseId })).find((r) => r.name === 'MV Sea Star')!;
      const v = await seed<EntityView>(app, 'entity.get', { id: vessel.id });
      expect(v.data.flag).toBe('pa');
      expect(v.data.identifiers).toEqual([
        { type: 'imo_number', value: 'IMO9074729' },
        { type: 'mmsi', value: '636012345' },
      ]);
      await page.getByText('Panama (PA)').waitFor();

      // A holder not in the case yet: named in the form, added as a company, linked.
      await nav(page, 'Entities').click();
      await page.getByRole('button', { name: 'New entity' }).click();
      const third = dialog(page, 'New entity');
      await third.getByLabel('Kind').selectOption('bank_account');
      await third.getByLabel('Name (required)').fill('Wahda Bank USD account');
      await third.getByLabel('Holder not in the case yet: name').fill('Sea Star Shipping Ltd');
      await third.getByLabel('The new holder is').selectOption('company');
      await third.getByRole('button', { name: 'Add entity' }).click();
      await toast(page, 'Held by Sea Star Shipping Ltd.');
      const after = await seed<{ id: string; name: string; kind: string }[]>(app, 'entity.list', { caseId });
      const company = after.find((r) => r.name === 'Sea Star Shipping Ltd');
      expect(company?.kind).toBe('company');
      const second = await seed<EntityView>(app, 'entity.get', { id: after.find((r) => r.name === 'Wahda Bank USD account')!.id });
      expect(second.links.map((l) => [l.data.kind, l.data.source])).toEqual([['owns', company!.id]]);
    },
    { id: 'entity-forms', timeout: 180_000 },
  );
});
