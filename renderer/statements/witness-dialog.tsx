/**
 * Register (or edit) a witness: a pseudonym (the core assigns the next free one when left empty), the risk
 * level, notes — and, only while the witness compartment is unlocked, their real identity.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, TextArea } from '@blueprintjs/core';
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { WitnessView } from '../../shared/ipc/schemas/case';
import { RISK_LEVELS } from '../../shared/model/vocabulary';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { FieldMessage } from '../ui/field-message';
import { fieldOfError, FormError } from '../ui/fields';
import { useToast } from '../ui/toaster';
import { ReliabilityField } from '../ui/reliability-field';
import { RISK_LABELS } from '../ui/vocab';
import type { ReliabilityChoice } from '../../shared/model/records';
import { useFormDraft } from '../workspace/drafts';
import { useWorkspace } from '../workspace/workspace';
import { firstError } from '../ui/field-errors';
import { EMPTY_IDENTITY, IDENTITY_FIELDS, IdentityFields, identityCoreError, identityErrors, identityPayload, type IdentityDraft } from './identity-fields';
import type { RequestOf } from '../../shared/ipc/contract';

type Risk = (typeof RISK_LEVELS)[number];

function WitnessForm({ caseId, existing, onClose, onSaved, closer }: { caseId: string; existing: WitnessView | null; onClose: () => void; onSaved: (w: WitnessView) => void; closer: MutableRefObject<() => void> }) {
  const { status, requestCompartmentUnlock } = useWorkspace();
  const unlocked = status.witnessUnlocked;
  const [pseudonym, setPseudonym] = useState(existing?.data.pseudonym ?? '');
  const [risk, setRisk] = useState<Risk>(existing?.data.riskLevel ?? 'high');
  const [notes, setNotes] = useState(existing?.data.notes ?? '');
  // Asked for, never defaulted: a new witness's source is graded or explicitly not yet graded (rule 4).
  const [reliability, setReliability] = useState<ReliabilityChoice | ''>('');
  const [withIdentity, setWithIdentity] = useState(true);
  const [identity, setIdentity] = useState<IdentityDraft>(EMPTY_IDENTITY);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  // Unsaved values survive a lock — all but the real identity, which is never part of a draft (a lock, like a
  // compartment lock, takes it; closing with one typed still asks).
  const values = { pseudonym, risk, notes, reliability, withIdentity };
  const identityTyped = JSON.stringify(identity) !== JSON.stringify(EMPTY_IDENTITY);
  const { discard, requestClose, confirmDiscard } = useFormDraft({
    key: `witness:${existing?.id ?? `new:${caseId}`}`,
    form: 'witness',
    caseId,
    context: { witnessId: existing?.id ?? null },
    value: values,
    unkeptDirty: identityTyped,
    restore: (raw) => {
      const v = { ...values, ...(raw as Partial<typeof values>) };
      setPseudonym(v.pseudonym);
      setRisk(v.risk);
      setNotes(v.notes);
      setReliability(v.reliability);
      setWithIdentity(v.withIdentity);
    },
    what: existing ? 'changes to this witness' : 'witness',
    onClose,
  });
  closer.current = requestClose;
  const toast = useToast();
  // A compartment lock while the form is open takes the identity with it.
  useEffect(() => {
    if (!unlocked) setIdentity(EMPTY_IDENTITY);
  }, [unlocked]);

  const save = useAction(async (data: Omit<RequestOf<'witness.create'>['data'], 'caseId'>, id: RequestOf<'witness.setIdentity'>['identity'] | null) =>
    existing
      ? invoke('witness.update', { id: existing.id, patch: data })
      : invoke('witness.create', { data: { ...data, caseId }, ...(id ? { identity: id } : {}), reliability: reliability || 'ungraded' }),
  );
  const identityWanted = !existing && unlocked && withIdentity;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: Record<string, string | undefined> = identityWanted ? identityErrors(identity) : {};
    if (!existing && !reliability) found.reliability = 'Grade the witness as a source, or choose “Not yet graded”.';
    setErrors(found);
    if (found.reliability) return document.getElementById('witness-reliability')?.focus();
    const first = firstError(found, IDENTITY_FIELDS);
    if (first) return document.getElementById(`identity-${first}`)?.focus();
    const r = await save.run({ ...(pseudonym.trim() ? { pseudonym: pseudonym.trim() } : {}), riskLevel: risk, notes: notes.trim() }, identityWanted ? identityPayload(identity) : null);
    if (r?.ok) {
      discard();
      setIdentity(EMPTY_IDENTITY);
      toast({ message: existing ? 'Witness saved.' : `Witness ${r.value.data.pseudonym} registered${identityWanted ? ', identity sealed in the compartment' : ''}.`, intent: Intent.SUCCESS, icon: 'tick' });
      onSaved(r.value);
    } else if (r && identityWanted) {
      // A refusal of the identity goes under its field; what was typed stays.
      const m = identityCoreError(r.error, false);
      if (m) {
        setErrors({ [m.field]: m.message });
        document.getElementById(`identity-${m.field}`)?.focus();
      }
    }
  };
  const pseudoError = save.error && (fieldOfError(save.error, ['pseudonym']) || save.error.is('CONFLICT')) ? `${save.error.message.charAt(0).toUpperCase()}${save.error.message.slice(1)}.` : null;

  return (
    <form onSubmit={submit} noValidate aria-label={existing ? 'Edit witness' : 'New witness'}>
      <DialogBody>
        <div className="form-row">
          <FormGroup label="Pseudonym" labelFor="witness-pseudonym" className="form-col" intent={pseudoError ? Intent.DANGER : Intent.NONE}>
            <InputGroup dir="auto"
              id="witness-pseudonym"
              value={pseudonym}
              onValueChange={(v) => {
                setPseudonym(v);
                save.clearError();
              }}
              placeholder={existing ? '' : 'Assigned automatically: W-001, W-002 …'}
              autoFocus
              autoComplete="off"
              aria-describedby="witness-pseudonym-help"
              aria-invalid={pseudoError ? true : undefined}
            />
            <FieldMessage id="witness-pseudonym-help" error={pseudoError} hint="Used everywhere in the vault instead of the name. Never derive it from the real name." />
          </FormGroup>
          <FormGroup label="Risk level" labelFor="witness-risk" className="form-col-narrow">
            <HTMLSelect id="witness-risk" value={risk} onChange={(e) => setRisk(e.currentTarget.value as Risk)} fill>
              {RISK_LEVELS.map((r) => (
                <option key={r} value={r}>
                  {RISK_LABELS[r]}
                </option>
              ))}
            </HTMLSelect>
          </FormGroup>
        </div>
        {existing ? null : (
          <ReliabilityField
            id="witness-reliability"
            label="Reliability as a source"
            value={reliability}
            onChange={(v) => {
              setReliability(v);
              setErrors((x) => ({ ...x, reliability: undefined }));
            }}
            error={errors.reliability ?? null}
          />
        )}
        <FormGroup label="Notes" labelFor="witness-notes" helperText="Protection facts without identifying details: the identity goes in the compartment.">
          <TextArea dir="auto" id="witness-notes" value={notes} onChange={(e) => setNotes(e.currentTarget.value)} fill rows={2} />
        </FormGroup>
        {existing ? null : unlocked ? (
          <fieldset className="form-fieldset identity-fieldset">
            <legend>
              Real identity <span className={Classes.TEXT_MUTED}>— sealed in the witness compartment</span>
            </legend>
            {withIdentity ? (
              <>
                <IdentityFields value={identity} onChange={setIdentity} errors={errors} />
                <Button variant="minimal" size="small" text="Record the identity later" onClick={() => setWithIdentity(false)} />
              </>
            ) : (
              <Button variant="minimal" size="small" icon="add" text="Record the identity now" onClick={() => setWithIdentity(true)} />
            )}
          </fieldset>
        ) : (
          <Callout icon="lock" compact className="form-callout">
            The witness compartment is sealed, so the real identity cannot be recorded now. Register the witness under the pseudonym and add the identity
            later, or{' '}
            <Button variant="minimal" size="small" text="unlock the compartment…" onClick={requestCompartmentUnlock} className="inline-button" />
          </Callout>
        )}
        {save.error && !pseudoError && !(identityWanted && identityCoreError(save.error, false)) ? <FormError error={save.error} /> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={requestClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text={existing ? 'Save witness' : 'Register witness'} loading={save.busy} />
          </>
        }
      />
      {confirmDiscard}
    </form>
  );
}

export function WitnessDialog({ isOpen, caseId, existing, onClose, onSaved }: { isOpen: boolean; caseId: string; existing: WitnessView | null; onClose: () => void; onSaved: (w: WitnessView) => void }) {
  // Escape and the close button ask like Cancel does when the form holds unsaved values.
  const closer = useRef(onClose);
  return (
    <Dialog isOpen={isOpen} onClose={() => closer.current()} title={existing ? `Edit ${existing.data.pseudonym}` : 'New witness'} icon="new-person" canOutsideClickClose={false} className="form-dialog form-dialog-wide">
      {isOpen ? <WitnessForm caseId={caseId} existing={existing} onClose={onClose} onSaved={onSaved} closer={closer} /> : null}
    </Dialog>
  );
}
