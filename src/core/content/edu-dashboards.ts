import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ref, shipped, uid } from './builders.js';
import { deCode } from './census-spec.js';
import { languagesOf, type CountryProfile, type IscedLevel, type Languages } from './profile-types.js';
import { indicatorCode } from './sdg4-context.js';
import { inLanguage, join, t, type Text } from './text.js';

type Scope = 'school' | 'district' | 'national';
type Layout = 'trend' | 'snapshot' | 'league';

interface VisualizationSpec {
  code: string;
  name: Text;
  type: 'COLUMN' | 'LINE' | 'BAR' | 'PIVOT_TABLE';
  indicators?: string[];
  dataElements?: string[];
  layout: Layout;
}

interface DashboardSpec {
  code: string;
  name: Text;
  description: Text;
  scope: Scope;
  /** Text panels (headings) go before the visualization with the same index. */
  texts?: Record<number, Text>;
  items: VisualizationSpec[];
}

const I = (level: IscedLevel, key: string) => indicatorCode(level, key);
const LEVELS: IscedLevel[] = ['02', '1', '2', '3'];
const SCHOOL_LEVELS: IscedLevel[] = ['1', '2', '3'];
const SERVICES = ['ELEC', 'INTERNET', 'COMPUT', 'DISAB', 'WATER', 'SANIT', 'HANDW'];

const LAYOUT_TEXT: Record<Layout, Text> = {
  trend: t("This year and the last five years, for the viewer's org unit."),
  snapshot: t("This year, for the viewer's org unit."),
  league: t("This year, for each org unit under the viewer's org unit."),
};

const vis = (
  code: string,
  name: Text,
  type: VisualizationSpec['type'],
  layout: Layout,
  indicators: string[] = [],
  dataElements: string[] = [],
): VisualizationSpec => ({
  code: `EDU_VIS_${code}`,
  name,
  type,
  layout,
  indicators,
  dataElements,
});

const DASHBOARDS: DashboardSpec[] = [
  {
    code: 'EDU_DASH_SCHOOL',
    name: t('EDU - School report card'),
    description: t(
      'One school: learners, teachers, flows and basic services. Open it with a school as your data capture org unit.',
    ),
    scope: 'school',
    items: [
      vis(
        'SCH_ENROLMENT',
        t('Enrolment by level'),
        'COLUMN',
        'trend',
        LEVELS.map((l) => deCode(l, 'ENROLMENT')), // census total indicators (edu-census)
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
        'snapshot',
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
        'snapshot',
        SCHOOL_LEVELS.flatMap((l) => SERVICES.map((s) => I(l, `SCH_${s}`))),
      ),
      vis(
        'SCH_ROOMS',
        t('Learners per class, classroom and toilet'),
        'PIVOT_TABLE',
        'snapshot',
        SCHOOL_LEVELS.flatMap((l) => [I(l, 'PCR'), I(l, 'PCLR'), I(l, 'PLR'), I(l, 'PLR_F')]),
      ),
    ],
  },
  {
    code: 'EDU_DASH_DISTRICT',
    name: t('EDU - District education dashboard'),
    description: t(
      'Access, equity and resources in the district, with its schools compared. Needs population estimates at district level.',
    ),
    scope: 'district',
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
        'snapshot',
        LEVELS.map((l) => I(l, 'GPIA_GER')),
      ),
      vis('DIS_PTR_SCHOOLS', t('Learners per teacher by school (primary)'), 'BAR', 'league', [
        I('1', 'PTR'),
        I('1', 'PTTR'),
      ]),
      vis(
        'DIS_SERVICES_SCHOOLS',
        t('Basic services by school (primary)'),
        'PIVOT_TABLE',
        'league',
        SERVICES.map((s) => I('1', `SCH_${s}`)),
      ),
      vis(
        'DIS_TRAINED',
        t('Trained teachers by level (%)'),
        'COLUMN',
        'trend',
        LEVELS.map((l) => I(l, 'TRTP')),
      ),
    ],
  },
  {
    code: 'EDU_DASH_SDG4',
    name: t('EDU - National SDG 4 dashboard'),
    description: t(
      'SDG 4 indicators by target, computed from the school census and population estimates (UIS definitions).',
    ),
    scope: 'national',
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
      vis('SDG_4_5', t('SDG 4.5.1 Gender parity indices'), 'PIVOT_TABLE', 'snapshot', [
        I('02', 'GPIA_PROL'),
        ...SCHOOL_LEVELS.map((l) => I(l, 'GPIA_OOSR')),
        I('1', 'GPIA_GIRLG'),
        I('2', 'GPIA_GIRLG'),
      ]),
      vis(
        'SDG_4_A',
        t('SDG 4.a.1 Schools with basic services'),
        'PIVOT_TABLE',
        'snapshot',
        SCHOOL_LEVELS.flatMap((l) => SERVICES.map((s) => I(l, `SCH_${s}`))),
      ),
      vis(
        'SDG_4_C',
        t('SDG 4.c Teachers'),
        'PIVOT_TABLE',
        'trend',
        LEVELS.flatMap((l) => [I(l, 'TRTP'), I(l, 'QUTP'), I(l, 'PTTR'), I(l, 'PQTR'), I(l, 'TATTR')]),
      ),
      vis('SDG_OOSR_DISTRICTS', t('Out-of-school rate by sub-unit (primary)'), 'BAR', 'league', [
        I('1', 'OOSR'),
      ]),
    ],
  },
];

