/** FollowTheMoney export of a case: choose where to save, then the report, including what FtM could not hold. */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import { useOpenKey } from '../ui/use-open-key';
import type { CaseView } from '../../shared/ipc/schemas/case';
import type { ResponseOf } from '../../shared/ipc/contract';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { FormError } from '../ui/fields';
import { groupedSha, plural } from '../ui/format';
import { ReviewPanel, reviewHitsOf } from '../ui/review-panel';
import type { ReviewDecisionInput } from '../../shared/errors';

type ExportReport = ResponseOf<'ftm.export'>;

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'case'
  );
}

function ExportBody({ caseView, onClose }: { caseView: CaseView; onClose: () => void }) {
  const [report, setReport] = useState<ExportReport | null>(null);
  const run = useAction(async (review?: ReviewDecisionInput[]) => {
    const { file } = await invoke('system.pickSavePath', { purpose: 'ftm.export', title: 'Export FollowTheMoney file', defaultName: `${slug(caseView.data.name)}.ftm.json` });
    if (!file) return null;
    return invoke('ftm.export', { caseId: caseView.id, grant: file.grant, ...(review ? { review } : {}) });
  });
  // A refusal for want of review shows the review panel instead of the error.
  const hits = reviewHitsOf(run.error);

  const go = async (review?: ReviewDecisionInput[]) => {
    const r = await run.run(review);
    if (r?.ok && r.value) setReport(r.value);
  };

  return (
    <>
      <DialogBody>
        {report ? (
          <div className="export-report" data-testid="export-report">
            <Callout intent={Intent.SUCCESS} icon="tick" title="Exported">
              {plural(report.entities, 'entity', 'entities')}, {plural(report.links, 'relationship')}, {plural(report.events, 'event')}, {plural(report.documents, 'document')} and {plural(report.sanctions, 'sanction')} written
              to <span className="mono path">{report.name}</span>.
            </Callout>
            <dl className="facts facts-compact">
              <dt>SHA-256 of the file</dt>
              <dd className="mono sha">{groupedSha(report.sha256)}</dd>
            </dl>
            {report.skipped.length ? (
              <section className="report-section">
                <h4 className="report-heading">Not in the export</h4>
                <p className={Classes.TEXT_MUTED}>FollowTheMoney has no place for these. They stay in the vault.</p>
                <table className="data-table data-table-compact" aria-label="Skipped records">
                  <thead>
                    <tr>
                      <th scope="col">What</th>
                      <th scope="col" className="dt-right">
                        Count
                      </th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.skipped.map((s) => (
                      <tr key={s.kind}>
                        <td>{s.kind}</td>
                        <td className="dt-right tabular">{s.count.toLocaleString('en-GB')}</td>
                        <td>{s.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ) : (
              <p className={Classes.TEXT_MUTED}>Nothing was left out.</p>
            )}
            {report.invalid.length ? (
              <section className="report-section">
                <h4 className="report-heading">Values FollowTheMoney does not accept</h4>
                <p className={Classes.TEXT_MUTED}>Not written to the file; the vault keeps them as they are.</p>
                <table className="data-table data-table-compact" aria-label="Invalid values">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Property</th>
                      <th scope="col">Value</th>
                      <th scope="col">Why</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.invalid.map((v, i) => (
                      <tr key={i}>
                        <td className="mono">
                          {v.schema} {v.id}
                        </td>
                        <td>{v.property ?? '—'}</td>
                        <td>{v.value ?? '—'}</td>
                        <td>{v.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            ) : null}
          </div>
        ) : (
          <>
            <p className="dialog-lead">
              Write the entities, relationships, events and evidence metadata of <strong>{caseView.data.name}</strong> as FollowTheMoney JSON lines, readable by Aleph and
              OpenSanctions tools. Witness identities are never included. The file is not encrypted: store it accordingly.
            </p>
            {hits ? <ReviewPanel hits={hits} busy={run.busy} onCancel={run.clearError} onSubmit={(decisions) => void go(decisions)} /> : <FormError error={run.error} />}
          </>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          report ? (
            <Button intent={Intent.PRIMARY} text="Done" onClick={onClose} autoFocus />
          ) : (
            <>
              <Button text="Cancel" onClick={onClose} disabled={run.busy} />
              <Button intent={Intent.PRIMARY} icon="export" text="Choose file and export…" loading={run.busy} onClick={() => void go()} autoFocus disabled={!!hits} />
            </>
          )
        }
      />
    </>
  );
}

export function FtmExportDialog({ caseView, onClose }: { caseView: CaseView | null; onClose: () => void }) {
  const openKey = useOpenKey(caseView !== null);
  return (
    <Dialog isOpen={caseView !== null} onClose={onClose} title="Export FollowTheMoney" icon="export" canOutsideClickClose={false} className="form-dialog form-dialog-wide">
      {caseView ? <ExportBody caseView={caseView} onClose={onClose} key={openKey} /> : null}
    </Dialog>
  );
}
