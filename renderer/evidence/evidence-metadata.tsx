/**
 * The side facts of an evidence item: the original file (name, type, size, the SHA-256 taken at intake, how it
 * was captured) and the editable metadata (title, source, credibility …; the file itself can never change).
 */
import { Button, Checkbox, Classes, FormGroup, HTMLSelect, InputGroup, Intent, Section, SectionCard, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { EVIDENCE_CONFIDENTIALITY, INFORMATION_CREDIBILITY, SOURCE_RELIABILITY } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { useQuery } from '../api/query';
import { describeDate } from '../entities/entity-form-model';
import { FormError, PartialDateField } from '../ui/fields';
import { formatBytes, formatDateTime, groupedSha } from '../ui/format';
import { useToast } from '../ui/toaster';
import { ACQUISITION_LABELS, CONFIDENTIALITY_LABELS } from '../ui/vocab';
import { useDraftOpener, useFormDraft } from '../workspace/drafts';
import { restoreFields } from '../workspace/draft-restore';
import { useWorkspace } from '../workspace/workspace';

function MetadataForm({ item, onDone, onCancel }: { item: EvidenceView; onDone: () => void; onCancel: () => void }) {
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
  // Unsaved values survive a lock; cancelling with some asks first.
  const values = { title, sourceId, credibility, verified, language, confidentiality, date, notes };
  const { discard, requestClose, confirmDiscard } = useFormDraft({
    key: `evidence:${item.id}`,
    form: 'evidence',
    caseId: d.caseId,
    context: { evidenceId: item.id },
    value: values,
    restore: (raw) =>
      restoreFields(raw, values, {
        title: setTitle,
        sourceId: setSourceId,
        credibility: setCredibility,
        verified: setVerified,
        language: setLanguage,
        confidentiality: setConfidentiality,
        date: setDate,
        notes: setNotes,
      }),
    what: 'changes to these details',
    onClose: onCancel,
  });
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
      discard();
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
        <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
        <Button type="submit" intent={Intent.PRIMARY} text="Save" loading={save.busy} />
      </div>
      {confirmDiscard}
    </form>
  );
}

/** The original file's facts; nothing here can change after intake. */
export function OriginalFileSection({ item }: { item: EvidenceView }) {
  const f = item.data.file;
  if (!f) return null;
  return (
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
  );
}

/** The metadata, read or (after "Edit") in its form. */
export function MetadataSection({ item }: { item: EvidenceView }) {
  const { changed } = useWorkspace();
  const [editing, setEditing] = useState(false);
  // Details kept through a lock open the form again.
  useDraftOpener('evidence', (x) => x.context.evidenceId === item.id, () => setEditing(true));
  const d = item.data;
  return (
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
            onCancel={() => setEditing(false)}
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
  );
}
