import {
  ExpressionSyntaxError,
  expressionReferences,
  parseExpression,
  referenceTargets,
  tryParseExpression,
} from '../../src/core/expression/index.js';

const DE = 'fbfJHSPpUQD';
const COC = 'pq2XI5kz2BY';
const AOC = 'HllvX50cXC0';

describe('parseExpression', () => {
  it('reads every DHIS2 item form with its ids and position', () => {
    const text = `#{${DE}} + #{${DE}.${COC}} + #{${DE}.${COC}.${AOC}} + #{${DE}.*.${AOC}} + I{AbCdEfGhIj1} + D{AbCdEfGhIj1.${DE}} + A{AbCdEfGhIj2} + C{Gfd3ppDfq8E} + OUG{CXw2yu5fodb} + R{BfMAe6Itzgt.REPORTING_RATE} + N{Uvn6LCg7dVU} + [days]`;
    const refs = expressionReferences(text);
    expect(refs.map((r) => [r.kind, r.ids.join('.')])).toEqual([
      ['dataElement', DE],
      ['dataElementOperand', `${DE}.${COC}`],
      ['dataElementOperand', `${DE}.${COC}.${AOC}`],
      ['dataElementOperand', `${DE}.*.${AOC}`],
      ['programIndicator', 'AbCdEfGhIj1'],
      ['programDataElement', `AbCdEfGhIj1.${DE}`],
      ['programAttribute', 'AbCdEfGhIj2'],
      ['constant', 'Gfd3ppDfq8E'],
      ['organisationUnitGroup', 'CXw2yu5fodb'],
      ['reportingRate', 'BfMAe6Itzgt.REPORTING_RATE'],
      ['indicator', 'Uvn6LCg7dVU'],
    ]);
    expect(text.slice(refs[1]!.start, refs[1]!.end)).toBe(`#{${DE}.${COC}}`);
  });

  it('maps a data element operand to the data element and both option combos it needs', () => {
    const [ref] = expressionReferences(`#{${DE}.${COC}.${AOC}}`);
    expect(referenceTargets(ref!)).toEqual([
      { type: 'dataElements', id: DE, role: 'data element' },
      { type: 'categoryOptionCombos', id: COC, role: 'category option combo' },
      { type: 'categoryOptionCombos', id: AOC, role: 'attribute option combo' },
    ]);
    const [wild] = expressionReferences(`#{${DE}.*.${AOC}}`);
    expect(referenceTargets(wild!).map((t) => t.id)).toEqual([DE, AOC]);
  });

  it('gives arithmetic its usual precedence, ^ binding tighter than unary minus', () => {
    const ast = parseExpression('1 + 2 * 3 ^ 2');
    expect(ast).toMatchObject({
      type: 'binary',
      operator: '+',
      right: { operator: '*', right: { operator: '^' } },
    });
    expect(parseExpression('-2^2')).toMatchObject({
      type: 'unary',
      operator: '-',
      operand: { type: 'binary', operator: '^' },
    });
    expect(parseExpression('2^3^2')).toMatchObject({ operator: '^', right: { operator: '^' } });
    expect(parseExpression('1 and 0 or not 1')).toMatchObject({
      operator: '||',
      left: { operator: '&&' },
      right: { type: 'unary', operator: '!' },
    });
  });

  it('reads functions, period offsets and org unit predicates', () => {
    const text = `if(isNull(#{${DE}}), 0, greatest(#{${DE}}.periodOffset(-1), least(1, 2))) + sum(#{${DE}}) + percentileCont(0.5, #{${DE}}) + log(8, 2) + log10(100) + firstNonNull(#{${DE}}, 0)`;
    expect(() => parseExpression(text)).not.toThrow();
    const refs = expressionReferences(
      `#{${DE}}.periodOffset(-1).periodOffset(-2) + if(orgUnit.ancestor(ImspTQPwCqd, O6uvpzGd5pu), 1, 0)`,
    );
    expect(refs[0]).toMatchObject({ kind: 'dataElement', periodOffset: -3 });
    expect(refs.slice(1).map((r) => [r.kind, r.ids[0]])).toEqual([
      ['orgUnitAncestor', 'ImspTQPwCqd'],
      ['orgUnitAncestor', 'O6uvpzGd5pu'],
    ]);
  });

  it('accepts the literal forms real packages use: numbers, strings, booleans and "-1" (also as a JSON number)', () => {
    expect(tryParseExpression(-1).ok).toBe(true);
    for (const text of ['-1', '1', '100', '.5', '1e3', "'text' == 'text'", 'true && !false', '( 1 )\n+\t2']) {
      expect(tryParseExpression(text).ok).toBe(true);
    }
  });

  it.each([
    ['', 'empty expression', 0],
    ['#{abc', 'unclosed "#{"', 0],
    ['1 +', 'unexpected end of expression', 3],
    ['1 + * 2', 'unexpected "*"', 4],
    [`#{${DE}.short}`, '"short" in #{', 0],
    ['#{1234567890a}', 'is not a UID', 0],
    ['foo(1)', 'unknown function "foo"', 0],
    ['if(1, 2)', 'if() takes 3 arguments, got 2', 0],
    [`#{${DE}}.periodOffset(x)`, 'unexpected name "x"', 28],
    ['R{BfMAe6Itzgt.RATE}', 'is not a reporting rate metric', 0],
    ['(1 + 2', 'expected ")"', 6],
    ['1 2', 'unexpected "2"', 2],
    ['1 $ 2', 'unexpected character "$"', 2],
  ])('reports %j as a syntax error with its position', (text, reason, position) => {
    const parsed = tryParseExpression(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toBeInstanceOf(ExpressionSyntaxError);
    expect(parsed.error.message).toContain(reason);
    expect(parsed.error.position).toBe(position);
  });

  it('reads #{stage.de} as a program stage data element in program indicator expressions', () => {
    const [ref] = expressionReferences(`#{AbCdEfGhIj1.${DE}}`, { context: 'program' });
    expect(ref?.kind).toBe('programStageDataElement');
    expect(referenceTargets(ref!).map((t) => t.type)).toEqual(['programStages', 'dataElements']);
  });
});
