/** Pure rules of the packages area (names, recipients, profiles, paths), kept out of the components so they read plainly. */
import type { DISCLOSURE_PROFILES } from '../../shared/ipc/schemas/packages';

export type Profile = (typeof DISCLOSURE_PROFILES)[number];
export type SelectionMode = 'case' | 'entities' | 'claims' | 'evidence';
export type OutputFormat = 'directory' | 'tar' | 'tar.gz';

export const PROFILE_TEXT: Record<Profile, { title: string; line: string }> = {
  prosecutor: {
    title: 'Prosecutor',
    line: 'Every selected file; statements the witness agreed to share with prosecutors, named only where they consented to be named.',
  },
  panel: {
    title: 'Panel of experts',
    line: 'Every selected file; statements the witness agreed to have used for listings, under pseudonyms only.',
  },
  public: {
    title: 'Public',
    line: 'Releasable claims and non-confidential originals only: no statements, no witness entities, no names.',
  },
};

export const SELECTION_TEXT: Record<SelectionMode, { title: string; line: string }> = {
  case: { title: 'The whole case', line: 'Every original, statement, entity, relationship, event and claim of the case.' },
  entities: { title: 'By entity', line: 'The chosen entities, their relationships and the claims about them, with the evidence those rest on.' },
  claims: { title: 'By claim', line: 'The chosen claims, who and what they are about, and the evidence they cite.' },
  evidence: { title: 'By hand', line: 'Evidence items picked from the list, with the claims that cite them.' },
};

export const FORMAT_TEXT: Record<OutputFormat, string> = {
  directory: 'Folder (a BagIt bag anyone can check)',
  tar: '.tar archive',
  'tar.gz': '.tar.gz archive (compressed)',
};

/** "Zawiya coast 2023" -> "zawiya-coast-2023" (file names the save dialog proposes). */
export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'case'
  );
}

/** The name proposed in the save dialog; the core picks the format from the extension (encrypted when there are recipients). */
export function defaultPackageName(caseName: string, profile: Profile, format: OutputFormat, encrypted: boolean, today = new Date()): string {
  const base = `${slug(caseName)}-${profile}-${today.toISOString().slice(0, 10)}`;
  if (encrypted) return `${base}.sanctum`;
  return format === 'directory' ? base : `${base}.${format}`;
}

const RECIPIENT = /^(x25519:)?[0-9a-fA-F]{64}$/;

/** One key per line (blank lines and duplicates ignored); lines that are not keys are reported with their number. */
export function parseRecipients(text: string): { keys: string[]; invalid: { line: number; text: string }[] } {
  const keys: string[] = [];
  const invalid: { line: number; text: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const t = raw.trim();
    if (!t) return;
    if (!RECIPIENT.test(t)) invalid.push({ line: i + 1, text: t });
    else {
      const k = t.toLowerCase().startsWith('x25519:') ? `x25519:${t.slice(7).toLowerCase()}` : `x25519:${t.toLowerCase()}`;
      if (!keys.includes(k)) keys.push(k);
    }
  });
  return { keys, invalid };
}


export type BadgeIntent = 'success' | 'warning' | 'danger' | 'none';

/**
 * A check's badge in a verification report. Green only when the whole package is valid: a signature that
 * matches, or a custody chain that holds, inside an invalid package proves nothing about its files, so it is
 * shown grey and says so rather than reassuring anyone.
 */
export function checkBadge(packageValid: boolean, ok: boolean, words: { good: string; bad: string }): { intent: BadgeIntent; text: string } {
  if (!ok) return { intent: 'danger', text: words.bad };
  if (!packageValid) return { intent: 'none', text: `${words.good}, but the package is invalid` };
  return { intent: 'success', text: words.good };
}
