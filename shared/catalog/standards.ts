/**
 * Evidentiary standards per authority (sanctions-criteria research notes §4 and §6). Thresholds are the legal
 * tests; the corroboration numbers are this app's defaults for "met", following panel practice (S/2006/997
 * paras 20-22: verified documents or on-site observation first; otherwise at least two independent sources),
 * and can be changed per authority in the app.
 */
import type { Authority, EvidentiaryStandard } from './types';

export const STANDARDS: Record<Authority, EvidentiaryStandard> = {
  UN: {
    authority: 'UN',
    // No codified test outside 1267 (whose Ombudsperson wording the 1267 regime carries itself): panel practice.
    threshold: 'Each fact corroborated: verified documents or on-site observation, otherwise at least two independent sources',
    thresholdSource: 'Panel methodology per S/2006/997 paras 20-22 (no codified threshold for listings outside the 1267 regime)',
    minIndependentSources: 2,
    maxReliability: 'B',
    maxCredibility: 3,
    verifiedDocumentSuffices: true,
    description:
      'Panels rely on authentic documents and their own on-site observation; otherwise a fact needs at least two independent sources. Two items from the same source count as one.',
  },
  EU: {
    authority: 'EU',
    threshold: 'A sufficiently solid factual basis (which the Council must prove if challenged)',
    thresholdSource: 'CJEU, Kadi II (C-584/10 P), para 119',
    minIndependentSources: 2,
    maxReliability: 'B',
    maxCredibility: 3,
    verifiedDocumentSuffices: true,
    description: 'The Council must be able to produce the evidence before the EU courts; corroborated, disclosable information carries the listing.',
  },
  UK: {
    authority: 'UK',
    threshold: 'Reasonable grounds to suspect',
    thresholdSource: 'Sanctions and Anti-Money Laundering Act 2018, s.11',
    minIndependentSources: 1,
    maxReliability: 'B',
    maxCredibility: 3,
    verifiedDocumentSuffices: true,
    description: 'A lower threshold than the UN and EU: one reliable, credible source can ground a designation, though corroboration strengthens it.',
  },
  US: {
    authority: 'US',
    threshold: 'Reason to believe',
    thresholdSource: 'OFAC designation practice (Global Magnitsky: Executive Order 13818)',
    minIndependentSources: 1,
    maxReliability: 'B',
    maxCredibility: 3,
    verifiedDocumentSuffices: true,
    description: 'An administrative record showing reason to believe; one reliable, credible source can suffice.',
  },
};
