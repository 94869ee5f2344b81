/**
 * Taking files into the vault: the files chosen in the system dialog, metadata that applies to all of them,
 * then hashing and encryption with a progress bar and a Cancel button. A cancelled file leaves nothing
 * behind (the core writes the record only after the whole file is stored); the dialog says exactly what,
 * if anything, was kept.
 *
 * Its typed fields are a draft through a lock (`useFormDraft`, form `intake`). The picked files' read grants
 * die with the lock, so the draft keeps only their display names: after unlock the dialog comes back with the
 * words and names exactly which files must be picked again.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, ProgressBar } from '@blueprintjs/core';
import { useState } from 'react';
import { useOpenKey } from '../ui/use-open-key';
import type { EvidenceRow } from '../../shared/ipc/schemas/case';
import type { GrantedFile } from '../../shared/ipc/grants';
import { ACQUISITION_METHODS, INFORMATION_CREDIBILITY, SOURCE_RELIABILITY } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { asApiError } from '../api/hooks';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { useQuery } from '../api/query';
import { FormError, PartialDateField } from '../ui/fields';
import { formatBytes, groupedSha, plural } from '../ui/format';
import { ACQUISITION_LABELS } from '../ui/vocab';
import { describeDate } from '../entities/entity-form-model';
import { useWorkspace } from '../workspace/workspace';
import { useFormDraft } from '../workspace/drafts';
import { restoreFields } from '../workspace/draft-restore';
import { useToast } from '../ui/toaster';
import { describeError } from '../api/messages';
import { CaseTargetPicker } from '../cases/case-target-picker';
import { INTAKE_DRAFT_KEY, stillToPick } from './intake-draft';


type Phase =
  | { kind: 'review' }
  | { kind: 'running'; jobId: string }
  | { kind: 'done'; items: EvidenceRow[] }
  | { kind: 'cancelled'; kept: EvidenceRow[] }
  | { kind: 'failed'; error: unknown; kept: EvidenceRow[] };

function IntakeBody({ caseId: openedFor, files: firstFiles, onClose }: { caseId: string; files: GrantedFile[]; onClose: () => void }) {
  const { changed, cases } = useWorkspace();
  const toast = useToast();
  const [files, setFiles] = useState(firstFiles);
  // Files a lock took the grants of (from a kept draft): by name, until picked again.
  const [lost, setLost] = useState<string[]>([]);
  const [picking, setPicking] = useState(false);
  // The case the files go into: named and chosen here (issue 15), starting on the case the dialog was opened for.
  const [caseId, setCaseId] = useState(openedFor);
  const caseName = cases?.find((c) => c.id === caseId)?.data.name ?? null;
  const sources = useQuery(() => invoke('source.list', { caseId }), [caseId]);
  const [sourceId, setSourceId] = useState('');
  const [credibility, setCredibility] = useState('6');
  const [method, setMethod] = useState('');
  const [capturedBy, setCapturedBy] = useState('');
  const [capturedAt, setCapturedAt] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'review' });
  const progress = useJobProgress(phase.kind === 'running' ? phase.jobId : null);
  const missing = stillToPick(lost, files);

  const values = { caseId, sourceId, credibility, method, capturedBy, capturedAt, files: [...files.map((f) => f.name), ...missing] };
  const { discard, requestClose, confirmDiscard } = useFormDraft({
    key: INTAKE_DRAFT_KEY,
    form: 'intake',
    caseId,
    value: values,
    restore: (raw) =>
      restoreFields(raw, values, {
        caseId: setCaseId,
        sourceId: setSourceId,
        credibility: setCredibility,
        method: setMethod,
        capturedBy: setCapturedBy,
        capturedAt: setCapturedAt,
        files: (names) => setLost(names.filter((n): n is string => typeof n === 'string')),
      }),
    what: 'evidence intake',
    onClose,
  });

  const pickAgain = async () => {
    if (picking) return;
    setPicking(true);
    try {
      const r = await invoke('system.pickFiles', { purpose: 'evidence.intake', title: 'Pick the files again', multiple: true });
      if (r.files.length) setFiles((f) => [...f, ...r.files.filter((n) => !f.some((o) => o.grant === n.grant))]);
    } catch (e) {
      toast({ message: describeError(asApiError(e)).message, intent: Intent.DANGER, icon: 'error' });
    } finally {
      setPicking(false);
    }
  };

  const start = async () => {
    const jobId = newJobId('intake');
    const before = new Set((await invoke('evidence.list', { caseId }).catch(() => [] as EvidenceRow[])).map((r) => r.id));
    setPhase({ kind: 'running', jobId });
    const at = describeDate(capturedAt).date;
    try {
      const r = await invoke('evidence.intake', {
        caseId,
        grants: files.map((f) => f.grant),
        jobId,
        meta: {
          credibility: Number(credibility),
          ...(sourceId ? { sourceId } : {}),
          ...(method ? { acquisitionMethod: method as (typeof ACQUISITION_METHODS)[number] } : {}),
          ...(capturedBy.trim() ? { capturedBy: capturedBy.trim() } : {}),
          ...(at ? { capturedAt: at } : {}),
        },
      });
      setPhase({ kind: 'done', items: r.items });
      discard();
      changed();
    } catch (e) {
      const err = asApiError(e);
      // Files finished before the cancel or failure are committed; find them, so the report is exact.
      const after = await invoke('evidence.list', { caseId }).catch(() => [] as EvidenceRow[]);
      const kept = after.filter((r) => !before.has(r.id));
      if (kept.length) changed();
      setPhase(err.is('CANCELLED') ? { kind: 'cancelled', kept } : { kind: 'failed', error: err, kept });
    }
  };

  const cancel = () => {
    if (phase.kind === 'running') void invoke('job.cancel', { jobId: phase.jobId }).catch(() => undefined);
  };

  const fraction = progressFraction(progress);
  const keptList = (kept: EvidenceRow[]) =>
    kept.length ? (
      <>
        <p>{plural(kept.length, 'file')} finished before that and {kept.length === 1 ? 'was' : 'were'} kept:</p>
        <ul className="intake-files">
          {kept.map((k) => (
            <li key={k.id}>{k.title}</li>
          ))}
        </ul>
      </>
    ) : null;

  return (
    <>
      <DialogBody className="intake-body">
        {phase.kind === 'review' ? (
          <>
            <p className="dialog-lead">
              Each file is hashed (SHA-256) and encrypted into the vault as it is read. The original is never changed; redactions and translations are added
              later as working copies.
            </p>
            <CaseTargetPicker
              id="intake-target-case"
              label="Add to case"
              value={caseId}
              onChange={(c) => {
                setCaseId(c.id);
                setSourceId(''); // sources belong to a case
              }}
            />
            {missing.length ? (
              <Callout intent={Intent.WARNING} icon="lock" title={`Pick ${missing.length === 1 ? 'this file' : `these ${missing.length} files`} again`} data-testid="intake-pick-again">
                <p>The vault locked while they were being added, and the permission to read them ended with the lock. What you typed was kept.</p>
                <ul className="intake-files" aria-label="Files to pick again">
                  {missing.map((name, i) => (
                    <li key={`${i}:${name}`} title={name}>
                      <span className="mono">{name}</span>
                    </li>
                  ))}
                </ul>
                <Button icon="folder-open" text="Pick the files again…" onClick={() => void pickAgain()} loading={picking} />
              </Callout>
            ) : null}
            {files.length ? (
              <ul className="intake-files" aria-label="Files to add">
                {files.map((f) => (
                  <li key={f.grant} title={f.name}>
                    <span className="mono">{f.name}</span>
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="form-row">
              <FormGroup label="Source" labelFor="intake-source" className="form-col">
                <HTMLSelect id="intake-source" value={sourceId} onChange={(e) => setSourceId(e.currentTarget.value)} fill>
                  <option value="">No source yet</option>
                  {(sources.data ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.data.name} ({s.data.reliability} — {SOURCE_RELIABILITY[s.data.reliability]})
                    </option>
                  ))}
                </HTMLSelect>
              </FormGroup>
              <FormGroup label="Credibility of the information" labelFor="intake-credibility" className="form-col">
                <HTMLSelect id="intake-credibility" value={credibility} onChange={(e) => setCredibility(e.currentTarget.value)} fill>
                  {Object.entries(INFORMATION_CREDIBILITY).map(([k, v]) => (
                    <option key={k} value={k}>
                      {k} — {v}
                    </option>
                  ))}
                </HTMLSelect>
              </FormGroup>
            </div>
            <div className="form-row">
              <FormGroup label="How it was obtained" labelFor="intake-method" className="form-col">
                <HTMLSelect id="intake-method" value={method} onChange={(e) => setMethod(e.currentTarget.value)} fill>
                  <option value="">Not recorded</option>
                  {ACQUISITION_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {ACQUISITION_LABELS[m]}
                    </option>
                  ))}
                </HTMLSelect>
              </FormGroup>
              <FormGroup label="Captured by" labelFor="intake-captured-by" className="form-col">
                <InputGroup dir="auto" id="intake-captured-by" value={capturedBy} onValueChange={setCapturedBy} placeholder="Who took or received it" />
              </FormGroup>
              <PartialDateField id="intake-captured-at" label="Captured on" value={capturedAt} onChange={setCapturedAt} className="form-col" placeholder="e.g. 2023-05-14" />
            </div>
            <p className={`form-note ${Classes.TEXT_MUTED}`}>These apply to every file listed; each item can be edited afterwards.</p>
          </>
        ) : null}
        {phase.kind === 'running' ? (
          <div className="job-progress" aria-live="polite" data-testid="intake-progress">
            <p className="job-label">{progress?.label ?? `Adding ${plural(files.length, 'file')}`}…</p>
            <ProgressBar value={fraction} intent={Intent.PRIMARY} stripes={fraction === undefined} aria-label="Intake progress" />
            <p className={`job-detail ${Classes.TEXT_MUTED}`}>
              {progress && progress.total !== null ? `${formatBytes(progress.done)} of ${formatBytes(progress.total)}` : 'Starting…'}
              {fraction !== undefined ? ` · ${Math.floor(fraction * 100)} %` : ''} — hashing and encrypting
            </p>
          </div>
        ) : null}
        {phase.kind === 'done' ? (
          <Callout intent={Intent.SUCCESS} icon="tick" title={`${plural(phase.items.length, 'file')} added${caseName ? ` to ${caseName}` : ''}`} data-testid="intake-done">
            <ul className="intake-result">
              {phase.items.map((it) => (
                <li key={it.id}>
                  <span className="intake-result-name">{it.title}</span>
                  <span className={`mono sha ${Classes.TEXT_MUTED}`} title="SHA-256 of the original bytes">
                    SHA-256 {groupedSha(it.sha256 ?? '')}
                  </span>
                </li>
              ))}
            </ul>
          </Callout>
        ) : null}
        {phase.kind === 'cancelled' ? (
          <Callout intent={Intent.PRIMARY} icon="disable" title="Intake cancelled" data-testid="intake-cancelled">
            {phase.kept.length ? keptList(phase.kept) : <p>Nothing was added to the vault: no record, and no partial file.</p>}
            {phase.kept.length ? <p>Nothing of the file being read when you cancelled was kept.</p> : null}
          </Callout>
        ) : null}
        {phase.kind === 'failed' ? (
          <>
            <FormError error={phase.error} />
            {keptList(phase.kept)}
          </>
        ) : null}
      </DialogBody>
      <DialogFooter
        actions={
          phase.kind === 'review' ? (
            <>
              <Button text="Cancel" onClick={requestClose} />
              <Button intent={Intent.PRIMARY} icon="import" text={`Add ${plural(files.length, 'file')} to the vault`} onClick={() => void start()} disabled={files.length === 0} autoFocus />
            </>
          ) : phase.kind === 'running' ? (
            <Button icon="cross" text="Cancel intake" onClick={cancel} />
          ) : (
            <Button intent={Intent.PRIMARY} text="Done" onClick={onClose} autoFocus />
          )
        }
      />
      {confirmDiscard}
    </>
  );
}

export function IntakeDialog({ caseId, files, onClose }: { caseId: string; files: GrantedFile[] | null; onClose: () => void }) {
  const openKey = useOpenKey(files !== null);
  return (
    <Dialog
      isOpen={files !== null}
      onClose={onClose}
      title="Add evidence files"
      icon="import"
      canOutsideClickClose={false}
      canEscapeKeyClose={false}
      isCloseButtonShown={false}
      className="form-dialog form-dialog-wide"
    >
      {files ? <IntakeBody caseId={caseId} files={files} onClose={onClose} key={openKey} /> : null}
    </Dialog>
  );
}
