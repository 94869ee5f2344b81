/**
 * ILO–EC "Delphi" operational indicators of trafficking in human beings (ILO, 2009; WCMS_105023): the labour
 * exploitation sets for adults and for children, each indicator graded strong / medium / weak, and the
 * decision rule. Indicators prompt referral and review; they never prove anything on their own.
 *
 * Transcribed from a verified synthesis of the Delphi tables (research notes §5.4 point to it); the ILO PDF is
 * authoritative, so every weight here carries confidence 'R' until checked against it. The two sexual-
 * exploitation sets are not encoded yet: their tables were not available to check, and inventing weights would
 * be worse than leaving them out (SEXUAL_SETS_ENCODED = false; the UI says so).
 */
export type Weight = 'strong' | 'medium' | 'weak';

export const DIMENSIONS = {
  deceptive_recruitment: 'Deceptive recruitment',
  coercive_recruitment: 'Coercive recruitment',
  recruitment_vulnerability: 'Recruitment by abuse of vulnerability',
  exploitative_conditions: 'Exploitative conditions of work',
  coercion_destination: 'Coercion at destination',
  vulnerability_destination: 'Abuse of vulnerability at destination',
} as const;
export type Dimension = keyof typeof DIMENSIONS;

export const RECRUITMENT_DIMENSIONS: Dimension[] = ['deceptive_recruitment', 'coercive_recruitment', 'recruitment_vulnerability'];
export const DESTINATION_DIMENSIONS: Dimension[] = ['coercion_destination', 'vulnerability_destination'];

export interface Indicator {
  id: string;
  dimension: Dimension;
  label: string;
  /** Weight in the adult labour-exploitation set (null: not in the set). */
  adult: Weight | null;
  /** Weight in the child labour-exploitation set (null: not in the set; this set has no weak tier). */
  child: Weight | null;
}

const S = 'strong' as const;
const M = 'medium' as const;
const W = 'weak' as const;

const rows: [Dimension, string, Weight | null, Weight | null][] = [
  ['deceptive_recruitment', 'Deceived about the nature of the job, location or employer', S, S],
  ['deceptive_recruitment', 'Deceived about wages or earnings', M, M],
  ['deceptive_recruitment', 'Deceived about conditions of work', M, M],
  ['deceptive_recruitment', 'Deceived about the content or legality of the work contract', M, M],
  ['deceptive_recruitment', 'Deceived about housing and living conditions', M, M],
  ['deceptive_recruitment', 'Deceived about legal documentation or obtaining legal migration status', M, M],
  ['deceptive_recruitment', 'Deceived about travel and recruitment conditions', M, M],
  ['deceptive_recruitment', 'Deceived about family reunification', M, M],
  ['deceptive_recruitment', 'Deceived through promises of marriage or adoption', M, M],
  ['deceptive_recruitment', 'Deceived about access to education opportunities', W, S],

  ['coercive_recruitment', 'Violence on victims', S, S],
  ['coercive_recruitment', 'Threats of violence against the victim', M, S],
  ['coercive_recruitment', 'Abduction, forced marriage, forced adoption or selling of the victim', M, S],
  ['coercive_recruitment', 'Debt bondage', M, S],
  ['coercive_recruitment', 'Confiscation of documents', M, M],
  ['coercive_recruitment', 'Isolation, confinement or surveillance', M, M],
  ['coercive_recruitment', 'Threat of denunciation to authorities', M, M],
  ['coercive_recruitment', 'Threats to inform family, community or public', M, M],
  ['coercive_recruitment', 'Violence on family (threats or effective)', M, M],
  ['coercive_recruitment', 'Withholding of money', M, M],

  ['recruitment_vulnerability', 'Abuse of a difficult family situation', M, M],
  ['recruitment_vulnerability', 'Abuse of illegal status', M, M],
  ['recruitment_vulnerability', 'Abuse of lack of education (language)', M, M],
  ['recruitment_vulnerability', 'Abuse of lack of information', M, M],
  ['recruitment_vulnerability', 'Control of exploiters', M, M],
  ['recruitment_vulnerability', 'Economic reasons', M, M],
  ['recruitment_vulnerability', 'False information about successful migration', M, M],
  ['recruitment_vulnerability', 'False information about law or the attitude of authorities', M, null],
  ['recruitment_vulnerability', 'Family situation', M, M],
  ['recruitment_vulnerability', 'Personal situation', M, M],
  ['recruitment_vulnerability', 'Psychological and emotional dependency', M, M],
  ['recruitment_vulnerability', 'Relationship with authorities or legal status', M, M],
  ['recruitment_vulnerability', 'Difficulties in the past', M, M],
  ['recruitment_vulnerability', 'Difficulty to organise the travel', M, M],
  ['recruitment_vulnerability', 'Abuse of cultural or religious beliefs', W, M],
  ['recruitment_vulnerability', 'General context (post-conflict, environmental or political climate)', W, M],

  ['exploitative_conditions', 'Excessive working days or hours', S, S],
  ['exploitative_conditions', 'Low or no salary', M, M],
  ['exploitative_conditions', 'Wage manipulation (fines, excessive deductions, payment to a middleman)', M, M],
  ['exploitative_conditions', 'Bad living conditions', M, M],
  ['exploitative_conditions', 'Very bad working conditions', M, M],
  ['exploitative_conditions', 'Hazardous work', M, M],
  ['exploitative_conditions', 'No respect of labour laws or of the contract signed', M, M],
  ['exploitative_conditions', 'No social protection (contract, social insurance …)', M, null],
  ['exploitative_conditions', 'No access to education', W, M],

  ['coercion_destination', 'Confiscation of documents', S, S],
  ['coercion_destination', 'Debt bondage', S, S],
  ['coercion_destination', 'Isolation, confinement or surveillance', S, S],
  ['coercion_destination', 'Violence on victims', S, S],
  ['coercion_destination', 'Threats of violence against the victim', M, S],
  ['coercion_destination', 'Forced into illicit or criminal activities', M, S],
  ['coercion_destination', 'Forced tasks or clients', M, S],
  ['coercion_destination', 'Under strong influence', M, S],
  ['coercion_destination', 'Forced to act against peers', M, M],
  ['coercion_destination', 'Forced to lie to authorities, family …', M, M],
  ['coercion_destination', 'Threat of denunciation to authorities', M, M],
  ['coercion_destination', 'Threat to impose even worse working conditions', M, M],
  ['coercion_destination', 'Violence on family (threats or effective)', M, M],
  ['coercion_destination', 'Withholding of wages', M, M],
  ['coercion_destination', 'Threats to inform family, community or public', W, M],

  ['vulnerability_destination', 'Dependency on exploiters', M, M],
  ['vulnerability_destination', 'Difficulty to live in an unknown area', M, M],
  ['vulnerability_destination', 'Economic reasons', M, M],
  ['vulnerability_destination', 'Family situation', M, M],
  ['vulnerability_destination', 'Relationship with authorities or legal status', M, M],
  ['vulnerability_destination', 'Difficulties in the past', W, M],
  ['vulnerability_destination', 'Personal characteristics', W, M],
];

