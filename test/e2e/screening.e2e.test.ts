/**
 * The Screening page end to end: a UN list imported through the file dialog (sealed in the vault, counts and
 * hash shown), the case screened with reasons per feature, a decision recorded with its reason, and the results
 * kept: shown again, with the decision, after going to another area and back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { describeE2E, e2eTest } from './harness';
import { dialog, goTo, nav, openWorkspace, toast } from './workspace-helpers';

const LIST = `<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST dateGenerated="2024-02-01T10:00:00.000-05:00"><INDIVIDUALS>
<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ABD AL-RAHMAN</FIRST_NAME><SECOND_NAME>AL-MILAD</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYi.901</REFERENCE_NUMBER><NAME_ORIGINAL_SCRIPT>عبد الرحمن الميلاد</NAME_ORIGINAL_SCRIPT><NATIONALITY><VALUE>Libya</VALUE></NATIONALITY><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Al-Bija</ALIAS_NAME></INDIVIDUAL_ALIAS><INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1989-12-29</DATE></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>
<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>FITIWI</FIRST_NAME><SECOND_NAME>ABDELRAZAK</SECOND_NAME><UN_LIST_TYPE>Libya</UN_LIST_TYPE><REFERENCE_NUMBER>LYi.903</REFERENCE_NUMBER></INDIVIDUAL>
</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>`;

describeE2E('screening over the real router', () => {
  e2eTest(
    'imports a list, screens the case with reasons, and records a true positive with its reason',
    async (app) => {
      const { page } = app;
      const s = await openWorkspace(app, {
        seed: async () => {
          const ws = app.session.workspace();
          const caseId = ws.cases.create({ name: 'Zawiya coast network', countries: ['ly'] }).id;
          const milad = ws.entities.create({ caseId, kind: 'person', name: 'Abd Al-Rahman Al-Milad', originalScriptName: 'عبد الرحمن الميلاد', nationality: ['ly'], birthDate: { value: '1989-12-29' } }).id;
          ws.entities.create({ caseId, kind: 'person', name: 'Maria Gonzalez' });
          return { caseId, milad };
        },
      });
      await nav(page, 'Screening').click();
      await page.getByRole('heading', { name: 'Screening', exact: true }).waitFor();
      await page.getByText('No list imported yet.', { exact: false }).waitFor();
      await app.shot('01-no-lists');

      const file = join(app.scratchDir, 'consolidated.xml');
      writeFileSync(file, LIST);
      app.dialogs.nextFiles([file]);
      await page.getByRole('button', { name: 'Import list…' }).click();
      await toast(page, /Imported UN Security Council Consolidated List: 2 individuals, 0 entities, \d+ aliases/);
      const lists = page.getByTestId('screening-lists');
      await lists.getByText('consolidated.xml').waitFor();
      expect(await lists.innerText()).toMatch(/2 · 0 · \d+/);
      await app.shot('02-list-imported');

      await page.getByRole('button', { name: 'Screen the case' }).click();
      const hit = page.getByTestId('screening-hit').filter({ hasText: 'LYi.901' });
      await hit.waitFor();
      expect(await hit.innerText()).toMatch(/Match · \d+%/);
      expect(await page.getByTestId('screening-entity').count()).toBe(1); // Maria Gonzalez does not come up
      await app.shot('03-results');

      await hit.getByRole('button', { name: 'True positive…' }).click();
      const d = dialog(page, 'Confirm the match');
      await d.getByRole('button', { name: 'Confirm match' }).click();
      await d.getByText('Say why, in a few words', { exact: false }).waitFor();
      await d.getByLabel('Reason').fill('Same name in both scripts, same date of birth.');
      await d.getByRole('button', { name: 'Confirm match' }).click();
      await toast(page, 'Match confirmed');
      await hit.getByText('Confirmed match').waitFor();
      await hit.getByText('“Same name in both scripts, same date of birth.”').waitFor();
      await app.shot('04-decided');
      const designations = await app.router.invoke('criteria.designations', { entityId: s.milad });
      expect(designations.ok && (designations.value as unknown[]).length).toBe(1);
      expect([...app.session.vault().audit.entries()].some((e) => e.action === 'screening.decision_recorded' && e.details?.reason === 'Same name in both scripts, same date of birth.')).toBe(true);

      // The results are kept: away to another area and back, they are shown again with the decision.
      await goTo(page, 'Entities');
      await goTo(page, 'Screening');
      const run = page.getByTestId('screening-run');
      await run.getByText(/Screened on .+ against UN Security Council Consolidated List/).waitFor();
      expect(await run.innerText()).toMatch(/2 people and organisations/);
      const kept = page.getByTestId('screening-hit').filter({ hasText: 'LYi.901' });
      await kept.getByText('Confirmed match').waitFor();
      expect(await kept.innerText()).toMatch(/Match · \d+%/);
      expect(await page.getByTestId('screening-entity').count()).toBe(1);
      await app.shot('05-kept-results');
      // Screening again replaces them (one kept run per case and list).
      await page.getByRole('button', { name: 'Screen again' }).click();
      await expect.poll(() => [...app.session.vault().audit.entries()].filter((e) => e.action === 'screening.case_screened').length).toBe(2);
      expect([...app.session.workspace().repo.ofKind('screening_run')]).toHaveLength(1);
      await kept.getByText('Confirmed match').waitFor();
    },
    { id: 'screening' },
  );
});
