import type { MetadataObject } from '../package/types.js';
import { shipped } from './builders.js';
import { deCode } from './census-spec.js';
import type { Dimensions } from './dimensions.js';
import { sumCells, total, where } from './expressions.js';
import type { CountryProfile, IscedLevel } from './profile-types.js';
import { join, LEVEL_TAGS, levelCode, tx, type Text } from './text.js';

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
  { code: 'F' as const, text: tx('female', 'filles') },
  { code: 'M' as const, text: tx('male', 'garçons') },
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
      name: join(
        tag,
        tx(' enrolment by nationality equals enrolment, ', ' effectifs par nationalité égal effectifs, '),
        sex.text,
      ),
      left: {
        expression: sumCells(
          deCode(level, 'ENROLMENT_NATIONALITY'),
          dims.combos.nationalitySex,
          where({ sex: sex.code }),
        ),
        description: tx('Enrolment by nationality', 'Effectifs par nationalité'),
      },
      operator: 'equal_to',
      right: enrolled({ sex: sex.code }, tx('Enrolment by grade and age', 'Effectifs par année et âge')),
      instruction: tx(
        'The nationality table must count the same learners as the enrolment table.',
        'Le tableau par nationalité doit compter les mêmes élèves que le tableau des effectifs.',
      ),
    });
    for (const domain of dims.categories.disabilityDomain.options) {
      specs.push({
        key: `${domain.code.replace('EDU_WG_', 'WG_')}_${sex.code}`,
        name: join(
          tag,
          ' ',
          domain.name,
          tx(' difficulty not above enrolment, ', ' difficulté pas plus que effectifs, '),
          sex.text,
        ),
        left: {
          expression: sumCells(
            deCode(level, 'ENROLMENT_DISABILITY'),
            dims.combos.disabilitySex,
            where({ sex: sex.code, domain: domain.code }),
          ),
          description: join(tx('Learners with difficulty: ', 'Élèves avec difficulté : '), domain.name),
        },
        operator: 'less_than_or_equal_to',
        right: enrolled(
          { sex: sex.code },
          join(tx('Enrolment (whole of the ', 'Effectifs (ensemble pour '), domain.name, ')'),
        ),
        instruction: tx(
          'Learners with a difficulty in one domain cannot outnumber the learners enrolled.',
          'Les élèves ayant une difficulté dans un domaine ne peuvent dépasser les effectifs.',
        ),
      });
    }
    specs.push({
      key: `NEW_TEACHERS_${sex.code}`,
      name: join(
        tag,
        tx(' new teachers not above teachers, ', ' nouveaux enseignants pas plus que enseignants, '),
        sex.text,
      ),
      left: {
        expression: sumCells(deCode(level, 'TEACHERS_NEW'), dims.combos.sex, where({ sex: sex.code })),
        description: tx('Newly recruited teachers', 'Enseignants nouvellement recrutés'),
      },
      operator: 'less_than_or_equal_to',
      right: {
        expression: sumCells(deCode(level, 'TEACHERS'), dims.combos.teachers, where({ sex: sex.code })),
        description: tx('Teachers', 'Enseignants'),
      },
      instruction: tx(
        'Newly recruited teachers are part of the teachers.',
        'Les nouveaux enseignants font partie des enseignants.',
      ),
    });
    if (level === '02') continue;
    const grades = profile.levels[level].duration;
    for (let g = 1; g <= grades; g++) {
      specs.push({
        key: `REPEATERS_G${String(g).padStart(2, '0')}_${sex.code}`,
        name: join(
          tag,
          tx(
            ` grade ${g} repeaters not above enrolment, `,
            ` année ${g} redoublants pas plus que effectifs, `,
          ),
          sex.text,
        ),
        left: {
          expression: sumCells(
            deCode(level, 'REPEATERS'),
            dims.combos.gradeSex[level],
            where({ grade: g, sex: sex.code }),
          ),
          description: tx(`Repeaters, grade ${g}`, `Redoublants, année ${g}`),
        },
        operator: 'less_than_or_equal_to',
        right: enrolled({ grade: g, sex: sex.code }, tx(`Enrolment, grade ${g}`, `Effectifs, année ${g}`)),
        instruction: tx(
          'Repeaters of a grade are part of its enrolment.',
          "Les redoublants d'une année font partie de ses effectifs.",
        ),
      });
    }
    // New entrants are, by definition, grade-1 learners who are not repeating it.
    specs.push({
      key: `NEW_ENTRANTS_${sex.code}`,
      name: join(
        tag,
        tx(
          ' new entrants equal grade 1 enrolment minus repeaters, ',
          ' nouveaux inscrits égal effectifs année 1 moins redoublants, ',
        ),
        sex.text,
      ),
      left: {
        expression: sumCells(deCode(level, 'NEW_ENTRANTS'), dims.combos.ageSex, where({ sex: sex.code })),
        description: tx('New entrants to grade 1', 'Nouveaux inscrits en année 1'),
      },
      operator: 'equal_to',
      right: {
        expression: `${sumCells(enrol, enrolCombo, where({ grade: 1, sex: sex.code }))} - ${sumCells(deCode(level, 'REPEATERS'), dims.combos.gradeSex[level], where({ grade: 1, sex: sex.code }))}`,
        description: tx(
          'Grade 1 enrolment minus grade 1 repeaters',
          'Effectifs année 1 moins redoublants année 1',
        ),
      },
      instruction: tx(
        'New entrants and repeaters of grade 1 together make up grade 1 enrolment.',
        "Nouveaux inscrits et redoublants de l'année 1 forment ses effectifs.",
      ),
    });
  }
  specs.push({
    key: 'CLASSES',
    name: join(tag, tx(' classes not above enrolment', ' classes pas plus que effectifs')),
    left: { expression: total(deCode(level, 'CLASSES')), description: tx('Classes', 'Classes') },
    operator: 'less_than_or_equal_to',
    right: { expression: total(enrol), description: tx('Enrolment', 'Effectifs') },
    instruction: tx('Every class has at least one learner.', 'Chaque classe compte au moins un élève.'),
  });
  const groupCode = `EDU_${levelCode(level)}_CENSUS`;
  const rules = specs.map((spec) => ruleObject(profile, level, spec));
  const group = shipped(
    'validationRuleGroups',
    groupCode,
    profile.language,
    {
      name: join(tx('EDU - School census checks (', 'EDU - Contrôles du recensement scolaire ('), tag, ')'),
    },
    { validationRules: rules.map((r) => ({ id: r.id as string })) },
  );
  return { rules, group };
}

function ruleObject(profile: CountryProfile, level: IscedLevel, spec: RuleSpec): MetadataObject {
  const lang = profile.language;
  const side = (s: RuleSpec['left'], strategy: string) => ({
    expression: s.expression,
    description: s.description[lang],
    missingValueStrategy: strategy,
  });
  return shipped(
    'validationRules',
    `EDU_${levelCode(level)}_VR_${spec.key}`,
    lang,
    { name: join('EDU - ', spec.name), description: spec.instruction },
    {
      instruction: spec.instruction[lang],
      importance: 'MEDIUM',
      operator: spec.operator,
      periodType: 'Yearly',
      // Left side: skip when nothing was entered; right side: a missing whole is itself an error.
      leftSide: side(spec.left, 'SKIP_IF_ALL_VALUES_MISSING'),
      rightSide: side(spec.right, 'NEVER_SKIP'),
    },
  );
}
