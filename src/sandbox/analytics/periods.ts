/**
 * ISO periods of the Gregorian calendar as DHIS2 analytics reads them: their dates, English names,
 * length class (a period only holds data of its own or a shorter period type) and neighbours (for
 * `.periodOffset()`), and the relative periods (THIS_YEAR, LAST_5_YEARS, ...) resolved against "now".
 */
export interface Period {
  id: string;
  type: PeriodType;
  /** ISO dates (yyyy-mm-dd), both inclusive. */
  start: string;
  end: string;
  days: number;
  name: string;
}

export type PeriodType =
  | 'Daily'
  | 'Monthly'
  | 'Quarterly'
  | 'SixMonthly'
  | 'Yearly'
  | 'FinancialApril'
  | 'FinancialJuly'
  | 'FinancialOct'
  | 'FinancialNov';

/** DHIS2's frequency order: data of a period type rolls up only into periods of an equal or longer one. */
const FREQUENCY: Record<PeriodType, number> = {
  Daily: 1,
  Monthly: 30,
  Quarterly: 91,
  SixMonthly: 182,
  Yearly: 365,
  FinancialApril: 365,
  FinancialJuly: 365,
  FinancialOct: 365,
  FinancialNov: 365,
};

const FINANCIAL_START: Record<string, { type: PeriodType; month: number }> = {
  April: { type: 'FinancialApril', month: 4 },
  July: { type: 'FinancialJuly', month: 7 },
  Oct: { type: 'FinancialOct', month: 10 },
  Nov: { type: 'FinancialNov', month: 11 },
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const DAY_MS = 86_400_000;
const iso = (year: number, month: number, day: number) =>
  new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
/** The last day of a month (month may overflow into the next years). */
const monthEnd = (year: number, month: number) => iso(year, month + 1, 0);
const pad = (n: number) => String(n).padStart(2, '0');

function make(id: string, type: PeriodType, start: string, end: string, name: string): Period {
  const days = Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) + 1;
  return { id, type, start, end, days, name };
}

/** Parses an ISO period id; undefined for ids this sandbox does not aggregate (weekly, bi-monthly...). */
export function parsePeriod(id: string): Period | undefined {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(id))) {
    const y = Number(m[1]);
    return make(id, 'Yearly', iso(y, 1, 1), iso(y, 12, 31), id);
  }
  if ((m = /^(\d{4})(April|July|Oct|Nov)$/.exec(id))) {
    const y = Number(m[1]);
    const { type, month } = FINANCIAL_START[m[2]!]!;
    const name = `${MONTHS[month - 1]} ${y} - ${MONTHS[(month + 10) % 12]} ${y + 1}`;
    return make(id, type, iso(y, month, 1), monthEnd(y + 1, month - 1), name);
  }
  if ((m = /^(\d{4})Q([1-4])$/.exec(id))) {
    const y = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    const name = `${MONTHS[first - 1]} - ${MONTHS[first + 1]} ${y}`;
    return make(id, 'Quarterly', iso(y, first, 1), monthEnd(y, first + 2), name);
  }
  if ((m = /^(\d{4})S([12])$/.exec(id))) {
    const y = Number(m[1]);
    const first = m[2] === '1' ? 1 : 7;
    const name = `${MONTHS[first - 1]} - ${MONTHS[first + 4]} ${y}`;
    return make(id, 'SixMonthly', iso(y, first, 1), monthEnd(y, first + 5), name);
  }
  if ((m = /^(\d{4})-?(\d{2})$/.exec(id)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    const y = Number(m[1]);
    const month = Number(m[2]);
    return make(
      `${y}${pad(month)}`,
      'Monthly',
      iso(y, month, 1),
      monthEnd(y, month),
      `${MONTHS[month - 1]} ${y}`,
    );
  }
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(id))) {
    const day = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    if (day.replaceAll('-', '') !== id) return undefined;
    return make(id, 'Daily', day, day, day);
  }
  return undefined;
}

/** The period `steps` periods of the same type before (negative) or after `period`. */
export function shiftPeriod(period: Period, steps: number): Period {
  const [y, mo, d] = period.start.split('-').map(Number) as [number, number, number];
  switch (period.type) {
    case 'Daily':
      return parsePeriod(iso(y, mo, d + steps).replaceAll('-', ''))!;
    case 'Monthly':
      return parsePeriod(
        iso(y, mo + steps, 1)
          .slice(0, 7)
          .replace('-', ''),
      )!;
    case 'Quarterly':
    case 'SixMonthly': {
      const months = period.type === 'Quarterly' ? 3 : 6;
      const start = iso(y, mo + steps * months, 1);
      const year = Number(start.slice(0, 4));
      const index = Math.floor((Number(start.slice(5, 7)) - 1) / months) + 1;
      return parsePeriod(`${year}${period.type === 'Quarterly' ? 'Q' : 'S'}${index}`)!;
    }
    default:
      return parsePeriod(period.id.replace(/^\d{4}/, String(y + steps)))!;
  }
}

