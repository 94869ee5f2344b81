import { Button, Callout, Classes, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { GateLayout } from '../ui/gate-layout';
import { PassphraseField } from '../ui/passphrase-field';
import type { LockNotice } from './lock-notice';

export function UnlockScreen({
  vaultDir,
  notice,
  onUnlocked,
  onForgot,
}: {
  vaultDir: string;
  notice: LockNotice | null;
  onUnlocked: (status: VaultStatus) => void;
  onForgot: () => void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const [emptyError, setEmptyError] = useState(false);
  const unlock = useAction(() => invoke('vault.unlock', { passphrase }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!passphrase) return setEmptyError(true);
    const r = await unlock.run();
    if (r?.ok) onUnlocked(r.value);
  };

  const err = unlock.error;
  const fieldError = emptyError ? 'Enter the vault passphrase.' : err && (err.is('WRONG_PASSPHRASE', 'INVALID_INPUT') ? describeError(err) : null);
  const formError = err && !err.is('WRONG_PASSPHRASE', 'INVALID_INPUT') ? describeError(err) : null;

  return (
    <GateLayout title="Unlock vault" vaultDir={vaultDir}>
      {notice ? (
        <Callout icon="lock" title={notice.title} className="lock-notice" role="status">
          {notice.message}
        </Callout>
      ) : null}
      <form onSubmit={submit} noValidate aria-label="Unlock vault">
        <PassphraseField
          id="unlock-passphrase"
          label="Vault passphrase"
          value={passphrase}
          onChange={(v) => {
            setPassphrase(v);
            setEmptyError(false);
            unlock.clearError();
          }}
          error={fieldError}
          autoFocus
          disabled={unlock.busy}
          autoComplete="current-password"
        />
        {formError ? (
          <Callout intent={Intent.DANGER} icon="error" className="form-callout" role="alert">
            {formError.message}
            {formError.detail ? <div className={Classes.TEXT_MUTED}>{formError.detail}</div> : null}
          </Callout>
        ) : null}
        <Button type="submit" intent={Intent.PRIMARY} size="large" fill loading={unlock.busy} text="Unlock" icon="unlock" />
        <p className={`busy-note ${Classes.TEXT_MUTED}`} aria-live="polite">
          {unlock.busy ? 'Deriving the key. This takes a second or two.' : '\u00a0'}
        </p>
      </form>
      <div className="gate-secondary">
        <Button variant="minimal" intent={Intent.PRIMARY} text="Forgot passphrase? Use recovery key" onClick={onForgot} disabled={unlock.busy} />
      </div>
    </GateLayout>
  );
}
