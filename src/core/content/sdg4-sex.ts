import { adjustedParity, levelNames, type IndicatorSpec, type Sex } from './sdg4-context.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, t, type Text } from './text.js';

/** Numerator and denominator of an indicator for one sex, or for both when `sex` is undefined. */
export type SexParts = (sex?: Sex) => { num: string; den: string };

/** How an indicator is named before the level is added: "Gross enrolment ratio", "GER". */
export interface BaseNames {
  name: Text;
  shortName: Text;
}

// Neutral words: "filles/garçons" would be wrong for teacher indicators (UIS French uses
// "féminin/masculin" for the sex of the population the indicator counts).
const SEX_WORD: Record<Sex, Text> = { F: t('[sex] female'), M: t('[sex] male') };
const SEX_TAG: Record<Sex, string> = { F: 'F', M: 'M' };

/**
 * UIS codes of the by-sex series put the sex (or GPIA) before a trailing ".CP" (ROFST.1.F.CP,
 * ROFST.1.GPIA.CP) and otherwise at the end (QUTP.1.F, GER.1.GPIA).
 */
export function uisCodeFor(uisCode: string, part: 'F' | 'M' | 'GPIA'): string {
  if (uisCode === 'none' || uisCode === 'national') return uisCode;
  return uisCode.endsWith('.CP') ? `${uisCode.slice(0, -3)}.${part}.CP` : `${uisCode}.${part}`;
}

/** EDU_ISCED1_RR_G03 -> EDU_ISCED1_GPIA_RR_G03: the parity index sorts next to its level. */
export const parityCode = (code: string): string => code.replace(/^(EDU_ISCED\d+)_/, '$1_GPIA_');

/**
 * An indicator in total, female and male, plus its adjusted gender parity index (SDG 4.5.1).
 * `total` is the both-sexes spec; `parts` gives the same formula restricted to one sex.
 */
export function withSexes(total: IndicatorSpec, base: BaseNames, parts: SexParts): IndicatorSpec[] {
  if (!total.level) throw new Error(`${total.code}: a by-sex indicator needs a level`);
  const level = total.level;
  const forSex = (sex: Sex): IndicatorSpec => ({
    ...total,
    sex,
    code: `${total.code}_${sex}`,
    name: join('EDU - ', base.name, ', ', SEX_WORD[sex], ' (', LEVEL_NAMES[level], ')'),
    shortName: join(base.shortName, ' ', SEX_TAG[sex], ' ', LEVEL_TAGS[level], ' (EDU)'),
    description: join(total.description, ' ', t('Both numerator and denominator of this sex only.')),
    numerator: parts(sex).num,
    denominator: parts(sex).den,
    uisCode: uisCodeFor(total.uisCode, sex),
  });
  const value = (sex: Sex) => `(${parts(sex).num}) / (${parts(sex).den})`;
  const gpia: IndicatorSpec = {
    ...total,
    type: 'ratio',
    decimals: 2,
    code: parityCode(total.code),
    key: 'GPIA',
    name: join('EDU - ', t('Adjusted gender parity index, '), base.name, ' (', LEVEL_NAMES[level], ')'),
    shortName: join(t('GPIA '), base.shortName, ' ', LEVEL_TAGS[level], ' (EDU)'),
    description: join(
      t('Adjusted gender parity index (SDG 4.5.1) of: '),
      base.name,
      '. ',
      t('Female value / male value when at most 1, else 2 - male value / female value.'),
    ),
    numerator: adjustedParity(value('F'), value('M')),
    numeratorDescription: t('Adjusted ratio of the female value to the male value'),
    denominator: '1',
    denominatorDescription: t('One'),
    uisCode: uisCodeFor(total.uisCode, 'GPIA'),
    sdg: '4.5.1',
    group: 'SDG4_4_5',
    // Above 1 for an exclusion rate (out of school, repetition) means girls are worse off.
    legend: total.legend === 'exclusion' ? 'parityExclusion' : 'parity',
  };
  return [total, forSex('F'), forSex('M'), gpia];
}

export type SpecWithoutFormula = Omit<IndicatorSpec, 'name' | 'shortName' | 'numerator' | 'denominator'>;

/** The spec named for its level with its both-sexes formula, then its female, male and GPIA variants. */
export function bySex(names: BaseNames, parts: SexParts, spec: SpecWithoutFormula): IndicatorSpec[] {
  const total: IndicatorSpec = {
    ...spec,
    ...levelNames(spec.level!, names.name, names.shortName),
    numerator: parts().num,
    denominator: parts().den,
  };
  return withSexes(total, names, parts);
}
