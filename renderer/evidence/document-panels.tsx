/**
 * Documents on the evidence and entity pages (issue 14): the extracted text beside the preview with a hit's
 * words marked, the suggestions for one document (entities named in it, patterns, names not yet in the case),
 * and an entity's "Mentioned in" list. Accepting a suggestion opens the ordinary dialogs (new claim citing
 * the item, new entity): nothing is written without the person confirming there.
 */
import { Button, Classes, HTMLSelect, Intent, NonIdealState, Section, SectionCard, Spinner, Tag } from '@blueprintjs/core';
import { useMemo, useState } from 'react';
import type { EntityView } from '../../shared/ipc/schemas/case';
import type { EvidenceTextData } from '../../shared/model/records';
import { invoke } from '../api/client';
import { describeError } from '../api/messages';
import { useQuery } from '../api/query';
import { ClaimDialog, type CitePreset } from '../entities/claim-dialog';
import { EntityFormDialog } from '../entities/entity-form-dialog';
import { Highlighted } from '../search/command-palette';
import { useToast } from '../ui/toaster';
import { useWorkspace } from '../workspace/workspace';
import { highlightRanges } from './highlight';

const STATUS_LABELS: Record<EvidenceTextData['status'], string> = {
  extracted: 'Text extracted',
  partial: 'Text partly extracted',
  'no-text': 'No readable text',
  unsupported: 'Format not read',
  failed: 'Extraction failed',
};

/** The extracted text of the page shown, with the hit's words marked; pages follow the preview. */
export function ExtractedTextSection({ text, page, onPage, terms }: { text: EvidenceTextData | null | undefined; page: number; onPage: (p: number) => void; terms: readonly string[] }) {
  const current = text?.pages.find((p) => p.page === page) ?? text?.pages[0];
  const ranges = useMemo(() => (current ? highlightRanges(current.text, terms) : []), [current, terms]);
  return (
    <Section compact title="Extracted text" icon="align-left" className="record-section" rightElement={text ? <Tag minimal>{STATUS_LABELS[text.status]}</Tag> : undefined}>
      <SectionCard>
        {text === undefined ? (
          <Spinner size={16} />
        ) : text === null ? (
          <p className={Classes.TEXT_MUTED}>No text has been extracted from this item yet.</p>
        ) : !current ? (
          <p className={Classes.TEXT_MUTED}>No readable text.</p>
        ) : (
          <>
            <div className="doc-text-toolbar">
              {text.pages.length > 1 ? (
                <HTMLSelect aria-label="Page of the extracted text" value={current.page} onChange={(e) => onPage(Number(e.currentTarget.value))} minimal>
                  {text.pages.map((p) => (
                    <option key={p.page} value={p.page}>
                      Page {p.page}
                    </option>
                  ))}
                </HTMLSelect>
              ) : null}
              <span className={Classes.TEXT_MUTED}>
                {current.method === 'ocr' ? `OCR${current.confidence !== undefined ? `, ${Math.round(current.confidence)}% confidence` : ''}` : current.method}
                {terms.length ? ` · ${ranges.length} match(es)` : ''}
              </span>
            </div>
            <div className="doc-text" dir="auto" tabIndex={0} data-testid="doc-text">
              <Highlighted text={current.text} ranges={ranges} />
            </div>
          </>
        )}
      </SectionCard>
    </Section>
  );
}

/** A claim dialog about `entityId`, citing the item: loads the entity first (the dialog needs its links). */
function CiteDialog({ entityId, cite, onClose }: { entityId: string | null; cite: CitePreset | null; onClose: (saved: boolean) => void }) {
  const entity = useQuery(() => (entityId ? invoke('entity.get', { id: entityId }) : Promise.resolve(null)), [entityId]);
  const e: EntityView | null | undefined = entity.data;
  if (!entityId || !cite || !e) return null;
  return <ClaimDialog entity={e} existing={null} cite={cite} isOpen onClose={() => onClose(false)} onSaved={() => onClose(true)} />;
}

const PATTERN_LABELS: Record<string, string> = { phone: 'Phone', iban: 'IBAN', email: 'E-mail', passport: 'Passport', crypto: 'Crypto address', amount: 'Amount' };

