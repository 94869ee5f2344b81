/**
 * How a criterion's status looks everywhere (matrix, case overview, listings): colour, icon and words together,
 * so it reads at a glance and without colour (printouts, colour-blind readers, screen readers).
 */
import { Icon, Intent, Tag, type IconName } from '@blueprintjs/core';
import type { CriterionResultView } from '../../shared/ipc/schemas/criteria';
import { CONDUCT } from '../../shared/model/vocabulary';

export type CriterionStatus = CriterionResultView['status'];

export const STATUS_LABELS: Record<CriterionStatus, string> = {
  met: 'Met',
  partly: 'Partly supported',
  not_supported: 'Not supported',
  excluded: 'Excluded: victim',
};

const STATUS_ICONS: Record<CriterionStatus, IconName> = { met: 'tick-circle', partly: 'warning-sign', not_supported: 'circle', excluded: 'shield' };
const STATUS_INTENTS: Record<CriterionStatus, Intent> = { met: Intent.SUCCESS, partly: Intent.WARNING, not_supported: Intent.NONE, excluded: Intent.PRIMARY };

/** Most decisive first: the order tables sort by. */
export const STATUS_ORDER: CriterionStatus[] = ['met', 'partly', 'excluded', 'not_supported'];

export function StatusTag({ status, count }: { status: CriterionStatus; count?: number }) {
  return (
    <Tag intent={STATUS_INTENTS[status]} minimal={status === 'not_supported'} icon={<Icon icon={STATUS_ICONS[status]} size={12} />} className={`crit-status crit-status-${status}`} data-status={status}>
      {count === undefined ? STATUS_LABELS[status] : `${count} ${STATUS_LABELS[status].toLowerCase()}`}
    </Tag>
  );
}

export function conductLabel(tag: string | null): string {
  if (!tag) return '';
  return CONDUCT[tag]?.label ?? tag.replace(/_/g, ' ');
}

export function citationText(c: { instrument: string; provision?: string | undefined }): string {
  return c.provision ? `${c.instrument}, ${c.provision}` : c.instrument;
}