/**
 * Layouts never name an org unit: the viewer's own org unit (and for league tables its children)
 * is used, so the same dashboards work for a school, a district or the ministry.
 */
function layoutOf(layout: Layout): Record<string, unknown> {
  const trend = layout === 'trend';
  const league = layout === 'league';
  return {
    columnDimensions: league ? ['dx'] : trend ? ['pe'] : ['dx'],
    rowDimensions: league ? ['ou'] : trend ? ['dx'] : ['pe'],
    filterDimensions: league ? ['pe'] : ['ou'],
    // rawPeriods is what DHIS2 stores (relativePeriods is derived and not persisted from 2.40 on).
    rawPeriods: trend ? ['LAST_5_YEARS', 'THIS_YEAR'] : ['THIS_YEAR'],
    userOrganisationUnit: !league,
    userOrganisationUnitChildren: league,
    userOrganisationUnitGrandChildren: false,
    organisationUnits: [],
    periods: [],
  };
}

function visualizationObject(
  spec: VisualizationSpec,
  dashboard: DashboardSpec,
  lang: Languages,
): MetadataObject {
  return shipped(
    'visualizations',
    spec.code,
    lang,
    {
      name: join(dashboard.name, ' - ', spec.name),
      description: join(spec.name, '. ', LAYOUT_TEXT[spec.layout]),
    },
    {
      type: spec.type,
      dataDimensionItems: [
        ...(spec.indicators ?? []).map((code) => ({
          dataDimensionItemType: 'INDICATOR',
          indicator: ref('indicators', code),
        })),
        ...(spec.dataElements ?? []).map((code) => ({
          dataDimensionItemType: 'DATA_ELEMENT',
          dataElement: ref('dataElements', code),
        })),
      ],
      ...layoutOf(spec.layout),
      hideEmptyRows: true,
      showData: spec.type !== 'PIVOT_TABLE',
    },
  );
}

export function buildDashboards(profile: CountryProfile): MetadataBundle {
  const lang = languagesOf(profile);
  const visualizations: MetadataObject[] = [];
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
      visualizations.push(visualizationObject(spec, dashboard, lang));
      items.push({
        id: uid('dashboardItems', `${dashboard.code}_${spec.code}`),
        type: 'VISUALIZATION',
        visualization: ref('visualizations', spec.code),
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
  return { visualizations, dashboards };
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
