import { Alert, Button, Callout, Checkbox, Classes, Intent } from '@blueprintjs/core';
import { useState } from 'react';
import { useToast } from '../ui/toaster';
import { GateLayout } from '../ui/gate-layout';
import { recoveryKeyGroups } from './recovery-key-format';

/**
 * Shown once, right after the vault is created. The key lives only in this component's props; continuing
 * drops it. Copying is possible but warned against: clipboards are read by other programs and synced.
 */
export function RecoveryKeyScreen({ recoveryKey, vaultDir, onDone }: { recoveryKey: string; vaultDir: string; onDone: () => void }) {
  const [confirmed, setConfirmed] = useState(false);
  const [askCopy, setAskCopy] = useState(false);
  const toast = useToast();
  const groups = recoveryKeyGroups(recoveryKey);

  const copy = async () => {
    setAskCopy(false);
    try {
      await navigator.clipboard.writeText(recoveryKey);
      toast({ message: 'Recovery key copied. Paste it where it belongs, then copy something else over it.', intent: Intent.WARNING, icon: 'clipboard' });
    } catch {
      toast({ message: 'Could not copy to the clipboard. Write the key down instead.', intent: Intent.DANGER, icon: 'error' });
    }
  };

  return (
    <GateLayout title="Write down your recovery key" vaultDir={vaultDir} wide>
      <Callout intent={Intent.WARNING} icon="warning-sign" className="recovery-warning" title="Shown only this once">
        If the passphrase is ever forgotten, this key is the only way back into the vault. Anyone holding it can open the vault, so
        write it on paper and keep it apart from this computer.
      </Callout>

      <figure className="recovery-key" aria-label="Recovery key">
        <ol className="recovery-key-groups" data-testid="recovery-key">
          {groups.map((g, i) => (
            <li key={i} className="recovery-key-group">
              <span className="recovery-key-index" aria-hidden>
                {i + 1}
              </span>
              <span className="recovery-key-chars">{g}</span>
            </li>
          ))}
        </ol>
        <figcaption className={Classes.TEXT_MUTED}>
          9 groups of 4. The letters I, L, O and U are never used, so 0 is always zero and 1 is always one.
        </figcaption>
      </figure>

      <div className="recovery-actions">
        <Checkbox
          checked={confirmed}
          onChange={(e) => setConfirmed(e.currentTarget.checked)}
          label="I have written down the recovery key and will keep it apart from this computer."
          className="recovery-confirm"
          autoFocus
        />
        <div className="recovery-buttons">
          <Button variant="minimal" icon="clipboard" text="Copy…" onClick={() => setAskCopy(true)} />
          <Button intent={Intent.PRIMARY} size="large" endIcon="arrow-right" text="Continue to Sanctum" disabled={!confirmed} onClick={onDone} />
        </div>
      </div>

      <Alert
        isOpen={askCopy}
        icon="clipboard"
        intent={Intent.WARNING}
        confirmButtonText="Copy anyway"
        cancelButtonText="Cancel"
        canEscapeKeyCancel
        onConfirm={() => void copy()}
        onCancel={() => setAskCopy(false)}
      >
        <p>
          <strong>Writing the key on paper is safer.</strong>
        </p>
        <p>The clipboard can be read by other programs, kept in clipboard history and synced to other devices.</p>
      </Alert>
    </GateLayout>
  );
}
