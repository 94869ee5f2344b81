import { Button, Callout, Classes, Dialog, DialogBody, DialogFooter, Intent } from '@blueprintjs/core';
import { useRef, useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { NewPassphraseFields, PassphraseField } from '../ui/passphrase-field';
import { useToast } from '../ui/toaster';
import { assessPassphrase, MIN_PASSPHRASE_LENGTH } from './passphrase-strength';

export type PassphraseKind = 'vault' | 'witness';

const TEXT: Record<PassphraseKind, { title: string; lead: string; current: string; next: string; done: string }> = {
  vault: {
    title: 'Change vault passphrase',
    lead: 'The vault is re-encrypted under a new key, protected by the new passphrase: the old one stops working, even with an old copy of the vault header. This takes a while for a large vault. The recovery key stays valid.',
    current: 'Current vault passphrase',
    next: 'New vault passphrase',
    done: 'Vault passphrase changed and the vault re-encrypted: an old copy of the header no longer opens it. Use the new passphrase from now on.',
  },
  witness: {
    title: 'Change witness-compartment passphrase',
    lead: 'Witness identities are re-encrypted under a new key, protected by the new passphrase: the old one stops working, even with an old copy of the vault header. Use one that differs from the vault passphrase.',
    current: 'Current witness-compartment passphrase',
    next: 'New witness-compartment passphrase',
    done: 'Witness-compartment passphrase changed and the compartment re-encrypted: an old copy of the header no longer opens it.',
  },
};

function ChangePassphraseForm({ kind, onClose, onChanged }: { kind: PassphraseKind; onClose: () => void; onChanged: (s: VaultStatus) => void }) {
  const t = TEXT[kind];
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const refs = { current: useRef<HTMLInputElement>(null), next: useRef<HTMLInputElement>(null), confirm: useRef<HTMLInputElement>(null) };
  const toast = useToast();
  const change = useAction(() => invoke(kind === 'vault' ? 'vault.changePassphrase' : 'compartment.changePassphrase', { current, next }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found: typeof errors = {};
    if (!current) found.current = 'Enter the current passphrase.';
    if (!assessPassphrase(next).meetsMinimum) found.next = `Use at least ${MIN_PASSPHRASE_LENGTH} characters. A few unrelated words work well.`;
    else if (next === current) found.next = 'The new passphrase is the same as the current one.';
    else if (confirm !== next) found.confirm = 'The two passphrases do not match.';
    setErrors(found);
    const first = (['current', 'next', 'confirm'] as const).find((k) => found[k]);
    if (first) return refs[first].current?.focus();
    const r = await change.run();
    if (r?.ok) {
      toast({ message: t.done, intent: Intent.SUCCESS, icon: 'tick' });
      onChanged(r.value);
      onClose();
    } else if (r?.error.is('WRONG_PASSPHRASE')) refs.current.current?.select();
  };

  const err = change.error;
  const currentError = errors.current ?? (err?.is('WRONG_PASSPHRASE') ? { message: `${describeError(err).message} Nothing was changed.` } : null);
  const nextError = errors.next ?? (err?.is('WEAK_PASSPHRASE') ? describeError(err) : null);
  const formError = err && !err.is('WRONG_PASSPHRASE', 'WEAK_PASSPHRASE') ? describeError(err) : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t.title}>
      <DialogBody>
        <p className="dialog-lead">{t.lead}</p>
        <PassphraseField
          id={`${kind}-current`}
          label={t.current}
          value={current}
          onChange={(v) => {
            setCurrent(v);
            setErrors((x) => ({ ...x, current: undefined }));
            change.clearError();
          }}
          error={currentError}
          autoFocus
          disabled={change.busy}
          inputRef={refs.current}
          autoComplete="current-password"
        />
        <NewPassphraseFields
          id={`${kind}-next`}
          label={t.next}
          confirmLabel="Repeat the new passphrase"
          value={next}
          confirm={confirm}
          onChange={(v) => {
            setNext(v);
            setErrors((x) => ({ ...x, next: undefined }));
          }}
          onConfirmChange={(v) => {
            setConfirm(v);
            setErrors((x) => ({ ...x, confirm: undefined }));
          }}
          error={nextError}
          confirmError={errors.confirm}
          disabled={change.busy}
          inputRef={refs.next}
          confirmRef={refs.confirm}
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
            <Button text="Cancel" onClick={onClose} disabled={change.busy} />
            <Button type="submit" intent={Intent.PRIMARY} text="Change passphrase" loading={change.busy} />
          </>
        }
      >
        <span className={Classes.TEXT_MUTED} aria-live="polite">
          {change.busy ? 'Deriving the new key…' : ''}
        </span>
      </DialogFooter>
    </form>
  );
}

export function ChangePassphraseDialog({
  kind,
  isOpen,
  onClose,
  onChanged,
}: {
  kind: PassphraseKind;
  isOpen: boolean;
  onClose: () => void;
  onChanged: (s: VaultStatus) => void;
}) {
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={TEXT[kind].title} icon="key" canOutsideClickClose={false} className="passphrase-dialog">
      {/* The form is remounted on every open, so no passphrase outlives the dialog. */}
      {isOpen ? <ChangePassphraseForm kind={kind} onClose={onClose} onChanged={onChanged} /> : null}
    </Dialog>
  );
}
