/**
 * Numbers in the analytics table with meaningful precision. Normalised betweenness in a network of thousands
 * is tiny (a broker between two cells of 300 scores ~1e-3, most entities ~1e-6): a fixed "0.0" hid every
 * difference. Values keep three significant digits; below 0.001 they go scientific ("3.2e-5"); exact zeros stay
 * "0". The rank ("12th of 5,000") goes in the cell's tooltip. Pure: tested in Node.
 */
import { denseRanks } from '../../shared/graph/analytics';

/**
 * One formatter for every cell and tooltip: `toLocaleString` builds a new one per call, and the table formats
 * a dozen numbers per visible row on every render (a visible share of its commit in the 5k e2e profile).
 */
export const EN_INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000) return EN_INTEGER.format(Math.round(v));
  if (a >= 0.001) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(1).split('e');
  return `${m}e${Number(e)}`;
}

/** Dense ranks, highest first (equal values share a rank): for "12th of 5,000" (the worker ranks the table). */
export function ranks(values: readonly number[]): number[] {
  return Array.from(denseRanks(values));
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${EN_INTEGER.format(n)}${s}`;
}
