/** One claim as a card: assessment, what it asserts, where and when, and each supporting item with its grade. */
import { Button, ButtonGroup, Classes, Icon, Tag, Tooltip } from '@blueprintjs/core';
import type { ClaimView } from '../../shared/ipc/schemas/case';
import { formatPartialDate } from '../../shared/model/partial-date';
import { countryName, grade, gradeExplanation } from '../ui/format';
import { ASSESSMENT_INTENTS, ASSESSMENT_LABELS } from '../ui/vocab';
import { useWorkspace } from '../workspace/workspace';

export function ClaimCard({ claim, onEdit, onDelete }: { claim: ClaimView; onEdit?: () => void; onDelete?: () => void }) {
  const { navigate } = useWorkspace();
  const d = claim.data;
  const a = d.assertion;
  const where = a.type === 'conduct' ? [a.country ? (countryName(a.country) ?? a.country.toUpperCase()) : null, a.date ? formatPartialDate(a.date) : null].filter(Boolean).join(' · ') : '';
  return (
    <article className="claim-card" data-testid="claim" aria-label={`Claim: ${claim.summary}`}>
      <header className="claim-head">
        <Tag minimal intent={ASSESSMENT_INTENTS[d.assessment]} className="assessment-tag">
          {ASSESSMENT_LABELS[d.assessment]}
        </Tag>
        <span className="claim-summary" dir="auto">
          {claim.summary}
        </span>
        {d.releasable ? (
          <Tag minimal round icon="globe" className="releasable-tag">
            releasable
          </Tag>
        ) : null}
        {onEdit || onDelete ? (
          <ButtonGroup variant="minimal" className="row-actions">
            {onEdit ? <Button size="small" icon="edit" onClick={onEdit} aria-label="Edit claim" title="Edit claim" /> : null}
            {onDelete ? <Button size="small" icon="trash" onClick={onDelete} aria-label="Delete claim" title="Delete claim" /> : null}
          </ButtonGroup>
        ) : null}
      </header>
      {where ? <p className={`claim-where ${Classes.TEXT_MUTED}`}>{where}</p> : null}
      {d.statement ? (
        <p className="claim-statement" dir="auto">
          {d.statement}
        </p>
      ) : null}
      {claim.evidence.length ? (
        <ul className="claim-evidence" aria-label="Supporting evidence">
          {claim.evidence.map((ev) => {
            const ref = d.evidence.find((x) => x.evidenceId === ev.id);
            return (
              <li key={ev.id}>
                <Tooltip content={gradeExplanation(ev.reliability, ev.credibility)} placement="top" hoverOpenDelay={300}>
                  <Tag minimal className="grade-tag">
                    {grade(ev.reliability, ev.credibility)}
                  </Tag>
                </Tooltip>
                <button type="button" className="inline-link" onClick={() => navigate({ area: 'evidence', evidenceId: ev.id })}>
                  <span dir="auto">{ev.title}</span>
                </button>
                {ev.sourceName ? <span className={Classes.TEXT_MUTED}>· {ev.sourceName}</span> : null}
                {ref?.locator ? <span className="claim-locator">{ref.locator}</span> : null}
                {ref?.excerpt ? (
                  <q className="claim-excerpt" dir="auto">
                    {ref.excerpt}
                  </q>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="claim-unsupported">
          <Icon icon="warning-sign" size={12} /> No supporting evidence
        </p>
      )}
    </article>
  );
}
