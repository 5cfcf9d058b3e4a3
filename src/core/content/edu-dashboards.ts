import type { MetadataBundle, MetadataObject } from '../package/types.js';
import { ref, shipped, uid } from './builders.js';
import { deCode } from './census-spec.js';
import type { CountryProfile, IscedLevel } from './profile-types.js';
import { indicatorCode } from './sdg4-context.js';
import { join, tx, type Text } from './text.js';

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
  trend: tx(
    "This year and the last five years, for the viewer's org unit.",
    "Cette année et les cinq dernières, pour l'unité d'organisation de l'utilisateur.",
  ),
  snapshot: tx(
    "This year, for the viewer's org unit.",
    "Cette année, pour l'unité d'organisation de l'utilisateur.",
  ),
  league: tx(
    "This year, for each org unit under the viewer's org unit.",
    "Cette année, pour chaque unité sous l'unité d'organisation de l'utilisateur.",
  ),
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
    name: tx('EDU - School report card', 'EDU - Bulletin de l’école'),
    description: tx(
      'One school: learners, teachers, flows and basic services. Open it with a school as your data capture org unit.',
      'Une école : élèves, enseignants, flux et services de base. À ouvrir avec une école comme unité de saisie.',
    ),
    scope: 'school',
    items: [
      vis(
        'SCH_ENROLMENT',
        tx('Enrolment by level', 'Effectifs par niveau'),
        'COLUMN',
        'trend',
        [],
        LEVELS.map((l) => deCode(l, 'ENROLMENT')),
      ),
      vis(
        'SCH_TEACHER_RATIOS',
        tx(
          'Learners per teacher, trained and qualified teacher',
          'Élèves par enseignant, enseignant formé et qualifié',
        ),
        'PIVOT_TABLE',
        'trend',
        LEVELS.flatMap((l) => [I(l, 'PTR'), I(l, 'PTTR'), I(l, 'PQTR')]),
      ),
      vis(
        'SCH_TEACHERS',
        tx('Trained, qualified and female teachers (%)', 'Enseignants formés, qualifiés et femmes (%)'),
        'BAR',
        'snapshot',
        LEVELS.flatMap((l) => [I(l, 'TRTP'), I(l, 'QUTP'), I(l, 'FTP')]),
      ),
      vis(
        'SCH_REPETITION',
        tx('Repetition rate', 'Taux de redoublement'),
        'LINE',
        'trend',
        SCHOOL_LEVELS.map((l) => I(l, 'RR')),
      ),
      vis(
        'SCH_SERVICES',
        tx('Basic services (SDG 4.a.1)', 'Services de base (ODD 4.a.1)'),
        'PIVOT_TABLE',
        'snapshot',
        SCHOOL_LEVELS.flatMap((l) => SERVICES.map((s) => I(l, `SCH_${s}`))),
      ),
      vis(
        'SCH_ROOMS',
        tx('Learners per class, classroom and toilet', 'Élèves par classe, salle et latrine'),
        'PIVOT_TABLE',
        'snapshot',
        SCHOOL_LEVELS.flatMap((l) => [I(l, 'PCR'), I(l, 'PCLR'), I(l, 'PLR'), I(l, 'PLR_F')]),
      ),
    ],
  },
  {
    code: 'EDU_DASH_DISTRICT',
    name: tx('EDU - District education dashboard', 'EDU - Tableau de bord éducation du district'),
    description: tx(
      'Access, equity and resources in the district, with its schools compared. Needs population estimates at district level.',
      'Accès, équité et ressources du district, écoles comparées. Nécessite les estimations de population du district.',
    ),
    scope: 'district',
    items: [
      vis(
        'DIS_ACCESS',
        tx('Gross and net enrolment by level', 'Scolarisation brute et nette par niveau'),
        'PIVOT_TABLE',
        'trend',
        LEVELS.flatMap((l) => [I(l, 'GER'), I(l, 'NER')]),
      ),
      vis(
        'DIS_OOSR',
        tx('Out-of-school rate by level', 'Taux de non-scolarisation par niveau'),
        'COLUMN',
        'trend',
        SCHOOL_LEVELS.map((l) => I(l, 'OOSR')),
      ),
      vis(
        'DIS_PARITY',
        tx('Gender parity (GPIA) of enrolment', 'Parité (IPSA) de la scolarisation'),
        'PIVOT_TABLE',
        'snapshot',
        LEVELS.map((l) => I(l, 'GPIA_GER')),
      ),
      vis(
        'DIS_PTR_SCHOOLS',
        tx('Learners per teacher by school (primary)', 'Élèves par enseignant par école (primaire)'),
        'BAR',
        'league',
        [I('1', 'PTR'), I('1', 'PTTR')],
      ),
      vis(
        'DIS_SERVICES_SCHOOLS',
        tx('Basic services by school (primary)', 'Services de base par école (primaire)'),
        'PIVOT_TABLE',
        'league',
        SERVICES.map((s) => I('1', `SCH_${s}`)),
      ),
      vis(
        'DIS_TRAINED',
        tx('Trained teachers by level (%)', 'Enseignants formés par niveau (%)'),
        'COLUMN',
        'trend',
        LEVELS.map((l) => I(l, 'TRTP')),
      ),
    ],
  },
  {
    code: 'EDU_DASH_SDG4',
    name: tx('EDU - National SDG 4 dashboard', 'EDU - Tableau de bord national ODD 4'),
    description: tx(
      'SDG 4 indicators by target, computed from the school census and population estimates (UIS definitions).',
      'Indicateurs ODD 4 par cible, calculés à partir du recensement scolaire et des estimations de population (définitions ISU).',
    ),
    scope: 'national',
    texts: {
      0: tx(
        'Target 4.1 - Primary and secondary education: out-of-school rate (4.1.4), gross intake ratio to the last grade (4.1.3), over-age (4.1.5).',
        'Cible 4.1 - Primaire et secondaire : non-scolarisation (4.1.4), taux brut d’admission en dernière année (4.1.3), retard scolaire (4.1.5).',
      ),
      2: tx(
        'Target 4.2 - Early childhood: participation one year before primary (4.2.2) and pre-primary gross enrolment (4.2.4).',
        'Cible 4.2 - Petite enfance : participation un an avant le primaire (4.2.2) et TBS préprimaire (4.2.4).',
      ),
      3: tx(
        'Target 4.5 - Equity: adjusted gender parity indices (4.5.1); 0.97-1.03 is parity.',
        'Cible 4.5 - Équité : indices de parité ajustés (4.5.1) ; 0,97-1,03 = parité.',
      ),
      4: tx(
        'Target 4.a - Schools with basic services (4.a.1).',
        'Cible 4.a - Écoles disposant des services de base (4.a.1).',
      ),
      5: tx(
        'Target 4.c - Teachers: trained (4.c.1), qualified (4.c.3), learners per trained/qualified teacher (4.c.2, 4.c.4), attrition (4.c.6).',
        'Cible 4.c - Enseignants : formés (4.c.1), qualifiés (4.c.3), élèves par enseignant formé/qualifié (4.c.2, 4.c.4), attrition (4.c.6).',
      ),
    },
    items: [
      vis(
        'SDG_4_1_OOSR',
        tx('SDG 4.1.4 Out-of-school rate', 'ODD 4.1.4 Taux de non-scolarisation'),
        'LINE',
        'trend',
        SCHOOL_LEVELS.map((l) => I(l, 'OOSR')),
      ),
      vis(
        'SDG_4_1_COMPLETION',
        tx(
          'SDG 4.1.3 and 4.1.5 Intake to last grade and over-age',
          'ODD 4.1.3 et 4.1.5 Admission en dernière année et retard',
        ),
        'PIVOT_TABLE',
        'trend',
        ['1', '2'].flatMap((l) => [I(l as IscedLevel, 'GIRLG'), I(l as IscedLevel, 'OAG')]),
      ),
      vis(
        'SDG_4_2',
        tx(
          'SDG 4.2.2 and 4.2.4 Early childhood participation',
          'ODD 4.2.2 et 4.2.4 Participation petite enfance',
        ),
        'COLUMN',
        'trend',
        [I('02', 'PROL'), I('02', 'GER')],
      ),
      vis(
        'SDG_4_5',
        tx('SDG 4.5.1 Gender parity indices', 'ODD 4.5.1 Indices de parité'),
        'PIVOT_TABLE',
        'snapshot',
        [
          I('02', 'GPIA_PROL'),
          ...SCHOOL_LEVELS.map((l) => I(l, 'GPIA_OOSR')),
          I('1', 'GPIA_GIRLG'),
          I('2', 'GPIA_GIRLG'),
        ],
      ),
      vis(
        'SDG_4_A',
        tx('SDG 4.a.1 Schools with basic services', 'ODD 4.a.1 Écoles avec services de base'),
        'PIVOT_TABLE',
        'snapshot',
        SCHOOL_LEVELS.flatMap((l) => SERVICES.map((s) => I(l, `SCH_${s}`))),
      ),
      vis(
        'SDG_4_C',
        tx('SDG 4.c Teachers', 'ODD 4.c Enseignants'),
        'PIVOT_TABLE',
        'trend',
        LEVELS.flatMap((l) => [I(l, 'TRTP'), I(l, 'QUTP'), I(l, 'PTTR'), I(l, 'PQTR'), I(l, 'TATTR')]),
      ),
      vis(
        'SDG_OOSR_DISTRICTS',
        tx('Out-of-school rate by sub-unit (primary)', 'Non-scolarisation par sous-unité (primaire)'),
        'BAR',
        'league',
        [I('1', 'OOSR')],
      ),
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
  lang: CountryProfile['language'],
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
  const lang = profile.language;
  const visualizations: MetadataObject[] = [];
  const dashboards = DASHBOARDS.map((dashboard) => {
    const items: MetadataObject[] = [];
    dashboard.items.forEach((spec, i) => {
      const text = dashboard.texts?.[i];
      if (text)
        items.push({
          id: uid('dashboardItems', `${dashboard.code}_TEXT_${i}`),
          type: 'TEXT',
          text: text[lang],
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
