import { Classes } from '@blueprintjs/core';
import type { UserMessage } from '../api/messages';

/** Helper text under a field: the error when there is one (with the core's detail), else the hint. */
export function FieldMessage({ id, error, hint }: { id: string; error?: UserMessage | string | null; hint?: React.ReactNode }) {
  if (error) {
    const m = typeof error === 'string' ? { message: error } : error;
    return (
      <span id={id} role="alert" className="field-message field-message-error">
        {m.message}
        {m.detail ? <span className={`field-message-detail ${Classes.TEXT_MUTED}`}>{m.detail}</span> : null}
      </span>
    );
  }
  if (!hint) return null;
  return (
    <span id={id} className="field-message">
      {hint}
    </span>
  );
}
