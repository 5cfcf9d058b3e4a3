import type { MetadataObject } from '../package/types.js';
import { shipped } from './builders.js';
import { conceptElements } from './census-spec.js';
import { plausibleAgeForGrade, type Dimensions } from './dimensions.js';
import { sumRows, where } from './expressions.js';
import { FormulaContext } from './sdg4-context.js';
import { languagesOf, type CountryProfile, type IscedLevel } from './profile-types.js';
import { inLanguage, join, LEVEL_TAGS, levelCode, t, type Text } from './text.js';

type Operator = 'equal_to' | 'less_than_or_equal_to';

interface RuleSpec {
  key: string;
  name: Text;
  left: { expression: string; description: Text };
  operator: Operator;
  right: { expression: string; description: Text };
  instruction: Text;
  importance?: 'LOW' | 'MEDIUM';
}

const SEXES = [
  { code: 'F' as const, text: t('female') },
  { code: 'M' as const, text: t('male') },
];

/**
 * Consistency checks of one census form: disaggregations of the same learners add up, and subsets
 * (repeaters, new teachers, learners with a difficulty) never exceed the whole.
 */
export function censusValidationRules(
  profile: CountryProfile,
  dims: Dimensions,
  level: IscedLevel,
): { rules: MetadataObject[]; group: MetadataObject } {
  const ctx = new FormulaContext(profile);
  const rows = (concept: string) => conceptElements(dims, level, concept);
  const specs: RuleSpec[] = [];
  const enrolled = (facts: { grade?: number; sex?: 'F' | 'M' }, what: Text) => ({
    expression: ctx.enrolmentOf(level, facts),
    description: what,
  });
  const tag = LEVEL_TAGS[level];
  for (const sex of SEXES) {
    specs.push({
      key: `NATIONALITY_${sex.code}`,
      name: join(tag, t(' enrolment by nationality equals enrolment, '), sex.text),
      left: {
        expression: sumRows(rows('ENROLMENT_NATIONALITY'), where({ sex: sex.code })),
        description: t('Enrolment by nationality'),
      },
      operator: 'equal_to',
      right: enrolled({ sex: sex.code }, t('Enrolment by grade and age')),
      instruction: t('The nationality table must count the same learners as the enrolment table.'),
    });
    specs.push(implausibleAges(profile, dims, level, sex));
    for (const domain of dims.categories.disabilityDomain.options) {
      specs.push({
        key: `${domain.code.replace('EDU_WG_', 'WG_')}_${sex.code}`,
        name: join(tag, ' ', domain.name, t(' difficulty not above enrolment, '), sex.text),
        left: {
          expression: sumRows(rows('ENROLMENT_DISABILITY'), where({ sex: sex.code, domain: domain.code })),
          description: join(t('Learners with difficulty: '), domain.name),
        },
        operator: 'less_than_or_equal_to',
        right: enrolled({ sex: sex.code }, join(t('Enrolment (whole of the '), domain.name, ')')),
        instruction: t('Learners with a difficulty in one domain cannot outnumber the learners enrolled.'),
      });
    }
    specs.push({
      key: `NEW_TEACHERS_${sex.code}`,
      name: join(tag, t(' new teachers not above teachers, '), sex.text),
      left: {
        expression: sumRows(rows('TEACHERS_NEW'), where({ sex: sex.code })),
        description: t('Newly recruited teachers'),
      },
      operator: 'less_than_or_equal_to',
      right: { expression: ctx.teachers(level, { sex: sex.code }), description: t('Teachers') },
      instruction: t('Newly recruited teachers are part of the teachers.'),
    });
    if (level === '02') continue;
    const grades = profile.levels[level].duration;
    for (let g = 1; g <= grades; g++) {
      specs.push({
        key: `REPEATERS_G${String(g).padStart(2, '0')}_${sex.code}`,
        name: join(tag, t(' grade {g} repeaters not above enrolment, ', { g }), sex.text),
        left: {
          expression: ctx.repeaters(level, { grade: g, sex: sex.code }),
          description: t('Repeaters, grade {g}', { g }),
        },
        operator: 'less_than_or_equal_to',
        right: enrolled({ grade: g, sex: sex.code }, t('Enrolment, grade {g}', { g })),
        instruction: t('Repeaters of a grade are part of its enrolment.'),
      });
    }
    // Not equality: re-entrants (back after a break, not repeating) are in grade 1 too.
    specs.push({
      key: `NEW_ENTRANTS_${sex.code}`,
      name: join(tag, t(' new entrants not above grade 1 enrolment minus repeaters, '), sex.text),
      left: {
        expression: ctx.newEntrants(level, where({ sex: sex.code })),
        description: t('New entrants to grade 1'),
      },
      operator: 'less_than_or_equal_to',
      right: {
        expression: `${ctx.enrolmentOf(level, { grade: 1, sex: sex.code })} - ${ctx.repeaters(level, { grade: 1, sex: sex.code })}`,
        description: t('Grade 1 enrolment minus grade 1 repeaters'),
      },
      instruction: t(
        'New entrants are grade 1 learners who are neither repeating it nor coming back to it (re-entrants).',
      ),
    });
  }
  specs.push({
    key: 'CLASSES',
    name: join(tag, t(' classes not above enrolment')),
    left: { expression: sumRows(rows('CLASSES')), description: t('Classes') },
    operator: 'less_than_or_equal_to',
    right: { expression: ctx.enrolment(level), description: t('Enrolment') },
    instruction: t('Every class has at least one learner.'),
  });
  specs.push(...outlierRules(ctx, level, rows));
  const groupCode = `EDU_${levelCode(level)}_CENSUS`;
  const rules = specs.map((spec) => ruleObject(profile, level, spec));
  const group = shipped(
    'validationRuleGroups',
    groupCode,
    languagesOf(profile),
    {
      name: join(t('EDU - School census checks ('), tag, ')'),
    },
    { validationRules: rules.map((r) => ({ id: r.id as string })) },
  );
  return { rules, group };
}

