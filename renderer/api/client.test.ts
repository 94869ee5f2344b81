import { describe, expect, it } from 'vitest';
import { toResult } from './client';

describe('toResult', () => {
  it('passes well-formed results through', () => {
    expect(toResult({ ok: true, value: { a: 1 } })).toEqual({ ok: true, value: { a: 1 } });
    expect(toResult({ ok: false, error: { code: 'WRONG_PASSPHRASE', message: 'wrong passphrase' } })).toEqual({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE', message: 'wrong passphrase' },
    });
    expect(toResult({ ok: false, error: { code: 'INVALID_INPUT', message: 'm', where: 'passphrase' } })).toMatchObject({ error: { where: 'passphrase' } });
  });

  it('turns anything malformed or unknown into INTERNAL', () => {
    expect(toResult(undefined)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(toResult({ ok: 'yes' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(toResult({ ok: false, error: { code: 'MADE_UP', message: 'm' } })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'm' } });
  });
});
