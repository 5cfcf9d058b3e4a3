import type { MetadataObject } from '../package/types.js';
import { eachObject, type ObjectSite, type PackageCheck, type PackageCheckContext } from './check-context.js';
import { describeObject, pointer, type FindingSink } from './finding-sink.js';
import { isDefaultObject, isObject } from './package-scope.js';

/** Types HISP's validator requires a code on (ALL-MQ-17) and checks the code pattern of (ALL-MQ-18). */
const HISP_CODED_TYPES = [
  'dashboards',
  'dataSets',
  'programs',
  'indicatorGroups',
  'dataElementGroups',
  'predictorGroups',
  'validationRuleGroups',
  'userGroups',
  'options',
];
/** Types we also want coded (packaging by code, d-6.1), reported without a HISP alias. */
const EXTRA_CODED_TYPES = [
  'dataElements',
  'indicators',
  'indicatorTypes',
  'categories',
  'categoryCombos',
  'categoryOptions',
  'optionSets',
  'legendSets',
  'validationRules',
  'predictors',
  'programIndicators',
  'trackedEntityAttributes',
];
const CODE = /^[0-9A-Z_]+$/;
const OPTION_CODE = /^[0-9A-Z_|\-.]+$/;
const NAMING_TYPES = [
  'dataElements',
  'indicators',
  'programIndicators',
  'categories',
  'categoryOptions',
  'categoryCombos',
  'maps',
  'visualizations',
];
const DESCRIBED_TYPES = [
  'programs',
  'dataSets',
  'dataElements',
  'trackedEntityAttributes',
  'trackedEntityTypes',
  'indicators',
  'programIndicators',
  'validationRules',
  'predictors',
  'programRules',
  'visualizations',
  'dashboards',
];

const ids = (list: unknown): string[] =>
  Array.isArray(list) ? list.flatMap((e) => (isObject(e) && typeof e.id === 'string' ? [e.id] : [])) : [];
const refId = (value: unknown): string | undefined =>
  isObject(value) && typeof value.id === 'string' ? value.id : undefined;

const CODED_TYPES = new Set([...HISP_CODED_TYPES, ...EXTRA_CODED_TYPES]);
const NAMED_TYPES = new Set([...NAMING_TYPES, ...DESCRIBED_TYPES]);
const NAME_KEYS = ['name', 'shortName'];

/** The checks of HISP's metadata_package_validator.py and its QA scripts (landscape.md §d), by HISP id. */
export function createHispCheck(ctx: PackageCheckContext, sink: FindingSink): PackageCheck {
  const prefix = ctx.pkg.manifest.codePrefix;
  let coded = false;
  let named = false;
  return {
    enterType(plural) {
      coded = CODED_TYPES.has(plural);
      named = NAMED_TYPES.has(plural);
    },
    visit(site) {
      if (coded) checkCode(site, sink);
      if (prefix) checkCodePrefix(site, prefix, sink);
      if (named) checkNaming(site, sink);
    },
    finish() {
      checkOptions(ctx, sink);
      checkProgramRules(ctx, sink);
      checkForms(ctx, sink);
    },
  };
}

function checkCode(site: ObjectSite, sink: FindingSink): void {
  const { plural, object } = site;
  if (isDefaultObject(object)) return;
  const hisp = HISP_CODED_TYPES.includes(plural);
  // An empty hispRule keeps the rule's HISP alias off types HISP itself does not check.
  const hispRule = hisp ? undefined : '';
  const code = object.code;
  if (code === undefined || code === null) {
    sink.add('code.missing', site.scope, {
      field: '/code',
      message: `${site.owner} has no code`,
      hispRule,
    });
    return;
  }
  if (typeof code !== 'string') return;
  const pattern = plural === 'options' ? OPTION_CODE : CODE;
  if (code.includes('\t') || !pattern.test(code)) {
    sink.add(hisp ? 'code.format' : 'code.convention', site.scope, {
      field: '/code',
      value: code,
      message: `${site.owner}: code ${JSON.stringify(code)} ${code.includes('\t') ? 'contains a tab' : `does not match ${pattern.source}`}`,
      hispRule,
    });
  }
}

function checkCodePrefix(site: ObjectSite, prefix: string, sink: FindingSink): void {
  const { plural, object } = site;
  // Options and option combos carry data values / generated codes, not codes the package owns.
  if (plural === 'options' || plural === 'categoryOptionCombos' || isDefaultObject(object)) return;
  if (typeof object.code === 'string' && !object.code.startsWith(prefix)) {
    sink.add('code.prefix', site.scope, {
      field: '/code',
      value: object.code,
      message: `${site.owner}: code ${object.code} does not start with the package codePrefix ${prefix}`,
    });
  }
}

