/** Sources: who or what the evidence came from, graded A–F on the Admiralty scale. */
import { Button, ButtonGroup, Classes, Dialog, DialogBody, DialogFooter, FormGroup, H1, HTMLSelect, InputGroup, Intent, NonIdealState, Spinner, Tag, TextArea, type HotkeyConfig, useHotkeys } from '@blueprintjs/core';
import { useMemo, useRef, useState, type MutableRefObject } from 'react';
import type { SourceView } from '../../shared/ipc/schemas/case';
import { SOURCE_RELIABILITY, SOURCE_TYPES, type SourceReliability, type SourceType } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DataTable } from '../ui/data-table';
import { FieldMessage } from '../ui/field-message';
import { fieldOfError, FormError } from '../ui/fields';
import { plural } from '../ui/format';
import { useToast } from '../ui/toaster';
import { ReliabilityField, reliabilityData } from '../ui/reliability-field';
import { SOURCE_TYPE_LABELS } from '../ui/vocab';
import type { ReliabilityChoice } from '../../shared/model/records';
import { useDraftOpener, useFormDraft } from '../workspace/drafts';
import { restoreFields } from '../workspace/draft-restore';
import { useCurrentCase, useWorkspace } from '../workspace/workspace';
import type { RequestOf } from '../../shared/ipc/contract';

const RELIABILITY_INTENT: Record<SourceReliability, Intent> = { A: Intent.SUCCESS, B: Intent.SUCCESS, C: Intent.PRIMARY, D: Intent.WARNING, E: Intent.DANGER, F: Intent.NONE };

export function ReliabilityTag({ r, ungraded }: { r: SourceReliability; ungraded?: boolean | undefined }) {
  return (
    <span className="reliability">
      <Tag minimal intent={ungraded ? Intent.WARNING : RELIABILITY_INTENT[r]} className="grade-tag">
        {r}
      </Tag>
      <span>{ungraded ? 'Not yet graded (counted as F)' : SOURCE_RELIABILITY[r]}</span>
    </span>
  );
}

