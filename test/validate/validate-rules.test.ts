import { validatePackages, type Finding } from '../../src/core/validate/index.js';
import { buildPackage, de } from './build-package.js';

const rulesOf = (findings: Finding[]) => findings.map((f) => f.rule);
const noDependencies = async () => undefined;
const validate = (
  pkg: ReturnType<typeof buildPackage>,
  options: Parameters<typeof validatePackages>[1] = {},
) => validatePackages([pkg], { resolveDependency: noDependencies, ...options });

describe('validatePackages: structure', () => {
  it('reports missing required fields, bad enums, over-long text, bad UIDs and wrong JSON types with the field', async () => {
    const report = await validate(
      buildPackage({
        dataElements: [
          de('aaaaaaaaaa1', { valueType: undefined }),
          de('aaaaaaaaaa2', { aggregationType: 'TOTAL' }),
          de('aaaaaaaaaa3', { shortName: 'x'.repeat(51) }),
          de('1bad', {}),
          de('aaaaaaaaaa5', { categoryCombo: 'bjDvmb4bfuf', zeroIsSignificant: 'false' }),
        ],
      }),
    );
    const byRule = (rule: string) => report.findings.filter((f) => f.rule === rule);
    expect(byRule('structure.required')).toMatchObject([
      { objectId: 'aaaaaaaaaa1', field: '/valueType', dhis2Code: 'E4000', severity: 'error' },
    ]);
    expect(byRule('structure.enum')).toMatchObject([
      { objectId: 'aaaaaaaaaa2', field: '/aggregationType', value: 'TOTAL' },
    ]);
    expect(byRule('structure.max-length')).toMatchObject([
      { objectId: 'aaaaaaaaaa3', field: '/shortName', dhis2Code: 'E4001' },
    ]);
    expect(byRule('structure.uid-format')).toMatchObject([{ objectId: '1bad', field: '/id' }]);
    expect(byRule('structure.type')).toMatchObject([{ objectId: 'aaaaaaaaaa5', field: '/categoryCombo' }]);
    expect(byRule('structure.scalar-type')).toMatchObject([
      { objectId: 'aaaaaaaaaa5', field: '/zeroIsSignificant', severity: 'error' },
    ]);
    expect(
      report.findings.every((f) => f.file === 'metadata/dataElements.json' || f.rule.startsWith('sharing')),
    ).toBe(true);
  });

  it('knows version differences: dataSet.shortName is required only from 2.40, QuarterlyNov only from 2.41', async () => {
    const dataSet = {
      id: 'dddddddddd1',
      code: 'TEST_DS',
      name: 'DS',
      description: 'd',
      periodType: 'QuarterlyNov',
    };
    const report = await validate(buildPackage({ dataSets: [dataSet] }, { dhis2: '>=2.39 <2.42' }));
    expect(report.dhis2Versions).toEqual(['2.39', '2.40', '2.41']);
    expect(report.findings.find((f) => f.rule === 'structure.required')).toMatchObject({
      field: '/shortName',
      dhis2Versions: ['2.40', '2.41'],
    });
    expect(report.findings.find((f) => f.rule === 'structure.enum')).toMatchObject({
      field: '/periodType',
      dhis2Versions: ['2.39', '2.40'],
    });
    const only241 = await validate(buildPackage({ dataSets: [dataSet] }, { dhis2: '>=2.39 <2.42' }), {
      dhis2Version: '2.41.3',
    });
    expect(only241.dhis2Versions).toEqual(['2.41']);
    expect(rulesOf(only241.findings)).not.toContain('structure.enum');
  });

  it('accepts types it has no specific rules for and reports top-level keys that are not DHIS2 types', async () => {
    const report = await validate(
      buildPackage(
        {
          programs: [
            {
              id: 'ppppppppppp',
              name: 'A program',
              shortName: 'A program',
              code: 'TEST_P',
              description: 'p',
              programType: 'WITHOUT_REGISTRATION',
            },
          ],
        },
        {},
        { dataelements: [] },
      ),
    );
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(report.findings.find((f) => f.rule === 'structure.unknown-type')).toMatchObject({
      field: '/dataelements',
    });
  });
});

