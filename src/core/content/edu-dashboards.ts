import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ref, shipped, uid } from './builders.js';
import { censusDataSetCode, deCode } from './census-spec.js';
import { mapObject, visualizationObject, type ItemSpec, type Layout } from './edu-dashboard-objects.js';
import { languagesOf, type CountryProfile, type IscedLevel } from './profile-types.js';
import { indicatorCode } from './sdg4-context.js';
import { inLanguage, t, type Text } from './text.js';

/** One dashboard per audience: the school head, the district manager, the national SDG 4 report. */
interface DashboardSpec {
  code: string;
  name: Text;
  description: Text;
  /** Text panels (headings) go before the item with the same index. */
  texts?: Record<number, Text>;
  items: ItemSpec[];
}

const I = (level: IscedLevel, key: string) => indicatorCode(level, key);
const LEVELS: IscedLevel[] = ['02', '1', '2', '3'];
const SCHOOL_LEVELS: IscedLevel[] = ['1', '2', '3'];
/** One census reporting metric per level (REPORTING_RATE, EXPECTED_REPORTS...). */
const censusForms = (...metrics: string[]) =>
  LEVELS.flatMap((l) => metrics.map((m) => `${censusDataSetCode(l)}.${m}`));
const SERVICES = ['ELEC', 'INTERNET', 'COMPUT', 'DISAB', 'WATER', 'SANIT', 'HANDW'];

const vis = (
  code: string,
  name: Text,
  type: ItemSpec['type'],
  layout: Layout,
  indicators: string[] = [],
  extra: Partial<ItemSpec> = {},
): ItemSpec => ({ code: `EDU_VIS_${code}`, name, type, layout, indicators, ...extra });

/** A thematic map of one indicator by district, coloured by a legend set. */
const map = (code: string, name: Text, indicator: string, legend: ItemSpec['legend']): ItemSpec => ({
  code: `EDU_MAP_${code}`,
  name,
  type: 'MAP',
  layout: 'byUnit',
  indicators: [indicator],
  unitLevel: 'district',
  ...(legend ? { legend } : {}),
});

