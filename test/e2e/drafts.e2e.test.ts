/**
 * Issue 15, item 1: the idle lock while a statement is being typed keeps the words. The person types, the
 * session locks on idle (the shell's tick), the lock screen says exactly what was kept, and after unlocking the
 * app is back on the same statement with the words in it. The typed words are in no file of the vault folder.
 * Screenshots: before the lock, the lock screen, after unlock.
 */
import { expect } from 'vitest';
import { filesUnder, findString } from '../helpers/files';
import { PASS } from '../helpers/vault';
import { describeE2E, e2eTest } from './harness';
import { dialog, nav, openWorkspace, seed, toast } from './workspace-helpers';

const WORDS = 'Canary-D15 they kept us in the warehouse at Kufra for eleven days';

describeE2E('drafts through the idle lock', () => {
  e2eTest(
    'an idle lock while a statement is typed keeps the words and comes back to the same screen',
    async (app) => {
      const { page, session } = app;
      await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Kufra crossings' });
          await seed(app, 'witness.create', { data: { caseId: c.id, pseudonym: 'W-001' }, reliability: 'ungraded' });
          await seed(app, 'settings.update', { idleLockMinutes: 5 });
        },
      });

      await nav(page, 'Statements').click();
      await page.getByText('W-001', { exact: true }).first().click();
      await page.getByRole('heading', { name: 'Witness W-001' }).waitFor();
      await page.getByRole('button', { name: 'Record statement' }).click();
      await page.getByRole('heading', { name: 'New statement of W-001' }).waitFor();
      await page.getByLabel('Place').fill('Agadez, transit centre');
      await page.getByLabel('Account').fill(WORDS);
      // The draft reaches main (memory only) shortly after typing pauses.
      await expect.poll(() => app.calls.filter((c) => c.channel === 'drafts.put').length, { timeout: 20_000 }).toBeGreaterThan(0);
      await app.shot('01-typing-before-lock');

      app.advanceClock(6 * 60_000);
      expect(session.tick()).toBe(true);
      await app.flushEvents();
      await page.getByRole('heading', { name: 'Unlock vault' }).waitFor();
      await page.getByText('Locked after inactivity').waitFor();
      // The minutes are named even though this app opened on an already unlocked vault (its first status read).
      await page.getByText('locked itself after 5 minutes without activity', { exact: false }).waitFor();
      await page.getByText('Kept 1 unsaved draft: statement for case Kufra crossings.', { exact: false }).waitFor();
      expect(await page.getByText('Everything was saved', { exact: false }).count()).toBe(0);
      await app.shot('02-lock-screen-says-what-was-kept');

      // Sealed, never plaintext: the words are in no file of the locked vault.
      const hits = filesUnder(app.vaultDir).flatMap((f) => findString(f.bytes, 'Canary-D15').map((enc) => `${f.path} ${enc}`));
      expect(hits).toEqual([]);

      await page.getByLabel('Vault passphrase', { exact: true }).fill(PASS);
      await page.getByLabel('Vault passphrase', { exact: true }).press('Enter');
      // Back on the statement, with the words.
      await page.getByRole('heading', { name: 'New statement of W-001' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => page.getByLabel('Account').inputValue(), { timeout: 20_000 }).toBe(WORDS);
      expect(await page.getByLabel('Place').inputValue()).toBe('Agadez, transit centre');
      await app.shot('03-after-unlock-words-back');

      // Saved, the draft is gone: the next lock keeps nothing and the log has keep and restore.
      await page.getByRole('button', { name: 'Record statement' }).click();
      await toast(page, 'Statement of W-001 recorded.');
      await expect.poll(() => app.calls.filter((c) => c.channel === 'drafts.clear').length, { timeout: 20_000 }).toBeGreaterThan(0);
      const audit = await seed<{ entries: { action: string }[] }>(app, 'audit.list', { limit: 50 });
      expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['draft.kept', 'draft.restored']));
      app.events.length = 0;
      await page.keyboard.press('Control+l');
      await page.getByRole('heading', { name: 'Unlock vault' }).waitFor();
      await app.flushEvents();
      expect(app.events.map((e) => e.payload)).toEqual([{ reason: 'user' }]);
    },
    { timeout: 240_000 },
  );

  e2eTest(
    'a kept entity draft reopens its dialog; another kept draft is listed and can be discarded',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Sabha depot' });
          // An older draft, kept at an earlier lock (written through the router).
          await seed(app, 'drafts.put', { key: 'event:new:x', form: 'event', caseId: c.id, route: { area: 'events' }, context: {}, fields: { title: 'Older draft' } });
          await seed(app, 'vault.lock', {});
          await seed(app, 'vault.unlock', { passphrase: PASS });
        },
      });
      // The app opened where that draft was written, and lists it.
      await page.getByRole('region', { name: 'Kept drafts' }).getByText('event for case Sabha depot').waitFor();

      await nav(page, 'Entities').click();
      await page.getByRole('button', { name: /New entity/ }).first().click();
      const form = dialog(page, 'New entity');
      await form.getByLabel('Name (required)').fill('Canary-D15 Abdelkader');
      await expect.poll(() => app.calls.filter((c) => c.channel === 'drafts.put').length, { timeout: 20_000 }).toBeGreaterThan(0);
      await page.keyboard.press('Control+l');
      await page.getByText('Kept 1 unsaved draft: entity for case Sabha depot.', { exact: false }).waitFor();
      await page.getByLabel('Vault passphrase', { exact: true }).fill(PASS);
      await page.getByLabel('Vault passphrase', { exact: true }).press('Enter');
      const again = dialog(page, 'New entity');
      await expect.poll(() => again.getByLabel('Name (required)').inputValue(), { timeout: 20_000 }).toBe('Canary-D15 Abdelkader');
      // The older draft is listed above the screen.
      const bar = page.getByRole('region', { name: 'Kept drafts' });
      await bar.getByText('event for case Sabha depot').waitFor();
      await app.shot('04-entity-dialog-restored-other-listed');

      // Cancel with unsaved words asks first.
      await again.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Discard draft' }).click();
      await again.waitFor({ state: 'detached' });
      await bar.getByRole('button', { name: 'Discard the event for case Sabha depot' }).click();
      await page.getByRole('button', { name: 'Discard draft' }).click();
      await bar.waitFor({ state: 'detached' });
      expect(await seed(app, 'drafts.list', {})).toEqual([]);
    },
    { timeout: 240_000 },
  );
});
