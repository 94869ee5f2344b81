import { Button, FormGroup, InputGroup, Intent, ProgressBar, Tooltip } from '@blueprintjs/core';
import { useState, type Ref } from 'react';
import type { UserMessage } from '../api/messages';
import { assessPassphrase, type StrengthLevel } from '../vault/passphrase-strength';
import { FieldMessage } from './field-message';

const STRENGTH_INTENT: Record<StrengthLevel, Intent> = {
  0: Intent.DANGER,
  1: Intent.DANGER,
  2: Intent.WARNING,
  3: Intent.SUCCESS,
  4: Intent.SUCCESS,
};

export interface PassphraseFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: UserMessage | string | null;
  hint?: React.ReactNode;
  /** Show the strength meter and hint (for new passphrases). */
  showStrength?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  autoComplete?: 'current-password' | 'new-password' | 'off';
  labelInfo?: React.ReactNode;
}

/**
 * A passphrase input with show/hide, a Caps Lock warning (the commonest cause of "wrong passphrase"),
 * an optional strength meter, and its error right under it.
 */
export function PassphraseField(props: PassphraseFieldProps) {
  const { id, label, value, onChange, error, hint, showStrength, autoFocus, disabled, inputRef, autoComplete = 'off', labelInfo } = props;
  const [visible, setVisible] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  const strength = showStrength ? assessPassphrase(value) : null;
  const helpId = `${id}-help`;
  const onKey = (e: React.KeyboardEvent<HTMLInputElement>) => setCapsLock(e.getModifierState('CapsLock'));

  let helper: React.ReactNode = hint;
  if (strength && value) {
    helper = (
      <span className="strength">
        <ProgressBar
          className="strength-meter"
          value={Math.max(0.08, strength.level / 4)}
          intent={STRENGTH_INTENT[strength.level]}
          animate={false}
          stripes={false}
          aria-hidden
        />
        <span>
          <strong>{strength.label}.</strong> {strength.hint}
        </span>
      </span>
    );
  } else if (strength && !hint) {
    helper = strength.hint;
  }

  return (
    <FormGroup label={label} labelFor={id} labelInfo={labelInfo} intent={error ? Intent.DANGER : Intent.NONE} className="passphrase-field">
      <InputGroup dir="auto"
        id={id}
        inputRef={inputRef}
        type={visible ? 'text' : 'password'}
        value={value}
        onValueChange={(v) => onChange(v)}
        onKeyDown={onKey}
        onKeyUp={onKey}
        onBlur={() => setCapsLock(false)}
        intent={error ? Intent.DANGER : Intent.NONE}
        size="large"
        autoFocus={autoFocus}
        disabled={disabled}
        autoComplete={autoComplete}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={helpId}
        rightElement={
          <Tooltip content={visible ? 'Hide passphrase' : 'Show passphrase'} placement="top" hoverOpenDelay={400}>
            <Button
              variant="minimal"
              icon={visible ? 'eye-off' : 'eye-open'}
              aria-label={visible ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`}
              aria-pressed={visible}
              onClick={() => setVisible((v) => !v)}
              disabled={disabled}
            />
          </Tooltip>
        }
      />
      {capsLock ? (
        <span className="caps-lock-warning" role="status">
          Caps Lock is on
        </span>
      ) : null}
      <FieldMessage id={helpId} error={error ?? null} hint={helper} />
    </FormGroup>
  );
}

export interface NewPassphraseFieldsProps {
  /** The first field's id; the repetition gets `${id}-confirm`. */
  id: string;
  label: string;
  confirmLabel: string;
  value: string;
  confirm: string;
  onChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  error?: UserMessage | string | null;
  confirmError?: UserMessage | string | null;
  autoFocus?: boolean;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  confirmRef?: Ref<HTMLInputElement>;
}

/**
 * A new passphrase and its repetition, as every form that sets one asks for it: the strength meter on the
 * first, both marked `new-password` so a password manager offers to save rather than fill.
 */
export function NewPassphraseFields(props: NewPassphraseFieldsProps) {
  const { id, label, confirmLabel, value, confirm, onChange, onConfirmChange, error, confirmError, autoFocus, disabled, inputRef, confirmRef } = props;
  return (
    <>
      <PassphraseField id={id} label={label} value={value} onChange={onChange} error={error} showStrength autoFocus={autoFocus} disabled={disabled} inputRef={inputRef} autoComplete="new-password" />
      <PassphraseField id={`${id}-confirm`} label={confirmLabel} value={confirm} onChange={onConfirmChange} error={confirmError} disabled={disabled} inputRef={confirmRef} autoComplete="new-password" />
    </>
  );
}
