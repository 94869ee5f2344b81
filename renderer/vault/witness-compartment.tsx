import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent, Tooltip } from '@blueprintjs/core';
import { useRef, useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { FieldMessage } from '../ui/field-message';
import { NewPassphraseFields, PassphraseField } from '../ui/passphrase-field';
import { useToast } from '../ui/toaster';
import { assessPassphrase, MIN_PASSPHRASE_LENGTH } from './passphrase-strength';
import { normalizeRecoveryKeyInput, recoveryKeyInputHint, recoveryKeyInputStatus } from './recovery-key-format';

function UnlockCompartmentForm({ onClose, onStatus, onForgot, notice }: { onClose: () => void; onStatus: (s: VaultStatus) => void; onForgot: () => void; notice: string | null }) {
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
        {notice ? (
          <Callout intent={Intent.SUCCESS} icon="tick" compact className="form-callout">
            {notice}
          </Callout>
        ) : null}
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
        <p className="dialog-secondary">
          <Button variant="minimal" size="small" icon="key" text="Forgot the witness passphrase? Use the recovery key" onClick={onForgot} disabled={unlock.busy} />
        </p>
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

/** Reset the compartment passphrase with the vault's recovery key (the vault itself stays as it is). */
function RecoverCompartmentForm({ onBack, onRecovered, onStatus }: { onBack: () => void; onRecovered: (status?: VaultStatus) => void; onStatus: (s: VaultStatus) => void }) {
  const [key, setKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ key?: string; passphrase?: string; confirm?: string }>({});
  const keyRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const recover = useAction(() => invoke('compartment.recover', { recoveryKey: normalizeRecoveryKeyInput(key), newPassphrase: passphrase }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!recoveryKeyInputStatus(key).complete) found.key = recoveryKeyInputHint(key) ?? 'Enter the recovery key.';
    if (!assessPassphrase(passphrase).meetsMinimum) found.passphrase = `Use at least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words work well.`;
    else if (confirm !== passphrase) found.confirm = 'The two passphrases do not match.';
    setErrors(found);
    if (found.key) return keyRef.current?.focus();
    if (found.passphrase) return passRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();
    const r = await recover.run();
    if (r?.ok) {
      onStatus(r.value);
      onRecovered(r.value);
    } else if (r?.error.is('WRONG_RECOVERY_KEY', 'RECOVERY_KEY_MALFORMED')) keyRef.current?.focus();
  };

  const err = recover.error;
  const keyError = errors.key ?? (err?.is('WRONG_RECOVERY_KEY', 'RECOVERY_KEY_MALFORMED') ? describeError(err) : null);
  const passError = errors.passphrase ?? (err?.is('WEAK_PASSPHRASE') ? describeError(err) : null);
  const formError = err && !err.is('WRONG_RECOVERY_KEY', 'RECOVERY_KEY_MALFORMED', 'WEAK_PASSPHRASE') ? describeError(err) : null;

  return (
    <form onSubmit={submit} noValidate aria-label="Reset the witness passphrase">
      <DialogBody>
        <p className="dialog-lead">
          The vault’s recovery key also opens the witness compartment. Enter it and choose a new witness passphrase; the compartment is re-encrypted and the old passphrase stops working.
          The vault passphrase is not changed.
        </p>
        <FormGroup label="Recovery key" labelFor="compartment-recovery-key" intent={keyError ? Intent.DANGER : Intent.NONE}>
          <InputGroup dir="ltr"
            id="compartment-recovery-key"
            inputRef={keyRef}
            className="recovery-input"
            value={key}
            onValueChange={(v) => {
              setKey(v);
              setErrors((x) => ({ ...x, key: undefined }));
              recover.clearError();
            }}
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            disabled={recover.busy}
            intent={keyError ? Intent.DANGER : Intent.NONE}
            aria-invalid={keyError ? true : undefined}
            aria-describedby="compartment-recovery-key-help"
          />
          <FieldMessage id="compartment-recovery-key-help" error={keyError} hint={key ? recoveryKeyInputHint(key) ?? 'All 36 characters entered.' : 'Spaces, dashes and lower case are fine.'} />
        </FormGroup>
        <NewPassphraseFields
          id="compartment-new-passphrase"
          label="New witness passphrase"
          confirmLabel="Repeat the new witness passphrase"
          value={passphrase}
          confirm={confirm}
          onChange={(v) => {
            setPassphrase(v);
            setErrors((x) => ({ ...x, passphrase: undefined }));
          }}
          onConfirmChange={(v) => {
            setConfirm(v);
            setErrors((x) => ({ ...x, confirm: undefined }));
          }}
          error={passError}
          confirmError={errors.confirm}
          disabled={recover.busy}
          inputRef={passRef}
          confirmRef={confirmRef}
        />
        {formError ? (
          <Callout intent={Intent.DANGER} icon="error" role="alert">
            {formError.message}
            {formError.detail ? <div className={Classes.TEXT_MUTED}>{formError.detail}</div> : null}
          </Callout>
        ) : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button icon="arrow-left" text="Back" onClick={onBack} disabled={recover.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text="Set new witness passphrase" loading={recover.busy} />
          </>
        }
      >
        <span className={Classes.TEXT_MUTED} aria-live="polite">
          {recover.busy ? 'Protecting the compartment with the new passphrase…' : ''}
        </span>
      </DialogFooter>
    </form>
  );
}

/**
 * Navbar control: shows whether witness identities are open, unlocks (with a dialog, which also offers the
 * recovery key when the witness passphrase is forgotten) or locks them. The frame owns the dialog's open
 * state so other screens (a witness's identity panel) can ask for it.
 */
export function WitnessCompartmentButton({
  status,
  onStatus,
  open,
  onOpenChange,
}: {
  status: VaultStatus;
  onStatus: (s: VaultStatus) => void;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const [mode, setMode] = useState<'unlock' | 'recover'>('unlock');
  const [notice, setNotice] = useState<string | null>(null);
  const toast = useToast();
  const lock = useAction(() => invoke('compartment.lock', {}));
  const unlocked = status.witnessUnlocked;

  const close = () => {
    onOpenChange(false);
    setMode('unlock');
    setNotice(null);
  };

  const onClick = async () => {
    if (!unlocked) return onOpenChange(true);
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
          aria-label={unlocked ? 'Witnesses open: lock the witness compartment' : 'Witnesses sealed: unlock the witness compartment'}
          data-testid="witness-compartment"
          data-state={unlocked ? 'open' : 'sealed'}
        />
      </Tooltip>
      <Dialog
        isOpen={open && !unlocked}
        onClose={close}
        title={mode === 'unlock' ? 'Unlock witness identities' : 'Reset the witness passphrase'}
        icon={mode === 'unlock' ? 'person' : 'key'}
        canOutsideClickClose={false}
      >
        {open && mode === 'unlock' ? <UnlockCompartmentForm onClose={close} onStatus={onStatus} onForgot={() => setMode('recover')} notice={notice} /> : null}
        {open && mode === 'recover' ? (
          <RecoverCompartmentForm
            onBack={() => setMode('unlock')}
            onStatus={onStatus}
            onRecovered={(next) => {
              // The reset re-encrypts the compartment under a new key and leaves it open (the status says so);
              // if it did not, ask for the new passphrase.
              if (next?.witnessUnlocked) {
                close();
                toast({ message: 'Witness passphrase reset and the compartment re-encrypted; it is open now. The old passphrase no longer works.', intent: Intent.SUCCESS, icon: 'key' });
              } else {
                setNotice('Witness passphrase reset. Unlock the compartment with the new one.');
                setMode('unlock');
              }
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}
