/**
 * The vault screens end to end: built renderer in Chromium, real router, real vault (Argon2id at the floor).
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASS, WITNESS_PASS } from '../helpers/vault';
import { describeE2E, e2eTest, type E2EApp } from './harness';

const RECOVERY_KEY = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){8}$/;

/** Sets up a vault through the router (not the thing under test here) and leaves it locked. */
async function seedLockedVault(app: E2EApp, opts: { witnessPassphrase?: string } = {}): Promise<string> {
  const created = await app.router.invoke('vault.create', { passphrase: PASS, ...opts });
  if (!created.ok) throw new Error(`seeding the vault failed: ${created.error.message}`);
  const { recoveryKey } = created.value as { recoveryKey: string };
  await app.router.invoke('vault.lock', {});
  app.events.length = 0;
  return recoveryKey;
}

async function unlockThroughUi(page: Page, passphrase = PASS): Promise<void> {
  await page.getByRole('heading', { name: 'Unlock vault' }).waitFor();
  await page.getByLabel('Vault passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Vault passphrase', { exact: true }).press('Enter');
  await page.getByRole('navigation', { name: 'Areas' }).waitFor();
}

function nav(page: Page, area: string): Locator {
  return page.getByRole('navigation', { name: 'Areas' }).getByText(area, { exact: true });
}

/** Switches and checkboxes are set from the keyboard (focus + Space), as a keyboard user would. */
async function setToggle(control: Locator, on: boolean): Promise<void> {
  if ((await control.isChecked()) !== on) {
    await control.focus();
    await control.press('Space');
  }
  expect(await control.isChecked()).toBe(on);
}

async function isInvalid(locator: Locator): Promise<boolean> {
  return (await locator.getAttribute('aria-invalid')) === 'true';
}

