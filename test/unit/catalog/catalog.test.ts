import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONDUCT_TAGS } from '../../../shared/model/vocabulary';
import {
  criterionById,
  ILO_LABOUR_INDICATORS,
  REGIMES,
  Regime,
  regimeForUnReference,
  regimesForCountries,
  STANDARDS,
  assessIndicators,
  dimensionPositive,
  TRAFFICKING_ELEMENTS,
  SIX_GRAVE_VIOLATIONS,
  citationWarning,
} from '../../../shared/catalog';
import { sharedPath } from '../../helpers/shared-fixtures';

describe('sanctions catalog', () => {
  it('validates against its schema, with unique ids and known conduct tags', () => {
    const ids = new Set<string>();
    for (const r of REGIMES) {
      expect(() => Regime.parse(r), r.id).not.toThrow();
      for (const c of r.criteria) {
        expect(ids.has(c.id), `duplicate ${c.id}`).toBe(false);
        ids.add(c.id);
        for (const t of c.conduct) expect(CONDUCT_TAGS, `${c.id}: ${t}`).toContain(t);
        expect(c.conduct.length > 0 || c.association !== undefined, `${c.id} can be met by nothing`).toBe(true);
        for (const ex of c.examples) expect(r.criteria.map((x) => x.id), `${c.id} example ${ex}`).toContain(ex);
      }
    }
  });

  it('covers the regimes the issue names, with Mali kept as ended', () => {
    const names = REGIMES.map((r) => r.id);
    for (const id of ['un-1970-libya', 'un-2374-mali', 'un-2127-car', 'un-1533-drc', 'un-2206-south-sudan', 'un-2713-al-shabaab', 'un-1267-isil-aq', 'un-1591-sudan', 'un-2140-yemen', 'un-2653-haiti', 'eu-global-human-rights', 'uk-global-human-rights', 'us-global-magnitsky', 'us-tvpa']) {
      expect(names).toContain(id);
    }
    expect(REGIMES.find((r) => r.id === 'un-2374-mali')).toMatchObject({ status: 'ended', endedOn: '2023-08-31' });
  });

  it('cites the basis of the 2018 Libya trafficker listings and flags what is unverified', () => {
    const { regime, criterion } = criterionById('LY-05')!;
    expect(regime.name).toBe('Libya');
    expect(criterion.citation).toEqual({ instrument: 'S/RES/2213 (2015)', provision: 'para 11(a)' });
    // The narrative summaries of the 2018 listings cite 2174 (2014) para 4(a) with it (review notes).
    expect(criterion.alsoCited).toEqual([{ instrument: 'S/RES/2174 (2014)', provision: 'para 4(a)' }]);
    expect(criterion.conduct).toEqual(expect.arrayContaining(['trafficking_in_persons', 'kidnap_for_ransom', 'endangering_life']));
    expect(criterionById('SS-06')!.criterion.confidence).toBe('X');
    expect(criterionById('LY-08')!.criterion.confidence).toBe('R');
  });

  it('finds regimes by UN reference and by country nexus', () => {
    expect(regimeForUnReference('LYi.026')?.id).toBe('un-1970-libya');
    expect(regimeForUnReference(' QDe.115 ')?.id).toBe('un-1267-isil-aq');
    expect(regimeForUnReference('KPi.001')).toBeUndefined();
    expect(regimesForCountries(['LY', 'cd']).map((r) => r.id).sort()).toEqual(['un-1533-drc', 'un-1970-libya']);
  });

  it('sets each authority’s standard, with the UN needing two independent sources', () => {
    expect(STANDARDS.UN).toMatchObject({ minIndependentSources: 2, verifiedDocumentSuffices: true });
    expect(STANDARDS.UK.threshold).toMatch(/reasonable grounds to suspect/i);
    for (const r of REGIMES) expect(STANDARDS[r.standard]).toBeTruthy();
  });

  it('encodes the trafficking elements and the six grave violations', () => {
    expect(TRAFFICKING_ELEMENTS.act.conduct).toEqual(['recruitment', 'transportation', 'transfer', 'harbouring', 'receipt']);
    expect(SIX_GRAVE_VIOLATIONS).toHaveLength(6);
  });

  it('agrees with the research notes on every criterion id and confidence flag (../shared)', () => {
    const path = sharedPath('domain', 'sanctions-criteria.md');
    if (!path) return;
    const text = readFileSync(path, 'utf8');
    // The last column is the flag; a mixed row ("V (text …) R (para)") is VR and must never read as plain V.
    const rows = [...text.matchAll(/^\| ([A-Z]{2}-\d{2}) \|[^\n]*\| ([VRX])\b([^|\n]*)\|\s*$/gm)].map((m) => [m[1]!, m[2] === 'V' && /\bR \(/.test(m[3]!) ? 'VR' : m[2]!] as const);
    expect(rows.length).toBeGreaterThan(70);
    for (const [id, conf] of rows) {
      const found = criterionById(id);
      expect(found, `${id} missing from the catalog`).toBeTruthy();
      // The catalog may be stricter than the notes (V -> VR when a paragraph came from a secondary source), never looser.
      if (conf === 'V') expect(['V', 'VR'], id).toContain(found!.criterion.confidence);
      else expect(found!.criterion.confidence, id).toBe(conf);
    }
    const mixed = rows.filter(([, c]) => c === 'VR').map(([id]) => id);
    expect(mixed.sort()).toEqual(['CD-08', 'CD-09', 'HT-00', 'HT-05', 'LY-05', 'LY-06', 'LY-07', 'LY-11', 'SO-01', 'SS-04', 'YE-02', 'YE-03']);
  });
});

describe('catalog citations and legal elements (issue 11 rules 3 and 6)', () => {
  it('never shows a mixed-flag row as verified', () => {
    for (const id of ['LY-05', 'LY-06', 'LY-07', 'LY-11', 'SS-04', 'SO-01', 'CD-08', 'CD-09', 'YE-02', 'YE-03', 'HT-00', 'HT-05']) {
      const c = criterionById(id)!.criterion;
      expect(c.confidence, id).toBe('VR');
      expect(citationWarning(c.confidence), id).toMatch(/partly unverified/);
    }
    expect(citationWarning('V')).toBeNull();
  });

  it('cites para 11 of 2362 (2017) and 2441 (2018), and splits LY-09’s two limbs', () => {
    expect(criterionById('LY-10')!.criterion.citation).toEqual({ instrument: 'S/RES/2362 (2017)', provision: 'para 11' });
    expect(criterionById('LY-11')!.criterion.citation).toEqual({ instrument: 'S/RES/2441 (2018)', provision: 'para 11' });
    expect(criterionById('LY-09')!.criterion.association).toBeUndefined();
    expect(criterionById('LY-09B')!.criterion).toMatchObject({ association: 'acting_for', conduct: [] });
  });

  it('encodes each criterion as elements that can each be carried, and the limbs the review found wrong', () => {
    for (const r of REGIMES) {
      for (const c of r.criteria) for (const e of c.elements ?? []) expect(e.conduct.length > 0 || e.association !== undefined, `${c.id}/${e.id}`).toBe(true);
    }
    for (const id of ['LY-07', 'CF-06', 'CD-07']) expect(criterionById(id)!.criterion.elements!.map((e) => e.id), id).toEqual(['resources', 'support']);
    expect(criterionById('CD-05')!.criterion.elements!.map((e) => e.id)).toEqual(['violation', 'targeting']);
    expect(criterionById('LY-08')!.criterion.conduct).not.toContain('corruption');
    for (const id of ['ML-03', 'HT-03']) expect(criterionById(id)!.criterion.elements!.flatMap((e) => e.conduct), id).not.toContain('profiting_from_trafficking');
  });
});

describe('ILO operational indicators', () => {
  it('has the Delphi adult labour set: 67 indicators in six dimensions', () => {
    const adult = ILO_LABOUR_INDICATORS.filter((i) => i.adult);
    expect(adult).toHaveLength(67);
    const counts: Record<string, number> = {};
    for (const i of adult) counts[i.dimension] = (counts[i.dimension] ?? 0) + 1;
    expect(counts).toEqual({ deceptive_recruitment: 10, coercive_recruitment: 10, recruitment_vulnerability: 16, exploitative_conditions: 9, coercion_destination: 15, vulnerability_destination: 7 });
    expect(ILO_LABOUR_INDICATORS.filter((i) => i.child).every((i) => i.child !== 'weak')).toBe(true);
  });

  it('applies the dimension rule', () => {
    expect(dimensionPositive(['strong', 'strong'])).toBe(true);
    expect(dimensionPositive(['strong', 'weak'])).toBe(true);
    expect(dimensionPositive(['medium', 'medium', 'medium'])).toBe(true);
    expect(dimensionPositive(['medium', 'medium', 'weak'])).toBe(true);
    expect(dimensionPositive(['medium', 'medium'])).toBe(false);
    expect(dimensionPositive(['strong'])).toBe(false);
    expect(dimensionPositive(['weak', 'weak', 'weak', 'medium'])).toBe(false);
  });

  it('applies the victim rule: adults need destination coercion, children do not', () => {
    const id = (label: string, dim: string) => ILO_LABOUR_INDICATORS.find((i) => i.label === label && i.dimension === dim)!.id;
    const deceived = id('Deceived about the nature of the job, location or employer', 'deceptive_recruitment');
    const wages = id('Deceived about wages or earnings', 'deceptive_recruitment');
    const hours = id('Excessive working days or hours', 'exploitative_conditions');
    const noPay = id('Low or no salary', 'exploitative_conditions');
    const docs = id('Confiscation of documents', 'coercion_destination');
    const debt = id('Debt bondage', 'coercion_destination');
    const base = [deceived, wages, hours, noPay];
    expect(assessIndicators(base, 'adult')).toMatchObject({ likelyVictim: false, reason: expect.stringMatching(/coercion or abuse of vulnerability at destination/) });
    expect(assessIndicators(base, 'child').likelyVictim).toBe(true);
    expect(assessIndicators([...base, docs, debt], 'adult').likelyVictim).toBe(true);
  });
});
