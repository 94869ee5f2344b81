import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createInvokeHandler, UNTRUSTED_SENDER, type SenderInfo } from '../../../main/electron/invoke-handler';
import { APP_ENTRY_URL } from '../../../main/electron/security';
import { createApp, type Router } from '../../../main/ipc';
import { tempDir } from '../../helpers/tmp';
import { TEST_KDF } from '../../helpers/vault';

const WINDOW_ID = 7;
const trusted: SenderInfo = { frameUrl: APP_ENTRY_URL, isMainFrame: true, webContentsId: WINDOW_ID };

function setup() {
  const { router } = createApp({ vaultDir: join(tempDir(), 'vault'), kdf: TEST_KDF });
  const spy = vi.fn((channel: unknown, payload: unknown) => router.invoke(channel, payload));
  const spied: Router = { invoke: spy };
  const refused = vi.fn();
  const handler = createInvokeHandler({ router: spied, isOwnWebContents: (id) => id === WINDOW_ID, onRefused: refused });
  return { handler, spy, refused };
}

describe('createInvokeHandler', () => {
  it('passes calls from the app window to the real router', async () => {
    const { handler, spy } = setup();
    const result = await handler(trusted, 'app.info', {});
    expect(result).toMatchObject({ ok: true, value: { platform: process.platform } });
    expect(spy).toHaveBeenCalledWith('app.info', {});
  });

  it('still returns the router’s typed errors for trusted senders', async () => {
    const { handler } = setup();
    expect(await handler(trusted, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  const untrusted: [string, SenderInfo][] = [
    ['a subframe on the app origin', { ...trusted, isMainFrame: false }],
    ['a destroyed frame', { frameUrl: undefined, isMainFrame: false, webContentsId: WINDOW_ID }],
    ['a frame that navigated away', { ...trusted, frameUrl: 'https://evil.example/' }],
    ['a file:// page', { ...trusted, frameUrl: 'file:///tmp/x.html' }],
    ['another webContents showing the app origin', { ...trusted, webContentsId: 99 }],
    ['a look-alike origin', { ...trusted, frameUrl: 'app://sanctum@evil/index.html' }],
  ];

  it.each(untrusted)('refuses %s without reaching the router', async (_label, sender) => {
    const { handler, spy, refused } = setup();
    expect(await handler(sender, 'vault.status', {})).toEqual(UNTRUSTED_SENDER);
    expect(spy).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledWith(sender, 'vault.status');
  });

  it('the refusal is a typed FORBIDDEN error, not a throw', () => {
    expect(UNTRUSTED_SENDER).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