describe('validatePackages: uniqueness', () => {
  it('flags duplicate ids (E5004) and duplicate unique values (E5003) on the later object, "" included', async () => {
    const report = await validate(
      buildPackage({
        dataElements: [
          de('aaaaaaaaaa1'),
          de('aaaaaaaaaa1', { code: 'OTHER' }),
          de('aaaaaaaaaa3', { code: 'TEST_AAAAAAAAAA1', name: 'Data element aaaaaaaaaa1' }),
        ],
        indicatorGroups: [
          { id: 'ggggggggggg', name: 'Same', code: '' },
          { id: 'ggggggggggh', name: 'Same', code: '' },
        ],
      }),
    );
    expect(report.findings.filter((f) => f.rule === 'unique.duplicate-id')).toMatchObject([
      { objectId: 'aaaaaaaaaa1', dhis2Code: 'E5004' },
    ]);
    const unique = report.findings
      .filter((f) => f.rule === 'unique.property')
      .map((f) => [f.objectId, f.field]);
    expect(unique).toEqual(
      expect.arrayContaining([
        ['aaaaaaaaaa3', '/code'],
        ['aaaaaaaaaa3', '/name'],
        ['ggggggggggh', '/code'],
      ]),
    );
    // indicatorGroup names are unique only from 2.42; this package targets 2.41.
    expect(unique).not.toContainEqual(['ggggggggggh', '/name']);
  });

  it('exempts the default category model from uniqueness', async () => {
    const report = await validate(
      buildPackage({
        categoryCombos: [
          { id: 'bjDvmb4bfuf', name: 'default', code: 'default', dataDimensionType: 'DISAGGREGATION' },
        ],
      }),
    );
    expect(rulesOf(report.findings)).not.toContain('unique.property');
  });
});

describe('validatePackages: references', () => {
  it('resolves owner, embedded, attribute and sharing references against package, external references and defaults', async () => {
    const pkg = buildPackage(
      {
        dataElements: [
          de('aaaaaaaaaa1', {
            categoryCombo: { id: 'bjDvmb4bfuf' },
            legendSets: [{ id: 'legendLeg01' }, { id: 'legendLeg01' }],
            optionSet: { id: 'ooooooooooo' },
            attributeValues: [{ attribute: { id: 'attrattratt' }, value: 'x' }],
          }),
        ],
        dataSets: [
          {
            id: 'dddddddddd1',
            code: 'TEST_DS',
            name: 'DS',
            shortName: 'DS',
            description: 'd',
            periodType: 'Monthly',
            dataSetElements: [{ dataElement: { id: 'aaaaaaaaaa1' } }, { dataElement: { id: 'missingDE01' } }],
            sharing: {
              public: 'r-------',
              userGroups: { ugMissing01: { id: 'ugMissing01', access: 'rw------' } },
              users: {},
            },
          },
        ],
        visualizations: [
          {
            id: 'vvvvvvvvvv1',
            name: 'Chart',
            type: 'COLUMN',
            dataDimensionItems: [{ dataDimensionItemType: 'INDICATOR', indicator: { id: 'externalInd' } }],
          },
        ],
      },
      {
        externalReferences: [
          { type: 'indicators', id: 'externalInd' },
          { type: 'legendSets', id: 'legendLeg01' },
        ],
      },
    );
    const report = await validate(pkg);
    const missing = report.findings.filter((f) => f.rule === 'reference.missing').map((f) => f.field);
    expect(missing.sort()).toEqual([
      '/attributeValues/0/attribute/id',
      '/dataSetElements/1/dataElement/id',
      '/optionSet/id',
      '/sharing/userGroups/ugMissing01/id',
    ]);
    expect(report.findings.find((f) => f.rule === 'reference.missing')).toMatchObject({
      dhis2Code: 'E5002',
      severity: 'error',
    });
    expect(report.findings.filter((f) => f.rule === 'reference.duplicate')).toMatchObject([
      { objectId: 'aaaaaaaaaa1', field: '/legendSets/1/id', dhis2Code: 'E5007' },
    ]);
  });

  it('looks references up in declared dependencies and reports unresolved or out-of-range ones', async () => {
    const core = buildPackage(
      {
        categoryCombos: [
          { id: 'ccccccccccc', name: 'Sex', code: 'CORE_SEX', dataDimensionType: 'DISAGGREGATION' },
        ],
      },
      { name: 'core', version: '1.2.0' },
    );
    const app = buildPackage(
      { dataElements: [de('aaaaaaaaaa1', { categoryCombo: { id: 'ccccccccccc' } })] },
      { name: 'app', dependencies: { core: '^1.0.0', absent: '^1.0.0' } },
    );
    const report = await validatePackages([app, core], { resolveDependency: noDependencies });
    expect(report.findings.filter((f) => f.package === 'app' && f.rule === 'reference.missing')).toEqual([]);
    expect(report.findings.find((f) => f.rule === 'reference.dependency-unresolved')).toMatchObject({
      package: 'app',
      field: '/dependencies/absent',
    });
    const tooOld = await validatePackages(
      [buildPackage({}, { name: 'app', dependencies: { core: '^2.0.0' } }), core],
      { resolveDependency: noDependencies },
    );
    expect(tooOld.findings.find((f) => f.rule === 'reference.dependency-version')).toMatchObject({
      value: '1.2.0',
    });
    const alone = await validate(app);
    expect(alone.findings.find((f) => f.rule === 'reference.missing')).toMatchObject({
      field: '/categoryCombo/id',
      value: 'ccccccccccc',
    });
  });
});

