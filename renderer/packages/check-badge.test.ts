import { describe, expect, it } from 'vitest';
import { checkBadge } from './package-model';

const SIG = { good: 'signature valid', bad: 'signature invalid' };

describe('verification badges', () => {
  it('is green only when the whole package is valid and the check passed', () => {
    expect(checkBadge(true, true, SIG)).toEqual({ intent: 'success', text: 'signature valid' });
  });

  it('never shows a green badge on an invalid package, and says why', () => {
    const b = checkBadge(false, true, { good: 'continuous', bad: 'broken' });
    expect(b.intent).not.toBe('success');
    expect(b.text).toBe('continuous, but the package is invalid');
  });

  it('shows a failed check in red whatever the package', () => {
    expect(checkBadge(true, false, SIG)).toEqual({ intent: 'danger', text: 'signature invalid' });
    expect(checkBadge(false, false, SIG)).toEqual({ intent: 'danger', text: 'signature invalid' });
  });
});