/** Greyed cells (a learner younger than the grade allows) must stay empty, whatever an import sends. */
function implausibleAges(
  profile: CountryProfile,
  dims: Dimensions,
  level: IscedLevel,
  sex: { code: 'F' | 'M'; text: Text },
): RuleSpec {
  const impossible = sumRows(
    conceptElements(dims, level, 'ENROLMENT'),
    (facts) => facts.sex === sex.code && !plausibleAgeForGrade(profile, level, facts.grade ?? 1, facts),
  );
  return {
    key: `AGES_${sex.code}`,
    name: join(LEVEL_TAGS[level], t(' no learner too young for the grade, '), sex.text),
    left: { expression: impossible, description: t('Enrolment too young for the grade') },
    operator: 'less_than_or_equal_to',
    right: { expression: '0', description: join(t('None, '), LEVEL_TAGS[level], ' ', sex.text) },
    instruction: t(
      'A learner more than two years younger than the intended age of the grade is a data entry error: check the age or the grade.',
    ),
  };
}

/**
 * Min/max outlier bounds: more than 150 learners per class or per teacher is a typing error
 * (a digit too many) far more often than a real school. LOW importance: a warning to check.
 */
function outlierRules(
  ctx: FormulaContext,
  level: IscedLevel,
  rows: (concept: string) => ReturnType<typeof conceptElements>,
): RuleSpec[] {
  const tag = LEVEL_TAGS[level];
  const enrolment = (per: Text) => ({
    expression: ctx.enrolment(level),
    description: join(t('Enrolment'), per),
  });
  return [
    {
      key: 'OUTLIER_PER_CLASS',
      name: join(tag, t(' at most {n} learners per class', { n: MAX_PER_CLASS })),
      left: enrolment(t(' (per class check)')),
      operator: 'less_than_or_equal_to',
      right: {
        expression: `${MAX_PER_CLASS} * ${sumRows(rows('CLASSES'))}`,
        description: t('{n} x classes', { n: MAX_PER_CLASS }),
      },
      instruction: t('Check enrolment and classes for a typing error (a digit too many or too few).'),
      importance: 'LOW',
    },
    {
      key: 'OUTLIER_PER_TEACHER',
      name: join(tag, t(' at most {n} learners per teacher', { n: MAX_PER_TEACHER })),
      left: enrolment(t(' (per teacher check)')),
      operator: 'less_than_or_equal_to',
      right: {
        expression: `${MAX_PER_TEACHER} * ${ctx.teachers(level)}`,
        description: t('{n} x teachers', { n: MAX_PER_TEACHER }),
      },
      instruction: t('Check enrolment and teachers for a typing error (a digit too many or too few).'),
      importance: 'LOW',
    },
  ];
}

const MAX_PER_CLASS = 150;
const MAX_PER_TEACHER = 150;

function ruleObject(profile: CountryProfile, level: IscedLevel, spec: RuleSpec): MetadataObject {
  const lang = languagesOf(profile);
  const side = (s: RuleSpec['left'], strategy: string) => ({
    expression: s.expression,
    description: inLanguage(s.description, lang.main),
    missingValueStrategy: strategy,
  });
  return shipped(
    'validationRules',
    `EDU_${levelCode(level)}_VR_${spec.key}`,
    lang,
    { name: join('EDU - ', spec.name), description: spec.instruction },
    {
      instruction: inLanguage(spec.instruction, lang.main),
      importance: spec.importance ?? 'MEDIUM',
      operator: spec.operator,
      periodType: 'Yearly',
      // Left side: skip when nothing was entered; right side: a missing whole is itself an error.
      leftSide: side(spec.left, 'SKIP_IF_ALL_VALUES_MISSING'),
      rightSide: side(spec.right, 'NEVER_SKIP'),
    },
  );
}
