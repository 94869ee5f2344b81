import { Button, Classes, Icon, Intent, KeyComboTag, Menu, MenuDivider, MenuItem, Navbar, NavbarDivider, NavbarGroup, NavbarHeading, useHotkeys } from '@blueprintjs/core';
import { Fragment, useMemo, useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { ActivityLogScreen } from '../activity-log/activity-log-screen';
import { useActivityReporter } from '../api/hooks';
import { SettingsScreen } from '../settings/settings-screen';
import { WitnessCompartmentButton } from '../vault/witness-compartment';
import { AREAS, areaById, type Area, type AreaId } from './areas';
import { PlaceholderArea } from './placeholder-area';

const GROUPS: Area['group'][] = ['Investigation', 'Analysis', 'Output', 'Vault'];

export function AppFrame({ status, onStatus, onLock, locking }: { status: VaultStatus; onStatus: (s: VaultStatus) => void; onLock: () => void; locking: boolean }) {
  const [areaId, setAreaId] = useState<AreaId>('cases');
  const area = areaById(areaId);
  useActivityReporter(true);

  const hotkeys = useMemo(
    () => [
      {
        combo: 'mod+l',
        global: true,
        label: 'Lock the vault',
        allowInInput: true,
        preventDefault: true,
        onKeyDown: () => onLock(),
      },
    ],
    [onLock],
  );
  const { handleKeyDown, handleKeyUp } = useHotkeys(hotkeys);

  let content: React.ReactNode;
  if (area.id === 'settings') content = <SettingsScreen status={status} onStatus={onStatus} />;
  else if (area.id === 'activity') content = <ActivityLogScreen />;
  else content = <PlaceholderArea area={area} />;

  return (
    <div className="frame" onKeyDown={handleKeyDown} onKeyUp={handleKeyUp}>
      <Navbar className="frame-navbar">
        <NavbarGroup align="left">
          <NavbarHeading className="frame-brand">
            <Icon icon="shield" />
            <span>Sanctum</span>
          </NavbarHeading>
          <NavbarDivider />
          <span className="frame-area-title">{area.title}</span>
        </NavbarGroup>
        <NavbarGroup align="right">
          <WitnessCompartmentButton status={status} onStatus={onStatus} />
          <NavbarDivider />
          <Button
            icon="lock"
            text={
              <span className="lock-button-text">
                Lock <KeyComboTag combo="mod+l" minimal className="lock-combo" />
              </span>
            }
            onClick={onLock}
            loading={locking}
            aria-label="Lock the vault (Ctrl+L)"
            aria-keyshortcuts="Control+L Meta+L"
            data-testid="lock-vault"
          />
        </NavbarGroup>
      </Navbar>
      <div className="frame-body">
        <nav className="frame-nav" aria-label="Areas">
          <Menu className="frame-menu">
            {GROUPS.map((group, gi) => (
              <Fragment key={group}>
                <MenuDivider title={group} className={gi === 0 ? 'frame-menu-first' : undefined} />
                {AREAS.filter((a) => a.group === group).map((a) => (
                  <MenuItem
                    key={a.id}
                    icon={a.icon}
                    text={a.title}
                    active={a.id === areaId}
                    intent={a.id === areaId ? Intent.PRIMARY : Intent.NONE}
                    onClick={() => setAreaId(a.id)}
                    aria-current={a.id === areaId ? 'page' : undefined}
                    labelElement={a.built ? undefined : <span className="menu-soon">soon</span>}
                    roleStructure="listitem"
                  />
                ))}
              </Fragment>
            ))}
          </Menu>
          <div className={`frame-vault ${Classes.TEXT_MUTED}`} title={`Vault folder: ${status.dir}`}>
            <span className="frame-vault-label">Vault fingerprint</span>
            <span className="mono">{status.fingerprint?.split(' ').slice(0, 4).join(' ') ?? '—'}</span>
          </div>
        </nav>
        <main className="frame-content" aria-label={area.title}>
          {content}
        </main>
      </div>
    </div>
  );
}