const PREFIX: Record<Dimension, string> = {
  deceptive_recruitment: 'DR',
  coercive_recruitment: 'CR',
  recruitment_vulnerability: 'VR',
  exploitative_conditions: 'EX',
  coercion_destination: 'CD',
  vulnerability_destination: 'VD',
};

export const ILO_LABOUR_INDICATORS: Indicator[] = (() => {
  const seen = new Map<Dimension, number>();
  return rows.map(([dimension, label, adult, child]) => {
    const n = (seen.get(dimension) ?? 0) + 1;
    seen.set(dimension, n);
    return { id: `ILO-${PREFIX[dimension]}-${String(n).padStart(2, '0')}`, dimension, label, adult, child };
  });
})();

export const SEXUAL_SETS_ENCODED = false;

export const ILO_SOURCE = {
  title: 'ILO–European Commission, Operational indicators of trafficking in human beings (Delphi survey, 2009)',
  reference: 'ILO WCMS_105023',
  confidence: 'R' as const,
};

/** A dimension is positive with ≥2 strong, or 1 strong + 1 other, or ≥3 medium, or 2 medium + 1 weak. */
export function dimensionPositive(weights: Weight[]): boolean {
  const s = weights.filter((w) => w === 'strong').length;
  const m = weights.filter((w) => w === 'medium').length;
  const w = weights.filter((x) => x === 'weak').length;
  return s >= 2 || (s >= 1 && m + w >= 1) || m >= 3 || (m >= 2 && w >= 1);
}

export interface IloAssessment {
  profile: 'adult' | 'child';
  dimensions: Record<Dimension, { indicators: string[]; positive: boolean }>;
  /** Adult: recruitment + exploitation + coercion or vulnerability at destination. Child: recruitment + exploitation. */
  likelyVictim: boolean;
  reason: string;
}

/** Apply the ILO decision rule to the indicators observed for one person. */
export function assessIndicators(observed: string[], profile: 'adult' | 'child'): IloAssessment {
  const byId = new Map(ILO_LABOUR_INDICATORS.map((i) => [i.id, i]));
  const dims = Object.fromEntries((Object.keys(DIMENSIONS) as Dimension[]).map((d) => [d, { indicators: [] as string[], positive: false }])) as IloAssessment['dimensions'];
  const weights = new Map<Dimension, Weight[]>();
  for (const id of new Set(observed)) {
    const ind = byId.get(id);
    const weight = ind ? ind[profile] : null;
    if (!ind || !weight) continue;
    dims[ind.dimension].indicators.push(id);
    weights.set(ind.dimension, [...(weights.get(ind.dimension) ?? []), weight]);
  }
  for (const d of Object.keys(dims) as Dimension[]) dims[d].positive = dimensionPositive(weights.get(d) ?? []);
  const recruitment = RECRUITMENT_DIMENSIONS.some((d) => dims[d].positive);
  const exploitation = dims.exploitative_conditions.positive;
  const destination = DESTINATION_DIMENSIONS.some((d) => dims[d].positive);
  const likelyVictim = profile === 'child' ? recruitment && exploitation : recruitment && exploitation && destination;
  const missing = [
    !recruitment && 'a positive recruitment dimension',
    !exploitation && 'positive exploitative conditions',
    profile === 'adult' && !destination && 'positive coercion or abuse of vulnerability at destination',
  ].filter(Boolean);
  return {
    profile,
    dimensions: dims,
    likelyVictim,
    reason: likelyVictim ? 'The indicators meet the ILO decision rule: refer as a likely victim of trafficking for labour exploitation.' : `Not met: needs ${missing.join(' and ')}.`,
  };
}
