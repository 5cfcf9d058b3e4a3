import type { SandboxStore } from '../store.js';
import { periodOf } from './analytics-table.js';
import { within, type AnalyticsModel, type DataSetInfo } from './model.js';
import { periodBounds, periodContains, periodSpan, type Period } from './periods.js';

/** ReportingRateMetric.displayName: `<dataSet>.<metric>` items are named "<data set> - <displayName>". */
export const REPORTING_RATE_METRIC_NAMES = {
  REPORTING_RATE: 'Reporting rate',
  REPORTING_RATE_ON_TIME: 'Reporting rate on time',
  ACTUAL_REPORTS: 'Actual reports',
  ACTUAL_REPORTS_ON_TIME: 'Actual reports on time',
  EXPECTED_REPORTS: 'Expected reports',
} as const;
export type ReportingRateMetric = keyof typeof REPORTING_RATE_METRIC_NAMES;

/** One metric with the counts behind it (includeNumDen writes actual / expected). */
export interface ReportingRateValue {
  value: number;
  actual: number;
  expected: number;
}

interface Registration {
  orgUnit: string;
  period: Period;
  /** yyyy-mm-dd the form was completed. */
  date: string;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * DHIS2's data set reporting rates (DataHandler.addReportingRates) over the sandbox's complete
 * data set registrations. Expected reports are the completeness target: the units of the subtree
 * the data set is assigned to and that are open over the requested periods, times the data set
 * periods those hold (ReportRatesHelper). Actual reports count completed registrations of periods
 * inside the requested ones; on time means completed at most timelyDays after the period ended
 * (JdbcCompletenessTableManager's timely column, by calendar day).
 */
export class ReportingRates {
  private readonly registrations = new Map<string, Registration[]>();

  constructor(
    store: SandboxStore,
    private readonly model: AnalyticsModel,
    dataSets: string[],
  ) {
    if (dataSets.length === 0) return;
    const rows = store.db
      .prepare<[string], { dataSet: string; period: string; orgUnit: string; date: string }>(
        `SELECT data_set AS dataSet, period, org_unit AS orgUnit, date FROM complete_registrations
         WHERE completed = 1 AND data_set IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(dataSets));
    for (const row of rows) {
      const period = periodOf(row.period);
      if (!period) continue;
      const list = this.registrations.get(row.dataSet) ?? [];
      list.push({ orgUnit: row.orgUnit, period, date: row.date.slice(0, 10) });
      this.registrations.set(row.dataSet, list);
    }
  }

  /** The metric over the subtrees of `roots` and `periods`; null where no unit is expected to report (no row). */
  value(
    dataSet: DataSetInfo,
    metric: ReportingRateMetric,
    roots: string[],
    periods: Period[],
  ): ReportingRateValue | null {
    const { start, end } = periodBounds(periods);
    const expectedUnits = dataSet.orgUnits.filter((id) => {
      const unit = this.model.orgUnits.get(id);
      return (
        unit &&
        within(unit, roots) &&
        (!unit.openingDate || unit.openingDate <= start) &&
        (!unit.closedDate || unit.closedDate >= end)
      );
    }).length;
    if (expectedUnits === 0) return null;
    // Daily data sets expect one report per day; others one per data set period inside each period.
    const perUnit = periods.reduce(
      (a, p) => a + (dataSet.periodType === 'Daily' ? p.days : periodSpan(p.type, dataSet.periodType)),
      0,
    );
    const expected = expectedUnits * perUnit;
    const onTime = metric === 'REPORTING_RATE_ON_TIME' || metric === 'ACTUAL_REPORTS_ON_TIME';
    const actual = (this.registrations.get(dataSet.id) ?? []).filter((r) => {
      const unit = this.model.orgUnits.get(r.orgUnit);
      return (
        unit &&
        within(unit, roots) &&
        periods.some((p) => periodContains(p, r.period)) &&
        (!onTime || r.date <= addDays(r.period.end, dataSet.timelyDays))
      );
    }).length;
    const value =
      metric === 'EXPECTED_REPORTS'
        ? expected
        : metric === 'ACTUAL_REPORTS' || metric === 'ACTUAL_REPORTS_ON_TIME'
          ? actual
          : expected === 0
            ? 0
            : Math.min((actual * 100) / expected, 100);
    return { value, actual, expected };
  }
}
