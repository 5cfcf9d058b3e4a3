import type { FindingSeverity } from './types.js';

export interface RuleInfo {
  severity: FindingSeverity;
  title: string;
  /** HISP's ids for this check; findings carry the one that applies. */
  hisp?: string[];
  /** The E-code DHIS2 answers with, when the importer rejects it. */
  dhis2Code?: string;
  fix: string;
}

const rule = (
  severity: FindingSeverity,
  title: string,
  fix: string,
  extra: Partial<RuleInfo> = {},
): RuleInfo => ({
  severity,
  title,
  fix,
  ...extra,
});

/** Every rule validate knows, with its default severity. Documented in docs/validate-rules.md. */
export const RULES = {
  'structure.not-an-object': rule(
    'error',
    'Metadata entry is not a JSON object',
    'Each entry of a type list must be an object',
  ),
  'structure.required': rule(
    'error',
    'Required property missing',
    'Add the property; DHIS2 refuses the object without it',
    { dhis2Code: 'E4000' },
  ),
  'structure.enum': rule(
    'error',
    'Value not allowed for this property',
    'Use one of the values DHIS2 accepts for this version',
  ),
  'structure.max-length': rule('error', 'Text longer than DHIS2 stores', 'Shorten the value', {
    dhis2Code: 'E4001',
  }),
  'structure.uid-format': rule('error', 'Invalid UID', 'UIDs are a letter followed by 10 letters or digits', {
    dhis2Code: 'E4014',
  }),
  'structure.type': rule(
    'error',
    'Wrong JSON type',
    'Give the property the JSON type DHIS2 expects (object, array, string...)',
  ),
  'structure.scalar-type': rule(
    'error',
    'Scalar of the wrong JSON type (DHIS2 would coerce it; almost always a mistake)',
    'Write the value with its proper JSON type',
  ),
  'structure.unknown-type': rule(
    'warning',
    'Top-level key that is not a DHIS2 type',
    'Fix the type name (DHIS2 silently skips unknown keys such as "dataelements")',
  ),
  'structure.unsafe-key': rule(
    'error',
    'Prototype-polluting key',
    'Remove "__proto__", "constructor" and "prototype" keys',
  ),
  'unique.duplicate-id': rule(
    'error',
    'Same id on more than one object of a type',
    'Give every object its own id',
    { dhis2Code: 'E5004' },
  ),
  'unique.property': rule(
    'error',
    'Unique property value used twice',
    'Make the value unique within the type',
    { dhis2Code: 'E5003' },
  ),
  'reference.missing': rule(
    'error',
    'Reference to an object not in the package, its dependencies or external references',
    'Add the object, depend on the package that has it, or declare it in externalReferences',
    { dhis2Code: 'E5002' },
  ),
  'reference.duplicate': rule(
    'error',
    'Same reference twice in a collection',
    'Remove the repeated reference',
    { dhis2Code: 'E5007' },
  ),
  'reference.placeholder': rule(
    'info',
    'Placeholder where a UID is expected',
    'Make sure the placeholder is replaced before import (package parameters do this)',
  ),
  'reference.dependency-unresolved': rule(
    'error',
    'Declared dependency not found',
    'Give the dependency on the command line or ship it in packages-metadata/',
  ),
  'reference.dependency-version': rule(
    'error',
    'Dependency version outside the declared range',
    'Update the dependency or its range',
  ),
  'reference.ungrouped': rule(
    'info',
    'Data element or indicator in no group',
    'Add it to a data element group / indicator group of the package',
  ),
  'expression.syntax': rule(
    'error',
    'Expression does not parse',
    'Fix the expression syntax at the given position',
  ),
  'expression.unknown-reference': rule(
    'error',
    'Expression refers to an object that is not available',
    'Add the object to the package or its dependencies, or fix the UID',
  ),
  'expression.program-stage-name': rule(
    'error',
    'program_stage_name used in an expression',
    'Use program stage ids instead of program_stage_name',
    { hisp: ['ALL-MQ-20'] },
  ),
  'indicator.config-placeholder': rule(
    'info',
    'Dashboard-only [CONFIG] indicator to be mapped locally',
    'Map the numerator/denominator to local data after install',
  ),
  'indicator.config-mismatch': rule(
    'warning',
    'Indicator looks like a [CONFIG] placeholder but is not marked as one',
    'Name placeholder indicators "[CONFIG] ..." and give them numerator -1',
  ),
  'category.coc-options': rule(
    'error',
    'Category option combo does not take one option from each category of its combo',
    "Regenerate the combo's option combos (let DHIS2 generate them)",
    { dhis2Code: 'E1125' },
  ),
  'category.coc-count': rule(
    'warning',
    'Category combo does not have one option combo per option combination',
    'Ship every option combo of the combo, or none and let DHIS2 generate them',
    { dhis2Code: 'E1130' },
  ),
  'category.coc-duplicate': rule(
    'error',
    'Two option combos with the same options in one combo',
    'Remove the duplicate option combo',
    { dhis2Code: 'E1132' },
  ),
  'category.default-model': rule(
    'warning',
    'Default category object with a non-standard UID',
    "Use DHIS2's standard default UIDs (bjDvmb4bfuf, GLevLNI9wkl, xYerKDKCefk, HllvX50cXC0)",
  ),
  'volatile.field': rule(
    'warning',
    'Instance-specific field in a package',
    'Strip created/lastUpdated/href/access/display* fields (edupkg writes packages without them)',
  ),
  'security.privileged': rule(
    'warning',
    'Privileged change: a user, user role (authorities, above all ALL), SQL view or user-group sharing',
    'Keep accounts, roles and SQL out of content packages; if intended, install with --allow-privileged',
  ),
  'sharing.external-access': rule(
    'warning',
    'Object shared with external (anonymous) access',
    'Set externalAccess / sharing.external to false',
    { hisp: ['SHST-MQ-1'] },
  ),
  'sharing.user-access': rule(
    'warning',
    'Object shared with individual users',
    'Share with the package user groups instead of users',
  ),
  'sharing.favorites': rule(
    'warning',
    'Favourites reference users of the source instance',
    'Empty the favorites list',
    { hisp: ['ALL-MQ-16'] },
  ),
  'sharing.legacy': rule(
    'warning',
    'Legacy sharing fields (ignored by DHIS2 2.41+)',
    'Convert publicAccess/userGroupAccesses/userAccesses to `sharing`',
  ),
  'sharing.access-string': rule(
    'error',
    'Invalid access string',
    'Access strings are 8 characters like "rw------" or "r-r-----"',
    { dhis2Code: 'E3010' },
  ),
  'sharing.standard-groups': rule(
    'info',
    'Standard ADMIN/ACCESS/DATA_CAPTURE user groups missing',
    'Ship <PREFIX>_ADMIN, <PREFIX>_ACCESS and <PREFIX>_DATA_CAPTURE user groups',
  ),
  'translation.locale': rule(
    'error',
    'Translation without a valid locale',
    'Give each translation a locale such as "fr" or "pt_BR"',
    { hisp: ['ALL-MQ-21'] },
  ),
  'translation.duplicate': rule(
    'error',
    'Two translations of the same property in the same locale',
    'Keep one translation per property and locale',
    { hisp: ['ALL-MQ-19'], dhis2Code: 'E1106' },
  ),
  'translation.incomplete': rule(
    'info',
    'Object not translated into a locale the package declares',
    'Add the missing translations',
  ),
  'code.missing': rule(
    'warning',
    'Object without a code',
    'Give the object a code (HISP packaging is driven by codes)',
    { hisp: ['ALL-MQ-17'] },
  ),
  'code.format': rule(
    'error',
    'Code with characters HISP does not allow',
    'Use upper-case A-Z, digits and _ (options also | - .), no tabs',
    { hisp: ['ALL-MQ-18'] },
  ),
  'code.convention': rule(
    'warning',
    'Code outside the upper-case convention',
    'Use upper-case A-Z, digits and _ in codes',
  ),
  'code.prefix': rule(
    'error',
    'Code does not start with the package codePrefix',
    'Prefix the code, or change codePrefix in package.yaml',
  ),
  'naming.number-of': rule(
    'warning',
    'Data element name says "number of"',
    'Drop "number of" from the name',
    { hisp: ['DE-MQ-2'] },
  ),
  'naming.percentage': rule(
    'warning',
    'Indicator name says "proportion" or "percentage"',
    'Drop the word; the indicator type says it',
    { hisp: ['I-MQ-3', 'PI-MQ-3'] },
  ),
  'naming.comparison-symbol': rule('warning', 'Name contains <, >, ≤ or ≥', 'Write the comparison in words', {
    hisp: ['ALL-MQ-9'],
  }),
  'naming.digit-range': rule(
    'warning',
    'Range written with spaces around the dash ("1 - 4")',
    'Write ranges as "1-4"',
    { hisp: ['ALL-MQ-10'] },
  ),
  'description.missing': rule('warning', 'Object without a description', 'Add a description', {
    hisp: ['ALL-MQ-8'],
  }),
  'option.sort-order': rule(
    'error',
    'Option sortOrder does not run from 1 to the number of options',
    'Number the options of the set 1..n',
    { hisp: ['O-MQ-2'] },
  ),
  'option.group-orphan': rule(
    'warning',
    'Option in an option group but in no option set',
    'Add the option to an option set or remove it from the group',
    { hisp: ['OG-MQ-1'] },
  ),
  'option.duplicate': rule(
    'error',
    'Two options of a set with the same code or name',
    'Make option codes and names unique within the set',
  ),
  'option.too-few': rule(
    'info',
    'Option set with fewer than 2 options',
    'Add options or use another value type',
  ),
  'program-rule.no-action': rule(
    'error',
    'Program rule without actions',
    'Add an action or remove the rule',
    { hisp: ['PR-ST-3'] },
  ),
  'program-rule-variable.duplicate-name': rule(
    'error',
    'Program rule variables with the same name',
    'Rename one of them',
    { hisp: ['PRV-MQ-1'] },
  ),
  'program-rule-variable.name': rule(
    'warning',
    'Program rule variable name with and/or/not or unexpected characters',
    'Use letters, digits, _ - . and spaces, without and/or/not words',
    { hisp: ['PRV-MQ-2'] },
  ),
  'program-rule-action.data-element': rule(
    'warning',
    'Program rule action targets a data element in no program stage',
    'Add the data element to a program stage',
    { hisp: ['PR-ST-4'] },
  ),
  'program-rule-action.attribute': rule(
    'warning',
    'Program rule action targets an attribute not in the program',
    'Add the attribute to the program or its tracked entity type',
    { hisp: ['PR-ST-5'] },
  ),
  'form.custom': rule(
    'info',
    'Custom data entry form',
    'Custom forms need manual review on each DHIS2 version',
    { hisp: ['DS-MQ-1', 'PS-MQ-1', 'P-MQ-1'] },
  ),
  'form.custom-empty': rule(
    'error',
    'Custom form referenced but empty',
    'Give the form htmlCode or remove it',
    { hisp: ['DS-MQ-2', 'PS-MQ-2', 'P-MQ-2'] },
  ),
  'dataset.org-units': rule(
    'warning',
    'Data set assigned to org units of the source instance',
    'Remove organisationUnits; assign them after install (postInstall.assignDataSets)',
  ),
  'favorite.fixed-org-units': rule(
    'warning',
    'Visualization or map fixed to specific org units',
    'Use user org units or org unit levels/placeholders',
  ),
  'dashboard.layout-columns': rule(
    'error',
    'Dashboard layout with more than 60 columns',
    'Use at most 60 layout columns',
    { dhis2Code: 'E4070' },
  ),
  'favorite.no-data': rule(
    'warning',
    'Visualization without data dimension items',
    'Add data items or remove the visualization',
  ),
  'manifest.dhis2-version': rule(
    'warning',
    'Requested DHIS2 version outside the package range',
    'Validate for a version the package supports, or widen `dhis2`',
  ),
  'manifest.parameter-undeclared': rule(
    'error',
    '${parameter} used but not declared',
    'Declare the parameter in package.yaml',
  ),
  'profile.invalid': rule(
    'error',
    'Country profile does not match schemas/profile.schema.json or the generators’ assumptions',
    'Fix the field named; docs/profiles.md explains each one',
  ),
  'profile.official-figures': rule(
    'warning',
    'Entrance age or duration differs from the official (UIS) figures for the country',
    'Use the official figure, or cite the national source that differs under `sources`',
  ),
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export function ruleInfo(id: RuleId): RuleInfo {
  return RULES[id];
}

/** HISP alias -> our rule id. */
export const HISP_ALIASES: ReadonlyMap<string, RuleId> = new Map(
  (Object.entries(RULES) as Array<[RuleId, RuleInfo]>).flatMap(([id, info]) =>
    (info.hisp ?? []).map((alias) => [alias, id] as const),
  ),
);
