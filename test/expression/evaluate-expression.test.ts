import { evaluateExpression, evaluateIndicator } from '../../src/core/expression/index.js';

const A = 'fbfJHSPpUQD';
const B = 'cYeuwXTCPkU';
const COC1 = 'pq2XI5kz2BY';
const COC2 = 'PT59n8BQbqM';
const AOC = 'HllvX50cXC0';

describe('evaluateExpression', () => {
  it('computes arithmetic with precedence and returns booleans as 1/0', () => {
    expect(evaluateExpression('1 + 2 * 3', {})).toBe(7);
    expect(evaluateExpression('-2^2', {})).toBe(-4);
    expect(evaluateExpression('2^3^2', {})).toBe(512);
    expect(evaluateExpression('7 % 4 + 10 / 4', {})).toBe(5.5);
    expect(evaluateExpression('3 > 2 and not (1 == 2)', {})).toBe(1);
    expect(evaluateExpression("'a' == 'b'", {})).toBe(0);
  });

  it('reads totals, operands and attribute option combos by the documented keys, rolling up when absent', () => {
    const values = { [`${A}.${COC1}`]: 3, [`${A}.${COC2}`]: 4, [`${B}.${COC1}.${AOC}`]: 5 };
    expect(evaluateExpression(`#{${A}}`, values)).toBe(7);
    expect(evaluateExpression(`#{${A}.${COC2}}`, values)).toBe(4);
    expect(evaluateExpression(`#{${B}}`, values)).toBe(5);
    expect(evaluateExpression(`#{${B}.${COC1}}`, values)).toBe(5);
    expect(evaluateExpression(`#{${B}.*.${AOC}}`, values)).toBe(5);
    expect(evaluateExpression(`#{${A}}`, { ...values, [A]: 100 })).toBe(100);
  });

  it('treats a missing item as 0 when another item has a value, and the whole as null when none has', () => {
    expect(evaluateExpression(`#{${A}} + #{${B}}`, { [A]: 2 })).toBe(2);
    expect(evaluateExpression(`#{${A}} + #{${B}}`, {})).toBeNull();
    expect(evaluateExpression(`#{${A}} + #{${B}}`, { [A]: null })).toBeNull();
    expect(
      evaluateExpression(
        `#{${A}} + #{${B}}`,
        { [A]: 2 },
        { missingValueStrategy: 'SKIP_IF_ANY_VALUE_MISSING' },
      ),
    ).toBeNull();
    expect(evaluateExpression(`#{${A}} + #{${B}}`, {}, { missingValueStrategy: 'NEVER_SKIP' })).toBe(0);
    expect(evaluateExpression('C{Gfd3ppDfq8E} * 2', { 'C:Gfd3ppDfq8E': 21 })).toBe(42);
  });

  it('keeps nulls inside isNull, isNotNull and firstNonNull', () => {
    const values = { [B]: 9 };
    expect(evaluateExpression(`isNull(#{${A}}) + #{${B}}`, values)).toBe(10);
    expect(evaluateExpression(`isNotNull(#{${B}})`, values)).toBe(1);
    expect(evaluateExpression(`firstNonNull(#{${A}}, #{${B}}, 1)`, values)).toBe(9);
    expect(evaluateExpression(`if(isNull(#{${A}}), -1, #{${A}}) + #{${B}}`, values)).toBe(8);
    // With every item missing, SKIP_IF_ALL_VALUES_MISSING wins, as in DHIS2 analytics.
    expect(evaluateExpression(`if(isNull(#{${A}}), -1, #{${A}})`, values)).toBeNull();
  });

  it('gives null for division by zero and for logs of non-positive numbers', () => {
    expect(evaluateExpression('1 / 0', {})).toBeNull();
    expect(evaluateExpression(`#{${A}} / #{${B}}`, { [A]: 1, [B]: 0 })).toBeNull();
    expect(evaluateExpression('log(0)', {})).toBeNull();
    expect(evaluateExpression('log(8, 2)', {})).toBeCloseTo(3);
    expect(evaluateExpression('log10(1000)', {})).toBeCloseTo(3);
    expect(evaluateExpression('greatest(1, 5, 3) + least(4, 2)', {})).toBe(7);
  });

  it('reads period offsets from @-suffixed keys', () => {
    const values = { [A]: 10, [`${A}@-1`]: 4 };
    expect(evaluateExpression(`#{${A}} - #{${A}}.periodOffset(-1)`, values)).toBe(6);
  });

  it('aggregates over predictor samples, skipping missing values', () => {
    const samples = [{ [A]: 1 }, { [A]: 3 }, {}, { [A]: 8 }];
    expect(evaluateExpression(`sum(#{${A}})`, {}, { samples })).toBe(12);
    expect(evaluateExpression(`avg(#{${A}})`, {}, { samples })).toBe(4);
    expect(evaluateExpression(`count(#{${A}})`, {}, { samples })).toBe(3);
    expect(evaluateExpression(`median(#{${A}})`, {}, { samples })).toBe(3);
    expect(evaluateExpression(`max(#{${A}}) - min(#{${A}})`, {}, { samples })).toBe(7);
    expect(evaluateExpression(`percentileCont(0.5, #{${A}})`, {}, { samples })).toBe(3);
    expect(evaluateExpression(`stddev(#{${A}})`, {}, { samples })).toBeCloseTo(Math.sqrt(13));
    expect(evaluateExpression(`sum(#{${B}})`, {}, { samples })).toBeNull();
  });

  it('answers orgUnit predicates from the given org unit', () => {
    const expr = 'if(orgUnit.group(CXw2yu5fodb), 1, 2)';
    expect(evaluateExpression(expr, {}, { orgUnit: { groups: ['CXw2yu5fodb'] } })).toBe(1);
    expect(evaluateExpression(expr, {})).toBe(2);
  });
});

describe('evaluateIndicator', () => {
  const percentage = { factor: 100 };

  it('computes numerator / denominator × factor', () => {
    const indicator = { numerator: `#{${A}}`, denominator: `#{${B}}` };
    expect(evaluateIndicator(indicator, percentage, { [A]: 25, [B]: 200 })).toBe(12.5);
  });

  it('is null when the denominator is zero or has no value, or the numerator has none', () => {
    const indicator = { numerator: `#{${A}}`, denominator: `#{${B}}` };
    expect(evaluateIndicator(indicator, percentage, { [A]: 25, [B]: 0 })).toBeNull();
    expect(evaluateIndicator(indicator, percentage, { [A]: 25 })).toBeNull();
    expect(evaluateIndicator(indicator, percentage, { [B]: 25 })).toBeNull();
  });

  it('applies the annualization factor only to annualized indicators', () => {
    const indicator = { numerator: `#{${A}}`, denominator: '1', annualized: true };
    expect(evaluateIndicator(indicator, { factor: 1 }, { [A]: 3 }, { annualizationFactor: 4 })).toBe(12);
    expect(
      evaluateIndicator(
        { ...indicator, annualized: false },
        { factor: 1 },
        { [A]: 3 },
        { annualizationFactor: 4 },
      ),
    ).toBe(3);
  });
});
