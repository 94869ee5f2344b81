/** Why the vault locked itself, in a calm sentence for the unlock screen. */
export interface LockNotice {
  title: string;
  message: string;
}

export function lockNotice(reason: string, idleMinutes?: number | null): LockNotice | null {
  const saved = 'Everything was saved before it locked.';
  switch (reason) {
    case 'user':
      return null;
    case 'idle':
      return {
        title: 'Locked after inactivity',
        message:
          idleMinutes && idleMinutes > 0
            ? `Sanctum locked itself after ${idleMinutes} minute${idleMinutes === 1 ? '' : 's'} without activity. ${saved}`
            : `Sanctum locked itself after a period without activity. ${saved}`,
      };
    case 'suspend':
      return { title: 'Locked when the computer went to sleep', message: `The lid was closed or the computer was suspended. ${saved}` };
    case 'lock-screen':
      return { title: 'Locked with the screen', message: `The screen was locked, so Sanctum locked too. ${saved}` };
    default:
      return { title: 'Vault locked', message: `Sanctum locked the vault (${reason}). ${saved}` };
  }
}
