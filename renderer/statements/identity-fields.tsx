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

export function identityErrors(d: IdentityDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.fullName.trim()) e.fullName = 'Enter the full name as the witness gives it.';
  const cc = parseCountryCodes(d.nationality);
  if (cc.invalid.length) e.nationality = `${cc.invalid.map((c) => `“${c}”`).join(', ')} is not a two-letter ISO country code.`;
  return e;
}

export function identityPayload(d: IdentityDraft): RequestOf<'witness.setIdentity'>['identity'] {
  return {
    fullName: d.fullName.trim(),
    otherNames: d.otherNames
      .split(/[;\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    birthDate: describeDate(d.birthDate).date,
    nationality: parseCountryCodes(d.nationality).codes,
    contact: d.contact.trim(),
    address: d.address.trim(),
    notes: d.notes.trim(),
  };
}

export function IdentityFields({ value, onChange, errors, autoFocus }: { value: IdentityDraft; onChange: (v: IdentityDraft) => void; errors: Record<string, string | undefined>; autoFocus?: boolean }) {
  const set = (patch: Partial<IdentityDraft>) => onChange({ ...value, ...patch });
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
        <FormGroup label="Other names" labelFor="identity-otherNames" className="form-col" helperText="Separate with semicolons.">
          <InputGroup id="identity-otherNames" value={value.otherNames} onValueChange={(v) => set({ otherNames: v })} dir="auto" autoComplete="off" spellCheck={false} />
        </FormGroup>
      </div>
      <div className="form-row">
        <PartialDateField id="identity-birthDate" label="Date of birth" value={value.birthDate} onChange={(v) => set({ birthDate: v })} className="form-col" />
        <CountryCodesField id="identity-nationality" label="Nationality" value={value.nationality} onChange={(v) => set({ nationality: v })} error={errors.nationality} className="form-col" />
      </div>
      <div className="form-row">
        <FormGroup label="How to reach them" labelFor="identity-contact" className="form-col">
          <TextArea id="identity-contact" value={value.contact} onChange={(e) => set({ contact: e.currentTarget.value })} fill rows={2} dir="auto" spellCheck={false} />
        </FormGroup>
        <FormGroup label="Address" labelFor="identity-address" className="form-col">
          <TextArea id="identity-address" value={value.address} onChange={(e) => set({ address: e.currentTarget.value })} fill rows={2} dir="auto" spellCheck={false} />
        </FormGroup>
      </div>
      <FormGroup label="Protection notes" labelFor="identity-notes">
        <TextArea id="identity-notes" value={value.notes} onChange={(e) => set({ notes: e.currentTarget.value })} fill rows={2} dir="auto" spellCheck={false} />
      </FormGroup>
    </div>
  );
}
