/**
 * Writing-time warning (issue 10): while a statement or a claim is written, the main process checks the text
 * for the witness's identity (every field, any spelling or script: main/core/protection) and answers positions
 * and field names only — the renderer never receives the identity. One click puts the pseudonym in place of
 * each mention; possible mentions (a single name part, a birth place or date) are counted for a person to judge.
 */
import { Button, Callout, Intent } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../shared/ipc/contract';
import { invoke } from '../api/client';

type Check = ResponseOf<'witness.checkText'>;

export function IdentityWarning({ caseId, witnessId, text, onReplace }: { caseId: string; witnessId?: string; text: string; onReplace: (next: string) => void }) {
  const [result, setResult] = useState<{ text: string; check: Check } | null>(null);
  useEffect(() => {
    if (!text.trim()) {
      setResult(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      invoke('witness.checkText', { caseId, text, ...(witnessId ? { witnessId } : {}) })
        .then((check) => live && setResult({ text, check }))
        .catch(() => live && setResult(null));
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [caseId, witnessId, text]);

  // Positions are valid only for the text they were computed on.
  if (!result || result.text !== text || !result.check.checked) return null;
  const mentions = result.check.hits.filter((h) => h.kind === 'redact');
  const possible = result.check.hits.filter((h) => h.kind === 'review');
  if (!mentions.length && !possible.length) return null;
  const fields = [...new Set(mentions.map((h) => h.field))].join(', ');
  const replace = () => {
    let next = text;
    for (const h of [...mentions].sort((a, b) => b.start - a.start)) next = next.slice(0, h.start) + h.replacement + next.slice(h.end);
    onReplace(next);
  };
  return (
    <Callout intent={Intent.WARNING} icon="shield" className="identity-warning" data-testid="identity-warning" title="This text may identify a protected witness">
      {mentions.length > 0 && (
        <p>
          {mentions.length} mention(s) of a witness’s identity ({fields}). Exports replace them, but the text is safer without them.{' '}
          <Button size="small" intent={Intent.WARNING} icon="swap-horizontal" text="Replace with the pseudonym" onClick={replace} />
        </p>
      )}
      {possible.length > 0 && <p>{possible.length} possible mention(s) — a single name part, a place or date of birth — will have to be reviewed before an export.</p>}
    </Callout>
  );
}
