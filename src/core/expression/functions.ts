/** Arity of each DHIS2 expression function (min, max; max Infinity = variadic). */
export interface FunctionSpec {
  min: number;
  max: number;
  /** Arguments are bare UIDs, not expressions (orgUnit.ancestor(a, b)). */
  uidArgs?: boolean;
  /** Aggregates over the predictor's sample periods. */
  aggregate?: boolean;
}

const spec = (min: number, max = min, extra: Partial<FunctionSpec> = {}): FunctionSpec => ({
  min,
  max,
  ...extra,
});

export const EXPRESSION_FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  if: spec(3),
  isNull: spec(1),
  isNotNull: spec(1),
  firstNonNull: spec(1, Infinity),
  greatest: spec(1, Infinity),
  least: spec(1, Infinity),
  log: spec(1, 2),
  log10: spec(1),
  removeZeros: spec(1),
  normDistCum: spec(1, 3),
  normDistDen: spec(1, 3),
  subExpression: spec(1),
  contains: spec(2, Infinity),
  containsItems: spec(2, Infinity),
  'orgUnit.ancestor': spec(1, Infinity, { uidArgs: true }),
  'orgUnit.dataSet': spec(1, Infinity, { uidArgs: true }),
  'orgUnit.group': spec(1, Infinity, { uidArgs: true }),
  'orgUnit.program': spec(1, Infinity, { uidArgs: true }),
  sum: spec(1, 1, { aggregate: true }),
  avg: spec(1, 1, { aggregate: true }),
  min: spec(1, 1, { aggregate: true }),
  max: spec(1, 1, { aggregate: true }),
  count: spec(1, 1, { aggregate: true }),
  median: spec(1, 1, { aggregate: true }),
  stddev: spec(1, 1, { aggregate: true }),
  stddevPop: spec(1, 1, { aggregate: true }),
  stddevSamp: spec(1, 1, { aggregate: true }),
  variance: spec(1, 1, { aggregate: true }),
  percentileCont: spec(2, 2, { aggregate: true }),
};

/** Methods written after an item: `#{de}.periodOffset(-1)`. */
export const EXPRESSION_METHODS: Readonly<Record<string, FunctionSpec>> = {
  periodOffset: spec(1),
  aggregationType: spec(1),
  maxDate: spec(1),
  minDate: spec(1),
  yearToDate: spec(0),
};
