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

describe('toResult: review details', () => {
  const hit = { key: '0123456789abcdef', where: 'FtM export', field: "father's name", subject: 'W-001', context: 'Only [[Tesfamariam]] knew' };
  it('keeps the hits of a refused export when they match the contract, drops them otherwise', () => {
    expect(toResult({ ok: false, error: { code: 'FORBIDDEN', message: 'm', details: { reviewHits: [hit] } } })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'm', details: { reviewHits: [hit] } },
    });
    expect(toResult({ ok: false, error: { code: 'FORBIDDEN', message: 'm', details: { reviewHits: [{ ...hit, key: 'x' }] } } })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'm' } });
  });
});
