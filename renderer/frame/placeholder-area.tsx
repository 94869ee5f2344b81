import { NonIdealState, NonIdealStateIconSize, Tag } from '@blueprintjs/core';
import type { Area } from './areas';

/** An area a later version fills: says what will be here. No sample data. */
export function PlaceholderArea({ area }: { area: Area }) {
  return (
    <div className="placeholder-area">
      <NonIdealState
        icon={area.icon}
        iconSize={NonIdealStateIconSize.STANDARD}
        title={area.title}
        description={<p className="placeholder-purpose">{area.purpose}</p>}
        action={
          <Tag minimal round icon="time">
            Not available in this version yet
          </Tag>
        }
      />
    </div>
  );
}
