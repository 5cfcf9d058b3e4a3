/**
 * References inside embedded objects, which /api/schemas describes only as "complex": the
 * property of the embedded object -> the type it points at. DHIS2's ReferencesCheck walks these
 * too (dataSetElements[].dataElement, dashboardItems[].visualization, dataDimensionItems[].indicator...).
 */
export const EMBEDDED_REFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  dataSetElements: { dataElement: 'dataElements', categoryCombo: 'categoryCombos' },
  dashboardItems: {
    visualization: 'visualizations',
    map: 'maps',
    eventReport: 'eventReports',
    eventChart: 'eventCharts',
    eventVisualization: 'eventVisualizations',
    report: 'reports',
    reports: 'reports',
    resources: 'documents',
    users: 'users',
  },
  dataDimensionItems: {
    indicator: 'indicators',
    dataElement: 'dataElements',
    programIndicator: 'programIndicators',
    expressionDimensionItem: 'expressionDimensionItems',
  },
  compulsoryDataElementOperands: { dataElement: 'dataElements', categoryOptionCombo: 'categoryOptionCombos' },
  greyedFields: { dataElement: 'dataElements', categoryOptionCombo: 'categoryOptionCombos' },
  attributeValues: { attribute: 'attributes' },
  programStageDataElements: { dataElement: 'dataElements' },
  programTrackedEntityAttributes: { trackedEntityAttribute: 'trackedEntityAttributes' },
  trackedEntityTypeAttributes: { trackedEntityAttribute: 'trackedEntityAttributes' },
  categoryDimensions: { category: 'categories', categoryOptions: 'categoryOptions' },
  organisationUnitGroupSetDimensions: {
    organisationUnitGroupSet: 'organisationUnitGroupSets',
    organisationUnitGroups: 'organisationUnitGroups',
  },
  dataElementGroupSetDimensions: {
    dataElementGroupSet: 'dataElementGroupSets',
    dataElementGroups: 'dataElementGroups',
  },
  categoryOptionGroupSetDimensions: {
    categoryOptionGroupSet: 'categoryOptionGroupSets',
    categoryOptionGroups: 'categoryOptionGroups',
  },
  mapViews: {
    legendSet: 'legendSets',
    organisationUnitGroupSet: 'organisationUnitGroupSets',
    organisationUnitLevels: 'organisationUnitLevels',
    program: 'programs',
    programStage: 'programStages',
  },
};

/** Nested embedded collections inside an embedded object (mapViews[].dataDimensionItems[].indicator). */
export const NESTED_EMBEDDED: Readonly<Record<string, readonly string[]>> = {
  mapViews: ['dataDimensionItems', 'categoryDimensions', 'organisationUnitGroupSetDimensions'],
  dataDimensionItems: [],
};

/** The ids that are data-dimension operands: {dataElementOperand: {dataElement, categoryOptionCombo}}. */
export const OPERAND_REFERENCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  dataElementOperand: { dataElement: 'dataElements', categoryOptionCombo: 'categoryOptionCombos' },
  reportingRate: { dataSet: 'dataSets' },
  programDataElement: { program: 'programs', dataElement: 'dataElements' },
  programAttribute: { program: 'programs', attribute: 'trackedEntityAttributes' },
};
