import { PERIOD_SUFFIX, type SampleAssignment } from './sample-data.js';
import type { SampleDataModel } from './sample-data-model.js';
import { seededRandom } from './sample-values.js';

/** One completed form as POST /api/completeDataSetRegistrations takes it. */
export interface CompleteRegistration {
  dataSet: string;
  period: string;
  organisationUnit: string;
  /** yyyy-mm-dd the form was marked complete: on time up to timelyDays after the period's end. */
  date: string;
  completed: true;
}

export interface SampleRegistrationOptions {
  years: number[];
  seed?: string;
  /** Org unit -> parent: the schools of one district report alike. */
  parents?: ReadonlyMap<string, string>;
  /** yyyy-mm-dd: a form is never completed after today (it is simply not complete yet). */
  today: string;
}

const START_MONTH: Readonly<Record<string, number>> = {
  Yearly: 1,
  FinancialApril: 4,
  FinancialJuly: 7,
  FinancialOct: 10,
  FinancialNov: 11,
};
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Which sample forms are marked complete, and when: each district completes 85-98 % of its forms
 * and 75-95 % of those on time (from two months before the period ends to timelyDays after it);
 * the others come in up to two months late. Same seed, same registrations.
 */
export function sampleRegistrations(
  model: SampleDataModel,
  assignments: readonly SampleAssignment[],
  options: SampleRegistrationOptions,
): CompleteRegistration[] {
  const seed = options.seed ?? 'edupkg';
  const out: CompleteRegistration[] = [];
  for (const { dataSet, orgUnits } of assignments) {
    const ds = model.dataSets.find((d) => d.id === dataSet || d.code === dataSet);
    const startMonth = ds && START_MONTH[ds.periodType];
    if (!ds || !startMonth) continue;
    for (const orgUnit of orgUnits) {
      const district = seededRandom(`${seed}:completeness:${options.parents?.get(orgUnit) ?? orgUnit}`);
      const completes = 0.85 + 0.13 * district();
      const onTime = 0.75 + 0.2 * district();
      for (const year of options.years) {
        const period = `${year}${PERIOD_SUFFIX[ds.periodType]}`;
        const random = seededRandom(`${seed}:${orgUnit}:${period}:${ds.id}:complete`);
        if (random() >= completes) continue;
        // The last day of the period: the day before the next one starts.
        const end = Date.UTC(year + 1, startMonth - 1, 1) - DAY_MS;
        const days =
          random() < onTime
            ? -60 + Math.floor(random() * (61 + ds.timelyDays))
            : ds.timelyDays + 1 + Math.floor(random() * 60);
        const date = isoDay(end + days * DAY_MS);
        if (date > options.today) continue;
        out.push({ dataSet: ds.id, period, organisationUnit: orgUnit, date, completed: true });
      }
    }
  }
  return out;
}
