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

interface Meaning {
  level?: IscedLevel;
  key: string;
  grade?: number;
  variant?: string;
  sex?: Sex;
}

/** Indicators of no school level, by code (GPIA and sex variants are read off first). */
const NATIONAL_KEYS: Record<string, string> = {
  EDU_ISCED5T8_GER: 'TERT_GER',
  EDU_TVET_PART_15_24: 'TVET',
  EDU_NAT_XGOV: 'XGOV',
  EDU_NAT_XGDP: 'XGDP',
  EDU_ISCED5T8_XUNIT: 'TERT_XUNIT',
};

/** Reads what an indicator claims to measure from its code: EDU_ISCED1_RR_G03_F, EDU_ISCED2_SCH_WATER... */
function meaningOf(code: string): Meaning {
  if (code.endsWith('_PLR_F'))
    return { level: /^EDU_ISCED(02|1|2|3)_/.exec(code)![1] as IscedLevel, key: 'PLR_F' };
  const bySex = /^(.+)_([FM])$/.exec(code);
  if (bySex) return { ...meaningOf(bySex[1]!), sex: bySex[2] as Sex };
  const parity = /^(EDU_[A-Z0-9]+?)_GPIA_(.+)$/.exec(code);
  if (parity) {
    const of = meaningOf(`${parity[1]}_${parity[2]}`);
    return { ...of, key: `GPIA_${of.key}` };
  }
  if (NATIONAL_KEYS[code]) return { key: NATIONAL_KEYS[code] };
  const m = /^EDU_ISCED(02|1|2|3)_(.+?)(?:_G(\d\d))?$/.exec(code)!;
  const [, level, rest, grade] = m;
  const l = level as IscedLevel;
  if (rest!.startsWith('SCH_')) return { level: l, key: 'SCH', variant: SERVICE_BY_KEY[rest!.slice(4)] };
  if (rest!.startsWith('PTBR_')) return { level: l, key: 'PTBR', variant: rest!.slice(5) };
  if (rest!.startsWith('EXAM_PASS_')) return { level: l, key: 'EXAM_PASS', variant: rest!.slice(10) };
  return { level: l, key: rest!, grade: grade ? Number(grade) : undefined };
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
      const gpia = code.replace(/^(EDU_[A-Z0-9]+?)_/, '$1_GPIA_');
      expect([code, codes.has(`${code}_F`), codes.has(`${code}_M`), codes.has(gpia)]).toEqual([
        code,
        true,
        true,
        true,
      ]);
    }
  });

  it('covers tertiary, TVET, completion proxies, over-age, examinations, finance and attrition', () => {
    const codes = indicators.map((i) => i.code as string);
    const sdgOf = (code: string) =>
      (indicators.find((i) => i.code === code)?.attributeValues as Array<{ value: string }>)?.map(
        (a) => a.value,
      );
    for (const level of ['1', '2', '3'])
      for (const key of ['GIRLG', 'OAG', 'NERT', 'OOSR', 'TATTR', 'EXAM_ATTEND', 'XUNIT'])
        expect(codes).toContain(`EDU_ISCED${level}_${key}`);
    expect(sdgOf('EDU_ISCED5T8_GER')).toEqual(['GER.5T8', '4.3.2']);
    expect(sdgOf('EDU_TVET_PART_15_24')).toEqual(['4.3.3']);
    expect(sdgOf('EDU_NAT_XGOV')).toEqual(['XGOVEXP.IMF', '1.a.2']);
    expect(sdgOf('EDU_NAT_XGDP')).toEqual(['XGDP.FSGOV']);
    expect(sdgOf('EDU_ISCED1_EXAM_PASS_MATHEMATICS')).toEqual(['4.1.1 (proxy)']);
    const proxy = indicators.find((i) => i.code === 'EDU_ISCED1_EXAM_PASS_MATHEMATICS')!;
    expect(`${proxy.name as string} ${proxy.description as string}`).toMatch(/proxy|indicateur indirect/i);
    expect(sdgOf('EDU_ISCED1_TATTR')).toEqual(['TATTRR.1', '4.c.6']);
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
