/**
 * The sections of an evidence item's page: its header (what it is, its grade, the actions), the document viewer
 * with the extracted text and suggestions, a statement's excerpt, the claims citing it, its chain of custody and
 * its working copies.
 */
import { Button, Callout, Classes, H1, Icon, Intent, Section, SectionCard, Tag } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { EvidenceView } from '../../shared/ipc/schemas/case';
import type { ResponseOf } from '../../shared/ipc/contract';
import { formatPartialDate } from '../../shared/model/partial-date';
import { actionLabel, detailSummary } from '../activity-log/audit-format';
import { invoke } from '../api/client';
import { useQuery } from '../api/query';
import { ClaimCard } from '../entities/claim-card';
import { formatBytes, formatDateTime, grade, gradeExplanation, groupedSha, shortSha } from '../ui/format';
import { CONFIDENTIALITY_LABELS, WORKING_COPY_LABELS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';
import { ExtractedTextSection, SuggestionsSection } from './document-panels';
import { mediaIcon } from './evidence-library-screen';
import { EvidencePreview } from './evidence-preview';
import { EvidenceTextSection } from './evidence-text';
import { queryTerms } from './highlight';

export type ExportResult = ResponseOf<'evidence.exportOriginal'>;

export function EvidenceHeader({ item, exporting, onExport, onAddCopy, onDelete }: { item: EvidenceView; exporting: boolean; onExport: () => void; onAddCopy: () => void; onDelete: () => void }) {
  const { navigate } = useWorkspace();
  const d = item.data;
  const f = d.file;
  return (
    <>
    <nav className="record-breadcrumb" aria-label="Breadcrumb">
      <Button variant="minimal" size="small" icon="arrow-left" text="Evidence" onClick={() => navigate({ area: 'evidence' })} />
    </nav>
    <header className="record-header">
      <div className="record-title">
        <Icon icon={mediaIcon({ type: d.type, mediaType: f?.mediaType ?? null })} size={20} className="record-icon" />
        <div>
          <H1 className="record-name" dir="auto">
            {d.title}
          </H1>
          <div className="record-tags">
            <Tag minimal>{d.type === 'statement' ? 'Witness statement' : d.derivedFrom ? `${WORKING_COPY_LABELS[d.derivedFrom.type]} working copy` : 'Original file'}</Tag>
            {f ? (
              <Tag minimal className="mono">
                {f.mediaType}
              </Tag>
            ) : null}
            <Tag minimal intent={d.confidentiality === 'normal' ? Intent.NONE : Intent.WARNING}>
              {CONFIDENTIALITY_LABELS[d.confidentiality]}
            </Tag>
            {d.verifiedDocument ? (
              <Tag minimal intent={Intent.SUCCESS} icon="endorsed">
                Verified document
              </Tag>
            ) : null}
            <Tag minimal className="grade-tag" title={gradeExplanation(item.source?.data.reliability, d.credibility)}>
              Grade {grade(item.source?.data.reliability, d.credibility)}
            </Tag>
          </div>
        </div>
      </div>
      <div className="area-actions">
        {f ? <Button icon="download" text="Export original…" onClick={onExport} loading={exporting} /> : null}
        {f && !d.derivedFrom ? <Button icon="duplicate" text="Add working copy…" onClick={onAddCopy} /> : null}
        {d.type === 'statement' && d.statement ? (
          <Button icon="edit" intent={Intent.PRIMARY} text="Open statement" onClick={() => navigate({ area: 'statements', witnessId: d.statement!.witnessId, statementId: item.id })} />
        ) : null}
        <Button icon="trash" text="Delete…" intent={Intent.DANGER} variant="outlined" onClick={onDelete} />
      </div>
    </header>
    </>
  );
}

export function ExportedCallout({ exported, onDismiss }: { exported: ExportResult; onDismiss: () => void }) {
  return (
    <Callout intent={Intent.SUCCESS} icon="tick" title="Original exported and verified" className="export-result" data-testid="export-result">
      <p>
        {formatBytes(exported.size)} written to <span className="mono path">{exported.name}</span>.
      </p>
      <p>
        The SHA-256 of the exported bytes matches the hash taken at intake:
        <span className="mono sha sha-block">{groupedSha(exported.sha256)}</span>
      </p>
      <Button variant="minimal" size="small" text="Dismiss" onClick={onDismiss} />
    </Callout>
  );
}

/**
 * The document viewer (the page, with the hit marked, beside its extracted text), the suggestions and the text
 * section. Opened from a search hit or a mention: at its page, with its words marked in the preview and the text.
 */
export function DocumentSections({ item, reload }: { item: EvidenceView; reload: () => void }) {
  const { route, version } = useWorkspace();
  const [page, setPage] = useState(route.page ?? 1);
  const terms = useMemo(() => queryTerms(route.highlight ?? ''), [route.highlight]);
  const textQ = useQuery(() => invoke('evidence.text', { evidenceId: item.id }), [item.id, version]);
  const text = textQ.data ? textQ.data.text : undefined;
  const ocr = text?.pages.find((p) => p.page === page && p.method === 'ocr' && p.words?.length);
  return (
    <>
      {/* The document viewer: the page (with the hit marked) beside its extracted text. */}
      <div className={text ? 'doc-viewer' : undefined} data-testid="doc-viewer">
        <Section compact title="Preview" icon="eye-open" className="record-section">
          <SectionCard>
            <EvidencePreview evidenceId={item.id} onViewed={reload} focus={{ page, terms, ocr, onPage: setPage }} />
          </SectionCard>
        </Section>
        <ExtractedTextSection text={text} page={page} onPage={setPage} terms={terms} />
      </div>
      <SuggestionsSection evidenceId={item.id} caseId={item.data.caseId} version={version} />
      <EvidenceTextSection item={item} onChanged={reload} />
    </>
  );
}

export function StatementSection({ item }: { item: EvidenceView }) {
  const d = item.data;
  if (!d.statement) return null;
  return (
    <Section compact title="Statement" icon="chat" className="record-section">
      <SectionCard>
        <p>
          Statement of <strong>{item.witnessPseudonym ?? 'a witness'}</strong>
          {d.statement.interview.date ? `, taken ${formatPartialDate(d.statement.interview.date)}` : ''}
          {d.statement.interview.place ? ` in ${d.statement.interview.place}` : ''}.
        </p>
        <p className="statement-excerpt" dir="auto">
          {d.statement.text.slice(0, 600)}
          {d.statement.text.length > 600 ? '…' : ''}
        </p>
      </SectionCard>
    </Section>
  );
}

export function ClaimsSection({ item }: { item: EvidenceView }) {
  return (
    <Section compact title={`Claims citing this item (${item.claims.length})`} icon="citation" className="record-section">
      <SectionCard>
        {item.claims.length ? (
          <div className="claim-list">
            {item.claims.map((c) => (
              <ClaimCard key={c.id} claim={c} />
            ))}
          </div>
        ) : (
          <p className={`section-empty ${Classes.TEXT_MUTED}`}>No claim cites this item yet. Add claims from an entity’s page.</p>
        )}
      </SectionCard>
    </Section>
  );
}

function CustodyChain({ item }: { item: EvidenceView }) {
  return (
    <table className="data-table data-table-compact custody-table" aria-label="Chain of custody" data-testid="custody-chain">
      <thead>
        <tr>
          <th scope="col" className="dt-right">
            #
          </th>
          <th scope="col">Time</th>
          <th scope="col">Actor</th>
          <th scope="col">Action</th>
          <th scope="col">Details</th>
          <th scope="col">Entry hash</th>
        </tr>
      </thead>
      <tbody>
        {item.custody.map((c) => (
          <tr key={c.seq}>
            <td className="dt-right tabular muted-cell">{c.seq}</td>
            <td className="tabular nowrap" title={c.ts}>
              {formatDateTime(c.ts, true)}
            </td>
            <td>{c.actor}</td>
            <td className="custody-action">{actionLabel(c.action)}</td>
            <td className="custody-details">{detailSummary({ action: c.action, ...(c.details ? { details: c.details } : {}) })}</td>
            <td className="mono cell-small nowrap" title={c.hash}>
              {c.hash.slice(0, 8)}…
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CustodySection({ item }: { item: EvidenceView }) {
  return (
    <Section compact title={`Chain of custody (${item.custody.length})`} icon="history" className="record-section" collapsible>
      <SectionCard padded={false}>
        <p className={`section-lead ${Classes.TEXT_MUTED}`}>
          Every entry about this item, oldest first. Each is hash-chained into the vault’s activity log and to the previous entry about this item.
        </p>
        <CustodyChain item={item} />
      </SectionCard>
    </Section>
  );
}

/** A working copy's link back to its original, or an original's working copies. */
export function CopiesSection({ item, onAddCopy }: { item: EvidenceView; onAddCopy: () => void }) {
  const { navigate } = useWorkspace();
  const d = item.data;
  const f = d.file;
  return (
    <>
    {d.derivedFrom ? (
      <Section compact title="Derived from" icon="git-branch" className="record-section">
        <SectionCard>
          <Button variant="minimal" icon="document" text="Open the original" onClick={() => navigate({ area: 'evidence', evidenceId: d.derivedFrom!.evidenceId })} />
        </SectionCard>
      </Section>
    ) : f ? (
      <Section compact title={`Working copies (${item.workingCopies.length})`} icon="duplicate" className="record-section" rightElement={<Button size="small" icon="add" text="Add…" onClick={onAddCopy} />}>
        <SectionCard padded={item.workingCopies.length === 0}>
          {item.workingCopies.length ? (
            <ul className="evidence-mini-list">
              {item.workingCopies.map((w) => (
                <li key={w.id}>
                  <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: w.id })}>
                    {w.title}
                  </button>
                  <span className={`mono cell-small ${Classes.TEXT_MUTED}`}>{shortSha(w.sha256)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className={`section-empty ${Classes.TEXT_MUTED}`}>Redacted, translated or transcribed versions appear here.</p>
          )}
        </SectionCard>
      </Section>
    ) : null}
    </>
  );
}
