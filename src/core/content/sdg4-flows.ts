import { indicatorCode, levelNames, type FormulaContext, type IndicatorSpec } from './sdg4-context.js';
import type { IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, t } from './text.js';

const PREVIOUS_YEAR = { periodOffset: -1 };
const pad = (g: number) => String(g).padStart(2, '0');

/**
 * Grade-to-grade flow rates from two consecutive censuses. They are computed for the later year t:
 * year t-1 terms carry `.periodOffset(-1)` (UIS: RR(g) = R(g,t)/E(g,t-1), PR(g) = (E(g+1,t) -
 * R(g+1,t))/E(g,t-1), DR = 100 - PR - RR, expanded so no nested percentages are needed).
 */
export function flowIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  for (const level of ['1', '2', '3'] as IscedLevel[]) {
    const grades = ctx.profile.levels[level].duration;
    const E = (g: number, prev = false) => ctx.enrolmentOf(level, { grade: g }, prev ? PREVIOUS_YEAR : {});
    const R = (g: number) => ctx.repeaters(level, { grade: g });
    const newInto = (g: number) => `(${E(g)} - ${R(g)})`;
    const common = { level, type: 'percent' as const, decimals: 1 };
    out.push({
      ...common,
      code: indicatorCode(level, 'RR'),
      key: 'RR',
      ...levelNames(level, t('Repetition rate (all grades)'), t('Repetition')),
      description: t(
        'Repeaters in the level in year t as a percentage of enrolment in the level in year t-1.',
      ),
      numerator: ctx.repeaters(level),
      numeratorDescription: t('Repeaters, year t'),
      denominator: ctx.enrolment(level, undefined, PREVIOUS_YEAR),
      denominatorDescription: t('Enrolment, year t-1'),
      uisCode: level === '1' ? 'REPR.1.CP' : 'none',
      sdg: 'none',
      group: 'UIS_OTHER',
      legend: 'exclusion',
    });
    for (let g = 1; g <= grades; g++) {
      const label = ctx.gradeLabel(level, g);
      out.push({
        ...common,
        grade: g,
        code: indicatorCode(level, `RR_G${pad(g)}`),
        key: 'RR',
        ...levelNames(level, join(t('Repetition rate, '), label), join(t('Repetition '), label)),
        description: t(
          'Repeaters of the grade in year t as a percentage of enrolment in the grade in year t-1.',
        ),
        numerator: R(g),
        numeratorDescription: join(t('Repeaters in '), label, t(', year t')),
        denominator: E(g, true),
        denominatorDescription: join(t('Enrolment in '), label, t(', year t-1')),
        uisCode: 'none',
        sdg: 'none',
        group: 'UIS_OTHER',
        legend: 'exclusion',
      });
      if (g === grades) continue;
      const next = ctx.gradeLabel(level, g + 1);
      out.push({
        ...common,
        grade: g,
        code: indicatorCode(level, `PR_G${pad(g)}`),
        key: 'PR',
        ...levelNames(level, join(t('Promotion rate, '), label), join(t('Promotion '), label)),
        description: t(
          'Learners promoted to the next grade in year t (its enrolment minus its repeaters) as a percentage of enrolment in the grade in year t-1.',
        ),
        numerator: newInto(g + 1),
        numeratorDescription: join(t('Enrolment minus repeaters in '), next, t(', year t')),
        denominator: E(g, true),
        denominatorDescription: join(t('Enrolment in '), label, t(', year t-1')),
        uisCode: 'none',
        sdg: 'national',
        group: 'NATIONAL',
        legend: 'coverage',
      });
      out.push({
        ...common,
        grade: g,
        code: indicatorCode(level, `DR_G${pad(g)}`),
        key: 'DR',
        ...levelNames(level, join(t('Dropout rate, '), label), join(t('Dropout '), label)),
        description: t(
          'Learners of the grade in year t-1 neither promoted nor repeating in year t, as a percentage of enrolment in the grade in year t-1 (100 - promotion rate - repetition rate).',
        ),
        numerator: `${E(g, true)} - ${newInto(g + 1)} - ${R(g)}`,
        numeratorDescription: join(t('Enrolment year t-1 minus promoted and repeaters year t, '), label),
        denominator: E(g, true),
        denominatorDescription: join(t('Enrolment in '), label, t(', year t-1')),
        uisCode: 'none',
        sdg: 'national',
        group: 'NATIONAL',
        legend: 'exclusion',
      });
    }
    if (level !== '3') {
      // Reconstructed cohort without a repetition limit: a pupil in grade k eventually moves on to
      // k+1 with probability PR/(PR+DR) = PR/(1-RR) = (E(k+1,t)-R(k+1,t)) / (E(k,t-1)-R(k,t)).
      const factors = Array.from({ length: grades - 1 }, (_, i) => i + 1).map(
        (k) => `(${newInto(k + 1)} / (${E(k, true)} - ${R(k)}))`,
      );
      out.push({
        ...common,
        code: indicatorCode(level, 'SR'),
        key: 'SR',
        ...levelNames(level, t('Survival rate to the last grade'), t('Survival last grade')),
        description: t(
          'Percentage of a cohort entering the first grade expected to reach the last grade regardless of repetition (reconstructed cohort with the flow rates of years t-1 to t, repetitions not capped).',
        ),
        numerator: factors.length ? factors.join(' * ') : '1',
        numeratorDescription: t('Product over grades of PR / (1 - RR)'),
        denominator: '1',
        denominatorDescription: t('One'),
        uisCode: level === '1' ? 'SR.1.GLAST.CP' : 'none',
        sdg: 'none',
        group: 'UIS_OTHER',
        legend: 'coverage',
      });
      const to: IscedLevel = level === '1' ? '2' : '3';
      const last = grades;
      out.push({
        ...common,
        code: indicatorCode(level, 'ETR'),
        key: 'ETR',
        ...levelNames(level, join(t('Effective transition rate to '), LEVEL_NAMES[to]), t('Transition rate')),
        description: join(
          t('New entrants to the first grade of '),
          LEVEL_NAMES[to],
          t(
            ' in year t as a percentage of last-grade enrolment in year t-1 minus last-grade repeaters in year t.',
          ),
        ),
        numerator: ctx.newEntrants(to),
        numeratorDescription: join(t('New entrants to grade 1 of '), LEVEL_NAMES[to], t(', year t')),
        denominator: `${E(last, true)} - ${R(last)}`,
        denominatorDescription: t('Last-grade enrolment year t-1 minus last-grade repeaters year t'),
        uisCode: 'none',
        sdg: 'none',
        group: 'UIS_OTHER',
        legend: 'coverage',
      });
    }
  }
  return out;
}
