import { describe, expect, it } from 'vitest';
import { countryCode, parseCountryCodes } from './format';

describe('countries typed by code or by name', () => {
  it('takes ISO codes as before, in any case, separated by commas or spaces', () => {
    expect(parseCountryCodes('ly, ER  sd')).toEqual({ codes: ['ly', 'er', 'sd'], invalid: [] });
    expect(parseCountryCodes('LY, XX')).toEqual({ codes: ['ly'], invalid: ['XX'] });
  });

  it('takes country names in several languages and stores the code', () => {
    expect(countryCode('Nigeria')).toBe('ng');
    expect(countryCode('nigeria')).toBe('ng');
    expect(countryCode('Libye')).toBe('ly'); // French
    expect(countryCode('ليبيا')).toBe('ly'); // Arabic
    expect(countryCode('Érythrée')).toBe('er'); // French, diacritics
    expect(countryCode('erythree')).toBe('er'); // typed without them
    expect(countryCode('Sudán')).toBe('sd'); // Spanish
    expect(parseCountryCodes('Nigeria, South Sudan; Libya')).toEqual({ codes: ['ng', 'ss', 'ly'], invalid: [] });
    expect(parseCountryCodes('ليبيا، تونس')).toEqual({ codes: ['ly', 'tn'], invalid: [] });
  });

  it('refuses what is neither, and does not guess from part of a word', () => {
    expect(countryCode('dollars')).toBeNull();
    expect(countryCode('Nige')).toBeNull();
    expect(countryCode('')).toBeNull();
    expect(countryCode('ZZ')).toBeNull(); // CLDR's "Unknown Region"
    expect(countryCode('Unknown Region')).toBeNull();
    expect(parseCountryCodes('Atlantis, ly')).toEqual({ codes: ['ly'], invalid: ['Atlantis'] });
  });

  it('keeps each country once', () => {
    expect(parseCountryCodes('Libya, LY, ليبيا').codes).toEqual(['ly']);
  });
});
