import { Button, Classes, Icon, Intent, KeyComboTag, Menu, MenuItem, Navbar, NavbarDivider, NavbarGroup, NavbarHeading, useHotkeys, type HotkeyConfig } from '@blueprintjs/core';
import { Fragment, lazy, Suspense, useCallback, useMemo, useRef, useState } from 'react';
import type { VaultStatus } from '../../shared/ipc/schemas/vault';
import { ActivityLogScreen } from '../activity-log/activity-log-screen';
import { useActivityReporter } from '../api/hooks';
import { CaseRequired } from '../cases/case-required';
import { CaseSwitcher } from '../cases/case-switcher';
import { CasesScreen } from '../cases/cases-screen';
import { CriteriaScreen } from '../criteria/criteria-screen';
import { EntityPage } from '../entities/entity-page';
import { EntityTableScreen } from '../entities/entity-table-screen';
import { EventPage } from '../events/event-page';
import { EventsScreen } from '../events/events-screen';
import { EvidenceLibraryScreen } from '../evidence/evidence-library-screen';
import { EvidencePage } from '../evidence/evidence-page';
import { ListingsScreen } from '../listings/listings-screen';
import { ScreeningScreen } from '../screening/screening-screen';
import { SearchBox } from '../search/search-box';
import { CommandPalette } from '../search/command-palette';
import { SettingsScreen } from '../settings/settings-screen';
import { SourcesScreen } from '../sources/sources-screen';
import { StatementEditor } from '../statements/statement-editor';
import { WitnessListScreen } from '../statements/witness-list-screen';
import { WitnessPage } from '../statements/witness-page';
import { WitnessCompartmentButton } from '../vault/witness-compartment';
import { CASE_AREAS, type Route } from '../workspace/routes';
import { UndoButton } from '../workspace/undo-button';
import { DraftsProvider, KeptDraftsBar } from '../workspace/drafts';
import { useWorkspace, WorkspaceProvider } from '../workspace/workspace';
import { AREAS, areaById, type Area, type AreaId } from './areas';
import { PlaceholderArea } from './placeholder-area';
import { PackagesScreen } from '../packages/packages-screen';

// cytoscape is large: the graph view loads as its own chunk the first time it is opened.
const GraphScreen = lazy(() => import('../graph/graph-screen'));

const GROUPS: Area['group'][] = ['Investigation', 'Analysis', 'Output', 'Vault'];
/** Alt+1 … Alt+5 jump to the areas used all day. */
const AREA_KEYS: [string, AreaId][] = [
  ['alt+1', 'cases'],
  ['alt+2', 'entities'],
  ['alt+3', 'evidence'],
  ['alt+4', 'statements'],
  ['alt+5', 'sources'],
];

function Content({ onStatus }: { onStatus: (s: VaultStatus) => void }) {
  const { route, currentCase, status } = useWorkspace();
  const area = areaById(route.area);
  if (CASE_AREAS.has(route.area) && !currentCase) return <CaseRequired area={area} />;
  // Keys make React start fresh on another record (no state carried from the previous one).
  switch (route.area) {
    case 'cases':
      return <CasesScreen />;
    case 'entities':
      return route.entityId ? <EntityPage key={route.entityId} entityId={route.entityId} /> : <EntityTableScreen key={currentCase!.id} />;
    case 'events':
      return route.eventId ? <EventPage key={route.eventId} eventId={route.eventId} caseId={currentCase!.id} /> : <EventsScreen key={currentCase!.id} />;
    case 'evidence':
      return route.evidenceId ? <EvidencePage key={route.evidenceId} evidenceId={route.evidenceId} /> : <EvidenceLibraryScreen key={currentCase!.id} />;
    case 'statements':
      if (route.statementId && route.witnessId) return <StatementEditor key={route.witnessId} witnessId={route.witnessId} statementId={route.statementId} />;
      if (route.witnessId) return <WitnessPage key={route.witnessId} witnessId={route.witnessId} />;
      return <WitnessListScreen key={currentCase!.id} />;
    case 'sources':
      return <SourcesScreen key={currentCase!.id} />;
    case 'graph':
      return (
        <Suspense fallback={<div className="graph-loading" aria-busy="true" />}>
          <GraphScreen key={currentCase!.id} />
        </Suspense>
      );
    case 'criteria':
      return <CriteriaScreen key={currentCase!.id} />;
    case 'listings':
      return <ListingsScreen key={currentCase!.id} />;
    case 'screening':
      return <ScreeningScreen key={currentCase!.id} />;
    case 'settings':
      return <SettingsScreen status={status} onStatus={onStatus} />;
    case 'activity':
      return <ActivityLogScreen />;
    case 'packages':
      return <PackagesScreen />;
    default:
      return <PlaceholderArea area={area} />;
  }
}

