/** Add or edit a link between this entity and another: the relationship, its direction, time span and money. */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, Radio, RadioGroup, Spinner, TextArea } from '@blueprintjs/core';
import { useRef, useState, type MutableRefObject } from 'react';
import type { EntityRow, EntityView, LinkView } from '../../shared/ipc/schemas/case';
import type { LinkData } from '../../shared/model/records';
import { LINK_KIND_SPECS, LINK_KINDS, type LinkKind } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { useQuery } from '../api/query';
import { currencyOptions } from '../ui/currency';
import { FieldMessage } from '../ui/field-message';
import { fieldOfError, FormError, PartialDateField } from '../ui/fields';
import { useToast } from '../ui/toaster';
import { useFormDraft } from '../workspace/drafts';
import { describeDate } from './entity-form-model';
import { EntityPicker } from './entity-picker';
import type { RequestOf } from '../../shared/ipc/contract';

function dateText(d: LinkData['start']): string {
  if (!d) return '';
  if (d.value) return `${d.approximate ? 'c. ' : ''}${d.value}`;
  if (d.from || d.to) return `${d.approximate ? 'c. ' : ''}${d.from ?? ''}–${d.to ?? ''}`;
  return d.text ?? '';
}

function LinkForm({ entity, existing, onClose, onSaved, closer }: { entity: EntityView; existing: LinkView | null; onClose: () => void; onSaved: () => void; closer: MutableRefObject<() => void> }) {
  const rows = useQuery(() => invoke('entity.list', { caseId: entity.data.caseId }), [entity.data.caseId]);
  const outgoingInit = existing ? existing.data.source === entity.id : true;
  const otherInit = existing ? (outgoingInit ? existing.target : existing.source) : null;
  const [kind, setKind] = useState<LinkKind>(existing?.data.kind ?? 'member_of');
  const [outgoing, setOutgoing] = useState(outgoingInit);
  const [other, setOther] = useState<EntityRow | null>(null);
  const [otherTouched, setOtherTouched] = useState(false);
  // The other end kept in a draft, found in the list once it has loaded.
  const [otherKept, setOtherKept] = useState<string | null>(null);
  const [role, setRole] = useState(existing?.data.role ?? '');
  const [start, setStart] = useState(dateText(existing?.data.start));
  const [end, setEnd] = useState(dateText(existing?.data.end));
  const [date, setDate] = useState(dateText(existing?.data.date));
  const [amount, setAmount] = useState(existing?.data.money ? String(existing.data.money.amount) : '');
  const [currency, setCurrency] = useState(existing?.data.money?.currency ?? '');
  const [description, setDescription] = useState(existing?.data.description ?? '');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const toast = useToast();
  const spec = LINK_KIND_SPECS[kind];

  // The other end, as chosen now or as stored (a row from the list when it has loaded).
  const otherRow: EntityRow | null = other ?? (otherKept ? (rows.data?.find((r) => r.id === otherKept) ?? null) : !otherTouched && otherInit ? (rows.data?.find((r) => r.id === otherInit.id) ?? null) : null);

  // Unsaved values survive a lock; closing with some asks first.
  const values = { kind, outgoing, otherId: otherTouched ? (other?.id ?? otherKept) : (otherInit?.id ?? null), role, start, end, date, amount, currency, description };
  const { discard, requestClose, confirmDiscard } = useFormDraft({
    key: `link:${existing?.id ?? `new:${entity.id}`}`,
    form: 'link',
    caseId: entity.data.caseId,
    context: { entityId: entity.id, linkId: existing?.id ?? null },
    value: values,
    restore: (raw) => {
      const v = { ...values, ...(raw as Partial<typeof values>) };
      setKind(v.kind);
      setOutgoing(v.outgoing);
      setOther(null);
      setOtherTouched(true);
      setOtherKept(v.otherId);
      setRole(v.role);
      setStart(v.start);
      setEnd(v.end);
      setDate(v.date);
      setAmount(v.amount);
      setCurrency(v.currency);
      setDescription(v.description);
    },
    what: existing ? 'changes to this link' : 'link',
    onClose,
  });
  closer.current = requestClose;

  const save = useAction(async (data: Omit<RequestOf<'link.create'>['data'], 'caseId'>) => (existing ? invoke('link.update', { id: existing.id, patch: data }) : invoke('link.create', { data: { ...data, caseId: entity.data.caseId } })));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!otherRow) found.other = 'Choose the entity at the other end of the link.';
    let money: { amount: number; currency?: string } | undefined;
    if (spec.money && amount.trim()) {
      const n = Number(amount.replace(/[\s,]/g, ''));
      if (!Number.isFinite(n)) found.amount = 'Enter the amount as a number, e.g. 12500.';
      const cur = currency.trim().toUpperCase();
      if (cur && !/^[A-Z]{3}$/.test(cur)) found.currency = 'Use a three-letter ISO 4217 code, e.g. USD, LYD, EUR.';
      money = { amount: n, ...(cur ? { currency: cur } : {}) };
    }
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`#link-${first}`)?.focus();
      return;
    }
    const data = {
      kind,
      source: outgoing ? entity.id : otherRow!.id,
      target: outgoing ? otherRow!.id : entity.id,
      role: role.trim() || undefined,
      start: describeDate(start).date,
      end: describeDate(end).date,
      date: spec.money ? describeDate(date).date : undefined,
      money: spec.money ? money : undefined,
      description: description.trim(),
    };
    const r = await save.run(data);
    if (r?.ok) {
      discard();
      toast({ message: existing ? 'Link saved.' : 'Link added.', intent: Intent.SUCCESS, icon: 'tick' });
      onSaved();
    }
  };

  const sentence = (
    <>
      <strong dir="auto">{outgoing ? entity.data.name : (otherRow?.name ?? '…')}</strong> {spec.verb} <strong dir="auto">{outgoing ? (otherRow?.name ?? '…') : entity.data.name}</strong>
    </>
  );
  const moneyField = save.error ? fieldOfError(save.error, ['money']) : null;

  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit link' : 'New link'} ref={formRef}>
      <DialogBody>
        <div className="form-row">
          <FormGroup label="Relationship" labelFor="link-kind" className="form-col">
            <HTMLSelect id="link-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as LinkKind)} fill>
              {LINK_KINDS.map((k) => (
                <option key={k} value={k}>
                  {LINK_KIND_SPECS[k].label}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          {spec.directed ? (
            <FormGroup label="Direction" className="form-col">
              <RadioGroup selectedValue={outgoing ? 'out' : 'in'} onChange={(e) => setOutgoing(e.currentTarget.value === 'out')} inline className="direction-radios">
                <Radio value="out" label={`${entity.data.name} → other`} />
                <Radio value="in" label={`other → ${entity.data.name}`} />
              </RadioGroup>
            </FormGroup>
          ) : null}
        </div>
        <FormGroup label="Other entity" labelFor="link-other" intent={errors.other ? Intent.DANGER : Intent.NONE}>
          {rows.data ? (
            <EntityPicker
              id="link-other"
              rows={rows.data}
              value={otherRow}
              onChange={(r) => {
                setOther(r);
                setOtherKept(null);
                setOtherTouched(true);
                setErrors((x) => ({ ...x, other: undefined }));
              }}
              exclude={entity.id}
              invalid={!!errors.other}
              describedBy="link-other-help"
              autoFocus={!existing}
            />
          ) : (
            <Spinner size={16} />
          )}
          <FieldMessage id="link-other-help" error={errors.other} />
        </FormGroup>
        <Callout compact className="link-sentence" icon="link">
          {sentence}
        </Callout>
        <div className="form-row">
          <FormGroup label="Role or capacity" labelFor="link-role" className="form-col">
            <InputGroup dir="auto" id="link-role" value={role} onValueChange={setRole} placeholder="e.g. deputy commander, driver" />
          </FormGroup>
        </div>
        <div className="form-row">
          <PartialDateField id="link-start" label="From" value={start} onChange={setStart} className="form-col" placeholder="e.g. 2019, c. 2017" />
          <PartialDateField id="link-end" label="Until" value={end} onChange={setEnd} className="form-col" placeholder="empty if ongoing or unknown" />
        </div>
        {spec.money ? (
          <div className="form-row">
            <PartialDateField id="link-date" label="Date of payment" value={date} onChange={setDate} className="form-col" />
            <FormGroup label="Amount" labelFor="link-amount" className="form-col-narrow" intent={errors.amount || moneyField ? Intent.DANGER : Intent.NONE}>
              <InputGroup dir="ltr" id="link-amount" value={amount} onValueChange={(v) => { setAmount(v); setErrors((x) => ({ ...x, amount: undefined })); }} inputMode="decimal" className="tabular" aria-describedby="link-amount-help" aria-invalid={errors.amount ? true : undefined} />
              <FieldMessage id="link-amount-help" error={errors.amount} />
            </FormGroup>
            <FormGroup label="Currency" labelFor="link-currency" className="form-col-narrow" intent={errors.currency ? Intent.DANGER : Intent.NONE}>
              <HTMLSelect id="link-currency" value={currency} onChange={(e) => { setCurrency(e.currentTarget.value); setErrors((x) => ({ ...x, currency: undefined })); }} options={[{ value: '', label: '—' }, ...currencyOptions(currency).map((c) => ({ value: c.code, label: c.label }))]} fill aria-describedby="link-currency-help" aria-invalid={errors.currency ? true : undefined} />
              <FieldMessage id="link-currency-help" error={errors.currency} />
            </FormGroup>
          </div>
        ) : null}
        <FormGroup label="Description" labelFor="link-description">
          <TextArea dir="auto" id="link-description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} fill rows={2} />
        </FormGroup>
        <p className={`form-note ${Classes.TEXT_MUTED}`}>A link records the relationship; add a claim to tie it to the evidence that shows it.</p>
        <FormError error={save.error} />
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text={existing ? 'Save link' : 'Add link'} loading={save.busy} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function LinkDialog({ entity, existing, isOpen, onClose, onSaved }: { entity: EntityView; existing: LinkView | null; isOpen: boolean; onClose: () => void; onSaved: () => void }) {
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(onClose);
  return (
    <Dialog isOpen={isOpen} onClose={() => closer.current()} title={existing ? 'Edit link' : `Add link from ${entity.data.name}`} icon="link" canOutsideClickClose={false} className="form-dialog">
      {isOpen ? <LinkForm entity={entity} existing={existing} onClose={onClose} onSaved={onSaved} closer={closer} /> : null}
    </Dialog>
  );
}
