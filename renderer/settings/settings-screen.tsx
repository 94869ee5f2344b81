import { Button, Callout, Classes, FormGroup, H1, InputGroup, Intent, NumericInput, Section, SectionCard, Spinner, Switch } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { weakensLocking, type Settings, type VaultStatus } from '../../shared/ipc/schemas/vault';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { describeError } from '../api/messages';
import { FieldMessage } from '../ui/field-message';
import { useToast } from '../ui/toaster';
import { ChangePassphraseDialog, type PassphraseKind } from '../vault/change-passphrase-dialog';
import { RotateRecoveryKeyDialog } from './rotate-recovery-key-dialog';

const MAX_IDLE_MINUTES = 24 * 60;

function sameSettings(a: Settings, b: Settings): boolean {
  return a.idleLockMinutes === b.idleLockMinutes && a.lockOnSuspend === b.lockOnSuspend && a.analystName === b.analystName && a.deviceName === b.deviceName;
}

export function SettingsScreen({ status, onStatus }: { status: VaultStatus; onStatus: (s: VaultStatus) => void }) {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [idleText, setIdleText] = useState('');
  const [idleError, setIdleError] = useState<string | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [dialogKind, setDialogKind] = useState<PassphraseKind>('vault');
  const [rotateOpen, setRotateOpen] = useState(false);
  const openDialog = (kind: PassphraseKind) => {
    setDialogKind(kind);
    setDialogOpen(true);
  };
  const toast = useToast();
  const load = useAction(() => invoke('settings.get', {}));
  const loadSettings = load.run;
  const save = useAction((next: Settings & { passphrase?: string }) => invoke('settings.update', next));
  // Making the vault lock later or less often needs the passphrase (main checks it): a page alone cannot do it.
  const [passphrase, setPassphrase] = useState('');

  useEffect(() => {
    void loadSettings().then((r) => {
      if (r?.ok) {
        setSaved(r.value);
        setDraft(r.value);
        setIdleText(String(r.value.idleLockMinutes));
      }
    });
  }, [loadSettings]);

  if (!draft || !saved) {
    return (
      <div className="area-page">
        <H1>Settings</H1>
        {load.error ? (
          <Callout intent={Intent.DANGER} icon="error">
            {describeError(load.error).message}
          </Callout>
        ) : (
          <Spinner size={24} aria-label="Loading settings" />
        )}
      </div>
    );
  }

  const dirty = !sameSettings(draft, saved) || idleText.trim() !== String(saved.idleLockMinutes);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const minutes = Number(idleText.trim());
    if (!/^\d+$/.test(idleText.trim()) || minutes > MAX_IDLE_MINUTES) {
      setIdleError(`Enter whole minutes from 0 to ${MAX_IDLE_MINUTES}.`);
      return;
    }
    const next = { ...draft, idleLockMinutes: minutes, analystName: draft.analystName.trim(), deviceName: draft.deviceName.trim() };
    const r = await save.run(weakensLocking(saved, next) ? { ...next, passphrase } : next);
    setPassphrase('');
    if (r?.ok) {
      setSaved(r.value);
      setDraft(r.value);
      setIdleText(String(r.value.idleLockMinutes));
      toast({ message: 'Settings saved.', intent: Intent.SUCCESS, icon: 'tick' });
      onStatus({ ...status, idleLockMinutes: r.value.idleLockMinutes });
    }
  };

  const neverLocks = draft.idleLockMinutes === 0 && !draft.lockOnSuspend;
  const weakens = weakensLocking(saved, draft);

  return (
    <div className="area-page settings">
      <header className="area-header">
        <H1>Settings</H1>
        <p className={Classes.TEXT_MUTED}>Stored encrypted inside this vault. They apply whenever this vault is open.</p>
      </header>

      <form onSubmit={submit} noValidate aria-label="Settings">
        <Section title="Locking" icon="lock" compact className="settings-section">
          <SectionCard>
            <FormGroup
              label="Lock after this many minutes without activity"
              labelFor="settings-idle"
              intent={idleError ? Intent.DANGER : Intent.NONE}
            >
              <NumericInput
                id="settings-idle"
                value={idleText}
                min={0}
                max={MAX_IDLE_MINUTES}
                stepSize={1}
                minorStepSize={null}
                majorStepSize={5}
                clampValueOnBlur
                allowNumericCharactersOnly
                // No stepper buttons: Blueprint points their aria-controls at its own generated id, not at our
                // `id`, so they referenced nothing (axe aria-valid-attr-value). Arrow keys still step the value.
                buttonPosition="none"
                onValueChange={(n, text) => {
                  setIdleText(text);
                  setIdleError(null);
                  if (Number.isInteger(n) && n >= 0) setDraft({ ...draft, idleLockMinutes: n });
                }}
                intent={idleError ? Intent.DANGER : Intent.NONE}
                className="settings-idle"
                aria-describedby="settings-idle-help"
                rightElement={<span className={`input-unit ${Classes.TEXT_MUTED}`}>min</span>}
              />
              <FieldMessage
                id="settings-idle-help"
                error={idleError}
                hint="0 turns the timer off: the vault then locks only when the lid is closed or the screen locks."
              />
            </FormGroup>
            <Switch
              role="switch"
              checked={draft.lockOnSuspend}
              onChange={(e) => setDraft({ ...draft, lockOnSuspend: e.currentTarget.checked })}
              labelElement={
                <>
                  <strong>Lock when the computer sleeps or the screen locks</strong>
                  <span className={`switch-help ${Classes.TEXT_MUTED}`}>Closing the lid locks the vault before anyone else can open it.</span>
                </>
              }
              className="settings-switch"
            />
            {neverLocks ? (
              <Callout intent={Intent.WARNING} icon="warning-sign" compact className="settings-warning">
                With both off, Sanctum never locks by itself. Lock it with Ctrl+L (⌘L on a Mac) whenever you step away.
              </Callout>
            ) : null}
            {weakens ? (
              <FormGroup label="Vault passphrase" labelFor="settings-passphrase" className="settings-reauth">
                <InputGroup dir="auto"
                  id="settings-passphrase"
                  type="password"
                  autoComplete="off"
                  value={passphrase}
                  onValueChange={setPassphrase}
                  aria-describedby="settings-passphrase-help"
                />
                <FieldMessage id="settings-passphrase-help" hint="The vault will lock later or less often: enter its passphrase to confirm it is you." />
              </FormGroup>
            ) : null}
          </SectionCard>
        </Section>

        <Section title="Custody log" icon="history" compact className="settings-section">
          <SectionCard>
            <FormGroup label="Analyst name" labelFor="settings-analyst" className="settings-analyst">
              <InputGroup dir="auto"
                id="settings-analyst"
                value={draft.analystName}
                maxLength={200}
                placeholder="e.g. J. Moreau, Panel of Experts"
                onValueChange={(v) => setDraft({ ...draft, analystName: v })}
                aria-describedby="settings-analyst-help"
              />
              <FieldMessage
                id="settings-analyst-help"
                hint="Recorded as the actor of every entry in the activity and custody log from now on. Left empty, entries say “analyst”."
              />
            </FormGroup>
            <FormGroup label="Device" labelFor="settings-device" className="settings-analyst">
              <InputGroup
                id="settings-device"
                dir="auto"
                value={draft.deviceName}
                maxLength={200}
                placeholder="e.g. Field laptop 2"
                onValueChange={(v) => setDraft({ ...draft, deviceName: v })}
                aria-describedby="settings-device-help"
              />
              <FieldMessage id="settings-device-help" hint="Recorded with your name on every new entry, so a reviewer can tell which computer did what." />
            </FormGroup>
          </SectionCard>
        </Section>

        {save.error ? (
          <Callout intent={Intent.DANGER} icon="error" role="alert" className="form-callout">
            {describeError(save.error).message}
          </Callout>
        ) : null}
        <div className="settings-save">
          <Button
            text="Discard changes"
            variant="minimal"
            disabled={!dirty || save.busy}
            onClick={() => {
              setDraft(saved);
              setIdleText(String(saved.idleLockMinutes));
              setIdleError(null);
            }}
          />
          <Button type="submit" intent={Intent.PRIMARY} icon="floppy-disk" text="Save settings" disabled={!dirty} loading={save.busy} />
        </div>
      </form>

      <Section title="Passphrases" icon="key" compact className="settings-section">
        <SectionCard className="settings-row">
          <div>
            <strong>Vault passphrase</strong>
            <p className={Classes.TEXT_MUTED}>Opens the vault. The recovery key stays valid after a change.</p>
          </div>
          <Button text="Change vault passphrase…" onClick={() => openDialog('vault')} />
        </SectionCard>
        <SectionCard className="settings-row">
          <div>
            <strong>Witness-compartment passphrase</strong>
            <p className={Classes.TEXT_MUTED}>Opens witness identities. Keep it different from the vault passphrase.</p>
          </div>
          <Button text="Change witness passphrase…" onClick={() => openDialog('witness')} />
        </SectionCard>
        <SectionCard className="settings-row">
          <div>
            <strong>Recovery key</strong>
            <p className={Classes.TEXT_MUTED}>Opens the vault and the witness compartment if a passphrase is forgotten. Issue a new one if it may have been seen or lost.</p>
          </div>
          <Button text="Issue a new recovery key…" onClick={() => setRotateOpen(true)} />
        </SectionCard>
      </Section>

      <Section title="This vault" icon="database" compact className="settings-section">
        <SectionCard>
          <dl className="facts">
            <dt>Folder</dt>
            <dd className="mono">{status.folder}</dd>
            <dt>Signing key fingerprint</dt>
            <dd>
              <span className="mono">{status.fingerprint ?? '—'}</span>
              <span className={`fact-help ${Classes.TEXT_MUTED}`}>Recipients of your evidence packages compare this to check a package came from this vault.</span>
            </dd>
          </dl>
        </SectionCard>
      </Section>

      <ChangePassphraseDialog kind={dialogKind} isOpen={dialogOpen} onClose={() => setDialogOpen(false)} onChanged={onStatus} />
      <RotateRecoveryKeyDialog isOpen={rotateOpen} onClose={() => setRotateOpen(false)} />
    </div>
  );
}