describe('validatePackages: expressions', () => {
  const indicatorType = { id: 'iiiiiiiiiit', name: 'Percent', code: 'TEST_PCT', factor: 100 };
  const indicator = (id: string, numerator: unknown, denominator: unknown, name = `Indicator ${id}`) => ({
    id,
    name,
    shortName: name.slice(0, 50),
    code: `TEST_${id.toUpperCase()}`,
    description: 'i',
    indicatorType: { id: 'iiiiiiiiiit' },
    numerator,
    denominator,
  });

  it('reports syntax errors with their position and every unknown UID inside expressions', async () => {
    const report = await validate(
      buildPackage({
        dataElements: [de('aaaaaaaaaa1')],
        indicatorTypes: [indicatorType],
        indicators: [
          indicator('iiiiiiiiii1', '#{aaaaaaaaaa1} + ', '1'),
          indicator(
            'iiiiiiiiii2',
            '#{aaaaaaaaaa1.missingCOC1}',
            'C{missingCon1} + #{aaaaaaaaaa1.HllvX50cXC0}',
          ),
        ],
        validationRules: [
          {
            id: 'rrrrrrrrrr1',
            name: 'Rule',
            code: 'TEST_R',
            description: 'r',
            operator: 'less_than_or_equal_to',
            periodType: 'Monthly',
            leftSide: { expression: '#{missingDE01}' },
            rightSide: { expression: '#{aaaaaaaaaa1}' },
          },
        ],
      }),
    );
    expect(report.findings.find((f) => f.rule === 'expression.syntax')).toMatchObject({
      objectId: 'iiiiiiiiii1',
      field: '/numerator',
    });
    expect(report.findings.find((f) => f.rule === 'expression.syntax')?.message).toMatch(
      /unexpected end of expression at position 18/,
    );
    const unknown = report.findings
      .filter((f) => f.rule === 'expression.unknown-reference')
      .map((f) => [f.objectId, f.field, f.value]);
    expect(unknown).toEqual([
      ['iiiiiiiiii2', '/numerator', '#{aaaaaaaaaa1.missingCOC1}'],
      ['iiiiiiiiii2', '/denominator', 'C{missingCon1}'],
      ['rrrrrrrrrr1', '/leftSide/expression', '#{missingDE01}'],
    ]);
  });

  it('flags dashboard-only [CONFIG] indicators as placeholders and numerator -1 without the prefix', async () => {
    const report = await validate(
      buildPackage({
        indicatorTypes: [indicatorType],
        indicators: [
          indicator('iiiiiiiiii1', '-1', '1', '[CONFIG] Enrolment'),
          indicator('iiiiiiiiii2', -1, 1),
        ],
      }),
    );
    expect(
      report.findings.filter((f) => f.rule.startsWith('indicator.')).map((f) => [f.rule, f.objectId]),
    ).toEqual([
      ['indicator.config-placeholder', 'iiiiiiiiii1'],
      ['indicator.config-mismatch', 'iiiiiiiiii2'],
    ]);
    expect(rulesOf(report.findings)).not.toContain('expression.syntax');
  });
});

