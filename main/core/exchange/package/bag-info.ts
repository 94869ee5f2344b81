/**
 * bag-info.txt (RFC 8493 §2.2.2): ordered "Label: value" elements; labels are case-insensitive and may repeat;
 * a value continues on following lines that start with a space or tab (the indentation is not part of the value,
 * the line break is). BagIt 1.0 wants exactly one space or tab after the colon and no whitespace around the
 * label; earlier versions allowed any whitespace around the colon, and so do we for them.
 */
import type { TagLine } from './tag-text';

export interface BagInfoEntry {
  label: string;
  value: string;
  line: number;
}

export interface BagInfoIssue {
  line: number;
  severity: 'error' | 'warning';
  reason: string;
}

export function parseBagInfo(lines: readonly TagLine[], version: string | null): { entries: BagInfoEntry[]; issues: BagInfoIssue[] } {
  const strict = version === null || Number(version) >= 1;
  const entries: BagInfoEntry[] = [];
  const issues: BagInfoIssue[] = [];
  for (const { n, text } of lines) {
    if (text === '') {
      issues.push({ line: n, severity: 'warning', reason: `line ${n} is empty` });
      continue;
    }
    if (text[0] === ' ' || text[0] === '\t') {
      const last = entries.at(-1);
      if (!last) issues.push({ line: n, severity: 'error', reason: `line ${n} is indented (a continuation) but no element precedes it` });
      else last.value += `\n${text.replace(/^[ \t]+/, '')}`;
      continue;
    }
    const colon = text.indexOf(':');
    if (colon < 0) {
      issues.push({ line: n, severity: 'error', reason: `line ${n} is not "Label: value" (no colon)` });
      continue;
    }
    const rawLabel = text.slice(0, colon);
    const rest = text.slice(colon + 1);
    if (strict) {
      if (rawLabel.trim() === '') {
        issues.push({ line: n, severity: 'error', reason: `line ${n} has an empty label` });
        continue;
      }
      if (rawLabel !== rawLabel.trim()) {
        issues.push({ line: n, severity: 'error', reason: `line ${n}: the label "${rawLabel}" starts or ends with whitespace` });
        continue;
      }
      if (rest === '') {
        issues.push({ line: n, severity: 'warning', reason: `line ${n}: "${rawLabel}" has no value` });
        entries.push({ label: rawLabel, value: '', line: n });
      } else if (rest[0] !== ' ' && rest[0] !== '\t') {
        issues.push({ line: n, severity: 'error', reason: `line ${n}: "${rawLabel}:" must be followed by one space or tab` });
      } else {
        entries.push({ label: rawLabel, value: rest.slice(1), line: n });
      }
    } else {
      const label = rawLabel.trim();
      if (label === '') {
        issues.push({ line: n, severity: 'error', reason: `line ${n} has an empty label` });
        continue;
      }
      entries.push({ label, value: rest.replace(/^[ \t]+/, ''), line: n });
    }
  }
  return { entries, issues };
}

/** One element per line; a value with line breaks continues on lines indented by two spaces. */
export function serializeBagInfo(entries: readonly { label: string; value: string }[]): string {
  return entries.map((e) => `${e.label}: ${e.value.split('\n').join('\n  ')}\n`).join('');
}

export function bagInfoValues(entries: readonly { label: string; value: string }[], label: string): string[] {
  const l = label.toLowerCase();
  return entries.filter((e) => e.label.toLowerCase() === l).map((e) => e.value);
}

export function bagInfoValue(entries: readonly { label: string; value: string }[], label: string): string | undefined {
  return bagInfoValues(entries, label)[0];
}

/** RFC 8493: Payload-Oxum must not repeat; these should not. */
export const NOT_REPEATABLE = ['payload-oxum'];
export const SHOULD_NOT_REPEAT = ['bagging-date', 'bag-size', 'bag-group-identifier', 'bag-count'];
