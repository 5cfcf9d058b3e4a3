import { buildPackage, loadProfile } from '../../src/core/content/index.js';
import { evaluateIndicator } from '../../src/core/expression/index.js';
import type { IscedLevel } from '../../src/core/content/index.js';
import { allObjects, VARIANTS } from './helpers.js';
import { buildWorld, toValues, type Sex } from './school-world.js';
import { uisValue } from './uis-reference.js';

const SERVICE_BY_KEY: Record<string, string> = {
  ELEC: 'ELECTRICITY',
  INTERNET: 'INTERNET',
  COMPUT: 'COMPUTERS',
  DISAB: 'ADAPTED',
  WATER: 'WATER',
  SANIT: 'SANITATION',
  HANDW: 'HANDWASHING',
};

/** Reads what an indicator claims to measure from its code: EDU_ISCED1_RR_G03, EDU_ISCED2_SCH_WATER... */
function meaningOf(code: string): {
  level: IscedLevel;
  key: string;
  grade?: number;
  variant?: string;
  sex?: Sex;
} {
  const m = /^EDU_ISCED(02|1|2|3)_(.+?)(?:_G(\d\d))?(?:_([FM]))?$/.exec(code)!;
  const [, level, rest, grade, sex] = m;
  // PLR_F (girls per girls-only toilet) is a sex-specific indicator of its own, not a variant.
  if (code.endsWith('_PLR_F')) return { level: level as IscedLevel, key: 'PLR_F' };
  if (sex) return { ...meaningOf(code.slice(0, -2)), sex: sex as Sex };
  if (rest!.startsWith('SCH_'))
    return { level: level as IscedLevel, key: 'SCH', variant: SERVICE_BY_KEY[rest!.slice(4)] };
  if (rest!.startsWith('PTBR_')) return { level: level as IscedLevel, key: 'PTBR', variant: rest!.slice(5) };
  return { level: level as IscedLevel, key: rest!, grade: grade ? Number(grade) : undefined };
}

describe.each(VARIANTS)('every edu-sdg4 indicator of the %s variant', (variant) => {
  const profile = loadProfile(variant);
  const metadata = allObjects(variant);
  const world = buildWorld(profile);
  const values = toValues(world, metadata);
  const factors = new Map(metadata.indicatorTypes!.map((t) => [t.id!, t.factor as number]));
  const indicators = buildPackage('edu-sdg4', profile).metadata.indicators!;

  it.each(indicators.map((i) => [i.code as string, i] as const))(
    '%s gives the value of its UIS definition on a hand-built data set',
    (code, indicator) => {
      const meaning = meaningOf(code);
      const expected = uisValue(
        world,
        meaning.key,
        meaning.level,
        meaning.grade,
        meaning.variant,
        meaning.sex,
      );
      expect(expected).toBeDefined();
      const factor = factors.get((indicator.indicatorType as { id: string }).id)!;
      const actual = evaluateIndicator(
        { numerator: indicator.numerator as string, denominator: indicator.denominator as string },
        { factor },
        values,
      );
      expect(actual).not.toBeNull();
      expect(actual!).toBeCloseTo(expected!, 6);
    },
  );

  it('ships every participation, flow, completion and teacher indicator for females, males and as a GPIA', () => {
    const codes = new Set(indicators.map((i) => i.code as string));
    const bySex = ['GER', 'NER', 'NERT', 'OOSR', 'GIRLG', 'OAG', 'PROL', 'GIR1', 'NIR1'].concat([
      'RR',
      'PR',
      'DR',
      'SR',
      'ETR',
      'TRTP',
      'QUTP',
      'TATTR',
    ]);
    const totals = indicators
      .map((i) => i.code as string)
      .filter((c) => !/_[FM]$/.test(c) && !c.includes('_GPIA_') && bySex.includes(meaningOf(c).key));
    expect(totals.length).toBeGreaterThan(40);
    for (const code of totals) {
      const gpia = code.replace(/^(EDU_ISCED\d+)_/, '$1_GPIA_');
      expect([code, codes.has(`${code}_F`), codes.has(`${code}_M`), codes.has(gpia)]).toEqual([
        code,
        true,
        true,
        true,
      ]);
    }
  });

  it('uses factor 100 for rates and 1 for ratios and parity indices', () => {
    for (const indicator of indicators) {
      const { key } = meaningOf(indicator.code as string);
      const ratio =
        ['PTR', 'PTTR', 'PQTR', 'PCR', 'PCLR', 'PLR', 'PLR_F', 'PTBR'].includes(key) ||
        key.startsWith('GPIA');
      expect([indicator.code, factors.get((indicator.indicatorType as { id: string }).id)]).toEqual([
        indicator.code,
        ratio ? 1 : 100,
      ]);
    }
  });
});
