/**
 * One evidence item: the preview, its facts (original name, type, size, the SHA-256 taken at intake), the
 * editable metadata (title, source, credibility …; the file itself can never change), the claims that cite
 * it, its working copies, and its chain of custody — every intake, view, copy, edit and export, hash-linked. Its sections are in
 * evidence-sections.tsx, evidence-metadata.tsx and evidence-delete-dialog.tsx.
 */
import { Button, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, NonIdealState, ProgressBar, Spinner } from '@blueprintjs/core';
import { useState } from 'react';
import type { EvidenceView, EvidenceRow } from '../../shared/ipc/schemas/case';
import type { GrantedFile } from '../../shared/ipc/grants';
import { WORKING_COPY_TYPES } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { asApiError, useAction } from '../api/hooks';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { FormError } from '../ui/fields';
import { useToast } from '../ui/toaster';
import { WORKING_COPY_LABELS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';
import { DeleteEvidenceDialog } from './evidence-delete-dialog';
import { MetadataSection, OriginalFileSection } from './evidence-metadata';
import { ClaimsSection, CopiesSection, CustodySection, DocumentSections, EvidenceHeader, ExportedCallout, StatementSection, type ExportResult } from './evidence-sections';

function WorkingCopyDialog({ original, file, onClose, onAdded }: { original: EvidenceView; file: GrantedFile | null; onClose: () => void; onAdded: (row: EvidenceRow) => void }) {
  const [type, setType] = useState<(typeof WORKING_COPY_TYPES)[number]>('redacted');
  const [title, setTitle] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const progress = useJobProgress(jobId);
  const run = async () => {
    if (!file) return;
    const id = newJobId('copy');
    setJobId(id);
    setError(null);
    try {
      const row = await invoke('evidence.workingCopy', { originalId: original.id, grant: file.grant, type, jobId: id, meta: title.trim() ? { title: title.trim() } : {} });
      onAdded(row);
    } catch (e) {
      const err = asApiError(e);
      setError(err.is('CANCELLED') ? null : err);
      setJobId(null);
    }
  };
  const fraction = progressFraction(progress);
  return (
    <Dialog isOpen={file !== null} onClose={jobId ? undefined : onClose} title="Add working copy" icon="duplicate" canOutsideClickClose={false} className="form-dialog">
      <DialogBody>
        <p className="dialog-lead">
          A working copy (a redacted or translated version …) is a new item linked to <strong>{original.data.title}</strong>. The original stays exactly as it
          was taken in; the link is recorded in both chains of custody.
        </p>
        <p>
          File: <span className="mono">{file?.name ?? ''}</span>
        </p>
        <div className="form-row">
          <FormGroup label="Kind of copy" labelFor="wc-type" className="form-col-narrow">
            <HTMLSelect id="wc-type" value={type} onChange={(e) => setType(e.currentTarget.value as typeof type)} fill disabled={!!jobId}>
              {WORKING_COPY_TYPES.map((t) => (
                <option key={t} value={t}>
                  {WORKING_COPY_LABELS[t]}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <FormGroup label="Title" labelFor="wc-title" className="form-col">
            <InputGroup dir="auto" id="wc-title" value={title} onValueChange={setTitle} placeholder={file?.name ?? ''} disabled={!!jobId} />
          </FormGroup>
        </div>
        {jobId ? <ProgressBar value={fraction} intent={Intent.PRIMARY} stripes={fraction === undefined} aria-label="Progress" /> : null}
        <FormError error={error} />
      </DialogBody>
      <DialogFooter
        actions={
          jobId ? (
            <Button text="Cancel" icon="cross" onClick={() => void invoke('job.cancel', { jobId }).catch(() => undefined)} />
          ) : (
            <>
              <Button text="Cancel" onClick={onClose} />
              <Button intent={Intent.PRIMARY} text="Add working copy" onClick={() => void run()} />
            </>
          )
        }
      />
    </Dialog>
  );
}

function EvidenceBody({ item, reload }: { item: EvidenceView; reload: () => void }) {
  const { changed } = useWorkspace();
  const toast = useToast();
  const d = item.data;
  const f = d.file;
  const [exported, setExported] = useState<ExportResult | null>(null);
  const [copyFile, setCopyFile] = useState<GrantedFile | null>(null);
  const [deleting, setDeleting] = useState(false);
  const exportOriginal = useAction(async () => {
    const { file } = await invoke('system.pickSavePath', { purpose: 'evidence.exportOriginal', title: 'Export the original', defaultName: f?.originalName ?? d.title });
    if (!file) return null;
    return invoke('evidence.exportOriginal', { id: item.id, grant: file.grant });
  });

  const doExport = async () => {
    const r = await exportOriginal.run();
    if (r?.ok && r.value) {
      setExported(r.value);
      reload();
    } else if (r && !r.ok) toast({ message: describeError(r.error).message + (r.error.is('CONFLICT') ? ` ${r.error.message}.` : ''), intent: Intent.DANGER, icon: 'error', timeout: 8000 });
  };

  const pickCopy = async () => {
    try {
      const r = await invoke('system.pickFiles', { purpose: 'evidence.workingCopy', title: 'Choose the working copy', multiple: false });
      if (r.files[0]) setCopyFile(r.files[0]);
    } catch (e) {
      toast({ message: describeError(asApiError(e)).message, intent: Intent.DANGER, icon: 'error' });
    }
  };

  return (
    <div className="area-page area-page-wide record-page evidence-page">
      <EvidenceHeader item={item} exporting={exportOriginal.busy} onExport={() => void doExport()} onAddCopy={() => void pickCopy()} onDelete={() => setDeleting(true)} />

      {exported ? <ExportedCallout exported={exported} onDismiss={() => setExported(null)} /> : null}

      <div className="record-grid">
        <div className="record-main">
          {f ? <DocumentSections item={item} reload={reload} /> : d.statement ? <StatementSection item={item} /> : null}
          <ClaimsSection item={item} />
          <CustodySection item={item} />
        </div>

        <aside className="record-side">
          <OriginalFileSection item={item} />
          <MetadataSection item={item} />
          <CopiesSection item={item} onAddCopy={() => void pickCopy()} />
        </aside>
      </div>

      <WorkingCopyDialog
        original={item}
        file={copyFile}
        onClose={() => setCopyFile(null)}
        onAdded={(row) => {
          setCopyFile(null);
          toast({ message: `Working copy “${row.title}” added.`, intent: Intent.SUCCESS, icon: 'tick' });
          changed();
        }}
      />

      <DeleteEvidenceDialog item={item} isOpen={deleting} onClose={() => setDeleting(false)} />
    </div>
  );
}

export function EvidencePage({ evidenceId }: { evidenceId: string }) {
  const { version, navigate } = useWorkspace();
  const q = useQuery(() => invoke('evidence.get', { id: evidenceId }), [evidenceId, version]);
  if (q.error && (!q.data || q.error.is('NOT_FOUND'))) {
    return (
      <div className="placeholder-area">
        <NonIdealState
          icon={q.error.is('NOT_FOUND') ? 'search' : 'error'}
          title={q.error.is('NOT_FOUND') ? 'This evidence item no longer exists' : 'The item could not be read'}
          description={q.error.is('NOT_FOUND') ? 'It was deleted.' : describeError(q.error).message}
          action={<Button icon="arrow-left" text="Back to evidence" onClick={() => navigate({ area: 'evidence' })} />}
        />
      </div>
    );
  }
  if (!q.data)
    return (
      <div className="log-loading">
        <Spinner size={24} aria-label="Loading the evidence item" />
      </div>
    );
  return <EvidenceBody item={q.data} reload={q.reload} />;
}
