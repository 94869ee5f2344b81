import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_PARTITION,
  contentSecurityPolicy,
  devicePermissionDecision,
  isAllowedNavigation,
  isAllowedRequest,
  isReadMethod,
  isTrustedSender,
  permissionCheckDecision,
  permissionRequestDecision,
  PRIVILEGED_SCHEMES,
  resolveAppAsset,
  responseHeaders,
  webPreferences,
  windowOpenHandler,
} from '../../../main/electron/security';

/** Hostile or foreign URLs that no navigation, sender or asset rule may accept. */
const FOREIGN_URLS = [
  'https://evil.example/',
  'http://sanctum/',
  'https://sanctum/index.html',
  'file:///etc/passwd',
  'file:///C:/Windows/win.ini',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:app://sanctum/0b1c',
  'about:blank',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'app://evil/index.html',
  'app://sanctum.evil/index.html',
  'app://sanctum@evil/index.html',
  'app://evil@sanctum/index.html',
  'app://user:pass@sanctum/index.html',
  'app://sanctum:8080/index.html',
  'app://sanct%75m/index.html',
  'app://sanctum./index.html',
  'APP://SANCTUM/index.html',
  'app:sanctum/index.html',
  'app:///sanctum/index.html',
  'app:/sanctum/index.html',
  'ws://localhost:9222/',
  '',
  'not a url',
  ' app://sanctum/index.html ',
  'app://sanc\ttum/index.html',
  'app://sanctum\n.evil/index.html',
];

describe('webPreferences', () => {
  const prefs = webPreferences('/opt/sanctum/dist/main/preload.cjs');

  it('isolates and sandboxes the renderer with no Node access anywhere', () => {
    expect(prefs).toMatchObject({
      preload: '/opt/sanctum/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      enableWebSQL: false,
      plugins: false,
    });
  });

  it('enables no Blink features and uses the in-memory partition', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.partition).toBe(APP_PARTITION);
    expect(APP_PARTITION.startsWith('persist:')).toBe(false);
  });

  it('has DevTools off unless asked for', () => {
    expect(prefs.devTools).toBe(false);
    expect(webPreferences('/p/preload.cjs', { devTools: true }).devTools).toBe(true);
  });

  it('refuses a relative preload path (it would resolve against the working directory)', () => {
    expect(() => webPreferences('dist/main/preload.cjs')).toThrow(/absolute/);
  });
});

describe('privileged scheme', () => {
  it('registers app:// as a standard, secure scheme without CSP bypass or service workers', () => {
    expect(PRIVILEGED_SCHEMES).toHaveLength(1);
    const [app] = PRIVILEGED_SCHEMES;
    expect(app?.scheme).toBe('app');
    expect(app?.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true });
    expect(app?.privileges?.bypassCSP).not.toBe(true);
    expect(app?.privileges?.allowServiceWorkers).not.toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = new Map(
    contentSecurityPolicy()
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources] as const),
  );

  it('denies by default and allows scripts and styles from the app only', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('locks down objects, base, forms and framing', () => {
    for (const d of ['object-src', 'base-uri', 'form-action', 'frame-ancestors', 'frame-src']) expect(directives.get(d)).toEqual(["'none'"]);
  });

  it('allows blob:/data: only where evidence previews and fonts need them', () => {
    expect(directives.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(directives.get('font-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
  });

  it('never contains an unsafe or remote source', () => {
    const csp = contentSecurityPolicy();
    expect(csp).not.toMatch(/unsafe-|https?:|\*|wasm-eval/);
  });
});

describe('responseHeaders', () => {
  it('carries the CSP and the isolation headers', () => {
    const h = responseHeaders();
    expect(h['Content-Security-Policy']).toBe(contentSecurityPolicy());
    expect(h).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    });
  });
});

describe('isAllowedNavigation', () => {
  it('allows the app origin', () => {
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#/cases`)).toBe(true);
  });

  it.each(FOREIGN_URLS)('refuses %j', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    for (const v of [undefined, null, 42, {}, ['app://sanctum/']]) expect(isAllowedNavigation(v)).toBe(false);
  });
});