function SourceForm({ caseId, existing, onClose, onSaved, closer }: { caseId: string; existing: SourceView | null; onClose: () => void; onSaved: () => void; closer: MutableRefObject<() => void> }) {
  const [name, setName] = useState(existing?.data.name ?? '');
  const [type, setType] = useState<SourceType>(existing?.data.type ?? 'open_source');
  // Asked for, never defaulted to F (rule 4): a new source starts with no grade chosen.
  const [reliability, setReliability] = useState<ReliabilityChoice | ''>(existing ? (existing.data.ungraded ? 'ungraded' : existing.data.reliability) : '');
  const [reliabilityError, setReliabilityError] = useState<string | null>(null);
  const [description, setDescription] = useState(existing?.data.description ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  // Unsaved values survive a lock; closing with some asks first.
  const values = { name, type, reliability, description };
  const { discard, requestClose, confirmDiscard } = useFormDraft({
    key: `source:${existing?.id ?? `new:${caseId}`}`,
    form: 'source',
    caseId,
    context: { sourceId: existing?.id ?? null },
    value: values,
    restore: (raw) => restoreFields(raw, values, { name: setName, type: setType, reliability: setReliability, description: setDescription }),
    what: existing ? 'changes to this source' : 'source',
    onClose,
  });
  closer.current = requestClose;
  const toast = useToast();
  const save = useAction(async (data: Omit<RequestOf<'source.create'>['data'], 'caseId'>) => (existing ? invoke('source.update', { id: existing.id, patch: data }) : invoke('source.create', { data: { ...data, caseId } })));
  // The core's objection to the name (too long, …) goes under the name, not above the buttons.
  const coreNameError = save.error && fieldOfError(save.error, ['name']) ? `${save.error.message.charAt(0).toUpperCase()}${save.error.message.slice(1)}.` : null;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError('Name the source. For a person, use a pseudonym or a code, never their real name.');
      return nameRef.current?.focus();
    }
    if (!reliability) {
      setReliabilityError('Grade the source, or choose “Not yet graded”.');
      return document.getElementById('source-reliability')?.focus();
    }
    const r = await save.run({ name: name.trim(), type, ...reliabilityData(reliability), description: description.trim() });
    if (r?.ok) {
      discard();
      toast({ message: existing ? 'Source saved.' : `Source “${r.value.data.name}” added.`, intent: Intent.SUCCESS, icon: 'tick' });
      onSaved();
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit source' : 'New source'}>
      <DialogBody>
        <FormGroup label="Name" labelFor="source-name" labelInfo="(required)" intent={nameError || coreNameError ? Intent.DANGER : Intent.NONE}>
          <InputGroup dir="auto"
            id="source-name"
            inputRef={nameRef}
            value={name}
            onValueChange={(v) => {
              setName(v);
              setNameError(null);
              save.clearError();
            }}
            placeholder="e.g. UNSMIL human rights report, S-014"
            autoFocus
            disabled={!!existing?.data.witnessId}
            aria-invalid={nameError || coreNameError ? true : undefined}
            aria-describedby="source-name-help"
          />
          <FieldMessage id="source-name-help" error={nameError ?? coreNameError} hint={existing?.data.witnessId ? 'A witness’s source carries the witness’s pseudonym.' : 'For people, a pseudonym or code — never a real name.'} />
        </FormGroup>
        <div className="form-row">
          <FormGroup label="Type" labelFor="source-type" className="form-col">
            <HTMLSelect id="source-type" value={type} onChange={(e) => setType(e.currentTarget.value as SourceType)} fill disabled={!!existing?.data.witnessId}>
              {SOURCE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {SOURCE_TYPE_LABELS[t]}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <ReliabilityField
            id="source-reliability"
            label="Reliability"
            className="form-col"
            value={reliability}
            onChange={(v) => {
              setReliability(v);
              setReliabilityError(null);
            }}
            error={reliabilityError}
          />
        </div>
        <p className={`form-note ${Classes.TEXT_MUTED}`}>
          Reliability grades the source’s track record (Admiralty scale); the credibility of each item it provides is graded 1–6 on the item.
        </p>
        <FormGroup label="Description" labelFor="source-description">
          <TextArea dir="auto" id="source-description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} fill rows={3} placeholder="Access, motivation, past reporting" />
        </FormGroup>
        {coreNameError ? null : <FormError error={save.error} />}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text={existing ? 'Save source' : 'Add source'} loading={save.busy} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function SourcesScreen() {
  const current = useCurrentCase();
  const { version, changed } = useWorkspace();
  const toast = useToast();
  const q = useQuery(() => invoke('source.list', { caseId: current.id }), [current.id, version]);
  const [editing, setEditing] = useState<SourceView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SourceView | null>(null);
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(() => setEditing(null));
  // A source's draft kept through a lock opens the form again (once the list has loaded, for an edit).
  useDraftOpener(
    'source',
    (d) => !d.context.sourceId || (q.data ?? []).some((x) => x.id === d.context.sourceId),
    (d) => setEditing((q.data ?? []).find((x) => x.id === d.context.sourceId) ?? 'new'),
  );
  const remove = useAction((id: string) => invoke('source.delete', { id }));
  const hotkeys = useMemo<HotkeyConfig[]>(() => [{ combo: 'n', global: true, group: 'Sources', label: 'New source', preventDefault: true, onKeyDown: () => setEditing('new') }], []);
  useHotkeys(hotkeys);

  const rows = [...(q.data ?? [])].sort((a, b) => a.data.reliability.localeCompare(b.data.reliability) || a.data.name.localeCompare(b.data.name));
  return (
    <div className="area-page area-page-wide">
      <header className="area-header area-header-row">
        <div>
          <H1>Sources</H1>
          <p className={Classes.TEXT_MUTED}>Who or what the evidence in {current.data.name} came from. Independence of corroboration is judged per source.</p>
        </div>
        <div className="area-actions">
          <Button intent={Intent.PRIMARY} icon="add" text="New source" onClick={() => setEditing('new')} aria-keyshortcuts="N" />
        </div>
      </header>
      {q.error && !q.data ? (
        <NonIdealState icon="error" title="The sources could not be read" description={describeError(q.error).message} />
      ) : !q.data ? (
        <Spinner size={24} />
      ) : (
        <DataTable<SourceView>
          label="Sources"
          rows={rows}
          rowKey={(s) => s.id}
          onOpen={(s) => setEditing(s)}
          testId="source-table"
          empty={
            <NonIdealState
              icon="inbox"
              title="No sources yet"
              description="Record where evidence comes from — a report, an intercept, an NGO, a witness — and how reliable it has proved."
              action={<Button intent={Intent.PRIMARY} icon="add" text="Add the first source" onClick={() => setEditing('new')} />}
            />
          }
          columns={[
            {
              id: 'name',
              header: 'Source',
              render: (s) => (
                <span className="source-name">
                  <span dir="auto">{s.data.name}</span>
                  {s.data.witnessId ? (
                    <Tag minimal intent={Intent.WARNING} className="witness-tag">
                      witness
                    </Tag>
                  ) : null}
                </span>
              ),
            },
            { id: 'type', header: 'Type', width: '170px', render: (s) => SOURCE_TYPE_LABELS[s.data.type] },
            { id: 'reliability', header: 'Reliability', width: '240px', render: (s) => <ReliabilityTag r={s.data.reliability} ungraded={s.data.ungraded} /> },
            { id: 'items', header: 'Items', width: '70px', align: 'right', render: (s) => <span className="tabular">{s.items}</span> },
            { id: 'description', header: 'Description', render: (s) => <span className={`clamp-1 ${Classes.TEXT_MUTED}`}>{s.data.description || '—'}</span> },
            {
              id: 'actions',
              header: '',
              width: '72px',
              align: 'right',
              render: (s) => (
                <ButtonGroup variant="minimal" className="row-actions">
                  <Button size="small" icon="edit" aria-label={`Edit ${s.data.name}`} onClick={() => setEditing(s)} />
                  <Button size="small" icon="trash" aria-label={`Delete ${s.data.name}`} onClick={() => setDeleting(s)} disabled={!!s.data.witnessId} />
                </ButtonGroup>
              ),
            },
          ]}
        />
      )}
      <Dialog isOpen={editing !== null} onClose={() => closer.current()} title={editing === 'new' ? 'New source' : 'Edit source'} icon="inbox" canOutsideClickClose={false} className="form-dialog">
        {editing !== null ? (
          <SourceForm
            caseId={current.id}
            existing={editing === 'new' ? null : editing}
            onClose={() => setEditing(null)}
            closer={closer}
            onSaved={() => {
              setEditing(null);
              changed();
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        isOpen={deleting !== null}
        title={`Delete ${deleting?.data.name ?? ''}?`}
        confirmText="Delete source"
        busy={remove.busy}
        error={remove.error}
        onClose={() => {
          setDeleting(null);
          remove.clearError();
        }}
        onConfirm={() =>
          void (async () => {
            if (!deleting) return;
            const r = await remove.run(deleting.id);
            if (r?.ok) {
              toast({ message: 'Source deleted.', intent: Intent.SUCCESS, icon: 'tick' });
              setDeleting(null);
              changed();
            }
          })()
        }
      >
        {deleting && deleting.items ? (
          <p>
            {plural(deleting.items, 'evidence item comes', 'evidence items come')} from this source, so it cannot be deleted. Give {deleting.items === 1 ? 'it' : 'them'} another
            source first.
          </p>
        ) : (
          <p>No evidence item comes from this source. You can undo this with Ctrl+Z.</p>
        )}
      </ConfirmDialog>
    </div>
  );
}
