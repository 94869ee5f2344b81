/** How the trafficking test's verdicts read everywhere (Events list, event page): words with the colour. */
import { Intent, Tag } from '@blueprintjs/core';
import type { TraffickingTestView } from '../../shared/ipc/schemas/criteria';

export type Outcome = TraffickingTestView['outcome'];
export type ElementStatus = TraffickingTestView['act']['status'];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  trafficking: 'Trafficking',
  smuggling: 'Smuggling',
  smuggling_turned_trafficking: 'Smuggling turned trafficking',
  not_shown: 'Not shown',
  undetermined: 'Undetermined',
};
const OUTCOME_INTENTS: Record<Outcome, Intent> = {
  trafficking: Intent.DANGER,
  smuggling: Intent.WARNING,
  smuggling_turned_trafficking: Intent.DANGER,
  not_shown: Intent.NONE,
  undetermined: Intent.NONE,
};

export const VERDICT_LABELS: Record<TraffickingTestView['trafficking'], string> = { established: 'Established', partly: 'Partly shown', not_shown: 'Not shown' };

export const ELEMENT_STATUS_LABELS: Record<ElementStatus, string> = {
  evidenced: 'Evidenced',
  uncorroborated: 'Uncorroborated',
  recorded: 'Recorded on the event only',
  absent: 'Absent',
};
const ELEMENT_INTENTS: Record<ElementStatus, Intent> = { evidenced: Intent.SUCCESS, uncorroborated: Intent.WARNING, recorded: Intent.PRIMARY, absent: Intent.NONE };

export function OutcomeTag({ outcome, verdict }: { outcome: Outcome; verdict?: TraffickingTestView['trafficking'] }) {
  // "Trafficking partly shown" is not the same as not shown: say which when the outcome alone is vague.
  const partly = verdict === 'partly' && (outcome === 'not_shown' || outcome === 'undetermined');
  return (
    <Tag minimal={outcome === 'not_shown' || outcome === 'undetermined'} intent={partly ? Intent.WARNING : OUTCOME_INTENTS[outcome]} data-outcome={outcome}>
      {partly ? `${OUTCOME_LABELS[outcome]} (trafficking partly shown)` : OUTCOME_LABELS[outcome]}
    </Tag>
  );
}

export function ElementStatusTag({ status }: { status: ElementStatus }) {
  return (
    <Tag minimal={status === 'absent'} intent={ELEMENT_INTENTS[status]} data-status={status}>
      {ELEMENT_STATUS_LABELS[status]}
    </Tag>
  );
}