describe('validatePackages: category model', () => {
  it('checks that option combos take one option per category, that combos have all of them and no twins', async () => {
    const options = ['optMale0001', 'optFemale01', 'optUnder501', 'optOver5001'].map((id) => ({
      id,
      name: id,
      shortName: id,
      code: `TEST_${id.toUpperCase()}`,
    }));
    const report = await validate(
      buildPackage({
        categoryOptions: options,
        categories: [
          {
            id: 'catSex00001',
            name: 'Sex',
            shortName: 'Sex',
            code: 'TEST_SEX',
            dataDimensionType: 'DISAGGREGATION',
            categoryOptions: [{ id: 'optMale0001' }, { id: 'optFemale01' }],
          },
          {
            id: 'catAge00001',
            name: 'Age',
            shortName: 'Age',
            code: 'TEST_AGE',
            dataDimensionType: 'DISAGGREGATION',
            categoryOptions: [{ id: 'optUnder501' }, { id: 'optOver5001' }],
          },
        ],
        categoryCombos: [
          {
            id: 'comboSexAge',
            name: 'Sex and age',
            code: 'TEST_SEX_AGE',
            dataDimensionType: 'DISAGGREGATION',
            categories: [{ id: 'catSex00001' }, { id: 'catAge00001' }],
          },
        ],
        categoryOptionCombos: [
          {
            id: 'cocMaleU501',
            name: 'Male, <5',
            categoryCombo: { id: 'comboSexAge' },
            categoryOptions: [{ id: 'optMale0001' }, { id: 'optUnder501' }],
          },
          {
            id: 'cocMaleU5tw',
            name: 'Male, <5 again',
            categoryCombo: { id: 'comboSexAge' },
            categoryOptions: [{ id: 'optUnder501' }, { id: 'optMale0001' }],
          },
          {
            id: 'cocBadOpts1',
            name: 'Male, Female',
            categoryCombo: { id: 'comboSexAge' },
            categoryOptions: [{ id: 'optMale0001' }, { id: 'optFemale01' }],
          },
        ],
      }),
    );
    const found = report.findings
      .filter((f) => f.rule.startsWith('category.'))
      .map((f) => [f.rule, f.objectId]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['category.coc-duplicate', 'cocMaleU5tw'],
        ['category.coc-options', 'cocBadOpts1'],
        ['category.coc-count', 'comboSexAge'],
      ]),
    );
    expect(found).toHaveLength(3);
  });

  it('warns about default objects that do not use the standard UIDs', async () => {
    const report = await validate(
      buildPackage({
        categoryCombos: [
          { id: 'notStandard', name: 'default', code: 'default', dataDimensionType: 'DISAGGREGATION' },
        ],
      }),
    );
    expect(report.findings.find((f) => f.rule === 'category.default-model')).toMatchObject({
      objectId: 'notStandard',
      severity: 'warning',
    });
  });
});

