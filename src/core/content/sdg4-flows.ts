import { indicatorCode, levelNames, type FormulaContext, type IndicatorSpec } from './sdg4-context.js';
import type { IscedLevel } from './profile-types.js';
import { join, LEVEL_NAMES, tx } from './text.js';

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
      ...levelNames(
        level,
        tx('Repetition rate (all grades)', 'Taux de redoublement (toutes années)'),
        tx('Repetition', 'Redoublement'),
      ),
      description: tx(
        'Repeaters in the level in year t as a percentage of enrolment in the level in year t-1.',
        "Redoublants du niveau l'année t en pourcentage des effectifs du niveau l'année t-1.",
      ),
      numerator: ctx.repeaters(level),
      numeratorDescription: tx('Repeaters, year t', 'Redoublants, année t'),
      denominator: ctx.enrolment(level, undefined, PREVIOUS_YEAR),
      denominatorDescription: tx('Enrolment, year t-1', 'Effectifs, année t-1'),
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
        ...levelNames(
          level,
          join(tx('Repetition rate, ', 'Taux de redoublement, '), label),
          join(tx('Repetition ', 'Redoublement '), label),
        ),
        description: tx(
          'Repeaters of the grade in year t as a percentage of enrolment in the grade in year t-1.',
          "Redoublants de l'année d'études l'année t en pourcentage de ses effectifs l'année t-1.",
        ),
        numerator: R(g),
        numeratorDescription: join(
          tx('Repeaters in ', 'Redoublants en '),
          label,
          tx(', year t', ', année t'),
        ),
        denominator: E(g, true),
        denominatorDescription: join(
          tx('Enrolment in ', 'Effectifs en '),
          label,
          tx(', year t-1', ', année t-1'),
        ),
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
        ...levelNames(
          level,
          join(tx('Promotion rate, ', 'Taux de promotion, '), label),
          join(tx('Promotion ', 'Promotion '), label),
        ),
        description: tx(
          'Learners promoted to the next grade in year t (its enrolment minus its repeaters) as a percentage of enrolment in the grade in year t-1.',
          "Élèves promus en année supérieure l'année t (effectifs moins redoublants de celle-ci) en pourcentage des effectifs de l'année d'études l'année t-1.",
        ),
        numerator: newInto(g + 1),
        numeratorDescription: join(
          tx('Enrolment minus repeaters in ', 'Effectifs moins redoublants en '),
          next,
          tx(', year t', ', année t'),
        ),
        denominator: E(g, true),
        denominatorDescription: join(
          tx('Enrolment in ', 'Effectifs en '),
          label,
          tx(', year t-1', ', année t-1'),
        ),
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
        ...levelNames(
          level,
          join(tx('Dropout rate, ', "Taux d'abandon, "), label),
          join(tx('Dropout ', 'Abandon '), label),
        ),
        description: tx(
          'Learners of the grade in year t-1 neither promoted nor repeating in year t, as a percentage of enrolment in the grade in year t-1 (100 - promotion rate - repetition rate).',
          "Élèves de l'année d'études en t-1 ni promus ni redoublants en t, en pourcentage de ses effectifs en t-1 (100 - taux de promotion - taux de redoublement).",
        ),
        numerator: `${E(g, true)} - ${newInto(g + 1)} - ${R(g)}`,
        numeratorDescription: join(
          tx(
            'Enrolment year t-1 minus promoted and repeaters year t, ',
            'Effectifs t-1 moins promus et redoublants t, ',
          ),
          label,
        ),
        denominator: E(g, true),
        denominatorDescription: join(
          tx('Enrolment in ', 'Effectifs en '),
          label,
          tx(', year t-1', ', année t-1'),
        ),
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
        ...levelNames(
          level,
          tx('Survival rate to the last grade', "Taux de survie jusqu'à la dernière année"),
          tx('Survival last grade', 'Survie dernière année'),
        ),
        description: tx(
          'Percentage of a cohort entering the first grade expected to reach the last grade regardless of repetition (reconstructed cohort with the flow rates of years t-1 to t, repetitions not capped).',
          "Pourcentage d'une cohorte entrant en première année qui atteindra la dernière année, redoublements compris (cohorte reconstituée avec les taux de flux t-1 à t, redoublements non plafonnés).",
        ),
        numerator: factors.length ? factors.join(' * ') : '1',
        numeratorDescription: tx(
          'Product over grades of PR / (1 - RR)',
          'Produit sur les années de TP / (1 - TR)',
        ),
        denominator: '1',
        denominatorDescription: tx('One', 'Un'),
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
        ...levelNames(
          level,
          join(tx('Effective transition rate to ', 'Taux de transition effectif vers '), LEVEL_NAMES[to]),
          tx('Transition rate', 'Transition'),
        ),
        description: join(
          tx('New entrants to the first grade of ', 'Nouveaux entrants en première année du '),
          LEVEL_NAMES[to],
          tx(
            ' in year t as a percentage of last-grade enrolment in year t-1 minus last-grade repeaters in year t.',
            " l'année t en pourcentage des effectifs de dernière année en t-1 moins les redoublants de dernière année en t.",
          ),
        ),
        numerator: ctx.newEntrants(to),
        numeratorDescription: join(
          tx('New entrants to grade 1 of ', 'Nouveaux entrants en année 1 du '),
          LEVEL_NAMES[to],
          tx(', year t', ', année t'),
        ),
        denominator: `${E(last, true)} - ${R(last)}`,
        denominatorDescription: tx(
          'Last-grade enrolment year t-1 minus last-grade repeaters year t',
          'Effectifs de dernière année t-1 moins redoublants de dernière année t',
        ),
        uisCode: 'none',
        sdg: 'none',
        group: 'UIS_OTHER',
        legend: 'coverage',
      });
    }
  }
  return out;
}
