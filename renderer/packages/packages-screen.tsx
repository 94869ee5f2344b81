/** The packages area: export a signed evidence package from the current case, or verify (and import) one. */
import { Button, Classes, H1, NonIdealState, Tab, Tabs } from '@blueprintjs/core';
import { useState } from 'react';
import { useWorkspace } from '../workspace/workspace';
import { ExportWizard } from './export-wizard';
import { RecipientKeyCard } from './recipient-key-card';
import { VerifyPanel } from './verify-screen';
import type { GrantedFile } from '../../shared/ipc/grants';

type TabId = 'export' | 'verify' | 'key';

export function PackagesScreen() {
  const { currentCase, navigate } = useWorkspace();
  const [tab, setTab] = useState<TabId>(currentCase ? 'export' : 'verify');
  // A new key restarts the verifier on the package the export summary hands over (a read grant from main).
  const [verifyRequest, setVerifyRequest] = useState<{ file: GrantedFile; n: number } | null>(null);
  const verifyNow = (file: GrantedFile) => {
    setVerifyRequest((r) => ({ file, n: (r?.n ?? 0) + 1 }));
    setTab('verify');
  };
  return (
    <div className="area-page area-page-wide pkg-page">
      <header className="area-header">
        <H1>Packages</H1>
        <p className={Classes.TEXT_MUTED}>Signed BagIt evidence packages that a court, a panel or anyone else can check without Sanctum.</p>
      </header>
      <Tabs id="packages-tabs" selectedTabId={tab} onChange={(t) => setTab(t as TabId)} large renderActiveTabPanelOnly={false}>
        <Tab
          id="export"
          title="Export"
          icon="export"
          panel={
            currentCase ? (
              <ExportWizard key={currentCase.id} caseView={currentCase} onVerify={verifyNow} />
            ) : (
              <NonIdealState
                icon="folder-close"
                title="No case open"
                description="Packages are exported from a case. Open one, then come back here."
                action={<Button icon="folder-close" text="Go to Cases" onClick={() => navigate({ area: 'cases' })} />}
              />
            )
          }
        />
        <Tab id="verify" title="Verify" icon="endorsed" panel={<VerifyPanel key={verifyRequest?.n ?? 0} initial={verifyRequest?.file ?? null} />} />
        <Tab id="key" title="Receive" icon="key" panel={<RecipientKeyCard />} />
      </Tabs>
    </div>
  );
}