describe('validatePackages: hygiene, sharing and translations', () => {
  it('reports prototype keys, volatile fields, external access, user sharing, favourites and translation problems', async () => {
    const object = JSON.parse(
      `{"id":"aaaaaaaaaa1","code":"TEST_A","name":"A","shortName":"A","description":"d","valueType":"TEXT","domainType":"AGGREGATE","aggregationType":"NONE",
        "lastUpdated":"2020-01-01","href":"http://x","externalAccess":true,"favorites":["userUidAbc1"],"__proto__":{"polluted":true},
        "sharing":{"public":"rwx-----","external":false,"users":{"userUidAbc1":{"id":"userUidAbc1","access":"rw------"}},"userGroups":{}},
        "translations":[{"property":"NAME","locale":"fr","value":"a"},{"property":"NAME","locale":"fr","value":"b"},{"property":"NAME","value":"c"},{"property":"NAME","locale":"f r","value":"d"}]}`,
    ) as Record<string, unknown>;
    const report = await validate(
      buildPackage(
        { dataElements: [object], users: [{ id: 'userUidAbc1', name: 'u', username: 'u' }] },
        { dhis2: '>=2.40 <2.42' },
      ),
    );
    const rules = rulesOf(report.findings);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    for (const rule of [
      'structure.unsafe-key',
      'volatile.field',
      'sharing.external-access',
      'sharing.user-access',
      'sharing.favorites',
      'sharing.access-string',
      'translation.duplicate',
      'translation.locale',
    ]) {
      expect(rules).toContain(rule);
    }
    expect(report.findings.filter((f) => f.rule === 'translation.locale')).toHaveLength(2);
    expect(report.findings.find((f) => f.rule === 'sharing.favorites')).toMatchObject({
      hispRule: 'ALL-MQ-16',
    });
    expect(report.findings.find((f) => f.rule === 'sharing.external-access')).toMatchObject({
      hispRule: 'SHST-MQ-1',
      field: '/externalAccess',
    });
    expect(report.findings.find((f) => f.rule === 'volatile.field')?.value).toEqual([
      '/lastUpdated',
      '/href',
    ]);
  });

  it('reports prototype keys that hold lists of objects instead of failing on them', async () => {
    const object = JSON.parse(
      `{"id":"aaaaaaaaaa1","code":"TEST_A","name":"A","shortName":"A","valueType":"TEXT","domainType":"AGGREGATE","aggregationType":"NONE",
        "constructor":[{"dataElement":{"id":"aaaaaaaaaa1"}}],"__proto__":[{"id":"aaaaaaaaaa1"}]}`,
    ) as Record<string, unknown>;
    const report = await validate(buildPackage({ dataElements: [object] }));
    expect(report.findings.filter((f) => f.rule === 'structure.unsafe-key')).toMatchObject([
      { objectId: 'aaaaaaaaaa1', field: '/constructor' },
      { objectId: 'aaaaaaaaaa1', field: '/__proto__' },
    ]);
  });

  it('reports legacy sharing only for 2.41+, where DHIS2 ignores it', async () => {
    const object = de('aaaaaaaaaa1', { publicAccess: 'r-------' });
    const old = await validate(buildPackage({ dataElements: [object] }, { dhis2: '>=2.39 <2.41' }));
    expect(rulesOf(old.findings)).not.toContain('sharing.legacy');
    const recent = await validate(buildPackage({ dataElements: [object] }, { dhis2: '>=2.39 <2.42' }));
    expect(recent.findings.find((f) => f.rule === 'sharing.legacy')).toMatchObject({
      dhis2Versions: ['2.41'],
    });
  });

  it('reports ${parameters} that package.yaml does not declare', async () => {
    const report = await validate(
      buildPackage(
        {
          visualizations: [
            {
              id: 'vvvvvvvvvv1',
              name: 'V',
              type: 'COLUMN',
              description: 'v',
              code: 'TEST_V',
              subtitle: '${orgUnitRoot} and ${undeclared}',
            },
          ],
        },
        { parameters: { orgUnitRoot: { type: 'orgUnit' } } },
      ),
    );
    expect(
      report.findings.filter((f) => f.rule === 'manifest.parameter-undeclared').map((f) => f.value),
    ).toEqual(['${undeclared}']);
  });
});

