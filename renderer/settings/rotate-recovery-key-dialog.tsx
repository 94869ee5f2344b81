/**
 * Issue a new recovery key (for when the old one may have been seen or lost). The old key stops working at
 * once. The new key also opens the witness compartment, so the compartment must be unlocked. The key is
 * shown once, in this dialog only, and dropped when it closes.
 */
import { Button, Callout, Checkbox, Classes, Dialog, DialogBody, DialogFooter, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { PassphraseField } from '../ui/passphrase-field';
import { useToast } from '../ui/toaster';
import { recoveryKeyGroups } from '../vault/recovery-key-format';
import { useWorkspace } from '../workspace/workspace';

function RotateForm({ onClose }: { onClose: () => void }) {
  const { status, requestCompartmentUnlock } = useWorkspace();
  const [passphrase, setPassphrase] = useState('');
  const [empty, setEmpty] = useState(false);
  const [key, setKey] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const toast = useToast();
  const rotate = useAction(() => invoke('vault.rotateRecoveryKey', { passphrase }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!passphrase) return setEmpty(true);
    const r = await rotate.run();
    if (r?.ok) {
      setPassphrase('');
      setKey(r.value.recoveryKey);
    }
  };

  if (key) {
    const groups = recoveryKeyGroups(key);
    return (
      <>
        <DialogBody>
          <Callout intent={Intent.WARNING} icon="warning-sign" title="Shown only this once" className="recovery-warning">
            The vault was re-encrypted under a new key: the previous recovery key no longer opens it, even with an old copy of the header. Write this one on paper and keep it apart from this computer.
          </Callout>
          <figure className="recovery-key recovery-key-compact" aria-label="New recovery key">
            <ol className="recovery-key-groups" data-testid="new-recovery-key">
              {groups.map((g, i) => (
                <li key={i} className="recovery-key-group">
                  <span className="recovery-key-index" aria-hidden>
                    {i + 1}
                  </span>
                  <span className="recovery-key-chars">{g}</span>
                </li>
              ))}
            </ol>
            <figcaption className={Classes.TEXT_MUTED}>9 groups of 4. It opens both the vault and the witness compartment.</figcaption>
          </figure>
          <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} label="I have written down the new recovery key." autoFocus />
        </DialogBody>
        <DialogFooter
          actions={
            <Button
              intent={Intent.PRIMARY}
              text="Done"
              disabled={!confirmed}
              onClick={() => {
                setKey(null);
                toast({ message: 'New recovery key issued and the vault re-encrypted. The old key no longer works.', intent: Intent.SUCCESS, icon: 'key' });
                onClose();
              }}
            />
          }
        />
      </>
    );
  }

  const err = rotate.error;
  const fieldError = empty ? 'Enter the vault passphrase.' : err?.is('WRONG_PASSPHRASE', 'INVALID_INPUT') ? describeError(err) : null;
  const formError = err && !err.is('WRONG_PASSPHRASE', 'INVALID_INPUT') ? describeError(err) : null;
  return (
    <form onSubmit={submit} noValidate aria-label="Issue a new recovery key">
      <DialogBody>
        <p className="dialog-lead">
          Use this if the recovery key may have been seen by someone else, or was lost. The current key stops working as soon as the new one is issued.
        </p>
        {!status.witnessUnlocked ? (
          <Callout icon="lock" intent={Intent.PRIMARY} className="form-callout">
            The recovery key also opens the witness compartment, so the compartment must be unlocked first.{' '}
            <Button variant="minimal" size="small" text="Unlock the compartment…" onClick={requestCompartmentUnlock} className="inline-button" />
          </Callout>
        ) : null}
        <PassphraseField
          id="rotate-passphrase"
          label="Vault passphrase"
          hint="To confirm it is you."
          value={passphrase}
          onChange={(v) => {
            setPassphrase(v);
            setEmpty(false);
            rotate.clearError();
          }}
          error={fieldError}
          autoFocus
          disabled={rotate.busy || !status.witnessUnlocked}
          autoComplete="current-password"
        />
        {formError ? (
          <Callout intent={Intent.DANGER} icon="error" role="alert">
            {formError.message}
          </Callout>
        ) : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onClose} disabled={rotate.busy} />
            <Button type="submit" intent={Intent.PRIMARY} icon="key" text="Issue new recovery key" loading={rotate.busy} disabled={!status.witnessUnlocked} />
          </>
        }
      />
    </form>
  );
}

export function RotateRecoveryKeyDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Issue a new recovery key" icon="key" canOutsideClickClose={false} canEscapeKeyClose={false} className="form-dialog">
      {isOpen ? <RotateForm onClose={onClose} /> : null}
    </Dialog>
  );
}
