import { Button, Intent, NonIdealState, NonIdealStateIconSize } from '@blueprintjs/core';
import type { Area } from '../frame/areas';
import { useWorkspace } from '../workspace/workspace';

/** Shown in a case area while no case is chosen. */
export function CaseRequired({ area }: { area: Area }) {
  const { cases, navigate } = useWorkspace();
  const none = cases !== undefined && cases.length === 0;
  return (
    <div className="placeholder-area">
      <NonIdealState
        icon={area.icon}
        iconSize={NonIdealStateIconSize.STANDARD}
        title={none ? 'No case yet' : 'Choose a case'}
        description={
          <p className="placeholder-purpose">
            {none
              ? `${area.title} belong to a case. Create the first case to start recording.`
              : `${area.title} belong to a case. Choose the case to work on.`}
          </p>
        }
        action={<Button intent={Intent.PRIMARY} icon="folder-close" text={none ? 'Create your first case' : 'Go to cases'} onClick={() => navigate({ area: 'cases' })} />}
      />
    </div>
  );
}