const DASHBOARDS: DashboardSpec[] = [
  {
    code: 'EDU_DASH_SCHOOL',
    name: t('EDU - School report card'),
    description: t(
      'For the school head: learners, teachers, flows and basic services of one school. Open it with a school as your data capture org unit.',
    ),
    items: [
      // Census total indicators (edu-census): enrolment per level.
      vis(
        'SCH_ENROLMENT',
        t('Enrolment by level'),
        'COLUMN',
        'trend',
        LEVELS.map((l) => deCode(l, 'ENROLMENT')),
      ),
      vis(
        'SCH_TEACHER_RATIOS',
        t('Learners per teacher, trained and qualified teacher'),
        'PIVOT_TABLE',
        'trend',
        LEVELS.flatMap((l) => [I(l, 'PTR'), I(l, 'PTTR'), I(l, 'PQTR')]),
      ),
      vis(
        'SCH_TEACHERS',
        t('Trained, qualified and female teachers (%)'),
        'BAR',
        'latest',
        LEVELS.flatMap((l) => [I(l, 'TRTP'), I(l, 'QUTP'), I(l, 'FTP')]),
      ),
      vis(
        'SCH_REPETITION',
        t('Repetition rate'),
        'LINE',
        'trend',
        SCHOOL_LEVELS.map((l) => I(l, 'RR')),
      ),
      vis(
        'SCH_SERVICES',
        t('Basic services (SDG 4.a.1)'),
        'PIVOT_TABLE',
        'latest',
        SCHOOL_LEVELS.flatMap((l) => SERVICES.map((s) => I(l, `SCH_${s}`))),
      ),
      vis(
        'SCH_ROOMS',
        t('Learners per class, classroom and toilet'),
        'PIVOT_TABLE',
        'latest',
        SCHOOL_LEVELS.flatMap((l) => [I(l, 'PCR'), I(l, 'PCLR'), I(l, 'PLR'), I(l, 'PLR_F')]),
      ),
    ],
  },
  {
    code: 'EDU_DASH_DISTRICT',
    name: t('EDU - District education dashboard'),
    description: t(
      'For the district manager: access, equity and resources in the district, with its schools compared. Needs population estimates at district level.',
    ),
    items: [
      vis(
        'DIS_ACCESS',
        t('Gross and net enrolment by level'),
        'PIVOT_TABLE',
        'trend',
        LEVELS.flatMap((l) => [I(l, 'GER'), I(l, 'NER')]),
      ),
      vis(
        'DIS_OOSR',
        t('Out-of-school rate by level'),
        'COLUMN',
        'trend',
        SCHOOL_LEVELS.map((l) => I(l, 'OOSR')),
      ),
      vis(
        'DIS_PARITY',
        t('Gender parity (GPIA) of enrolment'),
        'PIVOT_TABLE',
        'trend',
        LEVELS.map((l) => I(l, 'GPIA_GER')),
        { legend: 'parity' },
      ),
      vis(
        'DIS_PTR_SCHOOLS',
        t('Learners per teacher by school (primary)'),
        'BAR',
        'byUnit',
        [I('1', 'PTR'), I('1', 'PTTR')],
        { unitLevel: 'school' },
      ),
      vis(
        'DIS_SERVICES_SCHOOLS',
        t('Basic services by school (primary)'),
        'PIVOT_TABLE',
        'byUnit',
        SERVICES.map((s) => I('1', `SCH_${s}`)),
        { unitLevel: 'school' },
      ),
      vis(
        'DIS_TRAINED',
        t('Trained teachers by level (%)'),
        'COLUMN',
        'trend',
        LEVELS.map((l) => I(l, 'TRTP')),
      ),
      vis(
        'DIS_LOCATION',
        t('Urban and rural schools: learners per teacher and repetition'),
        'PIVOT_TABLE',
        'latest',
        SCHOOL_LEVELS.flatMap((l) => [I(l, 'PTR'), I(l, 'PTTR'), I(l, 'RR')]),
        { groupSet: 'EDU_LOCATION' },
      ),
      vis(
        'DIS_OWNERSHIP',
        t('Learners per teacher by school ownership'),
        'COLUMN',
        'latest',
        SCHOOL_LEVELS.map((l) => I(l, 'PTR')),
        { groupSet: 'EDU_OWNERSHIP' },
      ),
    ],
  },
  {
    code: 'EDU_DASH_DATA_QUALITY',
    name: t('EDU - Data quality'),
    description: t(
      'For the district data manager: how many school census forms are complete and on time, where they are missing, and the checks validation rules cannot make.',
    ),
    items: [
      vis('DQ_REPORTING_DISTRICTS', t('Census reporting rate by district'), 'PIVOT_TABLE', 'byUnit', [], {
        reportingRates: censusForms('REPORTING_RATE'),
        unitLevel: 'district',
        legend: 'coverage',
      }),
      // Columns, not a line: this year's census is still coming in, and a line would read as a collapse.
      vis('DQ_REPORTING_TREND', t('Census reporting rate'), 'COLUMN', 'trend', [], {
        reportingRates: censusForms('REPORTING_RATE'),
        legend: 'coverage',
      }),
      vis('DQ_ON_TIME_TREND', t('Census reporting rate on time'), 'COLUMN', 'trend', [], {
        reportingRates: censusForms('REPORTING_RATE_ON_TIME'),
        legend: 'coverage',
      }),
      vis('DQ_FORMS', t('Expected, completed and on-time census forms'), 'PIVOT_TABLE', 'trend', [], {
        reportingRates: censusForms('EXPECTED_REPORTS', 'ACTUAL_REPORTS', 'ACTUAL_REPORTS_ON_TIME'),
      }),
      vis(
        'DQ_COMPLETERS_DISTRICTS',
        t('Completers per last-grade learner of the previous year by district (over 100 is a data error)'),
        'PIVOT_TABLE',
        'byUnit',
        SCHOOL_LEVELS.map((l) => I(l, 'DQ_COMPLETERS')),
        { unitLevel: 'district' },
      ),
    ],
  },
  {
    code: 'EDU_DASH_SDG4',
    name: t('EDU - National SDG 4 dashboard'),
    description: t(
      'The national SDG 4 report: indicators by target, computed from the school census and population estimates (UIS definitions), with maps by district.',
    ),
    texts: {
      0: t(
        'Target 4.1 - Primary and secondary education: out-of-school rate (4.1.4), gross intake ratio to the last grade (4.1.3), over-age (4.1.5).',
      ),
      2: t(
        'Target 4.2 - Early childhood: participation one year before primary (4.2.2) and pre-primary gross enrolment (4.2.4).',
      ),
      3: t('Target 4.5 - Equity: adjusted gender parity indices (4.5.1); 0.97-1.03 is parity.'),
      4: t('Target 4.a - Schools with basic services (4.a.1).'),
      5: t(
        'Target 4.c - Teachers: trained (4.c.1), qualified (4.c.3), learners per trained/qualified teacher (4.c.2, 4.c.4), attrition (4.c.6).',
      ),
      6: t('By district: where enrolment, teachers and parity fall short.'),
    },
    items: [
      vis(
        'SDG_4_1_OOSR',
        t('SDG 4.1.4 Out-of-school rate'),
        'LINE',
        'trend',
        SCHOOL_LEVELS.map((l) => I(l, 'OOSR')),
      ),
      vis(
        'SDG_4_1_COMPLETION',
        t('SDG 4.1.3 and 4.1.5 Intake to last grade and over-age'),
        'PIVOT_TABLE',
        'trend',
        ['1', '2'].flatMap((l) => [I(l as IscedLevel, 'GIRLG'), I(l as IscedLevel, 'OAG')]),
      ),
      vis('SDG_4_2', t('SDG 4.2.2 and 4.2.4 Early childhood participation'), 'COLUMN', 'trend', [
        I('02', 'PROL'),
        I('02', 'GER'),
      ]),
      vis(
        'SDG_4_5',
        t('SDG 4.5.1 Gender parity indices'),
        'PIVOT_TABLE',
        'trend',
        [
          I('02', 'GPIA_PROL'),
          ...SCHOOL_LEVELS.map((l) => I(l, 'GPIA_OOSR')),
          I('1', 'GPIA_GIRLG'),
          I('2', 'GPIA_GIRLG'),
        ],
        { legend: 'parity' },
      ),
      vis(
        'SDG_4_A',
        t('SDG 4.a.1 Schools with basic services'),
        'PIVOT_TABLE',
        'latest',
        SCHOOL_LEVELS.flatMap((l) => SERVICES.map((s) => I(l, `SCH_${s}`))),
      ),
      vis(
        'SDG_4_C',
        t('SDG 4.c Teachers'),
        'PIVOT_TABLE',
        'trend',
        LEVELS.flatMap((l) => [I(l, 'TRTP'), I(l, 'QUTP'), I(l, 'PTTR'), I(l, 'PQTR'), I(l, 'TATTR')]),
      ),
      vis(
        'SDG_OOSR_DISTRICTS',
        t('Out-of-school rate by district (primary)'),
        'BAR',
        'byUnit',
        [I('1', 'OOSR')],
        { unitLevel: 'district' },
      ),
      map('SDG_GER_DISTRICTS', t('Gross enrolment ratio by district (primary)'), I('1', 'GER'), 'coverage'),
      map('SDG_PTR_DISTRICTS', t('Learners per teacher by district (primary)'), I('1', 'PTR'), 'ptr'),
      map(
        'SDG_GPIA_DISTRICTS',
        t('Gender parity of enrolment by district (primary)'),
        I('1', 'GPIA_GER'),
        'parity',
      ),
    ],
  },
];

