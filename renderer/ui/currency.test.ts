import { describe, expect, it } from 'vitest';
import { currencyOptions } from './currency';

describe('currency picker options', () => {
  const options = currencyOptions();
  const codes = options.map((o) => o.code);

  it('offers ISO 4217 codes only, sorted, with their English names', () => {
    expect(codes.length).toBeGreaterThan(100);
    for (const c of codes) expect(c).toMatch(/^[A-Z]{3}$/);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    expect(options.find((o) => o.code === 'LYD')?.label).toBe('LYD — Libyan Dinar');
    expect(options.find((o) => o.code === 'USD')?.label).toBe('USD — US Dollar');
    expect(codes).toEqual(expect.arrayContaining(['EUR', 'ERN', 'ETB', 'SDG', 'SSP', 'TND', 'NGN']));
  });

  it('never offers what a truncated word would give ("dollars" → "DOL")', () => {
    expect(codes).not.toContain('DOL');
  });

  it('keeps a stored code the runtime does not know, so editing a record does not drop it', () => {
    expect(currencyOptions('XQQ').map((o) => o.code)).toContain('XQQ');
    expect(currencyOptions('dollars').map((o) => o.code)).not.toContain('dollars');
  });
});
