import { InternalError } from '../../errors/index.js';
import type { IscedLevel } from './profile-types.js';
import { adjustedParity, type IndicatorSpec, type Sex } from './sdg4-context.js';
import { join, LEVEL_NAMES, LEVEL_TAGS, t, type Text } from './text.js';

/** Numerator and denominator of an indicator for one sex, or for both when `sex` is undefined. */
export type SexParts = (sex?: Sex) => { num: string; den: string };

/** How an indicator is named before the level is added: "Gross enrolment ratio", "GER". */
export interface BaseNames {
  name: Text;
  shortName: Text;
  /** What the indicator covers when it is not a school level (tertiary, TVET, national). */
  scope?: Scope;
}

export interface Scope {
  name: Text;
  tag: Text;
}

function scopeOf(spec: { level?: IscedLevel }, names: BaseNames): Scope {
  if (names.scope) return names.scope;
  if (!spec.level) throw new InternalError('an indicator without a level needs a scope');
  return { name: LEVEL_NAMES[spec.level], tag: LEVEL_TAGS[spec.level] };
}

/** "EDU - <name> (<scope>)", short "<short> <TAG> (EDU)". */
export const scopedNames = (scope: Scope, name: Text, short: Text): { name: Text; shortName: Text } => ({
  name: join('EDU - ', name, ' (', scope.name, ')'),
  shortName: join(short, ' ', scope.tag, ' (EDU)'),
});

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

/** EDU_ISCED1_RR_G03 -> EDU_ISCED1_GPIA_RR_G03, EDU_TVET_PART -> EDU_TVET_GPIA_PART. */
export const parityCode = (code: string): string => code.replace(/^(EDU_[A-Z0-9]+?)_/, '$1_GPIA_');

/**
 * An indicator in total, female and male, plus its adjusted gender parity index (SDG 4.5.1).
 * `total` is the both-sexes spec; `parts` gives the same formula restricted to one sex.
 */
export function withSexes(total: IndicatorSpec, base: BaseNames, parts: SexParts): IndicatorSpec[] {
  const scope = scopeOf(total, base);
  const forSex = (sex: Sex): IndicatorSpec => ({
    ...total,
    sex,
    code: `${total.code}_${sex}`,
    ...scopedNames(scope, join(base.name, ', ', SEX_WORD[sex]), join(base.shortName, ' ', SEX_TAG[sex])),
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
    ...scopedNames(
      scope,
      join(t('Adjusted gender parity index, '), base.name),
      join(t('GPIA '), base.shortName),
    ),
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
    ...scopedNames(scopeOf(spec, names), names.name, names.shortName),
    numerator: parts().num,
    denominator: parts().den,
  };
  return withSexes(total, names, parts);
}
