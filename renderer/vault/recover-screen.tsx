import { Button, Callout, Classes, FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import { useRef, useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { FieldMessage } from '../ui/field-message';
import { GateLayout } from '../ui/gate-layout';
import { NewPassphraseFields } from '../ui/passphrase-field';
import { assessPassphrase, MIN_PASSPHRASE_LENGTH } from './passphrase-strength';
import { normalizeRecoveryKeyInput, recoveryKeyInputHint, recoveryKeyInputStatus } from './recovery-key-format';

export function RecoverScreen({ vaultDir, onRecovered, onBack }: { vaultDir: string; onRecovered: (status: VaultStatus) => void; onBack: () => void }) {
  const [key, setKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ key?: string; passphrase?: string; confirm?: string }>({});
  const keyRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const recover = useAction(() => invoke('vault.recover', { recoveryKey: normalizeRecoveryKeyInput(key), newPassphrase: passphrase }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    const ks = recoveryKeyInputStatus(key);
    if (!ks.complete) found.key = recoveryKeyInputHint(key) ?? 'Enter the recovery key.';
    if (!assessPassphrase(passphrase).meetsMinimum) found.passphrase = `Use at least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words work well.`;
    else if (confirm !== passphrase) found.confirm = 'The two passphrases do not match.';
    setErrors(found);
    if (found.key) return keyRef.current?.focus();
    if (found.passphrase) return passRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();
    const r = await recover.run();
    if (r?.ok) onRecovered(r.value);
    else if (r && r.error.is('WRONG_RECOVERY_KEY', 'RECOVERY_KEY_MALFORMED')) keyRef.current?.focus();
  };

  const err = recover.error;
  const keyError = errors.key ?? (err?.is('WRONG_RECOVERY_KEY', 'RECOVERY_KEY_MALFORMED') ? describeError(err) : null);
  const passError = errors.passphrase ?? (err?.is('WEAK_PASSPHRASE') ? describeError(err) : null);
  const formError = err && !err.is('WRONG_RECOVERY_KEY', 'RECOVERY_KEY_MALFORMED', 'WEAK_PASSPHRASE') ? describeError(err) : null;
  const progress = key ? recoveryKeyInputHint(key) : null;

  return (
    <GateLayout title="Recover with the recovery key" vaultDir={vaultDir} wide>
      <p className="gate-lead">
        Enter the recovery key written down when the vault was created, then choose a new passphrase. The old passphrase stops
        working. The witness-compartment passphrase is not changed.
      </p>
      <form onSubmit={submit} noValidate aria-label="Recover vault">
        <FormGroup label="Recovery key" labelFor="recover-key" intent={keyError ? Intent.DANGER : Intent.NONE}>
          <InputGroup dir="ltr"
            id="recover-key"
            inputRef={keyRef}
            className="recovery-input"
            value={key}
            onValueChange={(v) => {
              setKey(v);
              setErrors((x) => ({ ...x, key: undefined }));
              recover.clearError();
            }}
            onBlur={() => setKey((k) => (recoveryKeyInputStatus(k).invalid.length ? k : normalizeRecoveryKeyInput(k)))}
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
            size="large"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            disabled={recover.busy}
            intent={keyError ? Intent.DANGER : Intent.NONE}
            aria-invalid={keyError ? true : undefined}
            aria-describedby="recover-key-help"
          />
          <FieldMessage id="recover-key-help" error={keyError} hint={progress ?? (key ? 'All 36 characters entered.' : 'Spaces, dashes and lower case are fine.')} />
        </FormGroup>
        <NewPassphraseFields
          id="recover-passphrase"
          label="New vault passphrase"
          confirmLabel="Repeat the new passphrase"
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
          <Callout intent={Intent.DANGER} icon="error" className="form-callout" role="alert">
            {formError.message}
            {formError.detail ? <div className={Classes.TEXT_MUTED}>{formError.detail}</div> : null}
          </Callout>
        ) : null}
        <div className="form-buttons">
          <Button variant="minimal" icon="arrow-left" text="Back to unlock" onClick={onBack} disabled={recover.busy} />
          <Button type="submit" intent={Intent.PRIMARY} size="large" loading={recover.busy} text="Recover vault" />
        </div>
        <p className={`busy-note ${Classes.TEXT_MUTED}`} aria-live="polite">
          {recover.busy ? 'Opening the vault and protecting it with the new passphrase. This takes a few seconds.' : '\u00a0'}
        </p>
      </form>
    </GateLayout>
  );
}