function checkNaming(site: ObjectSite, sink: FindingSink): void {
  const { plural, object } = site;
  const numberOf = plural === 'dataElements';
  const percentage = plural === 'indicators' || plural === 'programIndicators';
  const naming = NAMING_TYPES.includes(plural);
  for (const key of NAME_KEYS) {
    const text = object[key];
    if (typeof text !== 'string') continue;
    const upper = numberOf || percentage ? text.toUpperCase() : '';
    if (numberOf && upper.includes('NUMBER OF')) {
      sink.add('naming.number-of', site.scope, {
        field: pointer(key),
        value: text,
        message: `${site.owner}: ${key} contains "number of"`,
      });
    }
    if (percentage && (upper.includes('PROPORTION') || upper.includes('PERCENTAGE'))) {
      sink.add('naming.percentage', site.scope, {
        field: pointer(key),
        value: text,
        hispRule: plural === 'indicators' ? 'I-MQ-3' : 'PI-MQ-3',
        message: `${site.owner}: ${key} contains "proportion" or "percentage"`,
      });
    }
    if (!naming) continue;
    if (/[<>≤≥]/.test(text))
      sink.add('naming.comparison-symbol', site.scope, {
        field: pointer(key),
        value: text,
        message: `${site.owner}: ${key} contains a comparison symbol`,
      });
    if (/\d\s+-\s*\d|\d\s*-\s+\d/.test(text))
      sink.add('naming.digit-range', site.scope, {
        field: pointer(key),
        value: text,
        message: `${site.owner}: ${key} writes a range with spaces around "-"`,
      });
  }
  if (
    DESCRIBED_TYPES.includes(plural) &&
    (typeof object.description !== 'string' || object.description.trim() === '')
  ) {
    sink.add('description.missing', site.scope, {
      field: '/description',
      message: `${site.owner} has no description`,
    });
  }
}

function checkOptions(ctx: PackageCheckContext, sink: FindingSink): void {
  const bySet = new Map<string, Array<{ option: MetadataObject; index: number }>>();
  for (const [, option, index] of eachObject(ctx.pkg, ['options'])) {
    const set = refId(option.optionSet);
    if (set) bySet.set(set, [...(bySet.get(set) ?? []), { option, index }]);
  }
  for (const [setId, members] of bySet) {
    const set = ctx.index.get('optionSets', setId);
    const setIndex = set ? (ctx.pkg.metadata.optionSets ?? []).indexOf(set) : undefined;
    const scope = set
      ? ctx.scopeOf('optionSets', set, setIndex)
      : ctx.scopeOf('options', members[0]!.option, members[0]!.index);
    const orders = members
      .map((m) => m.option.sortOrder)
      .map((o) => (typeof o === 'number' ? o : NaN))
      .sort((a, b) => a - b);
    if (orders[0] !== 1 || orders[orders.length - 1] !== orders.length) {
      sink.add('option.sort-order', scope, {
        field: '/options',
        value: orders.map((o) => (Number.isNaN(o) ? null : o)),
        message: `optionSets ${set ? describeObject(set) : setId}: option sortOrder is ${orders.map((o) => (Number.isNaN(o) ? '?' : o)).join(', ')}, expected 1..${orders.length}`,
      });
    }
    for (const key of ['code', 'name'] as const) {
      const seen = new Set<string>();
      for (const { option, index } of members) {
        const value = option[key];
        if (typeof value !== 'string') continue;
        if (seen.has(value))
          sink.add('option.duplicate', ctx.scopeOf('options', option, index), {
            field: pointer(key),
            value,
            message: `options ${describeObject(option)}: ${key} ${JSON.stringify(value)} is used twice in option set ${setId}`,
          });
        seen.add(value);
      }
    }
  }
  const inSets = new Set<string>();
  for (const [plural, set, index] of eachObject(ctx.pkg, ['optionSets'])) {
    const members = ids(set.options);
    members.forEach((id) => inSets.add(id));
    if (members.length < 2)
      sink.add('option.too-few', ctx.scopeOf(plural, set, index), {
        field: '/options',
        value: members.length,
        message: `optionSets ${describeObject(set)} has ${members.length} option(s)`,
      });
  }
  for (const [plural, group, index] of eachObject(ctx.pkg, ['optionGroups'])) {
    ids(group.options).forEach((id, i) => {
      if (inSets.has(id)) return;
      const option = ctx.index.get('options', id);
      sink.add('option.group-orphan', ctx.scopeOf(plural, group, index), {
        field: pointer('options', i, 'id'),
        value: id,
        message: `optionGroups ${describeObject(group)}: option ${option ? describeObject(option) : id} is in no option set`,
      });
    });
  }
}

