import { Button, Menu, MenuDivider, MenuItem, PopoverNext } from '@blueprintjs/core';
import { useWorkspace } from '../workspace/workspace';

/** The current case in the navbar; a menu switches to another. */
export function CaseSwitcher() {
  const { cases, currentCase, chooseCase, navigate, route } = useWorkspace();
  const menu = (
    <Menu aria-label="Cases">
      <MenuDivider title="Switch case" />
      {(cases ?? []).map((c) => (
        <MenuItem
          key={c.id}
          text={c.data.name}
          icon={c.id === currentCase?.id ? 'tick' : 'blank'}
          label={c.data.status === 'open' ? undefined : c.data.status}
          onClick={() => {
            chooseCase(c.id);
            // Records of the previous case are not in the new one: go back to the area's list.
            if (route.entityId || route.evidenceId || route.witnessId) navigate({ area: route.area });
          }}
        />
      ))}
      {cases && cases.length === 0 ? <MenuItem disabled text="No cases yet" /> : null}
      <MenuDivider />
      <MenuItem icon="folder-open" text="All cases…" onClick={() => navigate({ area: 'cases' })} />
    </Menu>
  );
  return (
    <PopoverNext content={menu} placement="bottom-start" arrow={false}>
      <Button
        variant="minimal"
        icon="folder-close"
        endIcon="caret-down"
        text={<span className="case-switcher-name">{currentCase ? currentCase.data.name : 'No case chosen'}</span>}
        className="case-switcher"
        aria-label={currentCase ? `Current case: ${currentCase.data.name}. Switch case` : 'No case chosen. Choose a case'}
        data-testid="case-switcher"
      />
    </PopoverNext>
  );
}
