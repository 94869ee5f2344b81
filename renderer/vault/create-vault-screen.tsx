import { Button, Callout, Classes, Collapse, FormGroup, InputGroup, Intent, Switch } from '@blueprintjs/core';
import { useRef, useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { GateLayout } from '../ui/gate-layout';
import { NewPassphraseFields } from '../ui/passphrase-field';
import { assessPassphrase, MIN_PASSPHRASE_LENGTH } from './passphrase-strength';

interface Errors {
  passphrase?: string;
  confirm?: string;
  witness?: string;
  witnessConfirm?: string;
}

function validate(passphrase: string, confirm: string, separate: boolean, witness: string, witnessConfirm: string): Errors {
  const errors: Errors = {};
  if (!assessPassphrase(passphrase).meetsMinimum) errors.passphrase = `Use at least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words work well.`;
  else if (confirm !== passphrase) errors.confirm = 'The two passphrases do not match.';
  if (separate) {
    if (!assessPassphrase(witness).meetsMinimum) errors.witness = `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`;
    else if (witness === passphrase) errors.witness = 'Use a different passphrase from the vault passphrase, or it protects nothing extra.';
    else if (witnessConfirm !== witness) errors.witnessConfirm = 'The two witness passphrases do not match.';
  }
  return errors;
}

export function CreateVaultScreen({ vaultDir, onCreated }: { vaultDir: string; onCreated: (recoveryKey: string, status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [separate, setSeparate] = useState(false);
  const [witness, setWitness] = useState('');
  const [witnessConfirm, setWitnessConfirm] = useState('');
  const [analystName, setAnalystName] = useState('');
  const [deviceName, setDeviceName] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const passRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const witnessRef = useRef<HTMLInputElement>(null);
  const witnessConfirmRef = useRef<HTMLInputElement>(null);
  const create = useAction(() => invoke('vault.create', {
      passphrase,
      ...(separate ? { witnessPassphrase: witness } : {}),
      ...(analystName.trim() ? { analystName: analystName.trim() } : {}),
      ...(deviceName.trim() ? { deviceName: deviceName.trim() } : {}),
    }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = validate(passphrase, confirm, separate, witness, witnessConfirm);
    setErrors(found);
    if (found.passphrase) return passRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();
    if (found.witness) return witnessRef.current?.focus();
    if (found.witnessConfirm) return witnessConfirmRef.current?.focus();
    const r = await create.run();
    if (r?.ok) onCreated(r.value.recoveryKey, r.value.status);
  };

  // A core error about the passphrase belongs next to that field; anything else goes above the button.
  const coreError = create.error;
  const passError = errors.passphrase ?? (coreError?.is('WEAK_PASSPHRASE') && coreError.where !== 'witnessPassphrase' ? describeError(coreError) : undefined);
  const witnessError = errors.witness ?? (coreError?.is('WEAK_PASSPHRASE') && coreError.where === 'witnessPassphrase' ? describeError(coreError) : undefined);
  const formError = coreError && !coreError.is('WEAK_PASSPHRASE') ? describeError(coreError) : null;
  const busy = create.busy;

  return (
    <GateLayout title="Create your vault" vaultDir={vaultDir}>
      <p className="gate-lead">
        Everything in Sanctum is encrypted with a key that only this passphrase opens. Nobody can reset it: if it is forgotten,
        only the recovery key shown next can open the vault.
      </p>
      <form onSubmit={submit} noValidate aria-label="Create vault">
        <NewPassphraseFields
          id="create-passphrase"
          label="Vault passphrase"
          confirmLabel="Repeat the passphrase"
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
          autoFocus
          disabled={busy}
          inputRef={passRef}
          confirmRef={confirmRef}
        />

        <div className="witness-option">
          <Switch
            role="switch"
            checked={separate}
            onChange={(e) => setSeparate(e.currentTarget.checked)}
            disabled={busy}
            labelElement={<strong>Separate passphrase for witness identities</strong>}
            className="witness-switch"
          />
          <p className={`witness-why ${Classes.TEXT_MUTED}`}>
            If you are ever forced to reveal the vault passphrase, witness identities stay sealed behind this second one.
          </p>
        </div>
        <Collapse isOpen={separate} keepChildrenMounted={false}>
          <div className="witness-fields">
            <NewPassphraseFields
              id="create-witness"
              label="Witness-compartment passphrase"
              confirmLabel="Repeat the witness passphrase"
              value={witness}
              confirm={witnessConfirm}
              onChange={(v) => {
                setWitness(v);
                setErrors((x) => ({ ...x, witness: undefined }));
              }}
              onConfirmChange={(v) => {
                setWitnessConfirm(v);
                setErrors((x) => ({ ...x, witnessConfirm: undefined }));
              }}
              error={witnessError}
              confirmError={errors.witnessConfirm}
              disabled={busy}
              inputRef={witnessRef}
              confirmRef={witnessConfirmRef}
            />
          </div>
        </Collapse>

        <div className="vault-identity">
          <FormGroup label="Your name" labelFor="create-analyst" helperText="Recorded as who did each thing in the activity and custody log. Leave empty to be recorded as “analyst”.">
            <InputGroup id="create-analyst" dir="auto" value={analystName} maxLength={200} placeholder="e.g. J. Moreau, Panel of Experts" onValueChange={setAnalystName} disabled={busy} />
          </FormGroup>
          <FormGroup label="This computer" labelFor="create-device" helperText="Recorded with your name, so a reviewer can tell which device did what.">
            <InputGroup id="create-device" dir="auto" value={deviceName} maxLength={200} placeholder="e.g. Field laptop 2" onValueChange={setDeviceName} disabled={busy} />
          </FormGroup>
        </div>

        {formError ? (
          <Callout intent={Intent.DANGER} icon="error" className="form-callout" role="alert">
            {formError.message}
            {formError.detail ? <div className={Classes.TEXT_MUTED}>{formError.detail}</div> : null}
          </Callout>
        ) : null}

        <Button type="submit" intent={Intent.PRIMARY} size="large" fill loading={busy} text="Create vault" />
        <p className={`busy-note ${Classes.TEXT_MUTED}`} aria-live="polite">
          {busy ? 'Deriving the keys with Argon2id. This takes a few seconds on purpose: it makes guessing slow.' : '\u00a0'}
        </p>
      </form>
    </GateLayout>
  );
}
