import { describe, expect, it } from 'vitest';
import { blobRefs, isBlobInfo } from '../../../main/core/blobs/blob-refs';

const ref = { blobId: 'ab'.repeat(16), sha256: 'cd'.repeat(32), size: 1234 };

describe('blobRefs', () => {
  it('finds data.blob when it is {blobId, sha256, size}, and only the three fields', () => {
    expect(blobRefs({ data: { title: 'Photo', blob: { ...ref, extra: 'x' } } })).toEqual([ref]);
    expect(blobRefs({ data: { blob: { ...ref, size: 0 } } })).toEqual([{ ...ref, size: 0 }]);
  });

  it('ignores records without a well-formed reference', () => {
    const bad: unknown[] = [
      null,
      'text',
      { name: 'no blob' },
      { blob: null },
      { blob: { ...ref, blobId: 'AB'.repeat(16) } },
      { blob: { ...ref, blobId: 'ab' } },
      { blob: { ...ref, sha256: 'zz'.repeat(32) } },
      { blob: { ...ref, size: -1 } },
      { blob: { ...ref, size: 1.5 } },
      { blob: { ...ref, size: '1234' } },
      { blob: { blobId: ref.blobId, sha256: ref.sha256 } },
    ];
    for (const data of bad) expect(blobRefs({ data }), JSON.stringify(data)).toEqual([]);
    expect(isBlobInfo(ref)).toBe(true);
    expect(isBlobInfo([ref])).toBe(false);
  });

  // Evidence items keep theirs at data.file.blob: a reference anywhere in the data counts (issue 9, finding 2).
  it('finds well-formed references at any depth, in arrays too, each blob once', () => {
    const other = { ...ref, blobId: 'ef'.repeat(16) };
    expect(blobRefs({ data: { file: { originalName: 'a.pdf', blob: ref } } })).toEqual([ref]);
    expect(blobRefs({ data: [ref] })).toEqual([ref]);
    expect(blobRefs({ data: { blobs: [ref, { deep: { deeper: other } }, ref] } })).toEqual([ref, other]);
  });
});