describeE2E('vault screens over the real router', () => {
  e2eTest('creates a vault, shows the recovery key once, locks, refuses a wrong passphrase, unlocks', async (app) => {
    const { page } = app;
    await app.open();
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await app.shot('01-create-empty');

    // Too short: the core's minimum is enforced before any key derivation, next to the field.
    const pass = page.getByLabel('Vault passphrase', { exact: true });
    await pass.fill('too short');
    await page.getByLabel('Repeat the passphrase', { exact: true }).fill('too short');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('Use at least 10 characters. A few unrelated words work well.', { exact: true }).waitFor();
    expect(await isInvalid(pass)).toBe(true);
    expect(app.calls.filter((c) => c.channel === 'vault.create')).toEqual([]);

    await pass.fill(PASS);
    await page.getByText('Good.', { exact: true }).waitFor(); // the strength hint
    await page.getByLabel('Repeat the passphrase', { exact: true }).fill(PASS);
    await setToggle(page.getByRole('switch', { name: 'Separate passphrase for witness identities' }), true);
    await page.getByLabel('Witness-compartment passphrase', { exact: true }).fill(WITNESS_PASS);
    await page.getByLabel('Repeat the witness passphrase', { exact: true }).fill(WITNESS_PASS);
    await app.shot('02-create-filled');
    await page.getByLabel('Repeat the witness passphrase', { exact: true }).press('Enter');

    // The recovery key, once.
    await page.getByRole('heading', { name: 'Write down your recovery key' }).waitFor();
    const groups = await page.getByTestId('recovery-key').locator('.recovery-key-chars').allTextContents();
    const recoveryKey = groups.join('-');
    expect(recoveryKey).toMatch(RECOVERY_KEY);
    const proceed = page.getByRole('button', { name: 'Continue to Sanctum' });
    expect(await proceed.isDisabled()).toBe(true);
    await app.shot('03-recovery-key');
    await setToggle(page.getByRole('checkbox', { name: /I have written down the recovery key/ }), true);
    expect(await proceed.isEnabled()).toBe(true);
    await proceed.click();

    // The app frame; the key is gone from the page.
    await page.getByRole('navigation', { name: 'Areas' }).waitFor();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    expect(await page.content()).not.toContain(groups[0]! + groups[1]!);
    expect(await page.locator('body').innerText()).not.toContain(groups[4]!);
    await app.shot('04-frame');

    // Keyboard users see where focus is: the first Tab lands on the navbar's first control, with a ring.
    await page.keyboard.press('Tab');
    expect((await page.locator('body').getAttribute('class')) ?? '').not.toContain('bp6-focus-disabled');
    expect(await page.evaluate('document.activeElement && document.activeElement.dataset.testid')).toBe('case-switcher');
    await app.shot('05-keyboard-focus');
    expect(app.session.status()).toMatchObject({ exists: true, unlocked: true, witnessUnlocked: false });

    // Lock with the keyboard shortcut.
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Unlock vault' }).waitFor();
    expect(app.session.status().unlocked).toBe(false);
    await app.flushEvents();
    expect(app.events).toEqual([{ event: 'vault.locked', payload: { reason: 'user' } }]);
    // A lock the person asked for needs no explanation.
    expect(await page.getByText('Locked after inactivity').count()).toBe(0);

    // Wrong passphrase: a clear error next to the field; nothing unlocked.
    const unlockField = page.getByLabel('Vault passphrase', { exact: true });
    await unlockField.fill('wrong wrong wrong');
    await unlockField.press('Enter');
    await page.getByText('That passphrase is not right. Check Caps Lock and keyboard layout.').waitFor();
    expect(await isInvalid(unlockField)).toBe(true);
    expect(app.calls.filter((c) => c.channel === 'vault.unlock').map((c) => c.code)).toEqual(['WRONG_PASSPHRASE']);
    expect(app.session.status().unlocked).toBe(false);
    await app.shot('06-wrong-passphrase');

    // The right one.
    await unlockField.fill(PASS);
    await unlockField.press('Enter');
    await page.getByRole('navigation', { name: 'Areas' }).waitFor();
    expect(app.session.status().unlocked).toBe(true);
    await app.shot('07-unlocked');
  }, { id: 'create-lock-unlock' });

  e2eTest('returns to the unlock screen with a calm notice when the session locks on idle or suspend', async (app) => {
    const { page, session } = app;
    await seedLockedVault(app);
    await app.open();
    await unlockThroughUi(page);

    // Input in the page is reported to main (idle countdown), at most once per 30 s.
    await page.mouse.move(200, 200);
    await page.mouse.move(300, 260);
    await page.keyboard.press('Shift');
    await expect.poll(() => app.calls.filter((c) => c.channel === 'session.activity').length).toBe(1);

    // The person sets 5 minutes; six minutes pass with no input; the shell's periodic tick locks.
    await nav(page, 'Settings').click();
    await page.getByLabel('Lock after this many minutes without activity').fill('5');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    app.advanceClock(6 * 60_000);
    expect(session.tick()).toBe(true);
    await app.flushEvents();
    await page.getByRole('heading', { name: 'Unlock vault' }).waitFor();
    await page.getByText('Locked after inactivity').waitFor();
    await page.getByText('Sanctum locked itself after 5 minutes without activity. Saved work is in the vault.').waitFor();
    await app.shot('01-idle-lock-notice');

    // Lid closed / suspend.
    await unlockThroughUi(page);
    session.systemEvent('suspend');
    await app.flushEvents();
    await page.getByText('Locked when the computer went to sleep').waitFor();
    await app.shot('02-suspend-lock-notice');
    expect(app.events.filter((e) => e.event === 'vault.locked').map((e) => e.payload)).toEqual([{ reason: 'idle' }, { reason: 'suspend' }]);

    // The notice goes once the vault is open again.
    await unlockThroughUi(page);
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Unlock vault' }).waitFor();
    expect(await page.getByText('Locked when the computer went to sleep').count()).toBe(0);
  }, { id: 'auto-lock' });

  e2eTest('keeps settings across lock and unlock, and records them in a verifiable activity log', async (app) => {
    const { page } = app;
    await seedLockedVault(app);
    await app.open();
    await unlockThroughUi(page);

    await nav(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    const idle = page.getByLabel('Lock after this many minutes without activity');
    expect(await idle.inputValue()).toBe('10'); // the default
    await app.shot('01-settings-defaults');
    await idle.fill('15');
    await setToggle(page.getByRole('switch', { name: /Lock when the computer sleeps/ }), false);
    // Locking later and not on sleep weakens the lock: the passphrase confirms it.
    await page.getByLabel('Vault passphrase', { exact: true }).fill(PASS);
    await page.getByLabel('Analyst name').fill('A. Investigator');
    await page.getByLabel('Analyst name').press('Enter');
    await page.getByText('Settings saved.').waitFor();
    await app.shot('02-settings-saved');
    expect(app.calls.filter((c) => c.channel === 'settings.update')).toMatchObject([{ ok: true }]);

    await page.getByTestId('lock-vault').click();
    await unlockThroughUi(page);
    await nav(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await page.getByLabel('Lock after this many minutes without activity').inputValue()).toBe('15');
    expect(await page.getByRole('switch', { name: /Lock when the computer sleeps/ }).isChecked()).toBe(false);
    expect(await page.getByLabel('Analyst name').inputValue()).toBe('A. Investigator');
    await app.shot('03-settings-after-unlock');

    // Both timers off: warn that the vault will never lock by itself.
    await page.getByLabel('Lock after this many minutes without activity').fill('0');
    await page.getByText(/Sanctum never locks by itself/).waitFor();
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await page.getByLabel('Lock after this many minutes without activity').inputValue()).toBe('15');

    // The activity log: the lock after the name change carries the analyst's name; the chain verifies.
    await nav(page, 'Activity log').click();
    await page.getByRole('heading', { name: 'Activity log' }).waitFor();
    const rows = page.getByRole('table', { name: 'Activity log' }).locator('[role="row"][data-seq]');
    await rows.first().waitFor();
    const lockedRow = rows.filter({ hasText: 'Vault locked' }).filter({ hasText: 'A. Investigator' });
    expect(await lockedRow.count()).toBe(1);
    expect(await rows.filter({ hasText: 'Settings changed' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Verify log' }).click();
    await page.getByText('Log intact').waitFor();
    await app.shot('04-activity-log-verified');

    // Someone with the vault folder deletes entry #2 from the database; verification names it.
    app.session.vault().db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    await page.getByRole('button', { name: 'Verify log' }).click();
    await page.getByText('Log broken at entry #2').waitFor();
    await page.getByText(/Entry #2 is missing/).waitFor();
    await app.shot('05-activity-log-broken');
  }, { id: 'settings-persist' });

  e2eTest(
    'opens and seals the witness compartment, changes the passphrase, recovers with the recovery key (dark)',
    async (app) => {
      const { page } = app;
      const recoveryKey = await seedLockedVault(app, { witnessPassphrase: WITNESS_PASS });
      await app.open();
      expect(await page.locator('body').getAttribute('class')).toContain('bp6-dark');
      await app.shot('01-unlock-dark');
      await unlockThroughUi(page);
      await app.shot('02-frame-dark');

      // Witness compartment: sealed -> wrong passphrase -> open -> sealed.
      const witness = page.getByTestId('witness-compartment');
      expect(await witness.getAttribute('data-state')).toBe('sealed');
      await witness.click();
      const field = page.getByLabel(/^Witness-compartment passphrase/);
      await field.fill(PASS); // the vault passphrase is not the compartment's
      await field.press('Enter');
      await page.getByRole('dialog').getByText('That passphrase is not right.', { exact: false }).waitFor();
      await app.shot('03-compartment-wrong');
      await field.fill(WITNESS_PASS);
      await field.press('Enter');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await witness.getAttribute('data-state')).toBe('open');
      expect(app.session.status().witnessUnlocked).toBe(true);
      await app.shot('04-compartment-open');
      await witness.click();
      await expect.poll(() => witness.getAttribute('data-state')).toBe('sealed');
      expect(app.session.status().witnessUnlocked).toBe(false);

      // Change the vault passphrase in Settings. Esc closes the dialog without changing anything.
      await nav(page, 'Settings').click();
      await page.getByRole('button', { name: 'Change vault passphrase…' }).click();
      await page.getByRole('dialog', { name: 'Change vault passphrase' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Change vault passphrase…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Change vault passphrase' });
      const NEW_PASS = 'granite lantern otter meridian';
      await dialog.getByLabel('Current vault passphrase', { exact: true }).fill('not the passphrase');
      await dialog.getByLabel('New vault passphrase', { exact: true }).fill(NEW_PASS);
      await dialog.getByLabel('Repeat the new passphrase', { exact: true }).fill(NEW_PASS);
      await dialog.getByLabel('Repeat the new passphrase', { exact: true }).press('Enter');
      await dialog.getByText(/That passphrase is not right\..*Nothing was changed\./).waitFor();
      await app.shot('05-change-passphrase-wrong-current');
      await dialog.getByLabel('Current vault passphrase', { exact: true }).fill(PASS);
      await dialog.getByRole('button', { name: 'Change passphrase' }).click();
      await page.getByText('Vault passphrase changed and the vault re-encrypted: an old copy of the header no longer opens it. Use the new passphrase from now on.').waitFor();
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // Lock; the old passphrase no longer opens the vault; the new one does.
      await page.getByTestId('lock-vault').click();
      const unlockField = page.getByLabel('Vault passphrase', { exact: true });
      await unlockField.fill(PASS);
      await unlockField.press('Enter');
      await page.getByText('That passphrase is not right.', { exact: false }).waitFor();
      await unlockThroughUi(page, NEW_PASS);

      // Forgot it: recover with the recovery key (typed in lower case with spaces, as people do).
      await page.getByTestId('lock-vault').click();
      await page.getByRole('button', { name: 'Forgot passphrase? Use recovery key' }).click();
      await page.getByRole('heading', { name: 'Recover with the recovery key' }).waitFor();
      const keyField = page.getByLabel('Recovery key');
      // A mistyped key: the core's check group catches it, shown next to the key field.
      const typo = recoveryKey.slice(0, -1) + (recoveryKey.endsWith('A') ? 'B' : 'A');
      await keyField.fill(typo);
      const RECOVERED_PASS = 'copper harbour violin thistle';
      await page.getByLabel('New vault passphrase', { exact: true }).fill(RECOVERED_PASS);
      await page.getByLabel('Repeat the new passphrase', { exact: true }).fill(RECOVERED_PASS);
      await page.getByRole('button', { name: 'Recover vault' }).click();
      await page.getByText('The recovery key looks mistyped.', { exact: false }).waitFor();
      await app.shot('06-recover-typo');
      await keyField.fill(recoveryKey.toLowerCase().replace(/-/g, ' '));
      await page.getByRole('button', { name: 'Recover vault' }).click();
      await page.getByRole('navigation', { name: 'Areas' }).waitFor();
      await page.getByText('Vault recovered and re-encrypted under a new key: the old passphrase no longer opens it, even with an old copy of the header. Use the new passphrase from now on.').waitFor();
      await app.shot('07-recovered');
      expect(app.calls.filter((c) => c.channel === 'vault.recover').map((c) => c.code ?? 'ok')).toEqual(['RECOVERY_KEY_MALFORMED', 'ok']);

      await page.getByTestId('lock-vault').click();
      await unlockThroughUi(page, RECOVERED_PASS);
    },
    { id: 'compartment-recovery-dark', colorScheme: 'dark' },
  );
});
