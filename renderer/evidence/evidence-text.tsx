/**
 * The text read from an evidence file (issue 14), kept small on purpose: its status, the text page by page (shown
 * on request, since reading it is logged in the item's custody), "Extract text again", and an e-mail's
 * attachments. The document viewer with highlights builds on the same channels.
 */
import { Button, Callout, Classes, Intent, ProgressBar, Section, SectionCard, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import type { TextStatus } from '../../shared/ipc/schemas/documents';
import { invoke } from '../api/client';
import { useAction } from '../api/hooks';
import { newJobId, progressFraction, useJobProgress } from '../api/jobs';
import { useQuery } from '../api/query';
import { FormError } from '../ui/fields';
import { shortSha } from '../ui/format';
import { useWorkspace } from '../workspace/workspace';

export const TEXT_STATUS_LABELS: Record<TextStatus, { label: string; intent: Intent }> = {
  pending: { label: 'Not read yet', intent: Intent.NONE },
  extracted: { label: 'Text extracted', intent: Intent.SUCCESS },
  partial: { label: 'Partly extracted', intent: Intent.WARNING },
  'no-text': { label: 'No text found', intent: Intent.WARNING },
  unsupported: { label: 'Format not read', intent: Intent.NONE },
  failed: { label: 'Could not be read', intent: Intent.DANGER },
};

const METHOD: Record<string, string> = { 'pdf-text': 'PDF text', ocr: 'OCR', docx: 'Word', email: 'E-mail', html: 'HTML', plain: 'Text' };

export function EvidenceTextSection({ item, onChanged }: { item: EvidenceView; onChanged: () => void }) {
  const { navigate } = useWorkspace();
  const [version, setVersion] = useState(0);
  const [shown, setShown] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useJobProgress(jobId);
  const rows = useQuery(() => invoke('evidence.list', { caseId: item.data.caseId }), [item.data.caseId, item.id, version]);
  const text = useQuery(() => invoke('evidence.text', { evidenceId: item.id }), [item.id, version, shown], shown);
  const own = rows.data?.find((r) => r.id === item.id);
  const parts = (rows.data ?? []).filter((r) => r.partOf === item.id);
  const status: TextStatus = own?.textStatus ?? 'pending';
  const again = useAction(async () => {
    const id = newJobId('text');
    setJobId(id);
    try {
      return await invoke('evidence.extractText', { caseId: item.data.caseId, evidenceIds: [item.id], force: true, jobId: id });
    } finally {
      setJobId(null);
    }
  });

  const run = async () => {
    const r = await again.run();
    if (r?.ok) {
      setVersion((v) => v + 1);
      onChanged();
    }
  };

  const data = shown ? text.data?.text : null;
  return (
    <Section
      compact
      title="Text"
      icon="manual"
      className="record-section"
      rightElement={<Button size="small" icon="refresh" text="Extract text again" loading={again.busy} onClick={() => void run()} />}
    >
      <SectionCard>
        <p>
          <Tag minimal intent={TEXT_STATUS_LABELS[status].intent}>
            {TEXT_STATUS_LABELS[status].label}
          </Tag>
        </p>
        {again.busy ? <ProgressBar value={progressFraction(progress)} intent={Intent.PRIMARY} aria-label="Reading the text" /> : null}
        <FormError error={again.error} />
        {item.data.partOf ? (
          <p>
            Attachment <span dir="auto">{item.data.partOf.name}</span> of{' '}
            <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: item.data.partOf!.evidenceId })}>
              the e-mail it came with
            </button>
          </p>
        ) : null}
        {parts.length ? (
          <>
            <p className={Classes.TEXT_MUTED}>Attachments (each its own item, with its own hash and custody):</p>
            <ul className="evidence-mini-list" aria-label="Attachments">
              {parts.map((p) => (
                <li key={p.id}>
                  <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: p.id })} dir="auto">
                    {p.title}
                  </button>
                  <span className={`mono cell-small ${Classes.TEXT_MUTED}`}>{shortSha(p.sha256)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {status !== 'pending' && !shown ? <Button icon="eye-open" text="Show the text" onClick={() => setShown(true)} /> : null}
        {data ? (
          <div className="evidence-text">
            {data.warnings.length || data.error ? (
              <Callout intent={data.error ? Intent.DANGER : Intent.WARNING} compact>
                {[...(data.error ? [data.error] : []), ...data.warnings].map((w, i) => (
                  <div key={i}>{w}</div>
                ))}
              </Callout>
            ) : null}
            <p className={`cell-small ${Classes.TEXT_MUTED}`}>
              {data.extractor}
              {data.charset ? ` · ${data.charset}` : ''}
            </p>
            {data.pages.map((p) => (
              <section key={p.page} aria-label={`Page ${p.page}`}>
                <h4 className={Classes.TEXT_MUTED}>
                  Page {p.page} · {METHOD[p.method] ?? p.method}
                  {p.confidence !== undefined ? ` · confidence ${Math.round(p.confidence)}%` : ''}
                </h4>
                <pre dir="auto" className="evidence-text-page">
                  {p.text}
                </pre>
              </section>
            ))}
          </div>
        ) : null}
      </SectionCard>
    </Section>
  );
}
