/**
 * Every action the code can write to the audit log has a label a person can read. The actions are found in
 * the sources: `action: '…'` literals, `action: CONSTANT` (resolved to its string), and actions passed through
 * a parameter (`action: string`) to a helper, whose call sites are read for their literal arguments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, auditActionLabel, isAuditAction } from '../../../shared/audit-actions';

const ROOT = join(__dirname, '../../..');
const SCAN = ['main/core', 'main/cli', 'main/ipc'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(rel);
  }
  return out;
}

/** Text with comments removed (doc comments mention actions that are not written there). */
function code(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ''))
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

interface Found {
  action: string;
  where: string;
}

function writtenActions(files: string[]): { found: Found[]; unresolved: string[] } {
  const texts = new Map(files.map((f) => [f, code(f)]));
  const constants = new Map<string, string>();
  for (const t of texts.values()) {
    for (const m of t.matchAll(/\bconst\s+([A-Z][A-Z0-9_]*)(?:\s*:\s*[A-Za-z]+)?\s*=\s*'([^']+)'/g)) constants.set(m[1]!, m[2]!);
  }
  const found: Found[] = [];
  const unresolved: string[] = [];
  const helpers = new Set<string>();
  for (const [file, t] of texts) {
    const lineOf = (i: number) => `${file}:${t.slice(0, i).split('\n').length}`;
    // An audit input: an object with `action` and one of target/details/custodyItem, or handed to
    // append/record/action/transact. Protection's hit actions (`redact`/`review`) and the window-open handler
    // are other things called action; they are excluded by shape below.
    for (const m of t.matchAll(/(?<![.\w$])action(?::\s*(?:'([^']*)'|`([^`]*)`|([A-Za-z_$#][\w$.]*))|\s*(?=[,}]))/g)) {
      const at = m.index;
      const context = t.slice(Math.max(0, at - 200), at + 300);
      const auditish = /\b(append|record|action|transact|note|#note)\s*\(\s*\{?|entry:\s*\{|details:|custodyItem:|target:/.test(context);
      if (!auditish) continue;
      if (m[1] !== undefined) {
        if (m[1] === 'deny' || m[1] === 'redact' || m[1] === 'review') continue;
        found.push({ action: m[1], where: lineOf(at) });
      } else if (m[2] !== undefined) {
        unresolved.push(`${lineOf(at)}: template action \`${m[2]}\``);
      } else {
        const name = m[3] ?? 'action';
        if (name.startsWith('z.')) continue;
        if (constants.has(name)) found.push({ action: constants.get(name)!, where: lineOf(at) });
        else if (/^(input|e|entry|audit|p|t|h)\.action$/.test(name) || name === 'HitAction' || /^t\.action$/.test(name)) continue;
        else {
          // A parameter: find the function that takes `action: string` and read its call sites.
          const before = t.slice(0, at);
          const fn = [...before.matchAll(/(#?[A-Za-z_$][\w$]*)\s*\([^()]*\baction:\s*string/g)].pop();
          if (fn) helpers.add(fn[1]!);
          else unresolved.push(`${lineOf(at)}: action from ${name}`);
        }
      }
    }
  }
  for (const h of helpers) {
    const esc = h.replace(/[$#]/g, (c) => `\\${c}`);
    let calls = 0;
    for (const [file, t] of texts) {
      for (const m of t.matchAll(new RegExp(`${esc}\\(([^;]*?)\\)`, 'g'))) {
        for (const s of m[1]!.matchAll(/'([a-z]+\.[a-z_]+|undo)'/g)) {
          found.push({ action: s[1]!, where: `${file} (via ${h})` });
          calls++;
        }
      }
    }
    if (calls === 0) unresolved.push(`helper ${h} takes an action but no call passes a literal one`);
  }
  return { found, unresolved };
}

describe('audit action labels', () => {
  const { found, unresolved } = writtenActions(SCAN.flatMap(sources));

  it('finds the actions the code writes (the scan itself works)', () => {
    const actions = new Set(found.map((f) => f.action));
    // Spread over the code base: sessions, records, custody, screening, packages, and a helper's argument.
    for (const a of ['vault.unlocked', 'entity.created', 'custody.intake', 'custody.exported', 'screening.decision_recorded', 'export.listing_proposal', 'compartment.passphrase_changed']) {
      expect(actions, a).toContain(a);
    }
    expect(actions.size).toBeGreaterThan(50);
  });

  it('has a label for every action the code can write', () => {
    const missing = found.filter((f) => !isAuditAction(f.action)).map((f) => `${f.action} (${f.where})`);
    expect(missing).toEqual([]);
    expect(unresolved).toEqual([]);
  });

  it('labels are words, not codes', () => {
    for (const a of AUDIT_ACTIONS) {
      const label = AUDIT_ACTION_LABELS[a];
      expect(label, a).not.toBe(a);
      expect(label, a).not.toMatch(/[a-z]\.[a-z_]+|_/);
      expect(label.charAt(0), a).toBe(label.charAt(0).toUpperCase());
    }
  });

  it('names an unknown action as unknown, with its code', () => {
    expect(auditActionLabel('screening.decision_recorded')).toBe('Screening decision recorded');
    expect(auditActionLabel('future.thing')).toBe('Unknown action (future.thing)');
  });

  it('reports an action without a label (the check can fail)', () => {
    expect(isAuditAction('screening.something_new')).toBe(false);
    const probe = writtenActions(['main/core/session.ts']).found.map((f) => f.action);
    expect(probe).toContain('vault.unlocked');
    expect(relative(ROOT, join(ROOT, 'main/core/session.ts'))).toBe('main/core/session.ts');
  });
});