describe('validatePackages: HISP package checks', () => {
  it('applies ALL-MQ-17/18, O-MQ-2, OG-MQ-1, naming and description rules with HISP ids', async () => {
    const report = await validate(
      buildPackage({
        dataElements: [de('aaaaaaaaaa1', { name: 'Number of pupils aged 6 - 11', description: undefined })],
        indicators: [
          {
            id: 'iiiiiiiiii1',
            name: 'Percentage of <5',
            shortName: 'Pct',
            code: 'TEST_I1',
            description: 'i',
            indicatorType: { id: 'x' },
            numerator: '1',
            denominator: '1',
          },
        ],
        dataSets: [
          {
            id: 'dddddddddd1',
            name: 'DS',
            shortName: 'DS',
            periodType: 'Yearly',
            code: 'test ds',
            description: 'd',
          },
        ],
        dashboards: [{ id: 'dashdashdas', name: 'Dash', description: 'd' }],
        optionSets: [
          {
            id: 'ooooooooooo',
            name: 'Set',
            code: 'TEST_SET',
            valueType: 'TEXT',
            options: [{ id: 'optiooptio1' }, { id: 'optiooptio2' }],
          },
        ],
        options: [
          { id: 'optiooptio1', name: 'One', code: 'ONE', sortOrder: 0, optionSet: { id: 'ooooooooooo' } },
          { id: 'optiooptio2', name: 'Two', code: 'T\tWO', sortOrder: 1, optionSet: { id: 'ooooooooooo' } },
          { id: 'optiooptio3', name: 'Three', code: 'THREE', sortOrder: 3 },
        ],
        optionGroups: [{ id: 'ogogogogog1', name: 'G', shortName: 'G', options: [{ id: 'optiooptio3' }] }],
      }),
    );
    const hisp = report.findings.filter((f) => f.hispRule).map((f) => [f.hispRule, f.objectId]);
    expect(hisp).toEqual(
      expect.arrayContaining([
        ['ALL-MQ-17', 'dashdashdas'],
        ['ALL-MQ-18', 'dddddddddd1'],
        ['ALL-MQ-18', 'optiooptio2'],
        ['O-MQ-2', 'ooooooooooo'],
        ['OG-MQ-1', 'ogogogogog1'],
        ['DE-MQ-2', 'aaaaaaaaaa1'],
        ['ALL-MQ-10', 'aaaaaaaaaa1'],
        ['ALL-MQ-8', 'aaaaaaaaaa1'],
        ['I-MQ-3', 'iiiiiiiiii1'],
        ['ALL-MQ-9', 'iiiiiiiiii1'],
      ]),
    );
  });

  it('checks program rules and variables as HISP does (PR-ST-3/4/5, PRV-MQ-1/2)', async () => {
    const report = await validate(
      buildPackage({
        programs: [
          {
            id: 'progprogpro',
            name: 'P',
            code: 'TEST_P',
            description: 'p',
            programTrackedEntityAttributes: [{ trackedEntityAttribute: { id: 'teateatea01' } }],
          },
        ],
        programStages: [
          {
            id: 'stagestage1',
            name: 'S',
            programStageDataElements: [{ dataElement: { id: 'aaaaaaaaaa1' } }],
          },
        ],
        programRules: [
          {
            id: 'rulerulerul',
            name: 'R',
            description: 'r',
            program: { id: 'progprogpro' },
            programRuleActions: [{ id: 'actionacti1' }],
          },
          {
            id: 'rulerulerl2',
            name: 'R2',
            description: 'r',
            program: { id: 'progprogpro' },
            programRuleActions: [],
          },
        ],
        programRuleActions: [
          {
            id: 'actionacti1',
            programRuleActionType: 'HIDEFIELD',
            programRule: { id: 'rulerulerul' },
            dataElement: { id: 'notInStage1' },
            trackedEntityAttribute: { id: 'teaOther001' },
          },
        ],
        programRuleVariables: [
          { id: 'prvprvprv01', name: 'age and sex', program: { id: 'progprogpro' } },
          { id: 'prvprvprv02', name: 'age and sex', program: { id: 'progprogpro' } },
        ],
      }),
    );
    const hisp = report.findings.filter((f) => f.hispRule).map((f) => [f.hispRule, f.objectId]);
    expect(hisp).toEqual(
      expect.arrayContaining([
        ['PR-ST-3', 'rulerulerl2'],
        ['PR-ST-4', 'actionacti1'],
        ['PR-ST-5', 'actionacti1'],
        ['PRV-MQ-1', 'prvprvprv02'],
        ['PRV-MQ-2', 'prvprvprv01'],
      ]),
    );
  });
});

describe('validatePackages: manifest and severities', () => {
  it('checks codes against the package codePrefix', async () => {
    const report = await validate(
      buildPackage(
        { dataElements: [de('aaaaaaaaaa1', { code: 'EDU_OK' }), de('aaaaaaaaaa2', { code: 'OTHER_X' })] },
        { codePrefix: 'EDU_' },
      ),
    );
    expect(report.findings.filter((f) => f.rule === 'code.prefix').map((f) => f.objectId)).toEqual([
      'aaaaaaaaaa2',
    ]);
  });

  it('applies overrides by rule id, HISP alias and family, and drops rules turned off', async () => {
    const pkg = buildPackage({
      dataElements: [
        de('aaaaaaaaaa1', { name: 'Number of pupils', description: undefined, valueType: undefined }),
      ],
    });
    const report = await validate(pkg, {
      severity: { 'structure.required': 'warning', 'DE-MQ-2': 'error', 'description.*': 'off' },
    });
    expect(report.findings.find((f) => f.rule === 'structure.required')?.severity).toBe('warning');
    expect(report.findings.find((f) => f.rule === 'naming.number-of')?.severity).toBe('error');
    expect(rulesOf(report.findings)).not.toContain('description.missing');
    expect(report.counts.error).toBe(report.findings.filter((f) => f.severity === 'error').length);
  });

  it('reports a requested DHIS2 version outside the package range', async () => {
    const report = await validate(buildPackage({}, { dhis2: '>=2.41 <2.42' }), { dhis2Version: '2.39' });
    expect(report.findings.find((f) => f.rule === 'manifest.dhis2-version')).toMatchObject({
      field: '/dhis2',
      file: 'package.yaml',
    });
  });
});
