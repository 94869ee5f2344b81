/** Which writing system a name is in, from its letters (Unicode script property escapes). */
export type ScriptName = 'latin' | 'arabic' | 'cyrillic' | 'ethiopic' | 'chinese' | 'other';

const TESTS: [ScriptName, RegExp][] = [
  ['arabic', /\p{Script=Arabic}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['ethiopic', /\p{Script=Ethiopic}/u],
  ['chinese', /\p{Script=Han}/u],
  ['latin', /\p{Script=Latin}/u],
];

export function detectScript(text: string): ScriptName {
  const counts = new Map<ScriptName, number>();
  for (const ch of text) {
    for (const [name, re] of TESTS) {
      if (re.test(ch)) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      }
    }
  }
  let best: ScriptName = 'other';
  let n = 0;
  for (const [name, c] of counts) if (c > n) [best, n] = [name, c];
  return best;
}
