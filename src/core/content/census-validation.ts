import type { MetadataObject } from '../package/types.js';
import { shipped } from './builders.js';
import { deCode } from './census-spec.js';
import type { Dimensions } from './dimensions.js';
import { sumCells, total, where } from './expressions.js';
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
  const specs: RuleSpec[] = [];
  const enrol = deCode(level, 'ENROLMENT');
  const enrolCombo = dims.combos.gradeAgeSex[level];
  const enrolled = (filter: Parameters<typeof where>[0], what: Text) => ({
    expression: sumCells(enrol, enrolCombo, where(filter)),
    description: what,
  });
  const tag = LEVEL_TAGS[level];
  for (const sex of SEXES) {
    specs.push({
      key: `NATIONALITY_${sex.code}`,
      name: join(tag, t(' enrolment by nationality equals enrolment, '), sex.text),
      left: {
        expression: sumCells(
          deCode(level, 'ENROLMENT_NATIONALITY'),
          dims.combos.nationalitySex,
          where({ sex: sex.code }),
        ),
        description: t('Enrolment by nationality'),
      },
      operator: 'equal_to',
      right: enrolled({ sex: sex.code }, t('Enrolment by grade and age')),
      instruction: t('The nationality table must count the same learners as the enrolment table.'),
    });
    for (const domain of dims.categories.disabilityDomain.options) {
      specs.push({
        key: `${domain.code.replace('EDU_WG_', 'WG_')}_${sex.code}`,
        name: join(tag, ' ', domain.name, t(' difficulty not above enrolment, '), sex.text),
        left: {
          expression: sumCells(
            deCode(level, 'ENROLMENT_DISABILITY'),
            dims.combos.disabilitySex,
            where({ sex: sex.code, domain: domain.code }),
          ),
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
        expression: sumCells(deCode(level, 'TEACHERS_NEW'), dims.combos.sex, where({ sex: sex.code })),
        description: t('Newly recruited teachers'),
      },
      operator: 'less_than_or_equal_to',
      right: {
        expression: sumCells(deCode(level, 'TEACHERS'), dims.combos.teachers, where({ sex: sex.code })),
        description: t('Teachers'),
      },
      instruction: t('Newly recruited teachers are part of the teachers.'),
    });
    if (level === '02') continue;
    const grades = profile.levels[level].duration;
    for (let g = 1; g <= grades; g++) {
      specs.push({
        key: `REPEATERS_G${String(g).padStart(2, '0')}_${sex.code}`,
        name: join(tag, t(' grade {g} repeaters not above enrolment, ', { g }), sex.text),
        left: {
          expression: sumCells(
            deCode(level, 'REPEATERS'),
            dims.combos.gradeSex[level],
            where({ grade: g, sex: sex.code }),
          ),
          description: t('Repeaters, grade {g}', { g }),
        },
        operator: 'less_than_or_equal_to',
        right: enrolled({ grade: g, sex: sex.code }, t('Enrolment, grade {g}', { g })),
        instruction: t('Repeaters of a grade are part of its enrolment.'),
      });
    }
    // New entrants are, by definition, grade-1 learners who are not repeating it.
    specs.push({
      key: `NEW_ENTRANTS_${sex.code}`,
      name: join(tag, t(' new entrants equal grade 1 enrolment minus repeaters, '), sex.text),
      left: {
        expression: sumCells(deCode(level, 'NEW_ENTRANTS'), dims.combos.ageSex, where({ sex: sex.code })),
        description: t('New entrants to grade 1'),
      },
      operator: 'equal_to',
      right: {
        expression: `${sumCells(enrol, enrolCombo, where({ grade: 1, sex: sex.code }))} - ${sumCells(deCode(level, 'REPEATERS'), dims.combos.gradeSex[level], where({ grade: 1, sex: sex.code }))}`,
        description: t('Grade 1 enrolment minus grade 1 repeaters'),
      },
      instruction: t('New entrants and repeaters of grade 1 together make up grade 1 enrolment.'),
    });
  }
  specs.push({
    key: 'CLASSES',
    name: join(tag, t(' classes not above enrolment')),
    left: { expression: total(deCode(level, 'CLASSES')), description: t('Classes') },
    operator: 'less_than_or_equal_to',
    right: { expression: total(enrol), description: t('Enrolment') },
    instruction: t('Every class has at least one learner.'),
  });
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
      importance: 'MEDIUM',
      operator: spec.operator,
      periodType: 'Yearly',
      // Left side: skip when nothing was entered; right side: a missing whole is itself an error.
      leftSide: side(spec.left, 'SKIP_IF_ALL_VALUES_MISSING'),
      rightSide: side(spec.right, 'NEVER_SKIP'),
    },
  );
}