function checkProgramRules(ctx: PackageCheckContext, sink: FindingSink): void {
  for (const [plural, rule, index] of eachObject(ctx.pkg, ['programRules'])) {
    if (!Array.isArray(rule.programRuleActions) || rule.programRuleActions.length === 0) {
      sink.add('program-rule.no-action', ctx.scopeOf(plural, rule, index), {
        field: '/programRuleActions',
        message: `programRules ${describeObject(rule)} has no program rule action`,
      });
    }
  }
  const byName = new Map<string, MetadataObject>();
  for (const [plural, variable, index] of eachObject(ctx.pkg, ['programRuleVariables'])) {
    const name = typeof variable.name === 'string' ? variable.name : undefined;
    if (name === undefined) continue;
    const scope = ctx.scopeOf(plural, variable, index);
    const first = byName.get(name);
    // HISP compares names across the whole package, not per program.
    if (first)
      sink.add('program-rule-variable.duplicate-name', scope, {
        field: '/name',
        value: name,
        message: `programRuleVariables ${describeObject(variable)} has the same name as ${describeObject(first)}`,
      });
    else byName.set(name, variable);
    const badWord = /(^|\s)(and|or|not)(\s|$)/.test(name);
    if (badWord || !/^[a-zA-Z\d_\-. ]+$/.test(name)) {
      sink.add('program-rule-variable.name', scope, {
        field: '/name',
        value: name,
        message: `programRuleVariables ${describeObject(variable)}: name ${badWord ? 'contains and/or/not' : 'contains unexpected characters'}`,
      });
    }
  }
  const stageElements = new Set<string>();
  for (const [, stage] of eachObject(ctx.pkg, ['programStages'])) {
    for (const psde of Array.isArray(stage.programStageDataElements) ? stage.programStageDataElements : []) {
      const id = isObject(psde) ? refId(psde.dataElement) : undefined;
      if (id) stageElements.add(id);
    }
  }
  const programOfRule = new Map<string, string>();
  for (const [, rule] of eachObject(ctx.pkg, ['programRules'])) {
    const program = refId(rule.program);
    if (typeof rule.id === 'string' && program) programOfRule.set(rule.id, program);
  }
  const attributesOfProgram = new Map<string, Set<string>>();
  for (const [, program] of eachObject(ctx.pkg, ['programs'])) {
    const teas = new Set<string>();
    const add = (list: unknown) =>
      (Array.isArray(list) ? list : []).forEach(
        (e) => isObject(e) && refId(e.trackedEntityAttribute) && teas.add(refId(e.trackedEntityAttribute)!),
      );
    add(program.programTrackedEntityAttributes);
    const tet = refId(program.trackedEntityType);
    if (tet) add(ctx.index.get('trackedEntityTypes', tet)?.trackedEntityTypeAttributes);
    if (typeof program.id === 'string') attributesOfProgram.set(program.id, teas);
  }
  for (const [plural, action, index] of eachObject(ctx.pkg, ['programRuleActions'])) {
    const scope = ctx.scopeOf(plural, action, index);
    const de = refId(action.dataElement);
    if (de && !stageElements.has(de)) {
      sink.add('program-rule-action.data-element', scope, {
        field: '/dataElement/id',
        value: de,
        message: `programRuleActions ${describeObject(action)} of rule ${refId(action.programRule) ?? '?'} uses data element ${de}, which is in no program stage of the package`,
      });
    }
    const tea = refId(action.trackedEntityAttribute);
    const program = programOfRule.get(refId(action.programRule) ?? '');
    const teas = program ? attributesOfProgram.get(program) : undefined;
    if (tea && teas && !teas.has(tea)) {
      sink.add('program-rule-action.attribute', scope, {
        field: '/trackedEntityAttribute/id',
        value: tea,
        message: `programRuleActions ${describeObject(action)} uses attribute ${tea}, which is not in program ${program} or its tracked entity type`,
      });
    }
  }
}

function checkForms(ctx: PackageCheckContext, sink: FindingSink): void {
  const aliases: Record<string, [string, string]> = {
    dataSets: ['DS-MQ-1', 'DS-MQ-2'],
    programStages: ['PS-MQ-1', 'PS-MQ-2'],
    programs: ['P-MQ-1', 'P-MQ-2'],
  };
  for (const [plural, object, index] of eachObject(ctx.pkg, Object.keys(aliases))) {
    const formId = refId(object.dataEntryForm);
    if (!formId) continue;
    const [present, empty] = aliases[plural]!;
    const scope = ctx.scopeOf(plural, object, index);
    sink.add('form.custom', scope, {
      field: '/dataEntryForm',
      value: formId,
      hispRule: present,
      message: `${plural} ${describeObject(object)} uses the custom form ${formId}`,
    });
    const found = ctx.references.find('dataEntryForms', formId);
    if (isObject(found) && (typeof found.htmlCode !== 'string' || found.htmlCode.trim() === '')) {
      sink.add('form.custom-empty', scope, {
        field: '/dataEntryForm',
        value: formId,
        hispRule: empty,
        message: `${plural} ${describeObject(object)}: custom form ${formId} has no htmlCode`,
      });
    }
  }
}
