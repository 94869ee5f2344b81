/**
 * EU, UK and US regimes that reach traffickers and abusers of migrants (research notes §2). Thematic regimes:
 * no country nexus is required, but the EU regime's trafficking limb needs abuses that are widespread,
 * systematic or otherwise of serious concern.
 */
import { CHILDREN, SGBV, SMUGGLER_ABUSE, TRAFFICKING, VIOLENCE } from './conduct-sets';
import type { Criterion, Regime } from './types';

const crit = (c: Omit<Criterion, 'umbrella' | 'examples' | 'alsoCited'> & Partial<Pick<Criterion, 'umbrella' | 'examples' | 'alsoCited'>>): Criterion => ({ umbrella: false, examples: [], alsoCited: [], ...c });

export const EU_GHR: Regime = {
  id: 'eu-global-human-rights',
  authority: 'EU',
  name: 'EU Global Human Rights Sanctions Regime',
  body: 'Council of the European Union',
  instruments: ['Council Regulation (EU) 2020/1998', 'Council Decision (CFSP) 2020/1999'],
  status: 'active',
  nexus: { type: 'global' },
  measures: [
    { measure: 'AF', citation: { instrument: 'Council Regulation (EU) 2020/1998', provision: 'art. 3' } },
    { measure: 'TB', citation: { instrument: 'Council Decision (CFSP) 2020/1999', provision: 'art. 2' } },
  ],
  standard: 'EU',
  criteria: [
    crit({
      id: 'EU-GHR-1',
      title: 'Genocide, crimes against humanity, and serious violations',
      paraphrase:
        'Those responsible for, supporting or otherwise involved in, or associated with: genocide; crimes against humanity; torture and other cruel, inhuman or degrading treatment; slavery; extrajudicial, summary or arbitrary killings; enforced disappearance; arbitrary arrest or detention.',
      citation: { instrument: 'Council Regulation (EU) 2020/1998', provision: 'art. 2(1)(a)-(c); Decision (CFSP) 2020/1999 art. 1' },
      measures: ['AF', 'TB'],
      confidence: 'V',
      confidenceNote: 'Checked against legislation.gov.uk/eudn/2020/1999/article/1.',
      conduct: ['killing', 'torture', 'slavery', 'servitude', 'sexual_slavery', 'enforced_disappearance', 'arbitrary_detention', 'ethnic_religious_targeting'],
    }),
    crit({
      id: 'EU-GHR-2',
      title: 'Trafficking, abuses by migrant smugglers, sexual violence (widespread or systematic)',
      paraphrase:
        'Other human-rights violations or abuses, insofar as they are widespread, systematic or otherwise of serious concern: trafficking in human beings and abuses of human rights by migrant smugglers; sexual and gender-based violence; violations of freedom of assembly, expression or religion.',
      citation: { instrument: 'Council Regulation (EU) 2020/1998', provision: 'art. 2(1)(d)' },
      measures: ['AF', 'TB'],
      confidence: 'V',
      conduct: [...new Set([...TRAFFICKING, ...SMUGGLER_ABUSE, ...SGBV])],
      threshold: 'widespread_or_systematic',
    }),
  ],
  sources: ['legislation.gov.uk/eudn/2020/1999/article/1'],
  notes: 'Listings must rest on a sufficiently solid factual basis (Kadi II, C-584/10 P). Art. 3 of the Regulation covers those responsible, supporters, others involved, and associates.',
};

export const UK_GHR: Regime = {
  id: 'uk-global-human-rights',
  authority: 'UK',
  name: 'UK Global Human Rights Sanctions Regulations 2020',
  body: 'Foreign, Commonwealth and Development Office',
  instruments: ['The Global Human Rights Sanctions Regulations 2020 (SI 2020/680)', 'Sanctions and Anti-Money Laundering Act 2018'],
  status: 'active',
  nexus: { type: 'global' },
  measures: [
    { measure: 'AF', citation: { instrument: 'SI 2020/680' } },
    { measure: 'TB', citation: { instrument: 'SI 2020/680' } },
  ],
  standard: 'UK',
  criteria: [
    crit({
      id: 'UK-GHR-1',
      title: 'Violations of the right to life, freedom from torture, or freedom from slavery and forced labour',
      paraphrase:
        'Involvement in conduct that, if carried out by or on behalf of a State, would amount to a serious violation of the right to life, the right not to be subjected to torture or cruel, inhuman or degrading treatment, or the right to be free from slavery, servitude or forced or compulsory labour. Covers State and non-State actors; "involved" includes being responsible for, facilitating, supporting or profiting from the conduct.',
      citation: { instrument: 'SI 2020/680', provision: 'regulation 4' },
      measures: ['AF', 'TB'],
      confidence: 'V',
      confidenceNote: 'Checked against the gov.uk Global Human Rights notes (6 July 2020); regulation number recalled.',
      conduct: [...new Set([...TRAFFICKING, 'killing', 'torture', 'sexual_slavery', 'profiting_from_trafficking', 'kidnap_for_ransom', 'endangering_life'] as const)],
    }),
  ],
  sources: ['gov.uk Global Human Rights sanctions notes (6 July 2020)'],
  notes: 'Threshold: reasonable grounds to suspect (SAMLA s.11). Policy priorities include modern slavery and sexual violence in conflict.',
};

