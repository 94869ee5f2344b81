/**
 * Verification: choose a bag folder (by its bagit.txt) or an archive, run the verifier (BagIt, signature,
 * custody chains, Sanctum profile), read the verdict with every problem by file and reason; a valid Sanctum
 * package can then be imported into this vault, after a confirmation that says what will happen.
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, HTMLSelect, Intent, ProgressBar, Radio, RadioGroup, Tag } from '@blueprintjs/core';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { BagReportView } from '../../shared/ipc/schemas/packages';
import type { ResponseOf } from '../../shared/ipc/contract';
import { ApiError, invoke } from '../api/client';
import { asApiError } from '../api/hooks';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { FormError } from '../ui/fields';
import { formatBytes, formatDateTime, groupedSha, plural } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useWorkspace } from '../workspace/workspace';
import { SpoofBadge } from '../ui/spoof-badge';
import type { GrantedFile } from '../../shared/ipc/grants';
import { checkBadge } from './package-model';

type ImportResult = ResponseOf<'package.import'>;
type Phase = { kind: 'idle' } | { kind: 'running'; jobId: string } | { kind: 'report'; report: BagReportView };

const FORMAT_LABEL: Record<BagReportView['format'], string> = { directory: 'Folder', tar: '.tar archive', 'tar.gz': '.tar.gz archive', encrypted: 'Encrypted package' };

function Verdict({ report }: { report: BagReportView }) {
  if (!report.valid) {
    return (
      <Callout intent={Intent.DANGER} icon="error" title="Invalid package: do not rely on it" data-testid="verify-verdict">
        {plural(report.errors, 'problem')} found{report.warnings ? `, and ${plural(report.warnings, 'warning')}` : ''}. A file was changed, added or removed
        since the package was made, or it was never a complete bag. Ask the sender for a fresh copy.
      </Callout>
    );
  }
  if (report.sanctum?.signerTrust === 'unknown') {
    return (
      <Callout intent={Intent.WARNING} icon="warning-sign" title="Valid package, but the signer is UNKNOWN" data-testid="verify-verdict">
        Every file matches its manifests and the signature is good, but this vault does not know the key that made it: anyone can alter a package and
        re-sign it with a new key. Compare the signer’s fingerprint below with the sender over another channel before relying on it.
      </Callout>
    );
  }
  return (
    <Callout intent={report.warnings ? Intent.WARNING : Intent.SUCCESS} icon={report.warnings ? 'warning-sign' : 'endorsed'} title="Valid package" data-testid="verify-verdict">
      Every file matches its manifests{report.sanctum ? ', the signature is good and every chain of custody is unbroken' : ''}.
      {report.warnings ? ` ${plural(report.warnings, 'warning')}: the bag is acceptable but not tidy.` : ''}
      {!report.sanctum ? ' This is a plain BagIt bag, not a Sanctum package: there is no signature or custody to check.' : ''}
    </Callout>
  );
}

export function BagReportPanel({ report }: { report: BagReportView }) {
  const s = report.sanctum;
  const sig = checkBadge(report.valid, !!s?.signatureValid, { good: 'signature valid', bad: 'signature invalid' });
  const custody = checkBadge(report.valid, !!s?.custody.valid, { good: 'continuous', bad: 'broken' });
  return (
    <div className="pkg-report" data-testid="verify-report">
      <Verdict report={report} />
      <dl className="facts pkg-facts">
        <dt>Checked</dt>
        <dd>
          <span className="mono path">{report.name}</span> <span className={Classes.TEXT_MUTED}>({FORMAT_LABEL[report.format]}, {report.seconds.toFixed(1)} s)</span>
        </dd>
        <dt>Payload</dt>
        <dd>
          {plural(report.payload.files, 'file')}, {formatBytes(report.payload.bytes)} · BagIt {report.bagitVersion ?? '?'} · {[...new Set([...report.algorithms.payload, ...report.algorithms.tag])].join(', ') || 'no manifest'}
        </dd>
        {s ? (
          <>
            <dt>Package</dt>
            <dd>
              <span className="mono">{s.packageId ?? '—'}</span> · {s.disclosureProfile ?? 'unknown'} profile · {plural(s.items, 'item')}
              {s.texts ? `, ${plural(s.texts, 'extracted text')}` : ''}, {s.withheld} withheld
            </dd>
            <dt>Signed by</dt>
            <dd>
              <span className="mono" data-testid="verify-signer">
                {s.signer?.fingerprint ?? 'no signer'}
              </span>{' '}
              <Tag minimal intent={sig.intent} data-testid="verify-signature-badge">
                {sig.text}
              </Tag>{' '}
              {s.signer ? (
                <Tag minimal intent={s.signerTrust === 'unknown' ? Intent.WARNING : report.valid ? Intent.SUCCESS : Intent.NONE} data-testid="verify-signer-trust">
                  {s.signerTrust === 'unknown' ? 'signer UNKNOWN' : s.signerTrust === 'expected' ? 'expected signer' : 'known signer'}
                </Tag>
              ) : null}
              <div className={Classes.TEXT_MUTED}>
                {s.signerTrust === 'unknown'
                  ? 'Anyone can alter a package and re-sign it with a new key: compare this fingerprint with the one the sender gave you over another channel before importing.'
                  : 'Compare the fingerprint with the one the sender gave you over another channel.'}
              </div>
            </dd>
            {s.signedManifestSha256 ? (
              <>
                <dt>Package hash</dt>
                <dd className="mono sha">{groupedSha(s.signedManifestSha256)}</dd>
              </>
            ) : null}
            <dt>Chain of custody</dt>
            <dd data-testid="verify-custody">
              <Tag minimal intent={custody.intent} data-testid="verify-custody-badge">
                {custody.text}
              </Tag>{' '}
              {plural(s.custody.items, 'item')}, {plural(s.custody.entries, 'entry', 'entries')} from intake to this export
              {s.logHead ? (
                <div className={Classes.TEXT_MUTED}>
                  Log head #{s.logHead.seq} signed {formatDateTime(s.logHead.signedAt)} ({s.logHead.valid ? 'valid' : 'invalid'})
                </div>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      <section className="report-section">
        <h4 className="report-heading">Problems ({report.problems.length})</h4>
        {report.problems.length ? (
          <table className="data-table data-table-compact pkg-problems" aria-label="Problems" data-testid="verify-problems">
            <thead>
              <tr>
                <th scope="col" className="pkg-col-severity">
                  Severity
                </th>
                <th scope="col" className="pkg-col-file">
                  File
                </th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((p, i) => (
                <tr key={`${p.file}-${i}`}>
                  <td>
                    <Tag minimal intent={p.severity === 'error' ? Intent.DANGER : Intent.WARNING}>
                      {p.severity}
                    </Tag>
                  </td>
                  <td className="mono pkg-file">
                    {p.file} <SpoofBadge text={p.file} />
                  </td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className={Classes.TEXT_MUTED}>No problems found.</p>
        )}
      </section>
      {report.bagInfo.length ? (
        <details className="pkg-baginfo">
          <summary>bag-info.txt ({report.bagInfo.length} fields)</summary>
          <dl className="facts facts-compact">
            {report.bagInfo.map((b, i) => (
              <div key={`${b.label}-${i}`} className="pkg-baginfo-row">
                <dt>{b.label}</dt>
                <dd>{b.value}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </div>
  );
}

function ImportDialog({ report, onClose }: { report: BagReportView | null; onClose: () => void }) {
  const { currentCase, cases, chooseCase, navigate, changed } = useWorkspace();
  const toast = useToast();
  const [target, setTarget] = useState<'new' | 'existing'>('new');
  const [targetCaseId, setTargetCaseId] = useState<string>(currentCase?.id ?? cases?.[0]?.id ?? '');
  const targetCase = cases?.find((c) => c.id === targetCaseId) ?? null;
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const progress = useJobProgress(jobId);
  const s = report?.sanctum;
  const unknownSigner = s?.signerTrust === 'unknown';
  const [confirmed, setConfirmed] = useState(false);

  const run = async () => {
    if (!report?.importGrant) return;
    const id = newJobId('import');
    setError(null);
    setJobId(id);
    try {
      const r = await invoke('package.import', {
        grant: report.importGrant,
        jobId: id,
        ...(target === 'existing' && targetCase ? { caseId: targetCase.id } : {}),
        // The fingerprint shown above and confirmed below: the import refuses any other signer.
        ...(unknownSigner && s?.signer ? { trustSigner: s.signer.fingerprint } : {}),
      });
      setResult(r);
      changed();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setJobId(null);
    }
  };

  const open = () => {
    if (!result) return;
    chooseCase(result.caseId);
    navigate({ area: 'evidence' });
    toast({ message: `Imported ${plural(result.items.length, 'item')} from ${result.packageId}.`, intent: Intent.SUCCESS, icon: 'tick' });
  };

  return (
    <Dialog isOpen={report !== null} onClose={jobId ? undefined : onClose} title="Import into this vault" icon="import" canOutsideClickClose={false} className="form-dialog form-dialog-wide">
      <DialogBody>
        {result ? (
          <Callout intent={Intent.SUCCESS} icon="tick" title="Imported" data-testid="import-result">
            {plural(result.items.length, 'item')}, {plural(result.entities, 'entity', 'entities')}, {plural(result.links, 'relationship')} and {plural(result.claims, 'claim')}{' '}
            from <span className="mono">{result.packageId}</span>. Each item was hashed again on the way in; its chain of custody continues from the sender’s.
            {result.droppedCitations ? ` ${plural(result.droppedCitations, 'citation')} of items the sender withheld could not be kept.` : ''}
            {result.texts.length ? ` ${plural(result.texts.length, 'extracted text')} came with the files and became their text (marked imported; nothing was read again).` : ''}
          </Callout>
        ) : jobId ? (
          <div className="job-progress" aria-live="polite">
            <p className="job-label">{progress?.label ?? 'Importing…'}</p>
            <ProgressBar value={progressFraction(progress)} intent={Intent.PRIMARY} aria-label="Import progress" />
            <p className={`job-detail ${Classes.TEXT_MUTED}`}>The package is checked once more while it is read; nothing is recorded unless all of it is sound.</p>
          </div>
        ) : (
          <>
            <p className="dialog-lead">
              Import <strong>{plural(s?.items ?? 0, 'item')}</strong> from <span className="mono">{s?.packageId}</span>, signed by <span className="mono">{s?.signer?.fingerprint}</span>. The
              records get new ids here; the package, its signer and every original id are kept as provenance, and nothing in the vault is changed or removed.
            </p>
            <p className={Classes.TEXT_MUTED}>Import only what you expected from this sender: check the fingerprint first.</p>
            {unknownSigner ? (
              <Checkbox
                checked={confirmed}
                onChange={(e) => setConfirmed(e.currentTarget.checked)}
                data-testid="import-confirm-signer"
                label={`This vault does not know the signer. I compared ${s?.signer?.fingerprint ?? ''} with the sender over another channel, and it matches; remember it as a known signer.`}
              />
            ) : null}
            <RadioGroup label="Into" selectedValue={target} onChange={(e) => setTarget(e.currentTarget.value as 'new' | 'existing')}>
              <Radio value="new" label="A new case, named after the package" />
              <Radio value="existing" disabled={!cases?.length} label={cases?.length ? 'An existing case:' : 'An existing case (there is none yet)'} />
            </RadioGroup>
            {target === 'existing' && cases?.length ? (
              <HTMLSelect aria-label="Case to import into" data-testid="import-target-case" value={targetCaseId} onChange={(e) => setTargetCaseId(e.currentTarget.value)}>
                {cases.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.data.name}
                    {c.id === currentCase?.id ? ' (current)' : ''}
                  </option>
                ))}
              </HTMLSelect>
            ) : null}
          </>
        )}
        <FormError error={error} />
      </DialogBody>
      <DialogFooter
        actions={
          result ? (
            <>
              <Button text="Close" onClick={onClose} />
              <Button intent={Intent.PRIMARY} icon="folder-open" text="Open the imported evidence" onClick={open} autoFocus />
            </>
          ) : (
            <>
              <Button text="Cancel" onClick={onClose} disabled={!!jobId} autoFocus />
              <Button intent={Intent.PRIMARY} icon="import" text="Import" onClick={() => void run()} loading={!!jobId} disabled={unknownSigner && !confirmed} />
            </>
          )
        }
      />
    </Dialog>
  );
}

export function VerifyPanel({ initial }: { initial?: GrantedFile | null }) {
  // The package being checked: its name to show, and the grant main gave for checking it (again).
  const [file, setFile] = useState<GrantedFile | null>(initial ?? null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);
  const [importing, setImporting] = useState<BagReportView | null>(null);
  const progress = useJobProgress(phase.kind === 'running' ? phase.jobId : null);

  const verify = async (f: GrantedFile) => {
    const jobId = newJobId('verify');
    setError(null);
    setFile(f);
    setPhase({ kind: 'running', jobId });
    try {
      const report = await invoke('package.verify', { grant: f.grant, jobId });
      setFile(report.verifyGrant ? { grant: report.verifyGrant, name: report.name } : null);
      setPhase({ kind: 'report', report });
    } catch (e) {
      // The grant was used: checking again means choosing the package again.
      setFile(null);
      setError(asApiError(e));
      setPhase({ kind: 'idle' });
    }
  };

  // From the export summary: check the package just written.
  const started = useRef(false);
  useEffect(() => {
    if (initial && !started.current) {
      started.current = true;
      void verify(initial);
    }
  }, [initial]);

  const pick = async (what: 'folder' | 'archive') => {
    setError(null);
    try {
      const r = await invoke(
        'system.pickFiles',
        what === 'folder'
          ? { purpose: 'package.verify', title: 'Choose the bagit.txt inside the package folder', multiple: false, filters: [{ name: 'BagIt declaration', extensions: ['txt'] }] }
          : { purpose: 'package.verify', title: 'Choose a package archive', multiple: false, filters: [{ name: 'Evidence packages', extensions: ['tar', 'gz', 'tgz', 'sanctum', 'enc'] }] },
      );
      const chosen = r.files[0];
      if (!chosen) return;
      await verify(chosen);
    } catch (e) {
      setError(asApiError(e));
    }
  };

  // A package dragged in from the file manager: the preload asks main for a read grant (the page never sees the path).
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDragging(false);
    if (phase.kind === 'running') return;
    const dropped = e.dataTransfer.files[0];
    const refuse = () => setError(new ApiError('package.verify', { code: 'INVALID_INPUT', message: 'That drop carried no file from disk. Drag a package folder or archive from the file manager.' }));
    if (!dropped || !window.sanctum) {
      refuse();
      return;
    }
    void window.sanctum.grantForDrop(dropped, 'package.verify').then((r) => (r.ok ? verify(r.value) : refuse()), refuse);
  };

  const fraction = progressFraction(progress);
  const report = phase.kind === 'report' ? phase.report : null;
  return (
    <div
      className={`pkg-verify${dragging ? ' pkg-dragging' : ''}`}
      data-testid="verify-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="pkg-verify-bar">
        <Button icon="folder-open" text="Choose a package folder…" onClick={() => void pick('folder')} disabled={phase.kind === 'running'} />
        <Button icon="compressed" text="Choose an archive…" onClick={() => void pick('archive')} disabled={phase.kind === 'running'} />
        {file && phase.kind !== 'running' ? (
          <Button icon="refresh" text="Verify again" onClick={() => void verify(file)} data-testid="verify-again" />
        ) : null}
        {file ? (
          <span className="file-choice-name mono" title={file.name} data-testid="verify-path">
            {file.name}
          </span>
        ) : null}
      </div>
      <FormError error={error} />
      {phase.kind === 'idle' && !file ? (
        <div className={`pkg-empty-state ${Classes.TEXT_MUTED}`}>
          <p>
            Check a package you received or made: every file against its checksums, the signature against the signer’s key, and every chain of custody from intake
            to export. Nothing is extracted or changed.
          </p>
          <p>For a folder, choose the <span className="mono">bagit.txt</span> inside it. Archives: .tar, .tar.gz, and encrypted packages sent to this vault.</p>
          <p>Or drag the package folder or archive onto this page.</p>
        </div>
      ) : null}
      {phase.kind === 'running' ? (
        <div className="job-progress" aria-live="polite">
          <p className="job-label">{progress?.label ?? 'Checking…'}</p>
          <ProgressBar value={fraction} intent={Intent.PRIMARY} stripes={fraction === undefined} aria-label="Verification progress" />
          <p className={`job-detail ${Classes.TEXT_MUTED}`}>{progress ? `${formatBytes(progress.done)} checked` : 'Reading the package…'}</p>
        </div>
      ) : null}
      {report ? (
        <>
          <BagReportPanel report={report} />
          {report.valid && report.sanctum ? (
            <div className="pkg-actions">
              <Button intent={Intent.PRIMARY} icon="import" text="Import into this vault…" onClick={() => setImporting(report)} />
            </div>
          ) : null}
        </>
      ) : null}
      <ImportDialog key={importing?.importGrant ?? 'none'} report={importing} onClose={() => setImporting(null)} />
    </div>
  );
}
