/** The analytics table's number format: tiny betweenness values stay distinguishable (never all "0.0"). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMetric, ordinal, ranks } from '../../../renderer/graph/metric-format';

describe('formatMetric', () => {
  it('keeps three significant digits, scientific below 0.001, separators from 1000', () => {
    expect(formatMetric(0)).toBe('0');
    expect(formatMetric(0.123456)).toBe('0.123');
    expect(formatMetric(0.00123)).toBe('0.00123');
    expect(formatMetric(0.0000321)).toBe('3.2e-5');
    expect(formatMetric(4.2e-9)).toBe('4.2e-9');
    expect(formatMetric(12.3456)).toBe('12.3');
    expect(formatMetric(123456.7)).toBe('123,457');
    expect(formatMetric(Number.NaN)).toBe('—');
  });

  it('distinct small positive values of different magnitude never print the same', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 0.5, noNaN: true }), fc.integer({ min: 2, max: 9 }), (v, f) => {
        expect(formatMetric(v)).not.toBe(formatMetric(v * f));
        expect(formatMetric(v)).not.toBe('0');
      }),
    );
  });
});

describe('ranks', () => {
  it('dense ranks, highest first, ties share', () => {
    expect(ranks([0.5, 0.1, 0.5, 0])).toEqual([1, 2, 1, 3]);
    expect(ordinal(1)).toBe('1st');
    expect(ordinal(12)).toBe('12th');
    expect(ordinal(23)).toBe('23rd');
  });
});
