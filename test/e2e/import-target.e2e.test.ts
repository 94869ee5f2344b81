/**
 * Issue 15, item 2: imports land in the case the person chose. A second case, just created, becomes the current
 * one; the FollowTheMoney import dialog names its target (the current case) and lets the person pick another,
 * and the entities go there and nowhere else; the evidence intake dialog does the same for files. Screenshots:
 * the new case current, the FtM dialog with its target, the intake dialog with its target, the result.
 * The package-import dialog's "an existing case" choice: the package lands in the case picked there (not the
 * current one, not a new one), and opening the result makes that case current.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeE2E, e2eTest } from './harness';
import { writeFixture } from './fixtures';
import { dialog, nav, openWorkspace, seed, toast } from './workspace-helpers';

const FIRST = 'Zawiya coast 2023';
const SECOND = 'Sabha transit 2021';
const FTM = [
  { id: 'os-p1', schema: 'Person', properties: { name: ['Ahmed Dabbashi'], nationality: ['ly'] } },
  { id: 'os-o1', schema: 'Organization', properties: { name: ['Anas al-Dabbashi Brigade'] } },
]
  .map((l) => JSON.stringify(l))
  .join('\n');

describeE2E('imports go into the case the person picks', () => {
  e2eTest(
    'a new case becomes current; the FtM import and the evidence intake name their case and go into the one picked',
    async (app) => {
      const { page } = app;
      const { firstId } = await openWorkspace(app, {
        seed: async () => ({ firstId: (await seed<{ id: string }>(app, 'case.create', { name: FIRST })).id }),
      });
      const switcher = page.getByTestId('case-switcher');
      await switcher.getByText(FIRST).waitFor();

      // 1. A second case: created, it is the current one at once.
      await nav(page, 'Cases').click();
      await page.getByRole('button', { name: 'New case' }).click();
      const caseDialog = dialog(page, 'New case');
      await caseDialog.getByLabel('Name (required)').fill(SECOND);
      await caseDialog.getByRole('button', { name: 'Create case' }).click();
      await toast(page, `Case “${SECOND}” created.`);
      await switcher.getByText(SECOND).waitFor();
      expect(await switcher.innerText()).not.toContain(FIRST);
      await page.getByTestId('case-table').getByRole('row').filter({ hasText: SECOND }).getByText('current').waitFor();
      await app.shot('01-new-case-current');
      const cases = await seed<{ id: string; data: { name: string } }[]>(app, 'case.list', {});
      const secondId = cases.find((c) => c.data.name === SECOND)!.id;

      // 2. Import FtM: the dialog names the current case as its target; the person picks the first case instead.
      const file = writeFixture(app.scratchDir, 'dabbashi.ftm.json', `${FTM}\n`);
      await page.getByRole('button', { name: 'Import FtM…' }).click();
      const imp = dialog(page, 'Import FollowTheMoney');
      const target = imp.getByLabel('Import into case');
      expect(await target.inputValue()).toBe(secondId);
      await imp.getByTestId('import-target-name').getByText(SECOND).waitFor();
      await target.selectOption({ label: FIRST });
      await imp.getByTestId('import-target-name').getByText(FIRST).waitFor();
      app.dialogs.nextFiles([file]);
      await imp.getByRole('button', { name: 'Choose file…' }).click();
      await imp.getByTestId('import-path').getByText('dabbashi.ftm.json').waitFor();
      await app.shot('02-ftm-import-target');
      await imp.getByRole('button', { name: 'Import', exact: true }).click();
      await imp.getByTestId('import-report').getByText('Import finished').waitFor({ timeout: 60_000 });
      await imp.getByRole('button', { name: 'Done' }).click();
      const inFirst = await seed<{ name: string }[]>(app, 'entity.list', { caseId: firstId });
      expect(inFirst.map((e) => e.name).sort()).toEqual(['Ahmed Dabbashi', 'Anas al-Dabbashi Brigade']);
      expect(await seed<unknown[]>(app, 'entity.list', { caseId: secondId })).toEqual([]);
      // The import did not switch the current case behind the person's back.
      await switcher.getByText(SECOND).waitFor();

      // 3. Evidence intake: the dialog names the current case and adds the file to the one picked.
      const doc = writeFixture(app.scratchDir, 'checkpoint-list.txt', 'Checkpoint 12: 40 passengers counted, two trucks.\n');
      await nav(page, 'Evidence').click();
      await page.getByRole('heading', { name: 'No evidence in this case yet' }).waitFor();
      app.dialogs.nextFiles([doc]);
      await page.getByRole('button', { name: 'Add files…' }).click();
      const intake = dialog(page, 'Add evidence files');
      await intake.getByText('checkpoint-list.txt').waitFor();
      const intakeTarget = intake.getByLabel('Add to case');
      expect(await intakeTarget.inputValue()).toBe(secondId);
      await intakeTarget.selectOption({ label: FIRST });
      await app.shot('03-intake-target');
      await intake.getByRole('button', { name: 'Add 1 file to the vault' }).click();
      await intake.getByTestId('intake-done').getByText(`1 file added to ${FIRST}`).waitFor({ timeout: 60_000 });
      await app.shot('04-intake-done-other-case');
      await intake.getByRole('button', { name: 'Done' }).click();
      const evFirst = await seed<{ title: string }[]>(app, 'evidence.list', { caseId: firstId });
      expect(evFirst.map((e) => e.title)).toEqual(['checkpoint-list.txt']);
      expect(await seed<unknown[]>(app, 'evidence.list', { caseId: secondId })).toEqual([]);
    },
    { id: 'import-target', timeout: 180_000 },
  );

  e2eTest(
    'a package imported into an existing case picked in the dialog lands there, and opening it makes that case current',
    async (app) => {
      const { page } = app;
      const MISRATA = 'Misrata boats 2022';
      const ZUWARA = 'Zuwara landings 2023';
      const ids = await openWorkspace(app, {
        seed: async () => {
          const source = (await seed<{ id: string }>(app, 'case.create', { name: MISRATA })).id;
          const doc = writeFixture(app.scratchDir, 'harbour-log.txt', 'Harbour log, 14 March: two boats left before dawn.\n');
          await seed(app, 'evidence.intake', { caseId: source, grants: [app.readGrant('evidence.intake', doc)], jobId: 'seed-intake-1' });
          const target = (await seed<{ id: string }>(app, 'case.create', { name: ZUWARA })).id;
          // The package, written by this vault (the harness answers the save dialog).
          app.dialogs.nextSavePath(join(app.scratchDir, 'misrata-package'));
          const save = await seed<{ file: { grant: string } }>(app, 'system.pickSavePath', { purpose: 'package.export' });
          await seed(app, 'package.export', {
            caseId: source,
            selection: { case: true },
            profile: 'panel',
            out: save.file.grant,
            packaging: 'directory',
            organization: { name: 'UN Panel of Experts on Libya' },
            jobId: 'seed-export-1',
          });
          return { source, target };
        },
      });
      const switcher = page.getByTestId('case-switcher');
      await nav(page, 'Cases').click();
      await page.getByRole('button', { name: `Open case ${MISRATA}` }).click();
      await switcher.getByText(MISRATA).waitFor();
      const casesBefore = (await seed<{ id: string }[]>(app, 'case.list', {})).length;

      await nav(page, 'Packages').click();
      await page.getByRole('tab', { name: 'Verify' }).click();
      app.dialogs.nextFiles([join(app.scratchDir, 'misrata-package', 'bagit.txt')]);
      await page.getByRole('button', { name: 'Choose a package folder…' }).click();
      await page.getByTestId('verify-verdict').getByText('Valid package').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Import into this vault…' }).click();
      const imp = dialog(page, 'Import into this vault');
      // Blueprint draws its own indicator over the input: click the label, as a person does.
      await imp.getByText('An existing case:', { exact: true }).click();
      expect(await imp.getByRole('radio', { name: 'An existing case:' }).isChecked()).toBe(true);
      const target = imp.getByTestId('import-target-case');
      // It starts on the current case, which is named as such; the person picks the other one.
      expect(await target.inputValue()).toBe(ids.source);
      await imp.getByRole('option', { name: `${MISRATA} (current)` }).waitFor({ state: 'attached' });
      await target.selectOption(ids.target);
      await app.shot('05-package-import-existing-case');
      await imp.getByRole('button', { name: 'Import', exact: true }).click();
      await imp.getByTestId('import-result').waitFor({ timeout: 60_000 });
      // Landed in the case picked: no new case, the file now in both (the original and its imported copy).
      expect((await seed<unknown[]>(app, 'case.list', {})).length).toBe(casesBefore);
      expect((await seed<{ title: string }[]>(app, 'evidence.list', { caseId: ids.target })).map((e) => e.title)).toEqual(['harbour-log.txt']);
      expect((await seed<unknown[]>(app, 'evidence.list', { caseId: ids.source })).length).toBe(1);
      await switcher.getByText(MISRATA).waitFor();

      await imp.getByRole('button', { name: 'Open the imported evidence' }).click();
      await switcher.getByText(ZUWARA).waitFor();
      await page.getByRole('grid', { name: 'Evidence items' }).getByText('harbour-log.txt', { exact: true }).waitFor();
      await app.shot('06-package-imported-case-current');
    },
    { id: 'import-target-package', timeout: 180_000 },
  );
});
