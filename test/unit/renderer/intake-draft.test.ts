import { describe, expect, it } from 'vitest';
import { stillToPick } from '../../../renderer/evidence/intake-draft';

describe('stillToPick (evidence intake after a lock)', () => {
  it('names the files not picked again yet, by display name, once per file wanted', () => {
    const wanted = ['report.pdf', 'photo.jpg', 'photo.jpg', 'notes.txt'];
    expect(stillToPick(wanted, [])).toEqual(wanted);
    expect(stillToPick(wanted, [{ name: 'photo.jpg' }, { name: 'notes.txt' }])).toEqual(['report.pdf', 'photo.jpg']);
    expect(stillToPick(wanted, [{ name: 'photo.jpg' }, { name: 'photo.jpg' }, { name: 'report.pdf' }, { name: 'notes.txt' }, { name: 'extra.doc' }])).toEqual([]);
  });
});