describe('windowOpenHandler and permissions', () => {
  it('denies every new window, whatever the URL', () => {
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
  });

  it('denies every permission, even to the app origin', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen', 'unknown']) {
      expect(permissionRequestDecision(p, APP_ENTRY_URL)).toBe(false);
      expect(permissionCheckDecision(p, APP_ORIGIN)).toBe(false);
    }
    expect(devicePermissionDecision('usb', APP_ORIGIN)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts the main frame on the app origin', () => {
    expect(isTrustedSender(APP_ENTRY_URL, true)).toBe(true);
  });

  it('refuses subframes, even on the app origin', () => {
    expect(isTrustedSender(APP_ENTRY_URL, false)).toBe(false);
  });

  it('fails closed when the frame kind is not given', () => {
    expect(isTrustedSender(APP_ENTRY_URL)).toBe(false);
  });

  it('refuses a destroyed frame', () => {
    expect(isTrustedSender(undefined, true)).toBe(false);
    expect(isTrustedSender(null, true)).toBe(false);
  });

  it.each(FOREIGN_URLS)('refuses main frame at %j', (url) => {
    expect(isTrustedSender(url, true)).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  it('allows the app origin, our own blobs and inline data', () => {
    expect(isAllowedRequest(`${APP_ORIGIN}/assets/index-abc.js`)).toBe(true);
    expect(isAllowedRequest('blob:app://sanctum/6f1e0c9a-1d2b-4e59-8d0a-0c3b2b8f7a11')).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
  });

  it('cancels everything remote or local-file', () => {
    for (const url of ['https://evil.example/x.png', 'http://127.0.0.1:8080/', 'wss://evil.example/', 'ftp://evil.example/', 'file:///etc/passwd', 'blob:https://evil.example/1', 'app://evil/x.js', 'javascript:alert(1)']) {
      expect(isAllowedRequest(url), url).toBe(false);
    }
  });
});

describe('resolveAppAsset', () => {
  const root = path.resolve('/srv/sanctum/dist/renderer');

  it('maps the root and files under it, with their MIME type', () => {
    expect(resolveAppAsset(`${APP_ORIGIN}/`, root)).toEqual({ ok: true, path: path.join(root, 'index.html'), mimeType: 'text/html; charset=utf-8' });
    expect(resolveAppAsset(APP_ORIGIN, root)).toMatchObject({ ok: true, path: path.join(root, 'index.html') });
    expect(resolveAppAsset(`${APP_ORIGIN}/assets/index-B1x.js?v=1#x`, root)).toEqual({
      ok: true,
      path: path.join(root, 'assets', 'index-B1x.js'),
      mimeType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppAsset(`${APP_ORIGIN}/assets/blueprint-icons.woff2`, root)).toMatchObject({ ok: true, mimeType: 'font/woff2' });
    expect(resolveAppAsset(`${APP_ORIGIN}/assets/Icon%20Sheet.SVG`, root)).toMatchObject({ ok: true, path: path.join(root, 'assets', 'Icon Sheet.SVG'), mimeType: 'image/svg+xml' });
  });

  // Whatever the parser does with each of these, the result must never be a file outside `root`.
  const TRAVERSALS = [
    '/../../etc/passwd',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/secret.js',
    '/.%2e/secret.js',
    '/..%2f..%2fetc%2fpasswd',
    '/..%2F..%2Fsecret.js',
    '/%252e%252e/%252e%252e/etc/passwd',
    '/..%5c..%5csecret.js',
    '/..\\..\\secret.js',
    '/assets\\..\\..\\secret.js',
    '//etc/passwd.js',
    '/%2fetc/passwd.js',
    '/index.html%00.js',
    '/index.js%00',
    '/C:/Windows/win.ini.js',
    '/C:%5cWindows%5cwin.js',
    '/assets/file.js:stream',
    '/.env',
    '/assets/.hidden.js',
    '/%e0%a4%a.js',
    '/assets//index.js',
  ];

  it.each(TRAVERSALS)('refuses %j', (p) => {
    const r = resolveAppAsset(`${APP_ORIGIN}${p}`, root);
    if (r.ok) {
      // Only acceptable if the URL parser folded the dots away and the result is still inside root.
      expect(path.relative(root, r.path).startsWith('..')).toBe(false);
      expect(r.path.startsWith(root + path.sep)).toBe(true);
    } else {
      expect([400, 403, 404]).toContain(r.status);
    }
  });

  it('never escapes root for the classic traversals (they are folded or refused, never served from outside)', () => {
    const folded = resolveAppAsset(`${APP_ORIGIN}/../../etc/passwd.js`, root);
    expect(folded).toEqual({ ok: true, path: path.join(root, 'etc', 'passwd.js'), mimeType: 'text/javascript; charset=utf-8' });
    expect(resolveAppAsset(`${APP_ORIGIN}/..%2f..%2fetc%2fpasswd.js`, root)).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppAsset(`${APP_ORIGIN}/index.html%00.js`, root)).toMatchObject({ ok: false, status: 400 });
  });

  it.each(FOREIGN_URLS)('refuses foreign URL %j', (url) => {
    expect(resolveAppAsset(url, root)).toMatchObject({ ok: false });
  });

  it('refuses unknown file types instead of guessing', () => {
    expect(resolveAppAsset(`${APP_ORIGIN}/assets/tool.exe`, root)).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppAsset(`${APP_ORIGIN}/assets/noextension`, root)).toMatchObject({ ok: false, status: 404 });
  });

  it('refuses a relative root', () => {
    expect(resolveAppAsset(`${APP_ORIGIN}/index.html`, 'dist/renderer')).toMatchObject({ ok: false, status: 403 });
  });

  describe('with Windows path rules', () => {
    const winRoot = 'C:\\Program Files\\Sanctum\\resources\\app.asar\\dist\\renderer';

    it('maps a normal asset', () => {
      expect(resolveAppAsset(`${APP_ORIGIN}/assets/a.js`, winRoot, path.win32)).toEqual({
        ok: true,
        path: `${winRoot}\\assets\\a.js`,
        mimeType: 'text/javascript; charset=utf-8',
      });
    });

    it.each(['/C:/Windows/win.ini.js', '/C:%5cWindows%5cx.js', '/..%5c..%5cx.js', '/%5c%5cserver%5cshare%5cx.js', '/assets/a.js::$DATA', '/D:x.js'])('refuses %j', (p) => {
      expect(resolveAppAsset(`${APP_ORIGIN}${p}`, winRoot, path.win32)).toMatchObject({ ok: false });
    });
  });
});

describe('isReadMethod', () => {
  it('accepts GET and HEAD only', () => {
    expect(isReadMethod('GET')).toBe(true);
    expect(isReadMethod('HEAD')).toBe(true);
    for (const m of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'get', '']) expect(isReadMethod(m)).toBe(false);
  });
});
