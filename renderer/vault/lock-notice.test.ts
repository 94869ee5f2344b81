import { describe, expect, it } from 'vitest';
import { lockNotice } from './lock-notice';

describe('lockNotice', () => {
  it('says nothing when the person locked the vault themselves', () => {
    expect(lockNotice('user')).toBeNull();
  });

  it('names the idle period, the suspend and the screen lock calmly', () => {
    expect(lockNotice('idle', 5)?.message).toMatch(/after 5 minutes without activity\. Saved work is in the vault\.$/);
    expect(lockNotice('idle', 1)?.message).toMatch(/after 1 minute without/);
    expect(lockNotice('idle', null)?.message).toMatch(/after a period without activity/);
    expect(lockNotice('suspend')?.title).toBe('Locked when the computer went to sleep');
    expect(lockNotice('lock-screen')?.message).toMatch(/screen was locked/);
  });

  it('says exactly which unsaved drafts were kept, and never that everything was saved', () => {
    const n = lockNotice('idle', 5, ['statement for case Kufra']);
    expect(n?.message).toMatch(/Kept 1 unsaved draft: statement for case Kufra\./);
    expect(n?.message).not.toMatch(/Everything was saved/);
    expect(lockNotice('user', null, ['entity for case A', 'claim for case B'])?.message).toMatch(/Kept 2 unsaved drafts: entity for case A; claim for case B\./);
    expect(lockNotice('suspend', null, [], 2)?.message).toMatch(/2 unsaved drafts were lost/);
  });

  it('still explains an unknown reason', () => {
    expect(lockNotice('shutdown')).toEqual({ title: 'Vault locked', message: expect.stringMatching(/\(shutdown\)/) });
  });
});
