/**
 * Edit one event: what happened, when and where, its conduct tags, who took part in which role, the victims
 * disaggregated by sex, age band, nationality and form of exploitation, consent and border crossing. The
 * event.update patch replaces the arrays it names, so the form always sends them whole.
 */
import { Button, Checkbox, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, NumericInput, TextArea } from '@blueprintjs/core';
import { useMemo, useRef, useState, type MutableRefObject } from 'react';
import type { EntityRow, EventView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { AGE_BANDS, CONDUCT, CONDUCT_GROUPS, CONDUCT_TAGS, EXPLOITATION_FORMS, SEXES, type ConductGroup } from '../../shared/model/vocabulary';
import { RoleSelect } from '../ui/role-select';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { useQuery } from '../api/query';
import { describeDate } from '../entities/entity-form-model';
import { EntityPicker } from '../entities/entity-picker';
import { FieldMessage } from '../ui/field-message';
import { CountryCodesField, FormError, PartialDateField } from '../ui/fields';
import { humanize, parseCountryCodes } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useFormDraft } from '../workspace/drafts';
import { firstError } from '../ui/field-errors';
import { eventCoreError, eventErrors } from './event-form-model';

type Tri = '' | 'yes' | 'no';
const tri = (b: boolean | undefined): Tri => (b === undefined ? '' : b ? 'yes' : 'no');
const fromTri = (t: Tri): boolean | undefined => (t === '' ? undefined : t === 'yes');

interface VictimRow {
  key: number;
  count: number;
  sex: (typeof SEXES)[number];
  ageBand: (typeof AGE_BANDS)[number];
  nationality: string;
  exploitation: (typeof EXPLOITATION_FORMS)[number];
  consented: Tri;
  crossBorder: Tri;
  entityId: string | undefined;
  note: string | undefined;
}

function TriSelect({ id, value, onChange, label }: { id: string; value: Tri; onChange: (v: Tri) => void; label: string }) {
  return (
    <HTMLSelect id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as Tri)} aria-label={label}>
      <option value="">Not known</option>
      <option value="yes">Yes</option>
      <option value="no">No</option>
    </HTMLSelect>
  );
}

