import { Card, Classes, Elevation, H1, Icon } from '@blueprintjs/core';
import type { ReactNode } from 'react';

/** The layout of the screens before the vault is open: mark, one card, the vault folder underneath. */
export function GateLayout({ title, children, vaultDir, wide }: { title: string; children: ReactNode; vaultDir?: string | null; wide?: boolean }) {
  return (
    <main className="gate">
      <div className={`gate-column${wide ? ' gate-column-wide' : ''}`}>
        <div className="gate-mark" aria-hidden>
          <Icon icon="shield" size={20} />
          <span className="gate-wordmark">Sanctum</span>
        </div>
        <Card elevation={Elevation.TWO} className="gate-card">
          <H1 className="gate-title">{title}</H1>
          {children}
        </Card>
        {vaultDir ? (
          <p className={`gate-footer ${Classes.TEXT_MUTED}`}>
            Vault folder: <span className="mono">{vaultDir}</span>
          </p>
        ) : null}
      </div>
    </main>
  );
}
