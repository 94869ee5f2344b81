/**
 * The legal elements the evidence matrix and the per-event trafficking test read (research notes §5).
 * Conduct tags tie each element to what analysts record.
 */
import type { ConductTag } from '../model/vocabulary';

export interface Element {
  id: string;
  label: string;
  source: string;
  conduct: ConductTag[];
  note?: string;
}

/** Palermo Protocol art. 3 (Trafficking in Persons Protocol). */
export const TRAFFICKING_ELEMENTS = {
  act: {
    id: 'TIP-ACT',
    label: 'Act: recruitment, transportation, transfer, harbouring or receipt of persons',
    source: 'Trafficking in Persons Protocol art. 3(a)',
    conduct: ['recruitment', 'transportation', 'transfer', 'harbouring', 'receipt'],
  },
  means: {
    id: 'TIP-MEANS',
    label: 'Means: threat or use of force, other coercion, abduction, fraud, deception, abuse of power or of a position of vulnerability, or payments to a person having control over another',
    source: 'Trafficking in Persons Protocol art. 3(a)',
    conduct: ['force', 'threat', 'coercion', 'abduction', 'fraud', 'deception', 'abuse_of_power', 'abuse_of_vulnerability', 'payment_to_controller', 'debt_bondage'],
  },
  purpose: {
    id: 'TIP-PURPOSE',
    label: 'Purpose: exploitation — at a minimum the prostitution of others or other sexual exploitation, forced labour or services, slavery or similar practices, servitude, or the removal of organs (not exhaustive: use in hostilities, forced criminality, forced marriage, begging are recognised forms)',
    source: 'Trafficking in Persons Protocol art. 3(a)',
    conduct: ['sexual_exploitation', 'forced_labour', 'slavery', 'servitude', 'organ_removal', 'forced_marriage', 'use_in_hostilities', 'forced_criminality', 'forced_begging', 'sexual_slavery', 'enforced_prostitution'],
  },
} satisfies Record<string, Element>;

export const TRAFFICKING_RULES = {
  consent: { id: 'TIP-CONSENT', text: 'The consent of a victim is irrelevant once any of the means has been used.', source: 'Trafficking in Persons Protocol art. 3(b)' },
  child: {
    id: 'TIP-CHILD',
    text: 'For a child (under 18) the means element is not required: an act for the purpose of exploitation is enough; consent is always irrelevant.',
    source: 'Trafficking in Persons Protocol art. 3(c)-(d)',
  },
  border: { id: 'TIP-BORDER', text: 'Trafficking need not cross a border.', source: 'Trafficking in Persons Protocol art. 3; UNODC' },
};

/** Smuggling of Migrants Protocol art. 3(a) and 6(3). */
export const SMUGGLING_ELEMENTS = {
  entry: {
    id: 'SOM-ENTRY',
    label: 'Procuring the illegal entry of a person into a State of which they are not a national or permanent resident',
    source: 'Smuggling of Migrants Protocol art. 3(a)',
    conduct: ['procuring_illegal_entry', 'transportation'],
  },
  benefit: {
    id: 'SOM-BENEFIT',
    label: 'In order to obtain, directly or indirectly, a financial or other material benefit',
    source: 'Smuggling of Migrants Protocol art. 3(a)',
    conduct: ['smuggling_for_profit'],
  },
  aggravation: {
    id: 'SOM-AGGRAVATED',
    label: 'Aggravated: endangering the lives or safety of the migrants, or inhuman or degrading treatment including exploitation',
    source: 'Smuggling of Migrants Protocol art. 6(3)',
    conduct: ['endangering_life', 'torture', 'kidnap_for_ransom', 'arbitrary_detention'],
  },
} satisfies Record<string, Element>;

