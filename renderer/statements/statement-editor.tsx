/**
 * The statement editor: the account itself in a calm, roomy text area, and around it the interview
 * (date, place, interviewer, language, interpreter), consent, risk, grading and attachments. Saving is
 * explicit (Ctrl+S or the button): every save is an entry in the statement's chain of custody. Leaving
 * with unsaved changes asks first.
 */
import { Button, Callout, Checkbox, Classes, FormGroup, H1, HTMLSelect, InputGroup, Intent, KeyComboTag, NonIdealState, Section, SectionCard, Spinner, Tag, TextArea, type HotkeyConfig, useHotkeys } from '@blueprintjs/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import { INFORMATION_CREDIBILITY, RISK_LEVELS } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { FormError, PartialDateField } from '../ui/fields';
import { formatDateTime } from '../ui/format';
import { useToast } from '../ui/toaster';
import { RISK_LABELS } from '../ui/vocab';
import { useDraft } from '../workspace/drafts';
import { useCurrentCase, useWorkspace } from '../workspace/workspace';
import { IdentityWarning } from './identity-warning';
import { loadWitness } from './witness-data';
import { firstError, type FieldErrors } from '../ui/field-errors';
import { FieldMessage } from '../ui/field-message';
import { draftFromStatement, newDraft, sameDraft, STATEMENT_FIELD_IDS, statementCoreError, statementErrors, statementPayload, wordCount, type Risk, type StatementDraft } from './statement-model';

