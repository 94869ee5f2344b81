/**
 * Grants for channel tests that are about what a channel does with a file, not about how the renderer got it
 * (that is system.pickFiles / pickSavePath and drops; test/security/renderer-compromise.test.ts covers it).
 */
import type { GrantStore } from '../../main/ipc';

export function granter(grants: GrantStore) {
  return {
    read: (purpose: string, path: string): string => grants.issue(path, 'read', purpose).grant,
    write: (purpose: string, path: string): string => grants.issue(path, 'write', purpose).grant,
  };
}