/** How the two offences differ; shown beside each event's test. */
export const TRAFFICKING_VS_SMUGGLING = [
  { aspect: 'Consent', trafficking: 'absent, or irrelevant once means are used (always for a child)', smuggling: 'the migrant usually consents' },
  { aspect: 'Exploitation', trafficking: 'the purpose; continues after arrival', smuggling: 'not an element; ends on arrival (where present it aggravates)' },
  { aspect: 'Border crossing', trafficking: 'not required', smuggling: 'always, illegally' },
  { aspect: 'Profit comes from', trafficking: 'the exploitation', smuggling: 'the fee' },
  { aspect: 'Wronged party', trafficking: 'the victim', smuggling: 'the State whose border is crossed' },
];

/** The six grave violations against children in armed conflict (MRM, S/RES/1612 (2005) and successors). */
export const SIX_GRAVE_VIOLATIONS: (Element & { trigger: string })[] = [
  { id: 'GV-1', label: 'Killing and maiming of children', source: 'S/RES/1612 (2005)', trigger: 'S/RES/1882 (2009)', conduct: ['child_killing_maiming'] },
  { id: 'GV-2', label: 'Recruitment and use of children', source: 'S/RES/1612 (2005)', trigger: 'S/RES/1612 (2005)', conduct: ['child_recruitment', 'use_in_hostilities'] },
  { id: 'GV-3', label: 'Rape and other sexual violence against children', source: 'S/RES/1612 (2005)', trigger: 'S/RES/1882 (2009)', conduct: ['child_sexual_violence'] },
  { id: 'GV-4', label: 'Attacks on schools or hospitals', source: 'S/RES/1612 (2005)', trigger: 'S/RES/1998 (2011)', conduct: ['attack_school_hospital'] },
  { id: 'GV-5', label: 'Abduction of children', source: 'S/RES/1612 (2005)', trigger: 'S/RES/2225 (2015)', conduct: ['child_abduction'] },
  { id: 'GV-6', label: 'Denial of humanitarian access', source: 'S/RES/1612 (2005)', trigger: '—', conduct: ['humanitarian_obstruction'], note: 'The only grave violation that cannot itself amount to trafficking.' },
];

/** Rome Statute crimes relevant to trafficking in conflict; each also needs its contextual element. */
export const ROME_STATUTE = {
  context: {
    crimesAgainstHumanity: 'A widespread or systematic attack directed against a civilian population, with knowledge of the attack (art. 7(1))',
    warCrimes: 'Conduct in the context of and associated with an international or non-international armed conflict, with awareness of it (art. 8)',
  },
  crimes: [
    { id: 'RS-7-1-c', label: 'Enslavement (includes trafficking, in particular of women and children)', source: 'Rome Statute art. 7(1)(c), 7(2)(c)', conduct: ['slavery', 'trafficking_in_persons', 'forced_labour', 'servitude'] },
    { id: 'RS-7-1-g-2', label: 'Sexual slavery (crime against humanity; also a war crime, art. 8(2)(b)(xxii) and (e)(vi))', source: 'Rome Statute art. 7(1)(g)', conduct: ['sexual_slavery'] },
    { id: 'RS-7-1-g-3', label: 'Enforced prostitution', source: 'Rome Statute art. 7(1)(g)', conduct: ['enforced_prostitution'] },
    { id: 'RS-7-1-g-1', label: 'Rape and other sexual violence', source: 'Rome Statute art. 7(1)(g)', conduct: ['rape', 'child_sexual_violence'] },
    { id: 'RS-8-2-e-vii', label: 'Conscripting, enlisting or using children under 15 (IAC: art. 8(2)(b)(xxvi); NIAC: art. 8(2)(e)(vii))', source: 'Rome Statute art. 8', conduct: ['child_recruitment', 'use_in_hostilities'] },
    { id: 'RS-7-1-e', label: 'Imprisonment or other severe deprivation of physical liberty', source: 'Rome Statute art. 7(1)(e)', conduct: ['arbitrary_detention'] },
    { id: 'RS-7-1-i', label: 'Enforced disappearance', source: 'Rome Statute art. 7(1)(i)', conduct: ['enforced_disappearance'] },
  ] satisfies Element[],
};