function Frame({ onStatus, onLock, locking, compartment }: { onStatus: (s: VaultStatus) => void; onLock: () => void; locking: boolean; compartment: { open: boolean; setOpen: (o: boolean) => void } }) {
  const { route, navigate, status, undoLabel, runUndo } = useWorkspace();
  const searchRef = useRef<HTMLInputElement>(null);
  const [palette, setPalette] = useState(false);
  useActivityReporter(true);

  const hotkeys = useMemo<HotkeyConfig[]>(
    () => [
      { combo: 'mod+l', global: true, group: 'Anywhere', label: 'Lock the vault', allowInInput: true, preventDefault: true, onKeyDown: () => onLock() },
      {
        combo: 'mod+k',
        global: true,
        group: 'Anywhere',
        label: 'Search everything',
        allowInInput: true,
        preventDefault: true,
        onKeyDown: () => setPalette(true),
      },
      {
        combo: 'mod+shift+k',
        global: true,
        group: 'Anywhere',
        label: 'Search names and aliases',
        allowInInput: true,
        preventDefault: true,
        onKeyDown: () => {
          searchRef.current?.focus();
          searchRef.current?.select();
        },
      },
      {
        combo: 'mod+z',
        global: true,
        group: 'Anywhere',
        label: 'Undo the last edit',
        disabled: !undoLabel,
        preventDefault: true,
        onKeyDown: () => void runUndo(),
      },
      ...AREA_KEYS.map(([combo, id]) => ({
        combo,
        global: true,
        group: 'Go to',
        label: areaById(id).title,
        preventDefault: true,
        onKeyDown: () => navigate({ area: id }),
      })),
    ],
    [onLock, undoLabel, runUndo, navigate],
  );
  const { handleKeyDown, handleKeyUp } = useHotkeys(hotkeys);

  return (
    <div className="frame" onKeyDown={handleKeyDown} onKeyUp={handleKeyUp}>
      <Navbar className="frame-navbar" role="banner">
        <NavbarGroup align="left" className="frame-navbar-left">
          <NavbarHeading className="frame-brand">
            <Icon icon="shield" />
            <span>Sanctum</span>
          </NavbarHeading>
          <NavbarDivider />
          <CaseSwitcher />
          <SearchBox inputRef={searchRef} />
        </NavbarGroup>
        <NavbarGroup align="right">
          <UndoButton />
          <WitnessCompartmentButton status={status} onStatus={onStatus} open={compartment.open} onOpenChange={compartment.setOpen} />
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
            title="Lock the vault (Ctrl+L)"
            aria-keyshortcuts="Control+L Meta+L"
            data-testid="lock-vault"
          />
        </NavbarGroup>
      </Navbar>
      <div className="frame-body">
        <nav className="frame-nav" aria-label="Areas">
          {/* One list of links per group (not role="menu": that wants menuitems and arrow keys), named by its
              visible label. */}
          <div className="frame-menu">
            {GROUPS.map((group, gi) => (
              <Fragment key={group}>
                <div id={`frame-group-${gi}`} className={`frame-menu-group${gi === 0 ? ' frame-menu-first' : ''}`}>
                  {group}
                </div>
                <Menu className="frame-menu-list" role="list" aria-labelledby={`frame-group-${gi}`}>
                  {AREAS.filter((a) => a.group === group).map((a) => {
                    const here = a.id === route.area;
                    return (
                      <MenuItem
                        key={a.id}
                        icon={a.icon}
                        text={a.title}
                        active={here}
                        intent={here ? Intent.PRIMARY : Intent.NONE}
                        onClick={() => navigate({ area: a.id })}
                        aria-current={here ? 'page' : undefined}
                        labelElement={a.built ? undefined : <span className="menu-soon">soon</span>}
                        roleStructure="listitem"
                      />
                    );
                  })}
                </Menu>
              </Fragment>
            ))}
          </div>
          <div className={`frame-vault ${Classes.TEXT_MUTED}`} title={`Vault folder: ${status.folder}`}>
            <span className="frame-vault-label">Vault fingerprint</span>
            <span className="mono">{status.fingerprint?.split(' ').slice(0, 4).join(' ') ?? '—'}</span>
          </div>
        </nav>
        <main className="frame-content" aria-label={areaById(route.area).title}>
          <KeptDraftsBar />
          <Content onStatus={onStatus} />
        </main>
        <CommandPalette isOpen={palette} onClose={() => setPalette(false)} />
      </div>
    </div>
  );
}

export function AppFrame({ status, onStatus, onLock, locking }: { status: VaultStatus; onStatus: (s: VaultStatus) => void; onLock: () => void; locking: boolean }) {
  const [compartmentOpen, setCompartmentOpen] = useState(false);
  const requestCompartmentUnlock = useCallback(() => setCompartmentOpen(true), []);
  const initialRoute: Route = { area: 'cases' };
  return (
    <WorkspaceProvider status={status} requestCompartmentUnlock={requestCompartmentUnlock} initialRoute={initialRoute}>
      <DraftsProvider>
        <Frame onStatus={onStatus} onLock={onLock} locking={locking} compartment={{ open: compartmentOpen, setOpen: setCompartmentOpen }} />
      </DraftsProvider>
    </WorkspaceProvider>
  );
}
