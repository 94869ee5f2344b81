/**
 * The fields of a witness's real identity. Only rendered while the compartment is unlocked; the values
 * live in the form that shows them and go when it closes or the compartment locks.
 */
import { FormGroup, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import type { WitnessIdentity } from '../../shared/model/records';
import { formatPartialDate } from '../../shared/model/partial-date';
import { describeDate } from '../entities/entity-form-model';
import { FieldMessage } from '../ui/field-message';
import { CountryCodesField, PartialDateField } from '../ui/fields';
import { coreFieldError, countriesError, dateError, labelError, textError } from '../ui/field-errors';
import { parseCountryCodes } from '../ui/format';
import type { RequestOf } from '../../shared/ipc/contract';

export interface IdentityDraft {
  fullName: string;
  otherNames: string;
  birthDate: string;
  nationality: string;
  contact: string;
  address: string;
  notes: string;
}

export const EMPTY_IDENTITY: IdentityDraft = { fullName: '', otherNames: '', birthDate: '', nationality: '', contact: '', address: '', notes: '' };

export function identityDraftFrom(i: WitnessIdentity): IdentityDraft {
  return {
    fullName: i.fullName,
    otherNames: i.otherNames.join('; '),
    birthDate: i.birthDate ? formatPartialDate(i.birthDate) : '',
    nationality: i.nationality.join(', ').toUpperCase(),
    contact: i.contact,
    address: i.address,
    notes: i.notes,
  };
}

/** The identity's fields in the order they are shown: the first with an error gets focus. */
export const IDENTITY_FIELDS = ['fullName', 'otherNames', 'birthDate', 'nationality', 'contact', 'address', 'notes'] as const;

/** The checks of `WitnessIdentity` (shared/model/records.ts) on what was typed, by field. */
export function identityErrors(d: IdentityDraft): Record<string, string> {
  const e: Record<string, string> = {};
  const set = (k: string, m: string | undefined) => {
    if (m) e[k] = m;
  };
  set('fullName', labelError(d.fullName, 'Enter the full name as the witness gives it.'));
  const long = splitNames(d.otherNames).find((n) => n.length > 500);
  if (long) e.otherNames = `Each name at most 500 characters (“${long.slice(0, 20)}…” has ${long.length}).`;
  set('birthDate', dateError(d.birthDate));
  set('nationality', countriesError(d.nationality));
  set('contact', textError(d.contact, 2000));
  set('address', textError(d.address, 2000));
  set('notes', textError(d.notes, 20_000));
  return e;
}

/**
 * The core's refusal of an identity as `{ field, message }`, or null. `bare` also takes a field named without the
 * request's "identity." (the compartment's own check); off where the request also carries the witness's own
 * fields (witness.create), whose "notes" is not the identity's.
 */
export function identityCoreError(error: unknown, bare: boolean): { field: string; message: string } | null {
  const where = (error as { where?: unknown } | null)?.where;
  if (!bare && !(typeof where === 'string' && where.startsWith('identity.'))) return null;
  return coreFieldError(error, IDENTITY_FIELDS);
}

function splitNames(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function identityPayload(d: IdentityDraft): RequestOf<'witness.setIdentity'>['identity'] {
  return {
    fullName: d.fullName.trim(),
    otherNames: splitNames(d.otherNames),
    birthDate: describeDate(d.birthDate).date,
    nationality: parseCountryCodes(d.nationality).codes,
    contact: d.contact.trim(),
    address: d.address.trim(),
    notes: d.notes.trim(),
  };
}

export function IdentityFields({ value, onChange, errors, autoFocus }: { value: IdentityDraft; onChange: (v: IdentityDraft) => void; errors: Record<string, string | undefined>; autoFocus?: boolean }) {
  const set = (patch: Partial<IdentityDraft>) => onChange({ ...value, ...patch });
  /** The error attributes of a field: its intent, aria-invalid and the message it is described by. */
  const bad = (k: keyof IdentityDraft) => ({ 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': `identity-${k}-help` });
  const intent = (k: keyof IdentityDraft) => (errors[k] ? Intent.DANGER : Intent.NONE);
  return (
    <div className="identity-fields">
      <div className="form-row">
        <FormGroup label="Full name" labelFor="identity-fullName" labelInfo="(required)" className="form-col" intent={errors.fullName ? Intent.DANGER : Intent.NONE}>
          <InputGroup
            id="identity-fullName"
            value={value.fullName}
            onValueChange={(v) => set({ fullName: v })}
            dir="auto"
            autoFocus={autoFocus}
            autoComplete="off"
            spellCheck={false}
            intent={errors.fullName ? Intent.DANGER : Intent.NONE}
            aria-invalid={errors.fullName ? true : undefined}
            aria-describedby="identity-fullName-help"
          />
          <FieldMessage id="identity-fullName-help" error={errors.fullName} />
        </FormGroup>
        <FormGroup label="Other names" labelFor="identity-otherNames" className="form-col" intent={intent('otherNames')}>
          <InputGroup id="identity-otherNames" value={value.otherNames} onValueChange={(v) => set({ otherNames: v })} dir="auto" autoComplete="off" spellCheck={false} intent={intent('otherNames')} {...bad('otherNames')} />
          <FieldMessage id="identity-otherNames-help" error={errors.otherNames} hint="Separate with semicolons." />
        </FormGroup>
      </div>
      <div className="form-row">
        <PartialDateField id="identity-birthDate" label="Date of birth" value={value.birthDate} onChange={(v) => set({ birthDate: v })} error={errors.birthDate} className="form-col" />
        <CountryCodesField id="identity-nationality" label="Nationality" value={value.nationality} onChange={(v) => set({ nationality: v })} error={errors.nationality} className="form-col" />
      </div>
      <div className="form-row">
        <FormGroup label="How to reach them" labelFor="identity-contact" className="form-col" intent={intent('contact')}>
          <TextArea id="identity-contact" value={value.contact} onChange={(e) => set({ contact: e.currentTarget.value })} fill rows={2} dir="auto" spellCheck={false} intent={intent('contact')} {...bad('contact')} />
          <FieldMessage id="identity-contact-help" error={errors.contact} />
        </FormGroup>
        <FormGroup label="Address" labelFor="identity-address" className="form-col" intent={intent('address')}>
          <TextArea id="identity-address" value={value.address} onChange={(e) => set({ address: e.currentTarget.value })} fill rows={2} dir="auto" spellCheck={false} intent={intent('address')} {...bad('address')} />
          <FieldMessage id="identity-address-help" error={errors.address} />
        </FormGroup>
      </div>
      <FormGroup label="Protection notes" labelFor="identity-notes" intent={intent('notes')}>
        <TextArea id="identity-notes" value={value.notes} onChange={(e) => set({ notes: e.currentTarget.value })} fill rows={2} dir="auto" spellCheck={false} intent={intent('notes')} {...bad('notes')} />
        <FieldMessage id="identity-notes-help" error={errors.notes} />
      </FormGroup>
    </div>
  );
}
