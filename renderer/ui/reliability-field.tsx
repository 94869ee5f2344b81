/**
 * The reliability of a source, asked for when it is registered (issue 11 rule 4): a grade A–F, or "not yet
 * graded" chosen on purpose — never a silent F. The core stores "not yet graded" as F with a flag, and the
 * criteria engine puts a caveat on every finding that rests on it.
 */
import { FormGroup, HTMLSelect, Intent } from '@blueprintjs/core';
import type { ReliabilityChoice } from '../../shared/model/records';
import { SOURCE_RELIABILITY, type SourceReliability } from '../../shared/model/vocabulary';
import { FieldMessage } from './field-message';

export const NOT_YET_GRADED = 'Not yet graded (counted as F, with a caveat)';

export function ReliabilityField({
  id,
  label,
  value,
  onChange,
  error,
  className,
}: {
  id: string;
  label: string;
  value: ReliabilityChoice | '';
  onChange: (v: ReliabilityChoice | '') => void;
  error?: string | null;
  className?: string;
}) {
  return (
    <FormGroup label={label} labelFor={id} labelInfo="(required)" className={className} intent={error ? Intent.DANGER : Intent.NONE}>
      <HTMLSelect id={id} value={value} onChange={(e) => onChange(e.currentTarget.value as ReliabilityChoice | '')} fill aria-invalid={error ? true : undefined} aria-describedby={`${id}-help`} required>
        <option value="">Choose the grade…</option>
        {(Object.keys(SOURCE_RELIABILITY) as SourceReliability[]).map((r) => (
          <option key={r} value={r}>
            {r} — {SOURCE_RELIABILITY[r]}
          </option>
        ))}
        <option value="ungraded">{NOT_YET_GRADED}</option>
      </HTMLSelect>
      <FieldMessage id={`${id}-help`} error={error ?? null} hint="The source’s track record on the Admiralty scale. If you cannot judge it yet, say so: findings resting on it will carry a caveat." />
    </FormGroup>
  );
}

/** The fields a source record takes for a choice. */
export function reliabilityData(choice: ReliabilityChoice): { reliability: SourceReliability; ungraded?: true } {
  return choice === 'ungraded' ? { reliability: 'F', ungraded: true } : { reliability: choice };
}