function Editor({
  witnessId,
  loaded,
  pseudonym,
  witnessRisk,
  onCreated,
}: {
  witnessId: string;
  loaded: EvidenceView | null;
  pseudonym: string;
  witnessRisk: Risk;
  onCreated: (id: string) => void;
}) {
  // A statement recorded here is known at once, so the next save updates it even before the route's reload.
  const [created, setCreated] = useState<EvidenceView | null>(null);
  const statement = loaded ?? created;
  const current = useCurrentCase();
  const { navigate, changed, setLeaveGuard } = useWorkspace();
  const toast = useToast();
  const [saved, setSaved] = useState<StatementDraft>(() => (statement ? draftFromStatement(statement) : newDraft(witnessRisk)));
  const [draft, setDraft] = useState<StatementDraft>(saved);
  const [savedAt, setSavedAt] = useState<string | null>(statement?.updatedAt ?? null);
  const evidence = useQuery(() => invoke('evidence.list', { caseId: current.id }), [current.id]);
  const dirty = !sameDraft(draft, saved);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const draftRef = useRef(draft);
  draftRef.current = draft;
  // Unsaved words survive a lock: sealed into the vault, and back here after unlock.
  useDraft({
    key: `statement:${statement?.id ?? `new:${witnessId}`}`,
    form: 'statement',
    caseId: current.id,
    context: { witnessId },
    value: draft as unknown as Record<string, unknown>,
    dirty,
    restore: (v) => setDraft({ ...newDraft(witnessRisk), ...(v as unknown as Partial<StatementDraft>) }),
  });

  useEffect(() => {
    setLeaveGuard(() => (dirtyRef.current ? 'This statement has unsaved changes. Leave without saving them?' : null));
    return () => setLeaveGuard(null);
  }, [setLeaveGuard]);

  const save = useAction(async () => {
    const payload = statementPayload(draft);
    if (statement) return invoke('statement.update', { id: statement.id, patch: payload });
    return invoke('statement.create', { caseId: current.id, witnessId, ...payload });
  });

  const [errors, setErrors] = useState<FieldErrors>({});
  const focus = (k: string) => document.getElementById(STATEMENT_FIELD_IDS[k] ?? '')?.focus();
  const doSave = async () => {
    if (!dirtyRef.current && statement) return;
    if (save.busy) return;
    const sent = draftRef.current;
    const found = statementErrors(sent);
    setErrors(found);
    const first = firstError(found, Object.keys(STATEMENT_FIELD_IDS));
    if (first) return focus(first);
    const r = await save.run();
    if (r && !r.ok) {
      // The core's refusal goes under the field it names; the words stay in the editor.
      const m = statementCoreError(r.error);
      if (m) {
        setErrors({ [m.field]: m.message });
        focus(m.field);
      }
    }
    if (!r?.ok) return;
    const next = draftFromStatement(r.value);
    setSaved(next);
    // Words typed while the save was in flight stay in the editor (and keep it dirty); only an unchanged
    // draft takes the saved form.
    const untouched = draftRef.current === sent;
    setDraft((d) => (d === sent ? next : d));
    setSavedAt(r.value.updatedAt);
    dirtyRef.current = !untouched;
    changed();
    toast({ message: statement ? 'Statement saved.' : `Statement of ${pseudonym} recorded.`, intent: Intent.SUCCESS, icon: 'tick' });
    if (!statement) {
      // The route moves to the statement's id with this editor kept mounted: focus, caret and words typed
      // since stay where they are.
      setCreated(r.value);
      onCreated(r.value.id);
      navigate({ area: 'statements', witnessId, statementId: r.value.id });
    }
  };

  const saveRef = useRef(doSave);
  saveRef.current = doSave;
  const hotkeys = useMemo<HotkeyConfig[]>(
    () => [{ combo: 'mod+s', global: true, allowInInput: true, group: 'Statement editor', label: 'Save the statement', preventDefault: true, onKeyDown: () => void saveRef.current() }],
    [],
  );
  useHotkeys(hotkeys);

  const set = (patch: Partial<StatementDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A changed field loses its error (and the core's).
    if (Object.keys(patch).some((k) => errors[k])) setErrors((x) => Object.fromEntries(Object.entries(x).filter(([k]) => !(k in patch))));
    if (save.error) save.clearError();
  };
  /** A field's error attributes: its intent, aria-invalid and the message it is described by. */
  const bad = (k: string) => ({ intent: errors[k] ? Intent.DANGER : Intent.NONE, 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': `${STATEMENT_FIELD_IDS[k]}-help` });
  const group = (k: string) => (errors[k] ? Intent.DANGER : Intent.NONE);
  const coreError = save.error ? statementCoreError(save.error) : null;
  const files = (evidence.data ?? []).filter((e) => e.type === 'file');
  const byId = new Map(files.map((f) => [f.id, f] as const));
  const words = wordCount(draft.text);

  return (
    <div className="area-page area-page-wide record-page statement-editor">
      <nav className="record-breadcrumb" aria-label="Breadcrumb">
        <Button variant="minimal" size="small" icon="arrow-left" text={`Witness ${pseudonym}`} onClick={() => navigate({ area: 'statements', witnessId })} />
      </nav>
      <header className="record-header">
        <div className="record-title">
          <div>
            <H1 className="record-name">{statement ? draft.title || `Statement of ${pseudonym}` : `New statement of ${pseudonym}`}</H1>
            <div className="record-tags">
              <span className={`save-state${dirty ? ' save-state-dirty' : ''}`} aria-live="polite" data-testid="save-state">
                {dirty ? 'Unsaved changes' : savedAt ? `Saved ${formatDateTime(savedAt)}` : 'Not saved yet'}
              </span>
            </div>
          </div>
        </div>
        <div className="area-actions">
          <Button
            intent={Intent.PRIMARY}
            icon="floppy-disk"
            text={
              <span className="lock-button-text">
                {statement ? 'Save' : 'Record statement'} <KeyComboTag combo="mod+s" minimal className="lock-combo" />
              </span>
            }
            onClick={() => void doSave()}
            loading={save.busy}
            disabled={!!statement && !dirty}
            aria-keyshortcuts="Control+S Meta+S"
          />
        </div>
      </header>
      {save.error && !coreError ? <FormError error={save.error} /> : null}
      <div className="statement-grid">
        <div className="statement-main">
          <FormGroup label="Title" labelFor="st-title" className="statement-title-field" intent={group('title')}>
            <InputGroup id="st-title" value={draft.title} onValueChange={(v) => set({ title: v })} placeholder={`Statement of ${pseudonym}`} dir="auto" {...bad('title')} />
            <FieldMessage id="st-title-help" error={errors.title} />
          </FormGroup>
          <label htmlFor="st-text" className="statement-text-label">
            Account
          </label>
          <TextArea
            id="st-text"
            className="statement-text"
            value={draft.text}
            onChange={(e) => set({ text: e.currentTarget.value })}
            placeholder="The witness’s account, in their words as far as possible. Note what was seen first-hand and what was heard from others."
            dir="auto"
            fill
            autoFocus={!statement}
            spellCheck
            {...bad('text')}
          />
          <FieldMessage id="st-text-help" error={errors.text} />
          <IdentityWarning caseId={current.id} witnessId={witnessId} text={draft.text} onReplace={(text) => set({ text })} />
          <p className={`statement-count ${Classes.TEXT_MUTED}`}>
            {words.toLocaleString('en-GB')} {words === 1 ? 'word' : 'words'} · Saved only when you save; each save is an entry in the statement’s chain of custody.
          </p>
        </div>
        <aside className="statement-side">
          <Section compact title="Interview" icon="headset" className="record-section">
            <SectionCard>
              <PartialDateField id="st-date" label="Date" value={draft.date} onChange={(v) => set({ date: v })} error={errors.date} placeholder="e.g. 2023-05-14" />
              <FormGroup label="Place" labelFor="st-place" intent={group('place')}>
                <InputGroup id="st-place" value={draft.place} onValueChange={(v) => set({ place: v })} placeholder="Where the interview took place" dir="auto" {...bad('place')} />
                <FieldMessage id="st-place-help" error={errors.place} />
              </FormGroup>
              <FormGroup label="Interviewer" labelFor="st-interviewer" intent={group('interviewer')}>
                <InputGroup dir="auto" id="st-interviewer" value={draft.interviewer} onValueChange={(v) => set({ interviewer: v })} {...bad('interviewer')} />
                <FieldMessage id="st-interviewer-help" error={errors.interviewer} />
              </FormGroup>
              <div className="form-row">
                <FormGroup label="Language" labelFor="st-language" className="form-col" intent={group('language')}>
                  <InputGroup dir="auto" id="st-language" value={draft.language} onValueChange={(v) => set({ language: v })} placeholder="e.g. Tigrinya" {...bad('language')} />
                  <FieldMessage id="st-language-help" error={errors.language} />
                </FormGroup>
                <FormGroup label="Interpreter" labelFor="st-interpreter" className="form-col" intent={group('interpreter')}>
                  <InputGroup dir="auto" id="st-interpreter" value={draft.interpreter} onValueChange={(v) => set({ interpreter: v })} placeholder="Code or name" {...bad('interpreter')} />
                  <FieldMessage id="st-interpreter-help" error={errors.interpreter} />
                </FormGroup>
              </div>
            </SectionCard>
          </Section>
          <Section compact title="Consent" icon="endorsed" className="record-section">
            <SectionCard>
              <Checkbox checked={draft.useForListing} onChange={(e) => set({ useForListing: e.currentTarget.checked })} label="May be used for a sanctions listing" />
              <Checkbox checked={draft.shareWithProsecutors} onChange={(e) => set({ shareWithProsecutors: e.currentTarget.checked })} label="May be shared with prosecutors" />
              <Checkbox checked={draft.mayBeNamed} onChange={(e) => set({ mayBeNamed: e.currentTarget.checked })} label="May be named" />
              <FormGroup label="Conditions" labelFor="st-consent-note" className="consent-note" intent={group('consentNote')}>
                <InputGroup dir="auto" id="st-consent-note" value={draft.consentNote} onValueChange={(v) => set({ consentNote: v })} placeholder="e.g. only after relocation" {...bad('consentNote')} />
                <FieldMessage id="st-consent-note-help" error={errors.consentNote} />
              </FormGroup>
            </SectionCard>
          </Section>
          <Section compact title="Risk and grading" icon="shield" className="record-section">
            <SectionCard>
              <div className="form-row">
                <FormGroup label="Risk level" labelFor="st-risk" className="form-col">
                  <HTMLSelect id="st-risk" value={draft.riskLevel} onChange={(e) => set({ riskLevel: e.currentTarget.value as Risk })} fill>
                    {RISK_LEVELS.map((r) => (
                      <option key={r} value={r}>
                        {RISK_LABELS[r]}
                      </option>
                    ))}
                  </HTMLSelect>
                </FormGroup>
                <FormGroup label="Credibility" labelFor="st-credibility" className="form-col">
                  <HTMLSelect id="st-credibility" value={String(draft.credibility)} onChange={(e) => set({ credibility: Number(e.currentTarget.value) })} fill>
                    {Object.entries(INFORMATION_CREDIBILITY).map(([k, v]) => (
                      <option key={k} value={k}>
                        {k} — {v}
                      </option>
                    ))}
                  </HTMLSelect>
                </FormGroup>
              </div>
            </SectionCard>
          </Section>
          <Section compact title={`Attachments (${draft.attachments.length})`} icon="paperclip" className="record-section">
            <SectionCard>
              {draft.attachments.length ? (
                <ul className="attachment-list">
                  {draft.attachments.map((id) => (
                    <li key={id}>
                      <Tag minimal icon="document" onRemove={() => set({ attachments: draft.attachments.filter((x) => x !== id) })}>
                        {byId.get(id)?.title ?? 'Evidence item'}
                      </Tag>
                    </li>
                  ))}
                </ul>
              ) : null}
              {files.some((f) => !draft.attachments.includes(f.id)) ? (
                <HTMLSelect
                  value=""
                  onChange={(e) => {
                    const id = e.currentTarget.value;
                    if (id) set({ attachments: [...draft.attachments, id] });
                  }}
                  aria-label="Attach an evidence item"
                  fill
                >
                  <option value="">Attach an evidence item…</option>
                  {files
                    .filter((f) => !draft.attachments.includes(f.id))
                    .map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.title}
                      </option>
                    ))}
                </HTMLSelect>
              ) : (
                <p className={`section-empty ${Classes.TEXT_MUTED}`}>{files.length ? 'All files of the case are attached.' : 'Files the witness gave (photos, documents) can be attached once they are in the Evidence library.'}</p>
              )}
            </SectionCard>
          </Section>
          {!statement ? (
            <Callout compact icon="info-sign" className="form-callout">
              The statement is recorded as an evidence item from {pseudonym}’s source, strictly confidential.
            </Callout>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

export function StatementEditor({ witnessId, statementId }: { witnessId: string; statementId: string }) {
  const current = useCurrentCase();
  const { navigate } = useWorkspace();
  const isNew = statementId === 'new';
  // Loaded once: the editor owns the text from then on (a reload would overwrite what is being typed).
  const w = useQuery(() => loadWitness(current.id, witnessId), [current.id, witnessId]);
  const s = useQuery(() => (isNew ? Promise.resolve(null) : invoke('evidence.get', { id: statementId })), [statementId]);
  // One editor per document. A new statement's editor is adopted by the statement it records (the route
  // changes to its id, the editor stays); opening "new" again starts a fresh one.
  const [adopted, setAdopted] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [lastId, setLastId] = useState(statementId);
  if (lastId !== statementId) {
    setLastId(statementId);
    if (isNew) setGeneration((g) => g + 1);
    // Adoption lasts for the move to the new id only; coming back later loads the statement like any other.
    if (statementId !== adopted) setAdopted(null);
  }
  const err = w.error ?? s.error;
  if (err) {
    return (
      <div className="placeholder-area">
        <NonIdealState icon="error" title="The statement could not be opened" description={describeError(err).message} action={<Button icon="arrow-left" text="Back" onClick={() => navigate({ area: 'statements', witnessId })} />} />
      </div>
    );
  }
  const isAdopted = adopted !== null && adopted === statementId;
  // Data for this route only: the query still holds the previous statement until the new one arrives.
  const loaded = s.data && s.data.id === statementId ? s.data : null;
  const ready = isNew ? s.data === null : isAdopted || loaded !== null;
  if (w.data === undefined || !ready)
    return (
      <div className="log-loading">
        <Spinner size={24} />
      </div>
    );
  if (!w.data) return <NonIdealState icon="search" title="This witness no longer exists" />;
  return (
    <Editor
      key={isNew || isAdopted ? `new-${generation}` : statementId}
      witnessId={witnessId}
      loaded={loaded}
      pseudonym={w.data.data.pseudonym}
      witnessRisk={w.data.data.riskLevel}
      onCreated={setAdopted}
    />
  );
}
