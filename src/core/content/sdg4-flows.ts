import { where } from './expressions.js';
import { indicatorCode, type FormulaContext, type IndicatorSpec, type Sex } from './sdg4-context.js';
import { bySex } from './sdg4-sex.js';
import type { IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, t } from './text.js';

const PREVIOUS_YEAR = { periodOffset: -1 };
const pad = (g: number) => String(g).padStart(2, '0');

/**
 * Grade-to-grade flow rates from two consecutive censuses, each in total, by sex and as a GPIA.
 * They are computed for the later year t: year t-1 terms carry `.periodOffset(-1)` (UIS:
 * RR(g) = R(g,t)/E(g,t-1), PR(g) = (E(g+1,t) - R(g+1,t))/E(g,t-1), DR = 100 - PR - RR, expanded
 * so no nested percentages are needed).
 */
export function flowIndicators(ctx: FormulaContext): IndicatorSpec[] {
  const out: IndicatorSpec[] = [];
  for (const level of ['1', '2', '3'] as IscedLevel[]) {
    const grades = ctx.profile.levels[level].duration;
    const E = (g: number, sex?: Sex, prev = false) =>
      ctx.enrolmentOf(level, { grade: g, sex }, prev ? PREVIOUS_YEAR : {});
    const R = (g: number, sex?: Sex) => ctx.repeaters(level, { grade: g, sex });
    const newInto = (g: number, sex?: Sex) => `(${E(g, sex)} - ${R(g, sex)})`;
    const entered = (den: string) => ctx.whenYearEntered(level, den);
    const common = { level, type: 'percent' as const, decimals: 1 };
    out.push(
      ...bySex(
        { name: t('Repetition rate (all grades)'), shortName: t('Repetition') },
        (sex) => ({
          num: ctx.repeaters(level, { sex }),
          den: entered(ctx.enrolmentOf(level, { sex }, PREVIOUS_YEAR)),
        }),
        {
          ...common,
          code: indicatorCode(level, 'RR'),
          key: 'RR',
          description: t(
            'Repeaters in the level in year t as a percentage of enrolment in the level in year t-1.',
          ),
          numeratorDescription: t('Repeaters, year t'),
          denominatorDescription: t('Enrolment, year t-1'),
          uisCode: level === '1' ? 'REPR.1.CP' : 'none',
          sdg: 'none',
          group: 'UIS_OTHER',
          legend: 'exclusion',
        },
      ),
    );
    for (let g = 1; g <= grades; g++) {
      const label = ctx.gradeLabel(level, g);
      out.push(
        ...bySex(
          { name: join(t('Repetition rate, '), label), shortName: join(t('Repetition '), label) },
          (sex) => ({ num: R(g, sex), den: entered(E(g, sex, true)) }),
          {
            ...common,
            grade: g,
            code: indicatorCode(level, `RR_G${pad(g)}`),
            key: 'RR',
            description: t(
              'Repeaters of the grade in year t as a percentage of enrolment in the grade in year t-1.',
            ),
            numeratorDescription: join(t('Repeaters in '), label, t(', year t')),
            denominatorDescription: join(t('Enrolment in '), label, t(', year t-1')),
            uisCode: 'none',
            sdg: 'none',
            group: 'UIS_OTHER',
            legend: 'exclusion',
          },
        ),
      );
      if (g === grades) continue;
      const next = ctx.gradeLabel(level, g + 1);
      out.push(
        ...bySex(
          { name: join(t('Promotion rate, '), label), shortName: join(t('Promotion '), label) },
          (sex) => ({ num: newInto(g + 1, sex), den: entered(E(g, sex, true)) }),
          {
            ...common,
            grade: g,
            code: indicatorCode(level, `PR_G${pad(g)}`),
            key: 'PR',
            description: t(
              'Learners promoted to the next grade in year t (its enrolment minus its repeaters) as a percentage of enrolment in the grade in year t-1.',
            ),
            numeratorDescription: join(t('Enrolment minus repeaters in '), next, t(', year t')),
            denominatorDescription: join(t('Enrolment in '), label, t(', year t-1')),
            uisCode: 'none',
            sdg: 'national',
            group: 'NATIONAL',
            legend: 'coverage',
          },
        ),
        ...bySex(
          { name: join(t('Dropout rate, '), label), shortName: join(t('Dropout '), label) },
          (sex) => ({
            num: `${E(g, sex, true)} - ${newInto(g + 1, sex)} - ${R(g, sex)}`,
            den: entered(E(g, sex, true)),
          }),
          {
            ...common,
            grade: g,
            code: indicatorCode(level, `DR_G${pad(g)}`),
            key: 'DR',
            description: t(
              'Learners of the grade in year t-1 neither promoted nor repeating in year t, as a percentage of enrolment in the grade in year t-1 (100 - promotion rate - repetition rate).',
            ),
            numeratorDescription: join(t('Enrolment year t-1 minus promoted and repeaters year t, '), label),
            denominatorDescription: join(t('Enrolment in '), label, t(', year t-1')),
            uisCode: 'none',
            sdg: 'national',
            group: 'NATIONAL',
            legend: 'exclusion',
          },
        ),
      );
    }
    if (level === '3') continue;
    // Reconstructed cohort without a repetition limit: a pupil in grade k eventually moves on to
    // k+1 with probability PR/(PR+DR) = PR/(1-RR) = (E(k+1,t)-R(k+1,t)) / (E(k,t-1)-R(k,t)).
    const survival = (sex?: Sex) => {
      const factors = Array.from({ length: grades - 1 }, (_, i) => i + 1).map(
        (k) => `(${newInto(k + 1, sex)} / (${E(k, sex, true)} - ${R(k, sex)}))`,
      );
      return { num: factors.length ? factors.join(' * ') : '1', den: entered('1') };
    };
    out.push(
      ...bySex(
        { name: t('Survival rate to the last grade'), shortName: t('Survival last grade') },
        survival,
        {
          ...common,
          code: indicatorCode(level, 'SR'),
          key: 'SR',
          description: t(
            'Percentage of a cohort entering the first grade expected to reach the last grade regardless of repetition (reconstructed cohort with the flow rates of years t-1 to t, repetitions not capped).',
          ),
          numeratorDescription: t('Product over grades of PR / (1 - RR)'),
          denominatorDescription: t('One'),
          uisCode: level === '1' ? 'SR.1.GLAST.CP' : 'none',
          sdg: 'none',
          group: 'UIS_OTHER',
          legend: 'coverage',
        },
      ),
    );
    const to: IscedLevel = level === '1' ? '2' : '3';
    out.push(
      ...bySex(
        { name: join(t('Effective transition rate to '), LEVEL_NAMES[to]), shortName: t('Transition rate') },
        (sex) => ({
          num: sex ? ctx.newEntrants(to, where({ sex })) : ctx.newEntrants(to),
          den: entered(`${E(grades, sex, true)} - ${R(grades, sex)}`),
        }),
        {
          ...common,
          code: indicatorCode(level, 'ETR'),
          key: 'ETR',
          description: join(
            t('New entrants to the first grade of '),
            LEVEL_NAMES[to],
            t(
              ' in year t as a percentage of last-grade enrolment in year t-1 minus last-grade repeaters in year t.',
            ),
          ),
          numeratorDescription: join(t('New entrants to grade 1 of '), LEVEL_NAMES[to], t(', year t')),
          denominatorDescription: t('Last-grade enrolment year t-1 minus last-grade repeaters year t'),
          uisCode: 'none',
          sdg: 'none',
          group: 'UIS_OTHER',
          legend: 'coverage',
        },
      ),
    );
  }
  return out;
}
