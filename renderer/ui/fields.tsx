/** Form fields the workspace forms share: dates typed freely, country codes, and the form-level error. */
import { Callout, Classes, FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import type { ReactNode } from 'react';
import { describeError, type UserMessage } from '../api/messages';
import { describeDate } from '../entities/entity-form-model';
import { fieldOf } from './field-errors';
import { FieldMessage } from './field-message';
import { countryName, parseCountryCodes } from './format';

/**
 * A partial date typed the way sources give it ("1980", "June 1980" as 1980-06, "c. 1980", "1978-1982",
 * "05.06.1980"), with how Sanctum understood it shown under the field.
 */
export function PartialDateField({
  id,
  label,
  value,
  onChange,
  error,
  placeholder = 'e.g. 1980, 1980-06, c. 1980, 1978–1982',
  className,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  placeholder?: string;
  className?: string;
  disabled?: boolean;
}) {
  const d = describeDate(value);
  const hint = d.understood ? (
    <>
      Understood as <strong>{d.understood}</strong>
    </>
  ) : d.freeText ? (
    'Not a date Sanctum can place on a timeline: kept as written.'
  ) : null;
  return (
    <FormGroup label={label} labelFor={id} className={className} intent={error ? Intent.DANGER : Intent.NONE}>
      <InputGroup dir="auto"
        id={id}
        value={value}
        onValueChange={onChange}
        placeholder={placeholder}
        intent={error ? Intent.DANGER : d.freeText ? Intent.WARNING : Intent.NONE}
        aria-describedby={`${id}-help`}
        aria-invalid={error ? true : undefined}
        disabled={disabled}
        autoComplete="off"
      />
      <FieldMessage id={`${id}-help`} error={error ?? null} hint={hint} />
    </FormGroup>
  );
}

/** Two-letter ISO codes, separated by commas or spaces, with the country names shown as understood. */
export function CountryCodesField({
  id,
  label,
  value,
  onChange,
  error,
  className,
  single,
  placeholder,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  className?: string;
  single?: boolean;
  placeholder?: string;
}) {
  const { codes } = parseCountryCodes(value);
  const names = codes.map((c) => countryName(c)).filter(Boolean);
  return (
    <FormGroup label={label} labelFor={id} className={className} intent={error ? Intent.DANGER : Intent.NONE}>
      <InputGroup dir="auto"
        id={id}
        value={value}
        onValueChange={onChange}
        placeholder={placeholder ?? (single ? 'e.g. LY or Libya' : 'e.g. LY, Eritrea')}
        intent={error ? Intent.DANGER : Intent.NONE}
        aria-describedby={`${id}-help`}
        aria-invalid={error ? true : undefined}
        autoComplete="off"
        spellCheck={false}
      />
      <FieldMessage id={`${id}-help`} error={error ?? null} hint={names.length ? names.join(', ') : single ? 'Country name (any language) or ISO 3166 two-letter code' : 'Country names (any language) or ISO 3166 two-letter codes, separated by commas'} />
    </FormGroup>
  );
}

/** The error of a whole form (what is not about one field), with the core's detail when it helps. */
export function FormError({ error, children }: { error: unknown; children?: ReactNode }) {
  if (!error) return null;
  const m: UserMessage = describeError(error as { code?: unknown; message?: unknown; where?: unknown });
  return (
    <Callout intent={Intent.DANGER} icon="error" role="alert" className="form-callout" compact>
      {m.message}
      {m.detail ? <div className={`form-callout-detail ${Classes.TEXT_MUTED}`}>{m.detail}</div> : null}
      {children}
    </Callout>
  );
}

/**
 * A core INVALID_INPUT error names the field in `where` ("aliases.0.value", or "data.aliases.0.value" when the
 * request's schema refused it); map it onto a form field.
 */
export function fieldOfError(error: unknown, fields: readonly string[]): string | null {
  return fieldOf(error, fields);
}
