/**
 * One evidence item: the preview, its facts (original name, type, size, the SHA-256 taken at intake), the
 * editable metadata (title, source, credibility …; the file itself can never change), the claims that cite
 * it, its working copies, and its chain of custody — every intake, view, copy, edit and export, hash-linked.
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, FormGroup, H1, HTMLSelect, Icon, InputGroup, Intent, NonIdealState, ProgressBar, Section, SectionCard, Spinner, Tag, TextArea } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { EvidenceView, EvidenceRow } from '../../shared/ipc/schemas/case';
import type { ResponseOf } from '../../shared/ipc/contract';
import type { GrantedFile } from '../../shared/ipc/grants';
import { formatPartialDate } from '../../shared/model/partial-date';
import { EVIDENCE_CONFIDENTIALITY, INFORMATION_CREDIBILITY, SOURCE_RELIABILITY, WORKING_COPY_TYPES } from '../../shared/model/vocabulary';
import { actionLabel, detailSummary } from '../activity-log/audit-format';
import { invoke } from '../api/client';
import { asApiError, useAction } from '../api/hooks';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { ClaimCard } from '../entities/claim-card';
import { describeDate } from '../entities/entity-form-model';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { FormError, PartialDateField } from '../ui/fields';
import { formatBytes, formatDateTime, grade, gradeExplanation, groupedSha, plural, shortSha } from '../ui/format';
import { useToast } from '../ui/toaster';
import { ACQUISITION_LABELS, CONFIDENTIALITY_LABELS, WORKING_COPY_LABELS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';
import { mediaIcon } from './evidence-library-screen';
import { EvidencePreview } from './evidence-preview';
import { ExtractedTextSection, SuggestionsSection } from './document-panels';
import { queryTerms } from './highlight';
import { EvidenceTextSection } from './evidence-text';

type ExportResult = ResponseOf<'evidence.exportOriginal'>;

function MetadataForm({ item, onDone }: { item: EvidenceView; onDone: () => void }) {
  const d = item.data;
  const sources = useQuery(() => invoke('source.list', { caseId: d.caseId }), [d.caseId]);
  const [title, setTitle] = useState(d.title);
  const [sourceId, setSourceId] = useState(d.sourceId ?? '');
  const [credibility, setCredibility] = useState(String(d.credibility));
  const [verified, setVerified] = useState(d.verifiedDocument);
  const [language, setLanguage] = useState(d.language ?? '');
  const [confidentiality, setConfidentiality] = useState<(typeof EVIDENCE_CONFIDENTIALITY)[number]>(d.confidentiality);
  const [date, setDate] = useState(d.date ? formatPartialDate(d.date) : '');
  const [notes, setNotes] = useState(d.notes);
  const [titleError, setTitleError] = useState<string | null>(null);
  const toast = useToast();
  const save = useAction((patch: Record<string, unknown>) => invoke('evidence.update', { id: item.id, patch }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return setTitleError('Give the item a title.');
    const r = await save.run({
      title: title.trim(),
      sourceId: sourceId || undefined,
      credibility: Number(credibility),
      verifiedDocument: verified,
      language: language.trim() || undefined,
      confidentiality,
      date: describeDate(date).date,
      notes: notes.trim(),
    });
    if (r?.ok) {
      toast({ message: 'Evidence metadata saved.', intent: Intent.SUCCESS, icon: 'tick' });
      onDone();
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Evidence metadata" className="metadata-form">
      <FormGroup label="Title" labelFor="ev-title" intent={titleError ? Intent.DANGER : Intent.NONE} helperText={titleError ?? undefined}>
        <InputGroup id="ev-title" value={title} onValueChange={(v) => { setTitle(v); setTitleError(null); }} autoFocus dir="auto" intent={titleError ? Intent.DANGER : Intent.NONE} />
      </FormGroup>
      <FormGroup label="Source" labelFor="ev-source">
        <HTMLSelect id="ev-source" value={sourceId} onChange={(e) => setSourceId(e.currentTarget.value)} fill>
          <option value="">No source recorded</option>
          {(sources.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.data.name} ({s.data.reliability} — {SOURCE_RELIABILITY[s.data.reliability]})
            </option>
          ))}
        </HTMLSelect>
      </FormGroup>
      <FormGroup label="Credibility of the information" labelFor="ev-credibility">
        <HTMLSelect id="ev-credibility" value={credibility} onChange={(e) => setCredibility(e.currentTarget.value)} fill>
          {Object.entries(INFORMATION_CREDIBILITY).map(([k, v]) => (
            <option key={k} value={k}>
              {k} — {v}
            </option>
          ))}
        </HTMLSelect>
      </FormGroup>
      <div className="form-row">
        <FormGroup label="Language" labelFor="ev-language" className="form-col">
          <InputGroup dir="auto" id="ev-language" value={language} onValueChange={setLanguage} placeholder="e.g. Arabic" />
        </FormGroup>
        <PartialDateField id="ev-date" label="Date of the document" value={date} onChange={setDate} className="form-col" placeholder="e.g. 2023-04" />
      </div>
      <FormGroup label="Confidentiality" labelFor="ev-confidentiality">
        <HTMLSelect id="ev-confidentiality" value={confidentiality} onChange={(e) => setConfidentiality(e.currentTarget.value as typeof confidentiality)} fill>
          {EVIDENCE_CONFIDENTIALITY.map((c) => (
            <option key={c} value={c}>
              {CONFIDENTIALITY_LABELS[c]}
            </option>
          ))}
        </HTMLSelect>
      </FormGroup>
      <Checkbox checked={verified} onChange={(e) => setVerified(e.currentTarget.checked)} label="Verified authentic document" />
      <FormGroup label="Notes" labelFor="ev-notes">
        <TextArea id="ev-notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} fill rows={3} dir="auto" />
      </FormGroup>
      <FormError error={save.error} />
      <div className="form-buttons-end">
        <Button text="Cancel" onClick={onDone} disabled={save.busy} />
        <Button type="submit" intent={Intent.PRIMARY} text="Save" loading={save.busy} />
      </div>
    </form>
  );
}

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

function CustodyChain({ item }: { item: EvidenceView }) {
  return (
    <table className="data-table data-table-compact custody-table" aria-label="Chain of custody" data-testid="custody-chain">
      <thead>
        <tr>
          <th scope="col" className="dt-right">
            #
          </th>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Details</th>
          <th scope="col">Entry hash</th>
        </tr>
      </thead>
      <tbody>
        {item.custody.map((c) => (
          <tr key={c.seq}>
            <td className="dt-right tabular muted-cell">{c.seq}</td>
            <td className="tabular nowrap" title={c.ts}>
              {formatDateTime(c.ts, true)}
            </td>
            <td>{c.actor}</td>
            <td className="custody-action">{actionLabel(c.action)}</td>
            <td className="custody-details">{detailSummary({ action: c.action, ...(c.details ? { details: c.details } : {}) })}</td>
            <td className="mono cell-small nowrap" title={c.hash}>
              {c.hash.slice(0, 8)}…
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EvidenceBody({ item, reload }: { item: EvidenceView; reload: () => void }) {
  const { navigate, changed, route, version } = useWorkspace();
  // Opened from a search hit or a mention: at its page, with its words marked in the preview and the text.
  const [page, setPage] = useState(route.page ?? 1);
  const terms = useMemo(() => queryTerms(route.highlight ?? ''), [route.highlight]);
  const textQ = useQuery(() => invoke('evidence.text', { evidenceId: item.id }), [item.id, version]);
  const text = textQ.data ? textQ.data.text : undefined;
  const ocr = text?.pages.find((p) => p.page === page && p.method === 'ocr' && p.words?.length);
  const toast = useToast();
  const d = item.data;
  const f = d.file;
  const [editing, setEditing] = useState(false);
  const [exported, setExported] = useState<ExportResult | null>(null);
  const [copyFile, setCopyFile] = useState<GrantedFile | null>(null);
  const [deleting, setDeleting] = useState(false);
  const impact = useQuery(() => invoke('evidence.deleteImpact', { id: item.id }), [item.id, deleting], deleting);
  const exportOriginal = useAction(async () => {
    const { file } = await invoke('system.pickSavePath', { purpose: 'evidence.exportOriginal', title: 'Export the original', defaultName: f?.originalName ?? d.title });
    if (!file) return null;
    return invoke('evidence.exportOriginal', { id: item.id, grant: file.grant });
  });
  const remove = useAction(() => invoke('evidence.delete', { id: item.id, confirm: true }));

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

  const confirmDelete = async () => {
    const r = await remove.run();
    if (r?.ok) {
      toast({ message: `Deleted ${d.title}.`, intent: Intent.SUCCESS, icon: 'tick' });
      setDeleting(false);
      changed();
      navigate({ area: 'evidence' });
    }
  };

  const summaryOf = (claimId: string, fallback: string) => item.claims.find((c) => c.id === claimId)?.summary ?? fallback ?? 'a claim';
  const imp = impact.data;

  return (
    <div className="area-page area-page-wide record-page evidence-page">
      <nav className="record-breadcrumb" aria-label="Breadcrumb">
        <Button variant="minimal" size="small" icon="arrow-left" text="Evidence" onClick={() => navigate({ area: 'evidence' })} />
      </nav>
      <header className="record-header">
        <div className="record-title">
          <Icon icon={mediaIcon({ type: d.type, mediaType: f?.mediaType ?? null })} size={20} className="record-icon" />
          <div>
            <H1 className="record-name" dir="auto">
              {d.title}
            </H1>
            <div className="record-tags">
              <Tag minimal>{d.type === 'statement' ? 'Witness statement' : d.derivedFrom ? `${WORKING_COPY_LABELS[d.derivedFrom.type]} working copy` : 'Original file'}</Tag>
              {f ? (
                <Tag minimal className="mono">
                  {f.mediaType}
                </Tag>
              ) : null}
              <Tag minimal intent={d.confidentiality === 'normal' ? Intent.NONE : Intent.WARNING}>
                {CONFIDENTIALITY_LABELS[d.confidentiality]}
              </Tag>
              {d.verifiedDocument ? (
                <Tag minimal intent={Intent.SUCCESS} icon="endorsed">
                  Verified document
                </Tag>
              ) : null}
              <Tag minimal className="grade-tag" title={gradeExplanation(item.source?.data.reliability, d.credibility)}>
                Grade {grade(item.source?.data.reliability, d.credibility)}
              </Tag>
            </div>
          </div>
        </div>
        <div className="area-actions">
          {f ? <Button icon="download" text="Export original…" onClick={() => void doExport()} loading={exportOriginal.busy} /> : null}
          {f && !d.derivedFrom ? <Button icon="duplicate" text="Add working copy…" onClick={() => void pickCopy()} /> : null}
          {d.type === 'statement' && d.statement ? (
            <Button icon="edit" intent={Intent.PRIMARY} text="Open statement" onClick={() => navigate({ area: 'statements', witnessId: d.statement!.witnessId, statementId: item.id })} />
          ) : null}
          <Button icon="trash" text="Delete…" intent={Intent.DANGER} variant="outlined" onClick={() => setDeleting(true)} />
        </div>
      </header>

      {exported ? (
        <Callout intent={Intent.SUCCESS} icon="tick" title="Original exported and verified" className="export-result" data-testid="export-result">
          <p>
            {formatBytes(exported.size)} written to <span className="mono path">{exported.name}</span>.
          </p>
          <p>
            The SHA-256 of the exported bytes matches the hash taken at intake:
            <span className="mono sha sha-block">{groupedSha(exported.sha256)}</span>
          </p>
          <Button variant="minimal" size="small" text="Dismiss" onClick={() => setExported(null)} />
        </Callout>
      ) : null}

      <div className="record-grid">
        <div className="record-main">
          {f ? (
            <>
              {/* The document viewer: the page (with the hit marked) beside its extracted text. */}
              <div className={text ? 'doc-viewer' : undefined} data-testid="doc-viewer">
                <Section compact title="Preview" icon="eye-open" className="record-section">
                  <SectionCard>
                    <EvidencePreview evidenceId={item.id} onViewed={reload} focus={{ page, terms, ocr, onPage: setPage }} />
                  </SectionCard>
                </Section>
                <ExtractedTextSection text={text} page={page} onPage={setPage} terms={terms} />
              </div>
              <SuggestionsSection evidenceId={item.id} caseId={item.data.caseId} version={version} />
              <EvidenceTextSection item={item} onChanged={reload} />
            </>
          ) : d.statement ? (
            <Section compact title="Statement" icon="chat" className="record-section">
              <SectionCard>
                <p>
                  Statement of <strong>{item.witnessPseudonym ?? 'a witness'}</strong>
                  {d.statement.interview.date ? `, taken ${formatPartialDate(d.statement.interview.date)}` : ''}
                  {d.statement.interview.place ? ` in ${d.statement.interview.place}` : ''}.
                </p>
                <p className="statement-excerpt" dir="auto">
                  {d.statement.text.slice(0, 600)}
                  {d.statement.text.length > 600 ? '…' : ''}
                </p>
              </SectionCard>
            </Section>
          ) : null}

          <Section compact title={`Claims citing this item (${item.claims.length})`} icon="citation" className="record-section">
            <SectionCard>
              {item.claims.length ? (
                <div className="claim-list">
                  {item.claims.map((c) => (
                    <ClaimCard key={c.id} claim={c} />
                  ))}
                </div>
              ) : (
                <p className={`section-empty ${Classes.TEXT_MUTED}`}>No claim cites this item yet. Add claims from an entity’s page.</p>
              )}
            </SectionCard>
          </Section>

          <Section compact title={`Chain of custody (${item.custody.length})`} icon="history" className="record-section" collapsible>
            <SectionCard padded={false}>
              <p className={`section-lead ${Classes.TEXT_MUTED}`}>
                Every entry about this item, oldest first. Each is hash-chained into the vault’s activity log and to the previous entry about this item.
              </p>
              <CustodyChain item={item} />
            </SectionCard>
          </Section>
        </div>

        <aside className="record-side">
          {f ? (
            <Section compact title="Original file" icon="document" className="record-section">
              <SectionCard>
                <dl className="facts facts-compact">
                  <dt>File name</dt>
                  <dd className="mono" dir="auto">
                    {f.originalName}
                  </dd>
                  <dt>Type</dt>
                  <dd className="mono">{f.mediaType}</dd>
                  <dt>Size</dt>
                  <dd>
                    {formatBytes(f.blob.size)} <span className={Classes.TEXT_MUTED}>({f.blob.size.toLocaleString('en-GB')} bytes)</span>
                  </dd>
                  <dt>SHA-256</dt>
                  <dd className="mono sha" data-testid="evidence-sha256" data-sha256={f.blob.sha256}>
                    {groupedSha(f.blob.sha256)}
                  </dd>
                  {f.capturedBy ? (
                    <>
                      <dt>Captured by</dt>
                      <dd>{f.capturedBy}</dd>
                    </>
                  ) : null}
                  {f.capturedAt ? (
                    <>
                      <dt>Captured on</dt>
                      <dd>{formatPartialDate(f.capturedAt)}</dd>
                    </>
                  ) : null}
                  {f.acquisitionMethod ? (
                    <>
                      <dt>Obtained</dt>
                      <dd>{ACQUISITION_LABELS[f.acquisitionMethod]}</dd>
                    </>
                  ) : null}
                  {f.sourceUrl ? (
                    <>
                      <dt>Source URL</dt>
                      <dd className="mono cell-small">{f.sourceUrl}</dd>
                    </>
                  ) : null}
                  <dt>Taken in</dt>
                  <dd>{formatDateTime(item.createdAt)}</dd>
                </dl>
              </SectionCard>
            </Section>
          ) : null}

          <Section
            compact
            title="Metadata"
            icon="properties"
            className="record-section"
            rightElement={!editing ? <Button size="small" icon="edit" text="Edit" onClick={() => setEditing(true)} /> : undefined}
          >
            <SectionCard>
              {editing ? (
                <MetadataForm
                  item={item}
                  onDone={() => {
                    setEditing(false);
                    changed();
                  }}
                />
              ) : (
                <dl className="facts facts-compact">
                  <dt>Source</dt>
                  <dd>
                    {item.source ? (
                      <>
                        {item.source.data.name}{' '}
                        <span className={Classes.TEXT_MUTED}>
                          ({item.source.data.reliability} — {SOURCE_RELIABILITY[item.source.data.reliability]})
                        </span>
                      </>
                    ) : (
                      <span className={Classes.TEXT_MUTED}>Not recorded</span>
                    )}
                  </dd>
                  <dt>Credibility</dt>
                  <dd>
                    {d.credibility} — {INFORMATION_CREDIBILITY[d.credibility]}
                  </dd>
                  {d.language ? (
                    <>
                      <dt>Language</dt>
                      <dd>{d.language}</dd>
                    </>
                  ) : null}
                  {d.date ? (
                    <>
                      <dt>Date</dt>
                      <dd>{formatPartialDate(d.date)}</dd>
                    </>
                  ) : null}
                  {d.notes ? (
                    <>
                      <dt>Notes</dt>
                      <dd dir="auto" className="pre-wrap">
                        {d.notes}
                      </dd>
                    </>
                  ) : null}
                </dl>
              )}
            </SectionCard>
          </Section>

          {d.derivedFrom ? (
            <Section compact title="Derived from" icon="git-branch" className="record-section">
              <SectionCard>
                <Button variant="minimal" icon="document" text="Open the original" onClick={() => navigate({ area: 'evidence', evidenceId: d.derivedFrom!.evidenceId })} />
              </SectionCard>
            </Section>
          ) : f ? (
            <Section compact title={`Working copies (${item.workingCopies.length})`} icon="duplicate" className="record-section" rightElement={<Button size="small" icon="add" text="Add…" onClick={() => void pickCopy()} />}>
              <SectionCard padded={item.workingCopies.length === 0}>
                {item.workingCopies.length ? (
                  <ul className="evidence-mini-list">
                    {item.workingCopies.map((w) => (
                      <li key={w.id}>
                        <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: w.id })}>
                          {w.title}
                        </button>
                        <span className={`mono cell-small ${Classes.TEXT_MUTED}`}>{shortSha(w.sha256)}</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className={`section-empty ${Classes.TEXT_MUTED}`}>Redacted, translated or transcribed versions appear here.</p>
                )}
              </SectionCard>
            </Section>
          ) : null}
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

      <ConfirmDialog
        isOpen={deleting}
        title={`Delete ${d.title}?`}
        confirmText="Delete evidence item"
        busy={remove.busy}
        error={remove.error}
        onClose={() => {
          setDeleting(false);
          remove.clearError();
        }}
        onConfirm={() => void confirmDelete()}
        acknowledge={
          imp && imp.unsupported.length
            ? `I understand that ${plural(imp.unsupported.length, 'claim')} will be left with no supporting evidence.`
            : imp && (imp.weakened.length || imp.workingCopies.length || imp.statementsAttaching.length)
              ? 'I understand what else this changes.'
              : null
        }
      >
        {!imp ? (
          impact.error ? (
            <FormError error={impact.error} />
          ) : (
            <Spinner size={16} />
          )
        ) : (
          <div className="impact" data-testid="evidence-delete-impact">
            <p>
              The encrypted file and its record are removed from the vault. {f ? 'Export the original first if you may need it again. ' : ''}The deletion is recorded in
              the activity log.
            </p>
            {imp.unsupported.length ? (
              <Callout intent={Intent.DANGER} icon="error" title={`${plural(imp.unsupported.length, 'claim')} would be left unsupported`} compact>
                <ul className="impact-list">
                  {imp.unsupported.map((u) => (
                    <li key={u.claimId}>{summaryOf(u.claimId, u.statement)}</li>
                  ))}
                </ul>
                These claims stay, marked as having no evidence.
              </Callout>
            ) : null}
            {imp.weakened.length ? (
              <Callout intent={Intent.WARNING} icon="warning-sign" title={`${plural(imp.weakened.length, 'claim')} would be weakened`} compact>
                <ul className="impact-list">
                  {imp.weakened.map((w) => (
                    <li key={w.claimId}>
                      {summaryOf(w.claimId, w.statement)} <span className={Classes.TEXT_MUTED}>— {w.remaining === 1 ? '1 other item still supports it' : `${plural(w.remaining, 'other item')} still support it`}</span>
                    </li>
                  ))}
                </ul>
              </Callout>
            ) : null}
            {imp.workingCopies.length ? <p>Its {plural(imp.workingCopies.length, 'working copy', 'working copies')} will be deleted too.</p> : null}
            {imp.statementsAttaching.length ? <p>It will be detached from {plural(imp.statementsAttaching.length, 'witness statement')}.</p> : null}
            {!imp.unsupported.length && !imp.weakened.length && !imp.workingCopies.length && !imp.statementsAttaching.length ? <p>No claim relies on it.</p> : null}
          </div>
        )}
      </ConfirmDialog>
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