/** What the document names: entities of the case, patterns, and names that are not entities yet. */
export function SuggestionsSection({ evidenceId, caseId, version }: { evidenceId: string; caseId: string; version: number }) {
  const { navigate, changed } = useWorkspace();
  const toast = useToast();
  const q = useQuery(() => invoke('evidence.suggestions', { evidenceId }), [evidenceId, version]);
  const [cite, setCite] = useState<{ entityId: string; cite: CitePreset } | null>(null);
  const [newName, setNewName] = useState<string | null>(null);
  const s = q.data;
  const done = (what: string) => {
    toast({ message: what, intent: Intent.SUCCESS, icon: 'tick' });
    changed();
    q.reload();
  };
  return (
    <Section compact title="Suggestions" icon="lightbulb" className="record-section" data-testid="suggestions">
      <SectionCard>
        {q.error ? (
          <p>{describeError(q.error).message}</p>
        ) : !s ? (
          <Spinner size={16} aria-label="Reading the document" />
        ) : !s.entities.length && !s.patterns.length && !s.unknownNames.length ? (
          <NonIdealState icon="search-text" description="Nothing found: no entity of the case, pattern or new name in the extracted text." />
        ) : (
          <>
            {s.entities.length ? (
              <>
                <h4 className="suggest-head">Entities named ({s.entities.length})</h4>
                <ul className="mention-list">
                  {s.entities.map((e) => (
                    <li key={e.entityId}>
                      <span>
                        <button type="button" className="inline-link" onClick={() => navigate({ area: 'entities', entityId: e.entityId })}>
                          <span dir="auto">{e.name}</span>
                        </button>{' '}
                        <span className={Classes.TEXT_MUTED}>
                          ×{e.count}, first on p. {e.firstPage}
                        </span>{' '}
                        {e.linked ? <Tag minimal intent={Intent.SUCCESS}>cited</Tag> : null}
                      </span>
                      <Button size="small" icon="citation" text="Create claim…" onClick={() => setCite({ entityId: e.entityId, cite: { evidenceId, locator: `p. ${e.firstPage}` } })} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {s.patterns.length ? (
              <>
                <h4 className="suggest-head">Patterns ({s.patterns.length})</h4>
                <ul className="mention-list">
                  {s.patterns.map((p) => (
                    <li key={`${p.type}:${p.normalised}`}>
                      <span>
                        <Tag minimal>{PATTERN_LABELS[p.type]}</Tag> <span className="mono">{p.normalised}</span> <span className={Classes.TEXT_MUTED}>p. {p.page}</span>
                      </span>
                      {p.entityId ? (
                        <Button size="small" variant="minimal" icon="person" text="Carried by an entity" onClick={() => navigate({ area: 'entities', entityId: p.entityId! })} />
                      ) : (
                        <span />
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {s.unknownNames.length ? (
              <>
                <h4 className="suggest-head">Names not in the case ({s.unknownNames.length})</h4>
                <ul className="mention-list">
                  {s.unknownNames.map((u) => (
                    <li key={u.name}>
                      <span>
                        <span dir="auto">{u.name}</span> <span className={Classes.TEXT_MUTED}>×{u.count}, p. {u.page}</span>
                      </span>
                      <Button size="small" icon="new-person" text="Create entity…" onClick={() => setNewName(u.name)} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </SectionCard>
      <CiteDialog
        entityId={cite?.entityId ?? null}
        cite={cite?.cite ?? null}
        onClose={(saved) => {
          setCite(null);
          if (saved) done('Claim created, citing this item.');
        }}
      />
      <EntityFormDialog
        isOpen={newName !== null}
        caseId={caseId}
        existing={null}
        initialName={newName ?? undefined}
        onClose={() => setNewName(null)}
        onSaved={(e) => {
          setNewName(null);
          done(`Created ${e.data.name}.`);
        }}
      />
    </Section>
  );
}

/** "Mentioned in": where the entity is named in the case's documents, with a way to cite each in a claim. */
export function MentionsSection({ entity, onSaved }: { entity: EntityView; onSaved: () => void }) {
  const { navigate, version } = useWorkspace();
  const q = useQuery(() => invoke('entity.mentions', { entityId: entity.id }), [entity.id, version]);
  const [cite, setCite] = useState<CitePreset | null>(null);
  const mentions = q.data ?? [];
  return (
    <Section compact title={`Mentioned in (${q.data ? mentions.length : '…'})`} icon="search-text" className="record-section" data-testid="mentions">
      <SectionCard>
        {q.error ? (
          <p>{describeError(q.error).message}</p>
        ) : !q.data ? (
          <Spinner size={16} aria-label="Looking for mentions" />
        ) : !mentions.length ? (
          <p className={Classes.TEXT_MUTED}>Not named in any document with extracted text.</p>
        ) : (
          <ul className="mention-list">
            {mentions.map((m, i) => (
              <li key={`${m.evidenceId}/${m.page}/${i}`} data-testid="mention">
                <span>
                  <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: m.evidenceId, page: m.page, highlight: `"${m.found}"` })}>
                    {m.title}, p. {m.page}
                  </button>{' '}
                  <Tag minimal>{m.via}</Tag> {m.linked ? <Tag minimal intent={Intent.SUCCESS}>cited</Tag> : null}
                  <div className="mention-snippet" dir="auto">
                    <Highlighted text={m.snippet} ranges={m.highlights} />
                  </div>
                </span>
                <Button size="small" icon="citation" text="Create claim…" onClick={() => setCite({ evidenceId: m.evidenceId, locator: `p. ${m.page}`, excerpt: m.snippet.replace(/^…|…$/g, '') })} />
              </li>
            ))}
          </ul>
        )}
      </SectionCard>
      <ClaimDialog
        entity={entity}
        existing={null}
        cite={cite ?? undefined}
        isOpen={cite !== null}
        onClose={() => setCite(null)}
        onSaved={() => {
          setCite(null);
          onSaved();
          q.reload();
        }}
      />
    </Section>
  );
}
