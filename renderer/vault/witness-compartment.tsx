import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, Intent, Tooltip } from '@blueprintjs/core';
import { useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { PassphraseField } from '../ui/passphrase-field';
import { useToast } from '../ui/toaster';

function UnlockCompartmentForm({ onClose, onStatus }: { onClose: () => void; onStatus: (s: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [empty, setEmpty] = useState(false);
  const unlock = useAction(() => invoke('compartment.unlock', { passphrase }));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!passphrase) return setEmpty(true);
    const r = await unlock.run();
    if (r?.ok) {
      onStatus(r.value);
      onClose();
    }
  };
  const err = unlock.error;
  const fieldError = empty ? 'Enter the witness-compartment passphrase.' : err?.is('WRONG_PASSPHRASE', 'INVALID_INPUT') ? describeError(err) : null;
  const formError = err && !err.is('WRONG_PASSPHRASE', 'INVALID_INPUT') ? describeError(err) : null;
  return (
    <form onSubmit={submit} noValidate aria-label="Unlock witness compartment">
      <DialogBody>
        <p className="dialog-lead">
          Witness identities are kept in their own compartment. Open it only while you need names; lock it again when done.
        </p>
        <PassphraseField
          id="compartment-passphrase"
          label="Witness-compartment passphrase"
          hint="The vault passphrase, unless a separate one was set when the vault was created."
          value={passphrase}
          onChange={(v) => {
            setPassphrase(v);
            setEmpty(false);
            unlock.clearError();
          }}
          error={fieldError}
          autoFocus
          disabled={unlock.busy}
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
            <Button text="Cancel" onClick={onClose} disabled={unlock.busy} />
            <Button type="submit" intent={Intent.PRIMARY} icon="unlock" text="Unlock compartment" loading={unlock.busy} />
          </>
        }
      >
        <span className={Classes.TEXT_MUTED} aria-live="polite">
          {unlock.busy ? 'Deriving the key…' : ''}
        </span>
      </DialogFooter>
    </form>
  );
}

/** Navbar control: shows whether witness identities are open, unlocks (with a dialog) or locks them. */
export function WitnessCompartmentButton({ status, onStatus }: { status: VaultStatus; onStatus: (s: VaultStatus) => void }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const lock = useAction(() => invoke('compartment.lock', {}));
  const unlocked = status.witnessUnlocked;

  const onClick = async () => {
    if (!unlocked) return setOpen(true);
    const r = await lock.run();
    if (r?.ok) onStatus(r.value);
    else if (r) toast({ message: describeError(r.error).message, intent: Intent.DANGER, icon: 'error' });
  };

  return (
    <>
      <Tooltip
        content={unlocked ? 'Witness identities are visible. Click to lock them away.' : 'Witness identities are sealed. Click to unlock.'}
        placement="bottom"
        hoverOpenDelay={300}
      >
        <Button
          variant={unlocked ? 'outlined' : 'minimal'}
          intent={unlocked ? Intent.WARNING : Intent.NONE}
          icon={unlocked ? 'unlock' : 'lock'}
          text={unlocked ? 'Witnesses open' : 'Witnesses sealed'}
          onClick={() => void onClick()}
          loading={lock.busy}
          aria-label={unlocked ? 'Witness compartment is open: lock it' : 'Witness compartment is locked: unlock it'}
          data-testid="witness-compartment"
          data-state={unlocked ? 'open' : 'sealed'}
        />
      </Tooltip>
      <Dialog isOpen={open} onClose={() => setOpen(false)} title="Unlock witness identities" icon="person" canOutsideClickClose={false}>
        {open ? <UnlockCompartmentForm onClose={() => setOpen(false)} onStatus={onStatus} /> : null}
      </Dialog>
    </>
  );
}
