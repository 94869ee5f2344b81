/**
 * A witness's real identity. Sealed unless the compartment is unlocked; even then shown only after an
 * explicit "Reveal", which the core records in the activity log. Locking the compartment (or leaving the
 * page) drops what was revealed from the page at once.
 */
import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, Intent, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { WitnessView } from '../../shared/ipc/schemas/case';
import type { WitnessIdentity } from '../../shared/model/records';
import { formatPartialDate } from '../../shared/model/partial-date';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { FormError } from '../ui/fields';
import { countryName } from '../ui/format';
import { useToast } from '../ui/toaster';
import { useWorkspace } from '../workspace/workspace';
import { firstError } from '../ui/field-errors';
import { EMPTY_IDENTITY, IDENTITY_FIELDS, IdentityFields, identityCoreError, identityDraftFrom, identityErrors, identityPayload, type IdentityDraft } from './identity-fields';

function IdentityEditor({ witness, initial, onClose, onSaved }: { witness: WitnessView; initial: WitnessIdentity | null; onClose: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState<IdentityDraft>(initial ? identityDraftFrom(initial) : EMPTY_IDENTITY);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const save = useAction(() => invoke('witness.setIdentity', { witnessId: witness.id, identity: identityPayload(draft) }));
  const focus = (k: string) => document.getElementById(`identity-${k}`)?.focus();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = identityErrors(draft);
    setErrors(found);
    const first = firstError(found, IDENTITY_FIELDS);
    if (first) return focus(first);
    const r = await save.run();
    if (r?.ok) onSaved();
    else if (r) {
      // The core's refusal goes under the field it names; what was typed stays.
      const m = identityCoreError(r.error, true);
      if (m) {
        setErrors({ [m.field]: m.message });
        focus(m.field);
      }
    }
  };
  /** A changed field loses its error (and the core's). */
  const change = (next: IdentityDraft) => {
    setErrors((x) => Object.fromEntries(Object.entries(x).filter(([k]) => next[k as keyof IdentityDraft] === draft[k as keyof IdentityDraft])));
    save.clearError();
    setDraft(next);
  };
  const coreError = save.error ? identityCoreError(save.error, true) : null;
  return (
    <form onSubmit={submit} noValidate aria-label="Witness identity">
      <DialogBody>
        <p className="dialog-lead">Sealed with the witness-compartment key. Elsewhere in the vault this witness is only {witness.data.pseudonym}.</p>
        <IdentityFields value={draft} onChange={change} errors={errors} autoFocus />
        {save.error && !coreError ? <FormError error={save.error} /> : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onClose} disabled={save.busy} />
            <Button type="submit" intent={Intent.PRIMARY} icon="lock" text="Save in the compartment" loading={save.busy} />
          </>
        }
      />
    </form>
  );
}

export function IdentityPanel({ witness, onChanged }: { witness: WitnessView; onChanged: () => void }) {
  const { status, requestCompartmentUnlock } = useWorkspace();
  const toast = useToast();
  const unlocked = status.witnessUnlocked;
  const [revealed, setRevealed] = useState<WitnessIdentity | null>(null);
  const [editing, setEditing] = useState(false);
  const reveal = useAction(() => invoke('witness.reveal', { witnessId: witness.id }));

  useEffect(() => {
    if (!unlocked) {
      setRevealed(null);
      setEditing(false);
    }
  }, [unlocked]);

  if (!unlocked) {
    return (
      <div className="identity-sealed" data-testid="identity-sealed">
        <p>
          <strong>Identity sealed.</strong> <span className={Classes.TEXT_MUTED}>It is kept in the witness compartment, under its own key.</span>
        </p>
        <Button icon="unlock" text="Unlock the compartment…" onClick={requestCompartmentUnlock} />
      </div>
    );
  }

  const doReveal = async () => {
    const r = await reveal.run();
    if (r?.ok) {
      if (r.value) setRevealed(r.value);
      else toast({ message: `No identity is recorded for ${witness.data.pseudonym}.`, icon: 'info-sign' });
      onChanged();
    }
  };

  return (
    <div className="identity-panel" data-testid="identity-panel">
      {revealed ? (
        <div className="identity-revealed" data-testid="identity-revealed">
          <dl className="facts facts-compact">
            <dt>Full name</dt>
            <dd dir="auto" className="identity-name">
              {revealed.fullName}
            </dd>
            {revealed.otherNames.length ? (
              <>
                <dt>Other names</dt>
                <dd dir="auto">{revealed.otherNames.join('; ')}</dd>
              </>
            ) : null}
            {revealed.birthDate ? (
              <>
                <dt>Born</dt>
                <dd>{formatPartialDate(revealed.birthDate)}</dd>
              </>
            ) : null}
            {revealed.nationality.length ? (
              <>
                <dt>Nationality</dt>
                <dd>{revealed.nationality.map((c) => countryName(c) ?? c.toUpperCase()).join(', ')}</dd>
              </>
            ) : null}
            {revealed.contact ? (
              <>
                <dt>Contact</dt>
                <dd dir="auto" className="pre-wrap">
                  {revealed.contact}
                </dd>
              </>
            ) : null}
            {revealed.address ? (
              <>
                <dt>Address</dt>
                <dd dir="auto" className="pre-wrap">
                  {revealed.address}
                </dd>
              </>
            ) : null}
            {revealed.notes ? (
              <>
                <dt>Notes</dt>
                <dd dir="auto" className="pre-wrap">
                  {revealed.notes}
                </dd>
              </>
            ) : null}
          </dl>
          <div className="identity-actions">
            <Button icon="eye-off" text="Hide" onClick={() => setRevealed(null)} />
            <Button icon="edit" text="Edit identity…" onClick={() => setEditing(true)} />
          </div>
        </div>
      ) : (
        <>
          <Callout icon="eye-open" intent={Intent.WARNING} compact className="reveal-note">
            Revealing the real identity is recorded in the activity log, with your name and the time.
          </Callout>
          <div className="identity-actions">
            {witness.hasIdentity === false ? (
              <Button icon="add" intent={Intent.PRIMARY} text="Record identity…" onClick={() => setEditing(true)} />
            ) : (
              <Button icon="eye-open" intent={Intent.WARNING} text="Reveal identity" onClick={() => void doReveal()} loading={reveal.busy} data-testid="reveal-identity" />
            )}
          </div>
          {reveal.busy ? <Spinner size={14} /> : null}
          <FormError error={reveal.error} />
        </>
      )}
      <Dialog isOpen={editing} onClose={() => setEditing(false)} title={`Identity of ${witness.data.pseudonym}`} icon="id-number" canOutsideClickClose={false} className="form-dialog form-dialog-wide">
        {editing ? (
          <IdentityEditor
            witness={witness}
            initial={revealed}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setRevealed(null);
              toast({ message: 'Identity saved in the compartment.', intent: Intent.SUCCESS, icon: 'lock' });
              onChanged();
            }}
          />
        ) : null}
      </Dialog>
    </div>
  );
}
