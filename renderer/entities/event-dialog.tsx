/** Put an entity in an event: an event already recorded in the case, or a new one, with the entity's role. */
import { Button, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, SegmentedControl, Spinner, TextArea } from '@blueprintjs/core';
import { useRef, useState, type MutableRefObject } from 'react';
import { useConfirmDiscard, useDraft } from '../workspace/drafts';
import type { EntityView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { RoleSelect } from '../ui/role-select';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { useQuery } from '../api/query';
import { FieldMessage } from '../ui/field-message';
import { CountryCodesField, FormError, PartialDateField } from '../ui/fields';
import { parseCountryCodes } from '../ui/format';
import { useToast } from '../ui/toaster';
import { describeDate } from './entity-form-model';
import { eventCoreError, eventErrors } from '../events/event-form-model';
import { firstError } from '../ui/field-errors';

/** The form's fields in the order they are shown: the first with an error gets focus. */
const FIELD_ORDER = ['title', 'date', 'place', 'country', 'description'];

function EventForm({ entity, onClose, onSaved, closer }: { entity: EntityView; onClose: () => void; onSaved: () => void; closer: MutableRefObject<() => void> }) {
  const events = useQuery(() => invoke('event.list', { caseId: entity.data.caseId }), [entity.data.caseId]);
  const available = (events.data ?? []).filter((ev) => !ev.participants.some((p) => p.id === entity.id));
  const [mode, setMode] = useState<'existing' | 'new'>('new');
  const [modeChosen, setModeChosen] = useState(false);
  const effectiveMode = modeChosen ? mode : available.length ? 'existing' : 'new';
  const [eventId, setEventId] = useState('');
  const [role, setRole] = useState('');
  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const [place, setPlace] = useState('');
  const [country, setCountry] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const toast = useToast();
  // Unsaved values survive a lock; cancelling with some asks first.
  const values = { mode, modeChosen, eventId, role, title, date, place, country, description };
  const dirty = [eventId, role, title, date, place, country, description].some((v) => v !== '');
  const { discard } = useDraft({
    key: `event:new:${entity.id}`,
    form: 'event',
    caseId: entity.data.caseId,
    context: { entityId: entity.id },
    value: values,
    dirty,
    restore: (v) => {
      const str = (k: keyof typeof values) => (typeof v[k] === 'string' ? (v[k] as string) : '');
      setMode(v.mode === 'existing' ? 'existing' : 'new');
      setModeChosen(v.modeChosen === true);
      setEventId(str('eventId'));
      setRole(str('role'));
      setTitle(str('title'));
      setDate(str('date'));
      setPlace(str('place'));
      setCountry(str('country'));
      setDescription(str('description'));
    },
  });
  const [requestClose, confirmDiscard] = useConfirmDiscard(
    dirty,
    () => {
      discard();
      onClose();
    },
    'event',
  );
  closer.current = requestClose;

  const save = useAction(async () => {
    const participant = { entityId: entity.id, role: role.trim() };
    if (effectiveMode === 'existing') {
      const ev = available.find((x) => x.id === (eventId || available[0]?.id));
      if (!ev) throw new Error('choose an event');
      return invoke('event.update', { id: ev.id, patch: { participants: [...ev.participants.map((p) => ({ entityId: p.id, role: p.role })), participant] } });
    }
    const cc = parseCountryCodes(country).codes[0];
    return invoke('event.create', {
      data: {
        caseId: entity.data.caseId,
        title: title.trim(),
        date: describeDate(date).date,
        place: { ...(place.trim() ? { name: place.trim() } : {}), ...(cc ? { country: cc } : {}) },
        description: description.trim(),
        participants: [participant],
      },
    });
  });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = effectiveMode === 'new' ? eventErrors({ title, date, place, country, description }) : {};
    setErrors(found);
    const first = firstError(found, FIELD_ORDER);
    if (first) return focus(first);
    const r = await save.run();
    if (r?.ok) {
      discard();
      toast({ message: effectiveMode === 'new' ? `Event “${r.value.data.title}” added.` : `Added to “${r.value.data.title}”.`, intent: Intent.SUCCESS, icon: 'tick' });
      onSaved();
    } else if (r) {
      // The core's refusal goes under the field it names; the words typed stay as they are.
      const m = eventCoreError(r.error);
      if (m) {
        setErrors({ [m.field]: m.message });
        focus(m.field);
      }
    }
  };
  const focus = (key: string) => formRef.current?.querySelector<HTMLElement>(`#event-${key}`)?.focus();
  /** A field's setter that also clears its error (and the core's). */
  const edit = (key: string, setter: (v: string) => void) => (v: string) => {
    setter(v);
    setErrors((x) => ({ ...x, [key]: undefined }));
    save.clearError();
  };
  const coreError = save.error ? eventCoreError(save.error) : null;

  if (!events.data) return <DialogBody>{events.error ? <FormError error={events.error} /> : <Spinner size={20} />}</DialogBody>;

  return (
    <form onSubmit={submit} noValidate aria-label="Event participation" ref={formRef}>
      <DialogBody>
        <SegmentedControl
          options={[
            { label: 'An event already recorded', value: 'existing', disabled: available.length === 0 },
            { label: 'A new event', value: 'new' },
          ]}
          value={effectiveMode}
          onValueChange={(v) => {
            setMode(v as 'existing' | 'new');
            setModeChosen(true);
          }}
          className="segmented-choice"
          fill
        />
        {effectiveMode === 'existing' ? (
          <FormGroup label="Event" labelFor="event-existing">
            <HTMLSelect id="event-existing" value={eventId || available[0]?.id || ''} onChange={(e) => setEventId(e.currentTarget.value)} fill>
              {available.map((ev) => (
                <option key={ev.id} value={ev.id}>
                  {ev.data.title}
                  {ev.data.date ? ` — ${formatPartialDate(ev.data.date)}` : ''}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
        ) : (
          <>
            <FormGroup label="Title" labelFor="event-title" labelInfo="(required)" intent={errors.title ? Intent.DANGER : Intent.NONE}>
              <InputGroup dir="auto"
                id="event-title"
                value={title}
                onValueChange={edit('title', setTitle)}
                autoFocus
                aria-invalid={errors.title ? true : undefined}
                aria-describedby="event-title-help"
              />
              <FieldMessage id="event-title-help" error={errors.title} />
            </FormGroup>
            <div className="form-row">
              <PartialDateField id="event-date" label="When" value={date} onChange={edit('date', setDate)} error={errors.date} className="form-col" />
              <FormGroup label="Where" labelFor="event-place" className="form-col" intent={errors.place ? Intent.DANGER : Intent.NONE}>
                <InputGroup id="event-place" value={place} onValueChange={edit('place', setPlace)} placeholder="e.g. Bani Walid" dir="auto" intent={errors.place ? Intent.DANGER : Intent.NONE} aria-invalid={errors.place ? true : undefined} aria-describedby="event-place-help" />
                <FieldMessage id="event-place-help" error={errors.place} />
              </FormGroup>
              <CountryCodesField id="event-country" label="Country" value={country} onChange={edit('country', setCountry)} error={errors.country} className="form-col-narrow" single />
            </div>
            <FormGroup label="What happened" labelFor="event-description" intent={errors.description ? Intent.DANGER : Intent.NONE}>
              <TextArea dir="auto" id="event-description" value={description} onChange={(e) => edit('description', setDescription)(e.currentTarget.value)} fill rows={3} aria-invalid={errors.description ? true : undefined} aria-describedby="event-description-help" />
              <FieldMessage id="event-description-help" error={errors.description} />
            </FormGroup>
          </>
        )}
        <FormGroup label={`Role of ${entity.data.name}`} labelFor="event-role">
          {/* The role is asked for from the vocabulary: only perpetrator roles carry the event's conduct (issue 11 rule 1). */}
          <RoleSelect id="event-role" value={role} onChange={setRole} placeholder fill />
        </FormGroup>
        {save.error && !coreError ? <FormError error={save.error} /> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text={effectiveMode === 'new' ? 'Add event' : 'Add to event'} loading={save.busy} disabled={role === ''} title={role === '' ? 'Choose the role first' : undefined} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function EventDialog({ entity, isOpen, onClose, onSaved }: { entity: EntityView; isOpen: boolean; onClose: () => void; onSaved: () => void }) {
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(onClose);
  return (
    <Dialog isOpen={isOpen} onClose={() => closer.current()} title={`Add ${entity.data.name} to an event`} icon="timeline-events" canOutsideClickClose={false} className="form-dialog">
      {isOpen ? <EventForm entity={entity} onClose={onClose} onSaved={onSaved} closer={closer} /> : null}
    </Dialog>
  );
}
