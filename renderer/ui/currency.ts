/**
 * ISO 4217 currencies for pickers: every code the runtime's ICU knows (Intl.supportedValuesOf), named in
 * English ("LYD — Libyan Dinar"). A picker instead of a three-letter text field: typing "dollars" used to be
 * cut to "DOL", which is no currency.
 */
export interface CurrencyOption {
  code: string;
  label: string;
}

/** Sorted by code; `keep` (a stored value the runtime does not know) is added so an edit never drops it. */
export function currencyOptions(keep?: string): CurrencyOption[] {
  const names = new Intl.DisplayNames(['en'], { type: 'currency', fallback: 'code' });
  const codes = new Set(Intl.supportedValuesOf('currency').filter((c) => /^[A-Z]{3}$/.test(c)));
  if (keep && /^[A-Z]{3}$/.test(keep)) codes.add(keep);
  return [...codes].sort().map((code) => {
    const name = names.of(code);
    return { code, label: name && name !== code ? `${code} — ${name}` : code };
  });
}
