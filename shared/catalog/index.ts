/**
 * The sanctions and legal catalog: regimes and their designation criteria (UN, EU, UK, US), evidentiary
 * standards, legal elements and ILO indicators — typed data with citations, in the repo so the app never
 * depends on anything outside it at run time.
 */
import { NATIONAL_REGIMES } from './regimes-national';
import { UN_REGIMES } from './regimes-un';
import type { Criterion, Regime } from './types';

export * from './types';
export { STANDARDS } from './standards';
export * from './legal-elements';
export * from './ilo-indicators';

export const REGIMES: Regime[] = [...UN_REGIMES, ...NATIONAL_REGIMES];

export function regimeById(id: string): Regime | undefined {
  return REGIMES.find((r) => r.id === id);
}

export function criterionById(id: string): { regime: Regime; criterion: Criterion } | undefined {
  for (const regime of REGIMES) {
    const criterion = regime.criteria.find((c) => c.id === id);
    if (criterion) return { regime, criterion };
  }
  return undefined;
}

/** The regime a UN list reference number (e.g. "LYi.026") belongs to. */
export function regimeForUnReference(reference: string): Regime | undefined {
  const prefix = reference.trim().slice(0, 3);
  return REGIMES.find((r) => r.unList?.prefixes.includes(prefix));
}

/** Regimes whose country nexus includes any of these countries (ISO alpha-2, lower case). */
export function regimesForCountries(countries: string[]): Regime[] {
  const set = new Set(countries.map((c) => c.toLowerCase()));
  return REGIMES.filter((r) => r.nexus.type === 'country' && r.nexus.countries.some((c) => set.has(c)));
}
