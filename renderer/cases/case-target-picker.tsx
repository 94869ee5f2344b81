/**
 * Which case an import goes into, named and chosen in the import dialog itself (never silently "whichever is
 * current"). Starts on the case the dialog was opened for; the choice is the dialog's own, it does not switch the
 * workspace's current case.
 */
import { FormGroup, HTMLSelect } from '@blueprintjs/core';
import type { CaseView } from '../../shared/ipc/schemas/case';
import { useWorkspace } from '../workspace/workspace';

export function CaseTargetPicker({
  value,
  onChange,
  disabled,
  id = 'import-target-case',
  label = 'Import into case',
}: {
  value: string;
  onChange: (c: CaseView) => void;
  disabled?: boolean;
  id?: string;
  label?: string;
}) {
  const { cases } = useWorkspace();
  const list = cases ?? [];
  return (
    <FormGroup label={label} labelFor={id} className="case-target-picker" helperText="Everything imported is added to this case.">
      <HTMLSelect
        id={id}
        value={value}
        disabled={disabled}
        data-testid={id}
        onChange={(e) => {
          const c = list.find((x) => x.id === e.currentTarget.value);
          if (c) onChange(c);
        }}
      >
        {list.some((c) => c.id === value) ? null : <option value={value}>(this case)</option>}
        {list.map((c) => (
          <option key={c.id} value={c.id}>
            {c.data.name}
          </option>
        ))}
      </HTMLSelect>
    </FormGroup>
  );
}
