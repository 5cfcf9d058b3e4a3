/**
 * Which authority lets a user create, update or delete each metadata type, as DHIS2's schema
 * descriptors declare them (dhis-service-schema `*SchemaDescriptor`, e.g. DataElementSchemaDescriptor:
 * CREATE_PUBLIC F_DATAELEMENT_PUBLIC_ADD, CREATE_PRIVATE F_DATAELEMENT_PRIVATE_ADD, DELETE
 * F_DATAELEMENT_DELETE). A type with no entry declares none: DHIS2's AclService.canAccess then lets
 * any signed-in user through (visualizations, maps' views, data entry forms...).
 */
export interface TypeAuthorities {
  create: string[];
  /** Update falls back to the create authorities when a type declares no UPDATE (DefaultAclService.canUpdate). */
  update?: string[];
  delete: string[];
}

/** Types following F_<STEM>_PUBLIC_ADD / F_<STEM>_PRIVATE_ADD / F_<STEM>_DELETE. */
const SHARED_STEMS: Record<string, string> = {
  aggregateDataExchanges: 'AGGREGATE_DATA_EXCHANGE',
  attributes: 'ATTRIBUTE',
  categoryCombos: 'CATEGORY_COMBO',
  categoryOptionCombos: 'CATEGORY_COMBO',
  categoryOptionGroups: 'CATEGORY_OPTION_GROUP',
  categoryOptionGroupSets: 'CATEGORY_OPTION_GROUP_SET',
  categoryOptions: 'CATEGORY_OPTION',
  categories: 'CATEGORY',
  dataElementGroups: 'DATAELEMENTGROUP',
  dataElementGroupSets: 'DATAELEMENTGROUPSET',
  dataElements: 'DATAELEMENT',
  dataSetNotificationTemplates: 'DATASET',
  dataSets: 'DATASET',
  documents: 'DOCUMENT',
  eventHooks: 'EVENT_HOOK',
  externalMapLayers: 'EXTERNAL_MAP_LAYER',
  indicatorGroups: 'INDICATORGROUP',
  indicatorGroupSets: 'INDICATORGROUPSET',
  indicators: 'INDICATOR',
  legendSets: 'LEGEND_SET',
  optionGroups: 'OPTIONGROUP',
  optionGroupSets: 'OPTIONGROUPSET',
  options: 'OPTIONSET',
  optionSets: 'OPTIONSET',
  organisationUnitGroups: 'ORGUNITGROUP',
  organisationUnitGroupSets: 'ORGUNITGROUPSET',
  programIndicatorGroups: 'PROGRAM_INDICATOR_GROUP',
  programIndicators: 'PROGRAM_INDICATOR',
  programNotificationTemplates: 'PROGRAM',
  programs: 'PROGRAM',
  relationshipTypes: 'RELATIONSHIPTYPE',
  reports: 'REPORT',
  routes: 'ROUTE',
  sqlViews: 'SQLVIEW',
  trackedEntityAttributes: 'TRACKED_ENTITY_ATTRIBUTE',
  userGroups: 'USERGROUP',
  userRoles: 'USERROLE',
  validationNotificationTemplates: 'VALIDATIONRULE',
  validationRules: 'VALIDATIONRULE',
};

const same = (authority: string): TypeAuthorities => ({ create: [authority], delete: [authority] });
const addDelete = (stem: string): TypeAuthorities => ({
  create: [`F_${stem}_ADD`],
  delete: [`F_${stem}_DELETE`],
});

/** The types whose authorities do not follow the PUBLIC/PRIVATE pattern. */
const SPECIAL: Record<string, TypeAuthorities> = {
  analyticsTableHooks: addDelete('ANALYTICSTABLEHOOK'),
  constants: addDelete('CONSTANT'),
  dashboards: { create: ['F_DASHBOARD_PUBLIC_ADD'], delete: [] },
  dataApprovalLevels: same('F_DATA_APPROVAL_LEVEL'),
  dataApprovalWorkflows: same('F_DATA_APPROVAL_WORKFLOW'),
  eventCharts: { create: ['F_EVENTCHART_PUBLIC_ADD'], delete: [] },
  eventFilters: addDelete('PROGRAMSTAGE'),
  eventReports: { create: ['F_EVENTREPORT_PUBLIC_ADD'], delete: [] },
  indicatorTypes: addDelete('INDICATORTYPE'),
  jobConfigurations: same('F_SCHEDULING_ADMIN'),
  maps: { create: ['F_MAP_PUBLIC_ADD'], delete: [] },
  organisationUnitLevels: same('F_ORGANISATIONUNITLEVEL_UPDATE'),
  organisationUnits: addDelete('ORGANISATIONUNIT'),
  predictorGroups: addDelete('PREDICTORGROUP'),
  predictors: addDelete('PREDICTOR'),
  programRuleActions: same('F_PROGRAM_RULE_MANAGEMENT'),
  programRules: {
    create: ['F_PROGRAM_RULE_ADD', 'F_PROGRAM_RULE_MANAGEMENT'],
    delete: ['F_PROGRAM_RULE_DELETE', 'F_PROGRAM_RULE_MANAGEMENT'],
  },
  programRuleVariables: same('F_PROGRAM_RULE_MANAGEMENT'),
  programSections: { create: ['F_PROGRAM_PUBLIC_ADD'], delete: [] },
  programStages: addDelete('PROGRAMSTAGE'),
  programStageSections: addDelete('PROGRAMSTAGE'),
  programStageWorkingLists: addDelete('PROGRAMSTAGE'),
  pushAnalysis: addDelete('PUSH_ANALYSIS'),
  sections: addDelete('SECTION'),
  smsCommands: same('F_MOBILE_SENDSMS'),
  trackedEntityInstanceFilters: addDelete('PROGRAMSTAGE'),
  trackedEntityTypes: {
    create: ['F_TRACKED_ENTITY_ADD'],
    update: ['F_TRACKED_ENTITY_UPDATE'],
    delete: ['F_TRACKED_ENTITY_DELETE'],
  },
  users: {
    create: ['F_USER_ADD', 'F_USER_ADD_WITHIN_MANAGED_GROUP'],
    delete: ['F_USER_DELETE', 'F_USER_DELETE_WITHIN_MANAGED_GROUP'],
  },
  validationRuleGroups: {
    create: ['F_VALIDATIONRULEGROUP_PUBLIC_ADD'],
    update: ['F_VALIDATIONRULEGROUP_PRIVATE_ADD'],
    delete: ['F_VALIDATIONRULEGROUP_DELETE'],
  },
};

export function authoritiesOf(plural: string): TypeAuthorities {
  const special = SPECIAL[plural];
  if (special) return special;
  const stem = SHARED_STEMS[plural];
  if (!stem) return { create: [], delete: [] };
  return { create: [`F_${stem}_PUBLIC_ADD`, `F_${stem}_PRIVATE_ADD`], delete: [`F_${stem}_DELETE`] };
}
