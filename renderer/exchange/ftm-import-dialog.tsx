/**
 * FollowTheMoney import: choose a JSON-lines file, say whether valid lines may be imported when others are
 * rejected, watch the progress, then read the report — counts by schema, every rejected and skipped line with
 * why, and every value kept aside (line, property, value, why).
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, Intent, ProgressBar } from '@blueprintjs/core';
import { useState } from 'react';
import { useOpenKey } from '../ui/use-open-key';
import type { CaseView, ImportReport } from '../../shared/ipc/schemas/case';
import type { GrantedFile } from '../../shared/ipc/grants';
import { invoke, type ApiError } from '../api/client';
import { asApiError } from '../api/hooks';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { FormError } from '../ui/fields';
import { plural } from '../ui/format';
import { useWorkspace } from '../workspace/workspace';
import { CaseTargetPicker } from '../cases/case-target-picker';

type Phase = { kind: 'choose' } | { kind: 'running'; jobId: string } | { kind: 'report'; report: ImportReport } | { kind: 'cancelled' };


/** Lines with a reason (skipped lines, values kept aside): same look as the rejected lines. */
function LineList({ title, rows }: { title: string; rows: { line: number; reason: string; id?: string; property?: string }[] }) {
  if (!rows.length) return null;
  return (
    <section className="report-section">
      <h4 className="report-heading">
        {title} ({rows.length.toLocaleString('en-GB')})
      </h4>
      <ol className="rejected-lines" aria-label={title}>
        {rows.map((r, i) => (
          <li key={`${r.line}-${i}`}>
            <span className="rejected-line-no tabular">Line {r.line}</span>
            <span className="rejected-reason">
              {r.property ? <span className="mono">{r.property}: </span> : null}
              {r.reason}
            </span>
            {r.id ? <span className={`rejected-id mono ${Classes.TEXT_MUTED}`}>{r.id}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ImportReportView({ report }: { report: ImportReport }) {
  const schemas = Object.entries(report.bySchema).sort((a, b) => b[1] - a[1]);
  const rejected = report.rejected;
  return (
    <div className="import-report" data-testid="import-report">
      {report.aborted ? (
        <Callout intent={Intent.DANGER} icon="error" title="Nothing was imported">
          {plural(rejected.length, 'line was', 'lines were')} rejected out of {plural(report.lines, 'line')}. Fix {rejected.length === 1 ? 'it' : 'them'} in the
          file, or import again with “Import valid lines only”.
        </Callout>
      ) : (
        <Callout intent={rejected.length ? Intent.WARNING : Intent.SUCCESS} icon={rejected.length ? 'warning-sign' : 'tick'} title="Import finished">
          Imported {plural(report.imported.entities, 'entity', 'entities')} and {plural(report.imported.links, 'relationship')}
          {report.imported.events ? `, ${plural(report.imported.events, 'event')}` : ''}
          {report.imported.designations ? `, ${plural(report.imported.designations, 'designation')}` : ''} from {plural(report.lines, 'line')}.
          {report.imported.kept ? ` ${plural(report.imported.kept, 'FtM entity', 'FtM entities')} without a record of their own kept on the entity they concern.` : ''}
          {report.imported.skipped ? ` ${plural(report.imported.skipped, 'line was', 'lines were')} skipped.` : ''}
          {rejected.length ? ` ${plural(rejected.length, 'line was', 'lines were')} rejected and not imported.` : ''}
        </Callout>
      )}
      {schemas.length ? (
        <section className="report-section">
          <h4 className="report-heading">Lines by FtM schema</h4>
          <table className="data-table data-table-compact" aria-label="Lines by schema">
            <thead>
              <tr>
                <th scope="col">Schema</th>
                <th scope="col" className="dt-right">
                  Lines
                </th>
              </tr>
            </thead>
            <tbody>
              {schemas.map(([schema, n]) => (
                <tr key={schema}>
                  <td className="mono">{schema}</td>
                  <td className="dt-right tabular">{n.toLocaleString('en-GB')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <LineList title="Skipped lines" rows={report.skippedLines} />
      <LineList title="Values kept aside" rows={report.warnings} />
      {rejected.length ? (
        <section className="report-section">
          <h4 className="report-heading">Rejected lines ({rejected.length.toLocaleString('en-GB')})</h4>
          <ol className="rejected-lines" aria-label="Rejected lines">
            {rejected.map((r, i) => (
              <li key={`${r.line}-${i}`}>
                <span className="rejected-line-no tabular">Line {r.line}</span>
                <span className="rejected-reason">{r.reason}</span>
                {r.id ? <span className={`rejected-id mono ${Classes.TEXT_MUTED}`}>{r.id}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

function ImportBody({ caseView: opened, onClose }: { caseView: CaseView; onClose: () => void }) {
  const { changed } = useWorkspace();
  const [caseView, setCaseView] = useState<CaseView>(opened);
  const [file, setFile] = useState<GrantedFile | null>(null);
  const [validLinesOnly, setValidLinesOnly] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'choose' });
  const [error, setError] = useState<ApiError | null>(null);
  const progress = useJobProgress(phase.kind === 'running' ? phase.jobId : null);

  const pick = async () => {
    setError(null);
    try {
      const r = await invoke('system.pickFiles', { purpose: 'ftm.import', title: 'Import FollowTheMoney file', multiple: false, filters: [{ name: 'FollowTheMoney JSON lines', extensions: ['json', 'jsonl', 'ftm', 'ndjson'] }] });
      if (r.files[0]) setFile(r.files[0]);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  const run = async () => {
    if (!file) return;
    const jobId = newJobId('import');
    setError(null);
    setPhase({ kind: 'running', jobId });
    try {
      const report = await invoke('ftm.import', { caseId: caseView.id, grant: file.grant, validLinesOnly, jobId });
      setPhase({ kind: 'report', report });
      if (!report.aborted) changed();
    } catch (e) {
      const err = asApiError(e);
      if (err.is('CANCELLED')) setPhase({ kind: 'cancelled' });
      else {
        setError(err);
        // The grant was used: trying again means choosing the file again.
        setFile(null);
        setPhase({ kind: 'choose' });
      }
    }
  };

  const cancel = () => {
    if (phase.kind === 'running') void invoke('job.cancel', { jobId: phase.jobId }).catch(() => undefined);
  };

  const fraction = progressFraction(progress);
  return (
    <>
      <DialogBody className="import-body">
        {phase.kind === 'choose' ? (
          <>
            <p className="dialog-lead">
              Import people, organisations, companies, vessels, bank accounts and the relationships between them from a FollowTheMoney JSON-lines file
              (as Aleph and OpenSanctions export) into <strong data-testid="import-target-name">{caseView.data.name}</strong>.
            </p>
            <CaseTargetPicker value={caseView.id} onChange={setCaseView} />
            <div className="file-choice">
              <Button icon="document-open" text={file ? 'Choose another file…' : 'Choose file…'} onClick={() => void pick()} autoFocus />
              <span className={file ? 'file-choice-name mono' : `file-choice-name ${Classes.TEXT_MUTED}`} title={file?.name} data-testid="import-path">
                {file ? file.name : 'No file chosen'}
              </span>
            </div>
            <Checkbox
              checked={validLinesOnly}
              onChange={(e) => setValidLinesOnly(e.currentTarget.checked)}
              className="import-option"
              labelElement={
                <>
                  <strong>Import valid lines only</strong>
                  <span className={`switch-help ${Classes.TEXT_MUTED}`}>
                    Normally a file with any bad line imports nothing, so a file is never half-imported. With this on, the good lines are imported and every
                    rejected line is listed with its reason.
                  </span>
                </>
              }
            />
          </>
        ) : null}
        {phase.kind === 'running' ? (
          <div className="job-progress" aria-live="polite">
            <p className="job-label">{progress?.label ?? `Importing ${file?.name ?? ''}…`} into {caseView.data.name}</p>
            <ProgressBar value={fraction} intent={Intent.PRIMARY} stripes={fraction === undefined} aria-label="Import progress" />
            <p className={`job-detail ${Classes.TEXT_MUTED}`}>
              {progress && progress.total ? `${progress.done.toLocaleString('en-GB')} of ${progress.total.toLocaleString('en-GB')}` : 'Reading the file…'} — nothing is written
              until every line has been checked.
            </p>
          </div>
        ) : null}
        {phase.kind === 'report' ? (
          <>
            <p className="dialog-lead" data-testid="import-landed-in">
              Imported into <strong>{caseView.data.name}</strong>.
            </p>
            <ImportReportView report={phase.report} />
          </>
        ) : null}
        {phase.kind === 'cancelled' ? (
          <Callout intent={Intent.PRIMARY} icon="info-sign" title="Import cancelled">
            Nothing was imported.
          </Callout>
        ) : null}
        <FormError error={error} />
      </DialogBody>
      <DialogFooter
        actions={
          phase.kind === 'choose' ? (
            <>
              <Button text="Cancel" onClick={onClose} />
              <Button intent={Intent.PRIMARY} icon="import" text="Import" disabled={!file} onClick={() => void run()} />
            </>
          ) : phase.kind === 'running' ? (
            <Button text="Cancel import" icon="cross" onClick={cancel} />
          ) : (
            <Button intent={Intent.PRIMARY} text="Done" onClick={onClose} autoFocus />
          )
        }
      />
    </>
  );
}

export function FtmImportDialog({ caseView, onClose }: { caseView: CaseView | null; onClose: () => void }) {
  const openKey = useOpenKey(caseView !== null);
  return (
    <Dialog isOpen={caseView !== null} onClose={onClose} title="Import FollowTheMoney" icon="import" canOutsideClickClose={false} canEscapeKeyClose className="form-dialog form-dialog-wide">
      {caseView ? <ImportBody caseView={caseView} onClose={onClose} key={openKey} /> : null}
    </Dialog>
  );
}
