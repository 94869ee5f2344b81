/**
 * Search and FollowTheMoney exchange end to end: the navbar search finds an entity by a transliteration
 * variant of its name and by its Arabic alias (saying which alias matched), with keyboard navigation; an FtM
 * file with bad lines is refused as a whole, then imported with "valid lines only" and every rejected line
 * listed with its reason; the case is exported as FtM and the report's SHA-256 checked against the file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeE2E, e2eTest } from './harness';
import { sha256, writeFixture } from './fixtures';
import { dialog, nav, openWorkspace, seed, setChecked } from './workspace-helpers';

const NAME = 'Abd Al-Rahman Al-Milad';
const ARABIC = 'عبد الرحمن الميلاد';

const FTM_LINES = [
  JSON.stringify({ id: 'ftm-p-1', schema: 'Person', properties: { name: ['Mohammed Kashlaf'], alias: ['Al-Qasab'], nationality: ['ly'], birthDate: ['1985'] } }),
  JSON.stringify({ id: 'ftm-o-1', schema: 'Organization', properties: { name: ['Shuhada Al-Nasr Brigade'] } }),
  '{"id": "ftm-broken", "schema": "Person", "properties": {"name": ["Unclosed',
  JSON.stringify({ id: 'ftm-x-1', schema: 'Spaceship', properties: { name: ['Not a schema'] } }),
  JSON.stringify({ id: 'ftm-c-1', schema: 'Company', properties: { name: ['Zawiya Oil Refining Co.'], jurisdiction: ['ly'] } }),
  JSON.stringify({ id: 'ftm-m-1', schema: 'Membership', properties: { member: ['ftm-p-1'], organization: ['ftm-o-1'], role: ['commander'] } }),
];

describeE2E('search and FollowTheMoney exchange over the real router', () => {
  e2eTest(
    'finds an entity by a transliteration variant and by its Arabic alias, from the keyboard',
    async (app) => {
      const { page } = app;
      await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Zawiya coast 2023' });
          await seed(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: NAME, aliases: [{ value: ARABIC }, { value: 'Bija', quality: 'weak' }] } });
          await seed(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: 'Abdullah Milad Ben Omran' } });
          await seed(app, 'entity.create', { data: { caseId: c.id, kind: 'armed_group', name: 'Al-Nasr Brigade' } });
        },
      });

      await page.keyboard.press('Control+Shift+K'); // name search (Ctrl+K opens the search across everything)
      expect(await page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Search names and aliases');
      await page.keyboard.type('Abdulrahman Milad');
      const results = page.getByTestId('search-results');
      const first = results.getByRole('option').first();
      await first.getByText(NAME).waitFor();
      await app.shot('01-search-transliteration');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: NAME }).waitFor();

      // Arabic script input finds the same person.
      await page.keyboard.press('Control+Shift+K'); // name search (Ctrl+K opens the search across everything)
      await page.keyboard.type('الميلاد');
      await results.getByRole('option').filter({ hasText: NAME }).waitFor();
      await app.shot('02-search-arabic');
      // A nickname finds them too, and the result says which alias matched.
      await page.getByTestId('search-input').fill('Bija');
      await results.getByRole('option').filter({ hasText: NAME }).getByText('matched “Bija”').waitFor();
      await app.shot('03-search-alias');
      // ↓ / ↑ move through the results; Esc closes without going anywhere.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      expect(await results.getByRole('option', { selected: true }).count()).toBe(1);
      await page.keyboard.press('Escape');
      await results.waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: NAME }).waitFor();
    },
    { id: 'search' },
  );

  e2eTest(
    'imports FollowTheMoney (refusing a file with bad lines, then the valid lines only) and exports the case',
    async (app) => {
      const { page } = app;
      const { caseId } = await openWorkspace(app, {
        seed: async () => {
          const c = await seed<{ id: string }>(app, 'case.create', { name: 'Zawiya coast 2023' });
          await seed(app, 'entity.create', { data: { caseId: c.id, kind: 'person', name: NAME, aliases: [{ value: ARABIC }] } });
          return { caseId: c.id };
        },
      });
      const file = writeFixture(app.scratchDir, 'opensanctions-extract.ftm.json', `${FTM_LINES.join('\n')}\n`);

      // Import, all or nothing: two bad lines, so nothing is imported, and each is listed with its reason.
      await page.getByRole('button', { name: 'Import FtM…' }).click();
      const imp = dialog(page, 'Import FollowTheMoney');
      app.dialogs.nextFiles([file]);
      await imp.getByRole('button', { name: 'Choose file…' }).click();
      await imp.getByTestId('import-path').getByText('opensanctions-extract.ftm.json').waitFor();
      await app.shot('01-import-choose');
      await imp.getByRole('button', { name: 'Import', exact: true }).click();
      const report = imp.getByTestId('import-report');
      await report.getByText('Nothing was imported').waitFor();
      const rejected = report.getByRole('list', { name: 'Rejected lines' });
      await rejected.getByText('Line 3').waitFor();
      await rejected.getByText('Line 4').waitFor();
      expect(await rejected.locator('li').count()).toBe(2);
      await app.shot('02-import-refused');
      expect((await seed<unknown[]>(app, 'entity.list', { caseId })).length).toBe(1);
      await imp.getByRole('button', { name: 'Done' }).click();

      // Again, with "Import valid lines only": the good lines go in, the bad ones are still listed.
      await page.getByRole('button', { name: 'Import FtM…' }).click();
      app.dialogs.nextFiles([file]);
      await imp.getByRole('button', { name: 'Choose file…' }).click();
      await setChecked(imp.getByRole('checkbox', { name: /Import valid lines only/ }), true);
      await imp.getByRole('button', { name: 'Import', exact: true }).click();
      await report.getByText('Import finished').waitFor();
      await report.getByText('Imported 3 entities and 1 relationship from 6 lines.', { exact: false }).waitFor();
      const bySchema = report.getByRole('table', { name: 'Lines by schema' });
      await bySchema.getByText('Membership').waitFor();
      expect(await rejected.locator('li').count()).toBe(2);
      await app.shot('03-import-valid-lines');
      await imp.getByRole('button', { name: 'Done' }).click();
      expect((await seed<unknown[]>(app, 'entity.list', { caseId })).length).toBe(4);

      await nav(page, 'Entities').click();
      await page.getByRole('grid', { name: 'Entities' }).getByText('Mohammed Kashlaf').waitFor();
      await page.getByTestId('entity-count').getByText('4 entities').waitFor();

      // Export: the save dialog, then the report with the file's SHA-256.
      await nav(page, 'Cases').click();
      const out = join(app.scratchDir, 'zawiya-export.ftm.json');
      app.dialogs.nextSavePath(out);
      await page.getByRole('button', { name: 'Export FtM…' }).click();
      const exp = dialog(page, 'Export FollowTheMoney');
      await exp.getByRole('button', { name: 'Choose file and export…' }).click();
      const er = exp.getByTestId('export-report');
      await er.getByText('Exported').waitFor();
      const written = readFileSync(out);
      expect((await er.innerText()).replace(/\s/g, '')).toContain(sha256(written));
      const lines = written.toString('utf8').trim().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(5);
      expect(written.toString('utf8')).toContain('Mohammed Kashlaf');
      expect(app.dialogs.requests.at(-1)).toMatchObject({ kind: 'pickSavePath', defaultName: 'zawiya-coast-2023.ftm.json' });
      await app.shot('04-export-report');
    },
    { id: 'ftm', timeout: 90_000 },
  );
});
