/**
 * The top of the renderer: which screen to show for the vault's state.
 *
 *   no vault            -> create  -> recovery key (once) -> app frame
 *   vault, locked       -> unlock  (or recover with the recovery key) -> app frame
 *   `vault.locked` event (idle, suspend, screen lock) -> unlock, with a calm notice why
 *
 * Leaving the app frame unmounts it, so nothing read from the vault stays in React state after a lock.
 */
import { BlueprintProvider, Button, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { VaultStatus } from '../shared/ipc/schemas/vault';
import { invoke } from './api/client';
import { useAction, useEvent, useVaultStatus } from './api/hooks';
import { describeError } from './api/messages';
import { AppFrame } from './frame/app-frame';
import { ToasterProvider, useClearToasts, useToast } from './ui/toaster';
import { useColorScheme } from './ui/use-color-scheme';
import { CreateVaultScreen } from './vault/create-vault-screen';
import { lockNotice, type LockNotice } from './vault/lock-notice';
import { RecoverScreen } from './vault/recover-screen';
import { RecoveryKeyScreen } from './vault/recovery-key-screen';
import { UnlockScreen } from './vault/unlock-screen';
import { flushDrafts } from './workspace/drafts';

type Gate = { kind: 'auto' } | { kind: 'recovery-key'; recoveryKey: string } | { kind: 'recover' };

function lockedStatus(s: VaultStatus): VaultStatus {
  return { ...s, unlocked: false, witnessUnlocked: false, fingerprint: null, idleLockMinutes: null };
}

function Screens() {
  const { status, error, refresh, setStatus } = useVaultStatus();
  const [gate, setGate] = useState<Gate>({ kind: 'auto' });
  const [notice, setNotice] = useState<LockNotice | null>(null);
  const lastIdleMinutes = useRef<number | null>(null);
  const toast = useToast();
  const clearToasts = useClearToasts();
  const lock = useAction(() => invoke('vault.lock', {}));
  const runLock = lock.run;

  // The idle notice names the minutes: remembered from every status this screen sees, the first read included
  // (an app opened on an unlocked vault never had its minutes otherwise; a locked status carries none).
  useEffect(() => {
    if (status && status.idleLockMinutes !== null) lastIdleMinutes.current = status.idleLockMinutes;
  }, [status]);
  const onStatus = useCallback((s: VaultStatus) => setStatus(s), [setStatus]);

  useEvent('vault.locked', ({ reason, kept, lost }) => {
    const base = lockNotice(reason, lastIdleMinutes.current, kept ?? [], lost ?? 0);
    const wasShowingKey = gate.kind === 'recovery-key';
    setNotice(
      wasShowingKey
        ? {
            title: base?.title ?? 'Vault locked',
            message: `${base ? `${base.message} ` : ''}The recovery key is no longer shown. If it was not written down, unlock the vault and keep the vault passphrase safe.`,
          }
        : base,
    );
    setGate({ kind: 'auto' });
    clearToasts();
    if (status) setStatus(lockedStatus(status));
    void refresh();
  });

  // An idle or menu lock asks for the drafts still held back by the typing pause before it seals them.
  useEvent('drafts.flush', () => {
    void flushDrafts().then(() => invoke('drafts.flushed', {}).catch(() => undefined));
  });

  const doLock = useCallback(async () => {
    // Words typed just before the lock are still waiting for their typing pause: send them first.
    await flushDrafts();
    const r = await runLock();
    if (r?.ok) {
      // The vault.locked event (sent before this answer) set the notice: a user lock with drafts says what it kept.
      setGate({ kind: 'auto' });
      clearToasts();
      setStatus(r.value);
    } else if (r) {
      toast({ message: describeError(r.error).message, intent: Intent.DANGER, icon: 'error' });
    }
  }, [runLock, setStatus, toast, clearToasts]);
  const onLock = useCallback(() => void doLock(), [doLock]);

  if (error && !status) {
    return (
      <main className="gate">
        <NonIdealState
          icon="error"
          title="Sanctum cannot reach its vault service"
          description={describeError(error).message}
          action={<Button icon="refresh" text="Try again" onClick={() => void refresh()} />}
        />
      </main>
    );
  }
  if (!status) {
    return (
      <main className="gate" aria-busy="true">
        <Spinner size={32} aria-label="Loading" />
      </main>
    );
  }

  if (gate.kind === 'recovery-key') {
    return <RecoveryKeyScreen recoveryKey={gate.recoveryKey} vaultDir={status.folder} onDone={() => setGate({ kind: 'auto' })} />;
  }
  if (!status.exists) {
    return (
      <CreateVaultScreen
        vaultDir={status.folder}
        onCreated={(recoveryKey, s) => {
          onStatus(s);
          setGate({ kind: 'recovery-key', recoveryKey });
        }}
      />
    );
  }
  if (!status.unlocked) {
    if (gate.kind === 'recover') {
      return (
        <RecoverScreen
          vaultDir={status.folder}
          onBack={() => setGate({ kind: 'auto' })}
          onRecovered={(s) => {
            onStatus(s);
            setNotice(null);
            setGate({ kind: 'auto' });
            toast({ message: 'Vault recovered and re-encrypted under a new key: the old passphrase no longer opens it, even with an old copy of the header. Use the new passphrase from now on.', intent: Intent.SUCCESS, icon: 'tick', timeout: 8000 });
          }}
        />
      );
    }
    return (
      <UnlockScreen
        vaultDir={status.folder}
        notice={notice}
        onForgot={() => setGate({ kind: 'recover' })}
        onUnlocked={(s) => {
          setNotice(null);
          onStatus(s);
        }}
      />
    );
  }
  return <AppFrame status={status} onStatus={onStatus} onLock={onLock} locking={lock.busy} />;
}

export function App() {
  useColorScheme();
  return (
    // Its hotkeys registry serves the whole app: `?` lists every shortcut that applies where you are.
    <BlueprintProvider hotkeysProviderDialogProps={{ title: 'Keyboard shortcuts', className: 'hotkeys-dialog' }}>
      <ToasterProvider>
        <Screens />
      </ToasterProvider>
    </BlueprintProvider>
  );
}
