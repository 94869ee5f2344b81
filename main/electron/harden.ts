/**
 * Attaches the pure decisions of security.ts to Electron's hooks: permissions and requests per session,
 * navigation / new windows / webviews per webContents. Glue only.
 */
import type { Session, WebContents } from 'electron';
import {
  devicePermissionDecision,
  isAllowedNavigation,
  isAllowedRequest,
  permissionCheckDecision,
  permissionRequestDecision,
  windowOpenHandler,
} from './security';

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((contents, permission, callback) => callback(permissionRequestDecision(permission, contents.getURL())));
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionCheckDecision(permission, requestingOrigin));
  ses.setDevicePermissionHandler((details) => devicePermissionDecision(details.deviceType, details.origin));
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => windowOpenHandler());
}