/** Whether data stored for `data` is counted in `target` (DHIS2's period structure: start date inside, type not longer). */
export function periodContains(target: Period, data: Period): boolean {
  return (
    FREQUENCY[data.type] <= FREQUENCY[target.type] && data.start >= target.start && data.start <= target.end
  );
}

/** The first start and last end of some periods (yyyy-mm-dd). */
export function periodBounds(periods: readonly Period[]): { start: string; end: string } {
  let { start, end } = periods[0]!;
  for (const p of periods) {
    if (p.start < start) start = p.start;
    if (p.end > end) end = p.end;
  }
  return { start, end };
}

/** PeriodType.getFrequencyOrder of every DHIS2 period type a data set may have. */
const FREQUENCY_ORDER: Record<string, number> = {
  ...FREQUENCY,
  Weekly: 7,
  WeeklyWednesday: 7,
  WeeklyThursday: 7,
  WeeklySaturday: 7,
  WeeklySunday: 7,
  BiWeekly: 14,
  BiMonthly: 61,
  QuarterlyNov: 91,
  SixMonthlyApril: 182,
  SixMonthlyNov: 182,
};

/** PeriodType.getPeriodSpan: how many whole periods of `inner` type one period of `outer` type holds (0 if shorter). */
export function periodSpan(outer: PeriodType, inner: string): number {
  const order = FREQUENCY_ORDER[inner];
  return order ? Math.floor(FREQUENCY[outer] / order) : 0;
}

/** analyticsFinancialYearStart, DHIS2's default system setting (FINANCIAL_YEAR_OCTOBER). */
const FINANCIAL_YEAR_SUFFIX = 'Oct';

interface RelativeRule {
  name: string;
  /** The period ids for a given "now" (UTC date parts). */
  ids: (now: { year: number; month: number }) => string[];
}

const range = (count: number, f: (i: number) => string) => Array.from({ length: count }, (_, i) => f(i));
const lastYears = (n: number) => (now: { year: number }) => range(n, (i) => String(now.year - n + i));
const monthsBack = (n: number) => (now: { year: number; month: number }) =>
  range(n, (i) =>
    iso(now.year, now.month - n + i, 1)
      .slice(0, 7)
      .replace('-', ''),
  );
const quarterOf = (year: number, month: number, offset: number) => {
  const start = iso(year, Math.floor((month - 1) / 3) * 3 + 1 + offset * 3, 1);
  return `${start.slice(0, 4)}Q${Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1}`;
};
const financialYear = (now: { year: number; month: number }, offset: number) => {
  const startMonth = FINANCIAL_START[FINANCIAL_YEAR_SUFFIX]!.month;
  const current = now.month >= startMonth ? now.year : now.year - 1;
  return `${current + offset}${FINANCIAL_YEAR_SUFFIX}`;
};

const RELATIVE: Record<string, RelativeRule> = {
  THIS_YEAR: { name: 'This year', ids: (now) => [String(now.year)] },
  LAST_YEAR: { name: 'Last year', ids: (now) => [String(now.year - 1)] },
  LAST_5_YEARS: { name: 'Last 5 years', ids: lastYears(5) },
  LAST_10_YEARS: { name: 'Last 10 years', ids: lastYears(10) },
  THIS_FINANCIAL_YEAR: { name: 'This financial year', ids: (now) => [financialYear(now, 0)] },
  LAST_FINANCIAL_YEAR: { name: 'Last financial year', ids: (now) => [financialYear(now, -1)] },
  LAST_5_FINANCIAL_YEARS: {
    name: 'Last 5 financial years',
    ids: (now) => range(5, (i) => financialYear(now, i - 5)),
  },
  THIS_QUARTER: { name: 'This quarter', ids: (now) => [quarterOf(now.year, now.month, 0)] },
  LAST_QUARTER: { name: 'Last quarter', ids: (now) => [quarterOf(now.year, now.month, -1)] },
  LAST_4_QUARTERS: {
    name: 'Last 4 quarters',
    ids: (now) => range(4, (i) => quarterOf(now.year, now.month, i - 4)),
  },
  THIS_MONTH: { name: 'This month', ids: (now) => [`${now.year}${pad(now.month)}`] },
  LAST_MONTH: { name: 'Last month', ids: monthsBack(1) },
  LAST_3_MONTHS: { name: 'Last 3 months', ids: monthsBack(3) },
  LAST_6_MONTHS: { name: 'Last 6 months', ids: monthsBack(6) },
  LAST_12_MONTHS: { name: 'Last 12 months', ids: monthsBack(12) },
};

export const isRelativePeriod = (id: string): boolean => id in RELATIVE;
export const relativePeriodName = (id: string): string | undefined => RELATIVE[id]?.name;

/** The fixed periods a relative period stands for at `now` (DHIS2's relativePeriodDate). */
export function relativePeriods(id: string, now: Date): Period[] {
  const rule = RELATIVE[id];
  if (!rule) return [];
  return rule.ids({ year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 }).map((p) => parsePeriod(p)!);
}