export const US_GLOBAL_MAGNITSKY: Regime = {
  id: 'us-global-magnitsky',
  authority: 'US',
  name: 'US Global Magnitsky (Executive Order 13818)',
  body: 'US Department of the Treasury, OFAC',
  instruments: ['Executive Order 13818 (2017)', 'Global Magnitsky Human Rights Accountability Act'],
  status: 'active',
  nexus: { type: 'global' },
  measures: [{ measure: 'BLOCK', citation: { instrument: 'Executive Order 13818', provision: 'sec. 1' } }],
  standard: 'US',
  criteria: [
    crit({ id: 'US-GM-1', title: 'Serious human-rights abuse', paraphrase: 'Being responsible for or complicit in, or having directly or indirectly engaged in, serious human-rights abuse.', citation: { instrument: 'Executive Order 13818', provision: 'sec. 1(a)(ii)(A)' }, measures: ['BLOCK'], confidence: 'R', conduct: [...new Set([...VIOLENCE, ...TRAFFICKING, ...CHILDREN])] }),
    crit({ id: 'US-GM-2', title: 'Corruption', paraphrase: 'Being a current or former government official, or acting for one, responsible for or complicit in corruption, including misappropriation of State assets or bribery.', citation: { instrument: 'Executive Order 13818', provision: 'sec. 1(a)(ii)(B)' }, measures: ['BLOCK'], confidence: 'R', conduct: ['corruption', 'misappropriation'] }),
    crit({ id: 'US-GM-3', title: 'Leaders of entities engaged in abuse or corruption', paraphrase: 'Being a leader or official of an entity that has engaged in, or whose members have engaged in, serious human-rights abuse or corruption.', citation: { instrument: 'Executive Order 13818', provision: 'sec. 1(a)(ii)(C)' }, measures: ['BLOCK'], confidence: 'R', conduct: ['leading_listed_entity'], association: 'leader_of' }),
    crit({ id: 'US-GM-4', title: 'Material support; owned or controlled by, or acting for, a blocked person', paraphrase: 'Having materially assisted, sponsored or provided support to such activity or a blocked person, or being owned or controlled by, or acting for, a blocked person.', citation: { instrument: 'Executive Order 13818', provision: 'sec. 1(a)(iii)-(iv)' }, measures: ['BLOCK'], confidence: 'R', conduct: ['acting_for_listed_party', 'owned_by_listed_party', 'financing_armed_group'], association: 'acting_for' }),
  ],
  sources: ['Executive Order 13818 (20 December 2017)'],
  notes: 'Standard: reason to believe.',
};

export const US_TVPA: Regime = {
  id: 'us-tvpa',
  authority: 'US',
  name: 'US Trafficking Victims Protection Act, section 111',
  body: 'US Department of the Treasury, OFAC (under IEEPA); Department of State',
  instruments: ['Trafficking Victims Protection Act of 2000, §111 (22 U.S.C. 7108)', '22 U.S.C. 7102 (definitions)'],
  status: 'active',
  nexus: { type: 'global' },
  measures: [
    { measure: 'BLOCK', citation: { instrument: '22 U.S.C. 7108', provision: 'under the International Emergency Economic Powers Act' } },
    { measure: 'AID', citation: { instrument: 'TVPA §110', provision: 'Tier 3 assistance restrictions (on governments)' } },
  ],
  standard: 'US',
  criteria: [
    crit({
      id: 'US-TVPA-1',
      title: 'Significant role in a severe form of trafficking',
      paraphrase:
        'Playing a significant role in a severe form of trafficking in persons: sex trafficking induced by force, fraud or coercion or involving a person under 18; or recruiting, harbouring, transporting, providing or obtaining a person for labour or services through force, fraud or coercion for involuntary servitude, peonage, debt bondage or slavery.',
      citation: { instrument: '22 U.S.C. 7108(a)', provision: 'definition at 22 U.S.C. 7102' },
      measures: ['BLOCK'],
      confidence: 'R',
      conduct: [...new Set([...TRAFFICKING, 'sexual_slavery', 'enforced_prostitution'] as const)],
    }),
    crit({ id: 'US-TVPA-2', title: 'Assisting, or owned or controlled by, significant traffickers', paraphrase: 'Materially assisting, or providing financial or technological support to, such traffickers, or being owned, controlled or directed by them, or acting for them.', citation: { instrument: '22 U.S.C. 7108(a)' }, measures: ['BLOCK'], confidence: 'R', conduct: ['acting_for_listed_party', 'owned_by_listed_party', 'profiting_from_trafficking'], association: 'acting_for' }),
  ],
  sources: ['22 U.S.C. 7108', '22 U.S.C. 7102'],
};

export const US_TCO: Regime = {
  id: 'us-transnational-criminal-organizations',
  authority: 'US',
  name: 'US Transnational Criminal Organizations (Executive Order 13581, as amended)',
  body: 'US Department of the Treasury, OFAC',
  instruments: ['Executive Order 13581 (2011)', 'Executive Order 13863 (2019)'],
  status: 'active',
  nexus: { type: 'global' },
  measures: [{ measure: 'BLOCK', citation: { instrument: 'Executive Order 13581', provision: 'as amended by Executive Order 13863' } }],
  standard: 'US',
  criteria: [
    crit({ id: 'US-TCO-1', title: 'Transnational criminal organisations, including human smuggling', paraphrase: 'Foreign persons who constitute a significant transnational criminal organisation (including human-smuggling and trafficking organisations) or who have materially assisted or acted for one.', citation: { instrument: 'Executive Order 13581', provision: 'sec. 1 (as amended by EO 13863)' }, measures: ['BLOCK'], confidence: 'R', conduct: ['migrant_smuggling', 'trafficking_in_persons', 'money_laundering', 'smuggling_for_profit', 'acting_for_listed_party'] }),
  ],
  sources: ['Executive Order 13581', 'Executive Order 13863'],
};

export const NATIONAL_REGIMES: Regime[] = [EU_GHR, UK_GHR, US_GLOBAL_MAGNITSKY, US_TVPA, US_TCO];
