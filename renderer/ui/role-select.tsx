/**
 * The participant-role picker used wherever a person's part in an event is recorded (claim dialog, new event,
 * event edit). One component so the vocabulary, its labels and the handling of old free-text roles agree:
 * only perpetrator roles carry an event's conduct to a participant (issue 11 rule 1), so the role is always
 * chosen from the list, never typed.
 */
import { HTMLSelect } from '@blueprintjs/core';
import { PARTICIPANT_ROLE_LABELS, PARTICIPANT_ROLES, participantRole } from '../../shared/model/vocabulary';

export interface RoleSelectProps {
  id?: string;
  'aria-label'?: string;
  /** The message under the field (its error or hint), for screen readers. */
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  value: string;
  onChange(role: string): void;
  /** Show a "Choose the role…" entry for an empty value (new records); otherwise an empty role reads "unspecified". */
  placeholder?: boolean;
  fill?: boolean;
}

export function RoleSelect({ id, value, onChange, placeholder = false, fill, 'aria-label': ariaLabel, 'aria-describedby': describedBy, 'aria-invalid': invalid }: RoleSelectProps) {
  const known = participantRole(value);
  // An older free-text role stays selectable, as it was written, until it is replaced by one from the vocabulary.
  const freeText = value !== '' && known === 'unspecified' && value !== 'unspecified';
  const selected = value === '' && placeholder ? '' : freeText ? value : known;
  return (
    <HTMLSelect id={id} aria-label={ariaLabel} aria-describedby={describedBy} aria-invalid={invalid} value={selected} onChange={(e) => onChange(e.currentTarget.value)} fill={fill}>
      {placeholder ? <option value="">Choose the role…</option> : null}
      {freeText ? <option value={value}>{value} (free text)</option> : null}
      {PARTICIPANT_ROLES.map((r) => (
        <option key={r} value={r}>
          {PARTICIPANT_ROLE_LABELS[r]}
        </option>
      ))}
    </HTMLSelect>
  );
}
