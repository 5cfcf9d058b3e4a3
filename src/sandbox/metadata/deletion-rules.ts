import { DEFAULT_CATEGORY_MODEL } from '../../core/dhis2-model/rules.js';
import type { SandboxStore } from '../store.js';
import type { JsonObject } from '../types.js';
import { textOf } from '../json-text.js';

/**
 * The deletion rules of DHIS2's *DeletionHandler classes (dhis-service-core) for the types the
 * sandbox serves, where they differ from "any remaining reference vetoes". A veto is the E4030
 * argument DHIS2 writes: DeletionVeto's class simple name, "+ (hint)" where the handler gives one.
 */

const DEFAULT_COMBO = DEFAULT_CATEGORY_MODEL.categoryCombos!;

/** DataValueDeletionHandler / CategoryOptionComboDeletionHandler: stored data (even soft-deleted) vetoes. */
function dataValueVeto(store: SandboxStore, plural: string, uid: string): string | undefined {
  const any = (sql: string, ...args: string[]) =>
    store.db.prepare(`${sql} LIMIT 1`).get(...args) !== undefined;
  switch (plural) {
    case 'dataElements':
      return any('SELECT 1 FROM data_values WHERE data_element = ?', uid) ? 'DataValue' : undefined;
    case 'organisationUnits':
      return any('SELECT 1 FROM data_values WHERE org_unit = ?', uid) ? 'DataValue' : undefined;
    case 'categoryOptionCombos':
      return any(
        'SELECT 1 FROM data_values WHERE category_option_combo = ? OR attribute_option_combo = ?',
        uid,
        uid,
      )
        ? 'DataValue'
        : undefined;
    case 'categoryCombos':
    case 'categoryOptions': {
      const combos = plural === 'categoryCombos' ? combosOfCombo(store, uid) : combosOfOption(store, uid);
      const list = JSON.stringify(combos);
      return any(
        'SELECT 1 FROM data_values WHERE category_option_combo IN (SELECT value FROM json_each(?)) OR attribute_option_combo IN (SELECT value FROM json_each(?))',
        list,
        list,
      )
        ? 'CategoryOptionCombo'
        : undefined;
    }
    default:
      return undefined;
  }
}

/** UIDs of the category option combos of a combo (CategoryCombo.optionCombos). */
export function combosOfCombo(store: SandboxStore, comboUid: string): string[] {
  return store
    .referencesTo('categoryCombos', comboUid)
    .filter((r) => r.fromType === 'categoryOptionCombos')
    .map((r) => r.fromUid);
}

function combosOfOption(store: SandboxStore, optionUid: string): string[] {
  return store
    .referencesTo('categoryOptions', optionUid)
    .filter((r) => r.fromType === 'categoryOptionCombos')
    .map((r) => r.fromUid);
}

/** IndicatorDeletionHandler: an indicator whose numerator or denominator names the object vetoes, with its name. */
function indicatorVeto(store: SandboxStore, plural: string, uid: string): string | undefined {
  const ids =
    plural === 'dataElements' ? [uid] : plural === 'categoryCombos' ? combosOfCombo(store, uid) : [];
  if (plural === 'indicatorTypes') {
    const user = store
      .listObjects('indicators')
      .find((i) => (i.indicatorType as JsonObject | undefined)?.id === uid);
    return user ? `Indicator (${textOf(user.name)})` : undefined;
  }
  if (ids.length === 0) return undefined;
  // #{de} and #{de.coc}: a data element by its first uid, a combo by its second.
  const pattern = plural === 'dataElements' ? /#\{(\w{11})/g : /#\{\w{11}\.(\w{11})/g;
  for (const indicator of store.listObjects('indicators')) {
    const expression = `${textOf(indicator.numerator)} ${textOf(indicator.denominator)}`;
    const named = [...expression.matchAll(pattern)].map((m) => m[1]);
    if (named.some((id) => id !== undefined && ids.includes(id)))
      return `Indicator (${textOf(indicator.name)})`;
  }
  return undefined;
}

/** OrganisationUnitDeletionHandler: a unit with children is vetoed, naming them. */
function childrenVeto(store: SandboxStore, plural: string, uid: string): string | undefined {
  if (plural !== 'organisationUnits') return undefined;
  const children = store
    .referencesTo('organisationUnits', uid)
    .filter((r) => r.fromType === 'organisationUnits' && r.property === 'parent' && r.fromUid !== uid)
    .map((r) => textOf(store.getObject('organisationUnits', r.fromUid)?.name));
  return children.length > 0 ? `OrganisationUnit (${children.join(',')})` : undefined;
}

/** The first veto DHIS2's handlers raise against deleting the object, if any. */
export function handlerVeto(store: SandboxStore, plural: string, uid: string): string | undefined {
  return (
    childrenVeto(store, plural, uid) ?? dataValueVeto(store, plural, uid) ?? indicatorVeto(store, plural, uid)
  );
}

/**
 * References a deletion resets to the default instead of vetoing (DataElementDeletionHandler,
 * DataSetDeletionHandler, ProgramDeletionHandler#deleteCategoryCombo): "fromType.property" -> default uid.
 */
export const RESET_TO_DEFAULT: Readonly<Record<string, string>> = {
  'dataElements.categoryCombo': DEFAULT_COMBO,
  'dataSets.categoryCombo': DEFAULT_COMBO,
  'programs.categoryCombo': DEFAULT_COMBO,
};

/**
 * Ordered lists a deletion handler still empties of the deleted object (SectionDeletionHandler,
 * OrganisationUnitDeletionHandler#deleteOrganisationUnit); other ordered lists veto.
 */
export const DETACHED_ORDERED = new Set(['sections.dataElements', 'sections.indicators']);

/** Objects deleted along with the object (CategoryOptionComboDeletionHandler#deleteCategoryCombo). */
export function cascadedDeletes(store: SandboxStore, plural: string, uid: string): Array<[string, string]> {
  if (plural === 'categoryCombos')
    return combosOfCombo(store, uid).map((coc) => ['categoryOptionCombos', coc] as [string, string]);
  if (plural === 'categoryOptions')
    return combosOfOption(store, uid).map((coc) => ['categoryOptionCombos', coc] as [string, string]);
  return [];
}
