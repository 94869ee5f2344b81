import { Button, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import { useRef, useState, type MutableRefObject } from 'react';
import type { CaseView } from '../../shared/ipc/schemas/case';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { FieldMessage } from '../ui/field-message';
import { CountryCodesField, fieldOfError, FormError } from '../ui/fields';
import { parseCountryCodes } from '../ui/format';
import { useToast } from '../ui/toaster';
import { CASE_STATUS_LABELS } from '../ui/vocab';
import { useFormDraft } from '../workspace/drafts';
import { restoreFields } from '../workspace/draft-restore';

type Status = 'open' | 'closed' | 'archived';

function CaseForm({ existing, onClose, onSaved, closer }: { existing: CaseView | null; onClose: () => void; onSaved: (c: CaseView) => void; closer: MutableRefObject<() => void> }) {
  const [name, setName] = useState(existing?.data.name ?? '');
  const [description, setDescription] = useState(existing?.data.description ?? '');
  const [status, setStatus] = useState<Status>(existing?.data.status ?? 'open');
  const [countries, setCountries] = useState((existing?.data.countries ?? []).join(', ').toUpperCase());
  const [tags, setTags] = useState((existing?.data.tags ?? []).join(', '));
  const [errors, setErrors] = useState<{ name?: string; countries?: string }>({});
  const nameRef = useRef<HTMLInputElement>(null);
  // Unsaved values survive a lock; closing with some asks first.
  const values = { name, description, status, countries, tags };
  const { discard, requestClose, confirmDiscard } = useFormDraft({
    key: `case:${existing?.id ?? 'new'}`,
    form: 'case',
    caseId: existing?.id ?? null,
    context: { editsCase: existing?.id ?? null },
    value: values,
    restore: (raw) => restoreFields(raw, values, { name: setName, description: setDescription, status: setStatus, countries: setCountries, tags: setTags }),
    what: existing ? 'changes to this case' : 'case',
    onClose,
  });
  closer.current = requestClose;
  const toast = useToast();
  const save = useAction(async (data: { name: string; description: string; status: Status; countries: string[]; tags: string[] }) =>
    existing ? invoke('case.update', { id: existing.id, patch: data }) : invoke('case.create', data),
  );

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    const n = name.trim();
    if (!n) found.name = 'Give the case a name, e.g. the operation or the route it covers.';
    const cc = parseCountryCodes(countries);
    if (cc.invalid.length) found.countries = `${cc.invalid.map((c) => `“${c}”`).join(', ')} ${cc.invalid.length === 1 ? 'is not' : 'are not'} a two-letter ISO country code.`;
    setErrors(found);
    if (found.name) return nameRef.current?.focus();
    if (found.countries) return;
    const r = await save.run({
      name: n,
      description: description.trim(),
      status,
      countries: cc.codes,
      tags: tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    });
    if (r?.ok) {
      discard();
      toast({ message: existing ? 'Case saved.' : `Case “${r.value.data.name}” created.`, intent: Intent.SUCCESS, icon: 'tick' });
      onSaved(r.value);
    } else if (r && (fieldOfError(r.error, ['name']) || r.error.is('CONFLICT'))) nameRef.current?.focus();
  };

  const coreNameError = save.error && (fieldOfError(save.error, ['name']) || save.error.is('CONFLICT')) ? `${save.error.message.charAt(0).toUpperCase()}${save.error.message.slice(1)}.` : null;
  const nameError = errors.name ?? coreNameError;
  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit case' : 'New case'}>
      <DialogBody>
        <FormGroup label="Name" labelFor="case-name" labelInfo="(required)" intent={nameError ? Intent.DANGER : Intent.NONE}>
          <InputGroup dir="auto"
            id="case-name"
            inputRef={nameRef}
            value={name}
            onValueChange={(v) => {
              setName(v);
              setErrors((x) => ({ ...x, name: undefined }));
              save.clearError();
            }}
            placeholder="e.g. Kufra–Tripoli route 2023"
            autoFocus
            intent={nameError ? Intent.DANGER : Intent.NONE}
            aria-invalid={nameError ? true : undefined}
            aria-describedby="case-name-help"
          />
          <FieldMessage id="case-name-help" error={nameError} />
        </FormGroup>
        <div className="form-row">
          <FormGroup label="Status" labelFor="case-status" className="form-col-narrow">
            <HTMLSelect id="case-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as Status)} fill>
              {Object.entries(CASE_STATUS_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
          <CountryCodesField
            id="case-countries"
            label="Countries concerned"
            value={countries}
            onChange={(v) => {
              setCountries(v);
              setErrors((x) => ({ ...x, countries: undefined }));
            }}
            error={errors.countries}
            className="form-col"
          />
        </div>
        <FormGroup label="Description" labelFor="case-description">
          <TextArea dir="auto" id="case-description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} fill rows={4} placeholder="Scope, mandate, period covered" />
        </FormGroup>
        <FormGroup label="Tags" labelFor="case-tags" helperText="Separate with commas.">
          <InputGroup dir="auto" id="case-tags" value={tags} onValueChange={setTags} placeholder="e.g. Panel of Experts, 2023 report" />
        </FormGroup>
        {save.error && !coreNameError ? <FormError error={save.error} /> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text={existing ? 'Save case' : 'Create case'} loading={save.busy} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function CaseDialog({ isOpen, existing, onClose, onSaved }: { isOpen: boolean; existing: CaseView | null; onClose: () => void; onSaved: (c: CaseView) => void }) {
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(onClose);
  return (
    <Dialog isOpen={isOpen} onClose={() => closer.current()} title={existing ? `Edit case` : 'New case'} icon={existing ? 'edit' : 'folder-new'} canOutsideClickClose={false} className="form-dialog">
      {isOpen ? <CaseForm existing={existing} onClose={onClose} onSaved={onSaved} closer={closer} /> : null}
    </Dialog>
  );
}
