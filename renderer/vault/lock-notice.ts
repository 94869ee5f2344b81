/** Why the vault locked itself, and what it kept, in calm sentences for the unlock screen. */
import { keptSentence } from '../../shared/ipc/schemas/drafts';

export interface LockNotice {
  title: string;
  message: string;
}

/** What happened to the work: saved records are in the vault; unsaved drafts are named one by one. */
function workSentence(kept: readonly string[], lost: number): string {
  const parts = ['Saved work is in the vault.'];
  if (kept.length) parts.push(`${keptSentence(kept)} It opens again where you left it after unlocking.`);
  if (lost) parts.push(`${lost} unsaved draft${lost === 1 ? ' was' : 's were'} lost: the vault refused to store ${lost === 1 ? 'it' : 'them'}.`);
  return parts.join(' ');
}

export function lockNotice(reason: string, idleMinutes?: number | null, kept: readonly string[] = [], lost = 0): LockNotice | null {
  const work = workSentence(kept, lost);
  switch (reason) {
    case 'user':
      return kept.length || lost ? { title: 'Vault locked', message: work } : null;
    case 'idle':
      return {
        title: 'Locked after inactivity',
        message:
          idleMinutes && idleMinutes > 0
            ? `Sanctum locked itself after ${idleMinutes} minute${idleMinutes === 1 ? '' : 's'} without activity. ${work}`
            : `Sanctum locked itself after a period without activity. ${work}`,
      };
    case 'suspend':
      return { title: 'Locked when the computer went to sleep', message: `The lid was closed or the computer was suspended. ${work}` };
    case 'lock-screen':
      return { title: 'Locked with the screen', message: `The screen was locked, so Sanctum locked too. ${work}` };
    default:
      return { title: 'Vault locked', message: `Sanctum locked the vault (${reason}). ${work}` };
  }
}
