import { buildPackage, loadProfile } from '../../src/core/content/index.js';
import { evaluateIndicator } from '../../src/core/expression/index.js';
import type { IscedLevel } from '../../src/core/content/index.js';
import { allObjects, VARIANTS } from './helpers.js';
import { buildWorld, toValues } from './school-world.js';
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
function meaningOf(code: string): { level: IscedLevel; key: string; grade?: number; variant?: string } {
  const m = /^EDU_ISCED(02|1|2|3)_(.+?)(?:_G(\d\d))?$/.exec(code)!;
  const [, level, rest, grade] = m;
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
      const expected = uisValue(world, meaning.key, meaning.level, meaning.grade, meaning.variant);
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
