import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate, LOCK_ACCELERATOR } from '../../../main/electron/menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('applicationMenuTemplate', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`${platform}: has one Lock vault item on Cmd/Ctrl+L that locks the session`, () => {
      const onLock = vi.fn();
      const items = flatten(applicationMenuTemplate({ platform, appName: 'Sanctum', devTools: false, onLock }));
      const locks = items.filter((i) => i.id === 'lock-vault');
      expect(locks).toHaveLength(1);
      expect(locks[0]?.accelerator).toBe(LOCK_ACCELERATOR);
      expect(LOCK_ACCELERATOR).toBe('CmdOrCtrl+L');
      (locks[0]?.click as () => void)();
      expect(onLock).toHaveBeenCalledTimes(1);
    });

    it(`${platform}: keeps the edit roles (copy/paste shortcuts) and a quit`, () => {
      const roles = flatten(applicationMenuTemplate({ platform, appName: 'Sanctum', devTools: false, onLock: () => {} })).map((i) => i.role);
      expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'quit']));
    });
  }

  it('offers reload and DevTools only in development', () => {
    const roles = (devTools: boolean) => flatten(applicationMenuTemplate({ platform: 'linux', appName: 'Sanctum', devTools, onLock: () => {} })).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });
});
