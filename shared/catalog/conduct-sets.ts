/** Conduct tag sets reused by many criteria (so "human-rights abuses" means the same thing in every regime). */
import type { ConductTag } from '../model/vocabulary';

/** Violence against persons, as listed in the human-rights limbs of the regimes. */
export const VIOLENCE: ConductTag[] = [
  'killing',
  'maiming',
  'torture',
  'rape',
  'sexual_slavery',
  'enforced_prostitution',
  'abduction',
  'kidnap_for_ransom',
  'arbitrary_detention',
  'enforced_disappearance',
  'forced_displacement',
  'attack_on_civilians',
  'ethnic_religious_targeting',
];

/** Trafficking and its forms of exploitation (Palermo Protocol art. 3(a)). */
export const TRAFFICKING: ConductTag[] = [
  'trafficking_in_persons',
  'sexual_exploitation',
  'forced_labour',
  'slavery',
  'servitude',
  'organ_removal',
  'forced_marriage',
  'forced_criminality',
  'forced_begging',
  'debt_bondage',
];

/** Grave violations against children in armed conflict (MRM, S/RES/1612) plus recruitment and use. */
export const CHILDREN: ConductTag[] = ['child_recruitment', 'use_in_hostilities', 'child_killing_maiming', 'child_sexual_violence', 'child_abduction'];

/** Sexual and gender-based violence. */
export const SGBV: ConductTag[] = ['rape', 'sexual_slavery', 'enforced_prostitution', 'child_sexual_violence', 'forced_marriage', 'sexual_exploitation'];

/** Abuses of migrants by smugglers (EU GHR art. 2(1)(d) names them; the Libya listings rested on them). */
export const SMUGGLER_ABUSE: ConductTag[] = ['endangering_life', 'kidnap_for_ransom', 'arbitrary_detention', 'torture'];

/** Human-rights abuses in the broad sense used by the UN regimes' IHRL/IHL limbs. */
export const HUMAN_RIGHTS_ABUSES: ConductTag[] = [...new Set([...VIOLENCE, ...TRAFFICKING, ...CHILDREN, 'endangering_life', 'attack_school_hospital'] as ConductTag[])];
