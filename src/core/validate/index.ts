export type * from './types.js';
export { validatePackages, type ValidateOptions } from './validate-packages.js';
export { RULES, HISP_ALIASES, type RuleId, type RuleInfo } from './rule-catalog.js';
export {
  parseSeverityFlags,
  unknownSeverityKeys,
  effectiveSeverity,
  isKnownRuleKey,
  type SeverityOverrides,
} from './severity.js';
export { resolveShippedDependency, type DependencyResolver } from './resolve-dependencies.js';
export { buildTypeSchema, periodTypesFor } from './structure-schemas.js';