export function buildDashboards(profile: CountryProfile): MetadataBundle {
  const lang = languagesOf(profile);
  const visualizations: MetadataObject[] = [];
  const maps: MetadataObject[] = [];
  const dashboards = DASHBOARDS.map((dashboard) => {
    const items: MetadataObject[] = [];
    dashboard.items.forEach((spec, i) => {
      const text = dashboard.texts?.[i];
      if (text)
        items.push({
          id: uid('dashboardItems', `${dashboard.code}_TEXT_${i}`),
          type: 'TEXT',
          text: inLanguage(text, lang.main),
          width: 58,
          height: 4,
        });
      const isMap = spec.type === 'MAP';
      (isMap ? maps : visualizations).push(
        (isMap ? mapObject : visualizationObject)(spec, dashboard.name, lang),
      );
      items.push({
        id: uid('dashboardItems', `${dashboard.code}_${spec.code}`),
        type: isMap ? 'MAP' : 'VISUALIZATION',
        ...(isMap ? { map: ref('maps', spec.code) } : { visualization: ref('visualizations', spec.code) }),
        width: 29,
        height: 20,
      });
    });
    return shipped(
      'dashboards',
      dashboard.code,
      lang,
      { name: dashboard.name, description: dashboard.description },
      {
        dashboardItems: placeItems(items),
      },
    );
  });
  return { visualizations, maps, dashboards };
}

/** Flow layout on DHIS2's 58-column grid: text panels take a full row, charts two per row. */
function placeItems(items: MetadataObject[]): MetadataObject[] {
  let x = 0;
  let y = 0;
  return items.map((item) => {
    const width = item.width as number;
    const height = item.height as number;
    if (x + width > 58) {
      x = 0;
      y += 20;
    }
    const placed = { ...item, x, y };
    x += width;
    if (x >= 58 || item.type === 'TEXT') {
      x = 0;
      y += height;
    }
    return placed;
  });
}