function EventEditForm({ event, onClose, onSaved, closer }: { event: EventView; onClose: () => void; onSaved: () => void; closer: MutableRefObject<() => void> }) {
  const d = event.data;
  const entities = useQuery(() => invoke('entity.list', { caseId: d.caseId }), [d.caseId]);
  const [title, setTitle] = useState(d.title);
  const [date, setDate] = useState(formatPartialDate(d.date));
  const [place, setPlace] = useState(d.place.name ?? '');
  const [country, setCountry] = useState((d.place.country ?? '').toUpperCase());
  const [description, setDescription] = useState(d.description);
  const [crossBorder, setCrossBorder] = useState<Tri>(tri(d.crossBorder));
  const [consented, setConsented] = useState<Tri>(tri(d.victimsConsented));
  const [conduct, setConduct] = useState<Set<string>>(new Set(d.conduct));
  const [participants, setParticipants] = useState(event.participants.map((p) => ({ entityId: p.id, name: p.name, role: p.role })));
  const [adding, setAdding] = useState<EntityRow | null>(null);
  const nextKey = useRef(0);
  const [victims, setVictims] = useState<VictimRow[]>(
    d.victims.map((v) => ({
      key: nextKey.current++,
      count: v.count,
      sex: v.sex,
      ageBand: v.ageBand,
      nationality: (v.nationality ?? '').toUpperCase(),
      exploitation: v.exploitation,
      consented: tri(v.consented),
      crossBorder: tri(v.crossBorder),
      entityId: v.entityId,
      note: v.note,
    })),
  );
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const formRef = useRef<HTMLFormElement>(null);
  // Unsaved values survive a lock; closing with some asks first. (Row keys are for rendering only.)
  const values = {
    title,
    date,
    place,
    country,
    description,
    crossBorder,
    consented,
    conduct: [...conduct].sort(),
    participants,
    victims: victims.map(({ key: _key, ...v }) => v),
  };
  const { discard, requestClose, confirmDiscard } = useFormDraft({
    key: `event-edit:${event.id}`,
    form: 'event',
    caseId: d.caseId,
    context: { eventId: event.id },
    value: values,
    restore: (raw) => {
      const v = { ...values, ...(raw as Partial<typeof values>) };
      setTitle(v.title);
      setDate(v.date);
      setPlace(v.place);
      setCountry(v.country);
      setDescription(v.description);
      setCrossBorder(v.crossBorder);
      setConsented(v.consented);
      setConduct(new Set(v.conduct));
      setParticipants(v.participants);
      setVictims(v.victims.map((x) => ({ ...x, entityId: x.entityId ?? undefined, note: x.note ?? undefined, key: nextKey.current++ })));
    },
    what: 'changes to this event',
    onClose,
  });
  closer.current = requestClose;
  const toast = useToast();

  const groups = useMemo(() => {
    const out = new Map<ConductGroup, string[]>();
    for (const t of CONDUCT_TAGS) out.set(CONDUCT[t]!.group, [...(out.get(CONDUCT[t]!.group) ?? []), t]);
    return [...out.entries()];
  }, []);

  const save = useAction(async () => {
    const cc = parseCountryCodes(country).codes[0];
    const patch = {
      title: title.trim(),
      date: describeDate(date).date,
      place: { ...(place.trim() ? { name: place.trim() } : {}), ...(cc ? { country: cc } : {}), ...(d.place.locationId ? { locationId: d.place.locationId } : {}) },
      description: description.trim(),
      crossBorder: fromTri(crossBorder),
      victimsConsented: fromTri(consented),
      conduct: CONDUCT_TAGS.filter((t) => conduct.has(t)),
      participants: participants.map((p) => ({ entityId: p.entityId, role: p.role })),
      victims: victims.map((v) => {
        const nat = parseCountryCodes(v.nationality).codes[0];
        const c = fromTri(v.consented);
        const x = fromTri(v.crossBorder);
        return {
          count: v.count,
          sex: v.sex,
          ageBand: v.ageBand,
          exploitation: v.exploitation,
          ...(nat ? { nationality: nat } : {}),
          ...(c !== undefined ? { consented: c } : {}),
          ...(x !== undefined ? { crossBorder: x } : {}),
          ...(v.entityId ? { entityId: v.entityId } : {}),
          ...(v.note ? { note: v.note } : {}),
        };
      }),
    };
    return invoke('event.update', { id: event.id, patch });
  });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = eventErrors({ title, date, place, country, description }, victims);
    setErrors(found);
    const first = firstError(found, ['title', 'date', 'place', 'country', 'description']);
    if (first) return focus(first);
    const r = await save.run();
    if (r?.ok) {
      discard();
      toast({ message: 'Event saved.', intent: Intent.SUCCESS, icon: 'tick' });
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
  const focus = (key: string) => {
    formRef.current?.querySelector<HTMLElement>(`#event-edit-${key}`)?.focus();
    // A long dialog: the message under the field is brought into view with it.
    formRef.current?.querySelector(`[id="event-edit-${key}-help"]`)?.scrollIntoView({ block: 'nearest' });
  };
  /** A field's setter that also clears its error (and the core's). */
  const edit = <T,>(key: string, setter: (v: T) => void) => (v: T) => {
    setter(v);
    setErrors((x) => ({ ...x, [key]: undefined }));
    save.clearError();
  };
  const coreError = save.error ? eventCoreError(save.error) : null;

  const setVictim = (key: number, patch: Partial<VictimRow>) => setVictims((vs) => vs.map((v) => (v.key === key ? { ...v, ...patch } : v)));

  return (
    <form onSubmit={submit} noValidate aria-label="Edit event" ref={formRef}>
      <DialogBody>
        <FormGroup label="Title" labelFor="event-edit-title" labelInfo="(required)" intent={errors.title ? Intent.DANGER : Intent.NONE}>
          <InputGroup id="event-edit-title" value={title} onValueChange={edit('title', setTitle)} autoFocus dir="auto" intent={errors.title ? Intent.DANGER : Intent.NONE} aria-invalid={errors.title ? true : undefined} aria-describedby="event-edit-title-help" />
          <FieldMessage id="event-edit-title-help" error={errors.title} />
        </FormGroup>
        <div className="form-row">
          <PartialDateField id="event-edit-date" label="When" value={date} onChange={edit('date', setDate)} error={errors.date} className="form-col" />
          <FormGroup label="Where" labelFor="event-edit-place" className="form-col" intent={errors.place ? Intent.DANGER : Intent.NONE}>
            <InputGroup id="event-edit-place" value={place} onValueChange={edit('place', setPlace)} dir="auto" intent={errors.place ? Intent.DANGER : Intent.NONE} aria-invalid={errors.place ? true : undefined} aria-describedby="event-edit-place-help" />
            <FieldMessage id="event-edit-place-help" error={errors.place} />
          </FormGroup>
          <CountryCodesField id="event-edit-country" label="Country" value={country} onChange={edit('country', setCountry)} error={errors.country} className="form-col-narrow" single />
        </div>
        <FormGroup label="What happened" labelFor="event-edit-description" intent={errors.description ? Intent.DANGER : Intent.NONE}>
          <TextArea id="event-edit-description" value={description} onChange={(e) => edit('description', setDescription)(e.currentTarget.value)} fill rows={3} dir="auto" aria-invalid={errors.description ? true : undefined} aria-describedby="event-edit-description-help" />
          <FieldMessage id="event-edit-description-help" error={errors.description} />
        </FormGroup>
        <div className="form-row">
          <FormGroup label="Crossed an international border" labelFor="event-edit-crossborder" className="form-col">
            <TriSelect id="event-edit-crossborder" label="Crossed an international border" value={crossBorder} onChange={setCrossBorder} />
          </FormGroup>
          <FormGroup label="Victims consented to the movement" labelFor="event-edit-consent" className="form-col">
            <TriSelect id="event-edit-consent" label="Victims consented to the movement" value={consented} onChange={setConsented} />
          </FormGroup>
        </div>

        <fieldset className="event-edit-fieldset">
          <legend>Conduct at this event</legend>
          <p className={`form-note ${Classes.TEXT_MUTED}`}>Tags describe the event; the trafficking test counts them as evidenced only through claims that cite evidence.</p>
          <div className="event-conduct-groups">
            {groups.map(([g, tags]) => (
              <div key={g} className="event-conduct-group" role="group" aria-label={CONDUCT_GROUPS[g]}>
                <strong>{CONDUCT_GROUPS[g]}</strong>
                {tags.map((t) => (
                  <Checkbox
                    key={t}
                    label={CONDUCT[t]!.label}
                    checked={conduct.has(t)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setConduct((s) => {
                        const n = new Set(s);
                        if (on) n.add(t);
                        else n.delete(t);
                        return n;
                      });
                    }}
                  />
                ))}
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset className="event-edit-fieldset">
          <legend>Participants</legend>
          {participants.length === 0 ? <p className={Classes.TEXT_MUTED}>No participants yet.</p> : null}
          {participants.map((p, i) => (
            <div key={p.entityId} className="form-row event-edit-participant">
              <span className="form-col" dir="auto">
                {p.name}
              </span>
              <RoleSelect aria-label={`Role of ${p.name}`} value={p.role} onChange={(role) => setParticipants((ps) => ps.map((x, j) => (j === i ? { ...x, role } : x)))} />
              <Button variant="minimal" icon="cross" aria-label={`Remove ${p.name}`} onClick={() => setParticipants((ps) => ps.filter((_, j) => j !== i))} />
            </div>
          ))}
          {entities.data ? (
            <div className="form-row">
              <div className="form-col">
                <EntityPicker id="event-edit-add-participant" rows={entities.data.filter((r) => !participants.some((p) => p.entityId === r.id))} value={adding} onChange={setAdding} />
              </div>
              <Button
                icon="add"
                text="Add participant"
                disabled={!adding}
                onClick={() => {
                  if (!adding) return;
                  setParticipants((ps) => [...ps, { entityId: adding.id, name: adding.name, role: 'unspecified' }]);
                  setAdding(null);
                }}
              />
            </div>
          ) : null}
        </fieldset>

        <fieldset className="event-edit-fieldset">
          <legend>Victims</legend>
          {victims.length === 0 ? <p className={Classes.TEXT_MUTED}>No victims recorded. Add a group per sex, age band, nationality and form of exploitation.</p> : null}
          {victims.map((v, i) => (
            <div key={v.key} className="event-edit-victim" role="group" aria-label={`Victim group ${i + 1}`}>
              <FormGroup label="Number" labelFor={`event-edit-victim-${i}-count`} intent={errors[`victim-${i}-count`] ? Intent.DANGER : Intent.NONE}>
                <NumericInput id={`event-edit-victim-${i}-count`} value={v.count} min={1} onValueChange={(n) => edit(`victim-${i}-count`, (c: number) => setVictim(v.key, { count: c }))(n)} buttonPosition="none" className="victim-count" intent={errors[`victim-${i}-count`] ? Intent.DANGER : Intent.NONE} aria-invalid={errors[`victim-${i}-count`] ? true : undefined} aria-describedby={`event-edit-victim-${i}-count-help`} />
                <FieldMessage id={`event-edit-victim-${i}-count-help`} error={errors[`victim-${i}-count`]} />
              </FormGroup>
              <FormGroup label="Sex" labelFor={`event-edit-victim-${i}-sex`}>
                <HTMLSelect id={`event-edit-victim-${i}-sex`} value={v.sex} onChange={(e) => setVictim(v.key, { sex: e.currentTarget.value as VictimRow['sex'] })}>
                  {SEXES.map((s) => (
                    <option key={s} value={s}>
                      {humanize(s)}
                    </option>
                  ))}
                </HTMLSelect>
              </FormGroup>
              <FormGroup label="Age band" labelFor={`event-edit-victim-${i}-age`}>
                <HTMLSelect id={`event-edit-victim-${i}-age`} value={v.ageBand} onChange={(e) => setVictim(v.key, { ageBand: e.currentTarget.value as VictimRow['ageBand'] })}>
                  {AGE_BANDS.map((s) => (
                    <option key={s} value={s}>
                      {humanize(s)}
                    </option>
                  ))}
                </HTMLSelect>
              </FormGroup>
              <FormGroup label="Nationality" labelFor={`event-edit-victim-${i}-nationality`} intent={errors[`victim-${i}-nationality`] ? Intent.DANGER : Intent.NONE}>
                <InputGroup dir="ltr" id={`event-edit-victim-${i}-nationality`} value={v.nationality} onValueChange={(x) => edit(`victim-${i}-nationality`, (n: string) => setVictim(v.key, { nationality: n.toUpperCase() }))(x)} placeholder="ER" className="victim-nationality" intent={errors[`victim-${i}-nationality`] ? Intent.DANGER : Intent.NONE} aria-invalid={errors[`victim-${i}-nationality`] ? true : undefined} aria-describedby={`event-edit-victim-${i}-nationality-help`} />
                <FieldMessage id={`event-edit-victim-${i}-nationality-help`} error={errors[`victim-${i}-nationality`]} />
              </FormGroup>
              <FormGroup label="Exploitation" labelFor={`event-edit-victim-${i}-exploitation`}>
                <HTMLSelect id={`event-edit-victim-${i}-exploitation`} value={v.exploitation} onChange={(e) => setVictim(v.key, { exploitation: e.currentTarget.value as VictimRow['exploitation'] })}>
                  {EXPLOITATION_FORMS.map((s) => (
                    <option key={s} value={s}>
                      {humanize(s)}
                    </option>
                  ))}
                </HTMLSelect>
              </FormGroup>
              <FormGroup label="Consented" labelFor={`event-edit-victim-${i}-consent`}>
                <TriSelect id={`event-edit-victim-${i}-consent`} label="Consented" value={v.consented} onChange={(x) => setVictim(v.key, { consented: x })} />
              </FormGroup>
              <FormGroup label="Cross-border" labelFor={`event-edit-victim-${i}-crossborder`}>
                <TriSelect id={`event-edit-victim-${i}-crossborder`} label="Cross-border" value={v.crossBorder} onChange={(x) => setVictim(v.key, { crossBorder: x })} />
              </FormGroup>
              <Button variant="minimal" icon="trash" aria-label={`Remove victim group ${i + 1}`} onClick={() => setVictims((vs) => vs.filter((x) => x.key !== v.key))} />
            </div>
          ))}
          <Button
            icon="add"
            text="Add victim group"
            onClick={() =>
              setVictims((vs) => [...vs, { key: nextKey.current++, count: 1, sex: 'unknown', ageBand: 'unknown', nationality: '', exploitation: 'unknown', consented: '', crossBorder: '', entityId: undefined, note: undefined }])
            }
          />
        </fieldset>
        {save.error && !coreError ? <FormError error={save.error} /> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text="Save event" loading={save.busy} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function EventEditDialog({ event, isOpen, onClose, onSaved }: { event: EventView; isOpen: boolean; onClose: () => void; onSaved: () => void }) {
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(onClose);
  return (
    <Dialog isOpen={isOpen} onClose={() => closer.current()} title={`Edit “${event.data.title}”`} icon="timeline-events" canOutsideClickClose={false} className="form-dialog form-dialog-wide">
      {isOpen ? <EventEditForm event={event} onClose={onClose} onSaved={onSaved} closer={closer} /> : null}
    </Dialog>
  );
}
