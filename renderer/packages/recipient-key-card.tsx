/**
 * This vault's recipient key, for people who send encrypted packages to it: shown in full (it is public), with
 * its fingerprint to read out over another channel, and a copy button. The same key as `sanctum package key`.
 */
import { Button, Callout, Classes, Intent, Section, SectionCard } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { useToast } from '../ui/toaster';

export function RecipientKeyCard() {
  const key = useAction(() => invoke('package.recipientKey', {}));
  const loadKey = key.run;
  const [value, setValue] = useState<{ publicKey: string; fingerprint: string } | null>(null);
  const toast = useToast();
  useEffect(() => {
    void loadKey().then((r) => {
      if (r?.ok) setValue(r.value);
    });
  }, [loadKey]);
  const copy = async () => {
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value.publicKey);
      toast({ message: 'Recipient key copied. It is public: send it to whoever will encrypt packages for this vault.', intent: Intent.SUCCESS, icon: 'clipboard' });
    } catch {
      toast({ message: 'Could not copy to the clipboard: select the key and copy it by hand.', intent: Intent.DANGER, icon: 'error' });
    }
  };
  return (
    <Section title="This vault’s recipient key" icon="key" compact className="pkg-recipient-key" data-testid="recipient-key">
      <SectionCard>
        {key.error ? (
          <Callout intent={Intent.DANGER} icon="error">
            {describeError(key.error).message}
          </Callout>
        ) : (
          <>
            <p className={Classes.TEXT_MUTED}>
              Give this key to anyone who sends you encrypted packages: only this vault can open what is encrypted for it. It is public; to be sure
              it reached them unchanged, read the fingerprint to them over another channel.
            </p>
            <div className="pkg-recipient-row">
              <code className="mono pkg-recipient-value" data-testid="recipient-key-value" aria-label="Recipient key">
                {value?.publicKey ?? '…'}
              </code>
              <Button icon="clipboard" text="Copy" onClick={() => void copy()} disabled={!value} />
            </div>
            <div className={Classes.TEXT_MUTED}>
              Fingerprint <span className="mono" data-testid="recipient-key-fingerprint">{value?.fingerprint ?? '…'}</span>
            </div>
          </>
        )}
      </SectionCard>
    </Section>
  );
}
