import {
  DEFAULT_CATEGORY_MODEL,
  factFor,
  loadDhis2Rules,
  UID_PATTERN,
} from '../../src/core/dhis2-model/rules.js';
import { PACKAGE_NAMES, type PackageName } from '../../src/core/content/index.js';
import type { MetadataObject } from '../../src/core/package/types.js';
import { allObjects, bundleOf, VARIANTS, withDependencies } from './helpers.js';

const VERSIONS = ['2.40', '2.41', '2.42'];
const rules = loadDhis2Rules();

/** Every nested `{id}` (or sharing `{id, access}`) reference inside an object, with its path. */
function references(value: unknown, path: string, out: Array<[string, string]>): void {
  if (Array.isArray(value)) value.forEach((v, i) => references(v, `${path}/${i}`, out));
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' && keys.every((k) => k === 'id' || k === 'access')) out.push([path, id]);
    for (const [k, v] of Object.entries(value)) if (k !== 'id') references(v, `${path}/${k}`, out);
  }
}

function definedIds(objects: Record<string, MetadataObject[]>): Set<string> {
  const ids = new Set<string>(Object.values(DEFAULT_CATEGORY_MODEL));
  for (const list of Object.values(objects)) {
    for (const o of list) {
      ids.add(o.id!);
      // Embedded objects with ids of their own (legends, dashboard items).
      for (const nested of [
        ...((o.legends as MetadataObject[]) ?? []),
        ...((o.dashboardItems as MetadataObject[]) ?? []),
      ])
        ids.add(nested.id!);
    }
  }
  return ids;
}

describe.each(VARIANTS)('the %s variant', (variant) => {
  describe.each(PACKAGE_NAMES)('package %s', (name: PackageName) => {
    const own = bundleOf(name, variant);
    const scope = allObjects(variant, withDependencies(name));

    it('has every property DHIS2 requires and no text longer than DHIS2 stores', () => {
      const problems: string[] = [];
      for (const [plural, objects] of Object.entries(own)) {
        const type = rules.types[plural];
        expect(type).toBeDefined();
        for (const o of objects) {
          for (const [prop, rule] of Object.entries(type!.properties)) {
            const required = VERSIONS.some((v) => factFor(rule.required, v) === true);
            if (required && (o[prop] === undefined || o[prop] === ''))
              problems.push(`${plural} ${o.code ?? o.id}: missing ${prop}`);
            const limits = VERSIONS.map((v) => factFor(rule.maxLength, v)).filter(
              (n): n is number => typeof n === 'number',
            );
            if (typeof o[prop] === 'string' && limits.length && o[prop].length > Math.min(...limits)) {
              problems.push(`${plural} ${o.code}: ${prop} longer than ${Math.min(...limits)}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('keeps unique properties unique within the package and its dependencies', () => {
      const problems: string[] = [];
      for (const plural of Object.keys(own)) {
        const uniques = Object.entries(rules.types[plural]!.properties).filter(([, r]) =>
          VERSIONS.some((v) => factFor(r.unique, v) === true),
        );
        for (const [prop] of uniques) {
          const seen = new Map<string, string>();
          for (const o of scope[plural] ?? []) {
            if (o[prop] === undefined) continue;
            const value = typeof o[prop] === 'string' ? o[prop] : JSON.stringify(o[prop]);
            if (seen.has(value))
              problems.push(
                `${plural}.${prop} "${value.slice(0, 60)}" on ${seen.get(value)} and ${o.code ?? o.id}`,
              );
            seen.set(value, String(o.code ?? o.id));
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('gives every object a valid UID and resolves every reference within the package and its dependencies', () => {
      const ids = definedIds(scope);
      const problems: string[] = [];
      for (const [plural, objects] of Object.entries(own)) {
        for (const o of objects) {
          if (!UID_PATTERN.test(o.id!)) problems.push(`${plural} ${o.code}: bad id ${o.id}`);
          const refs: Array<[string, string]> = [];
          references(o, '', refs);
          for (const [path, id] of refs)
            if (!ids.has(id)) problems.push(`${plural} ${o.code ?? o.id}${path}: ${id} unresolved`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('refers in formulas only to data elements, option combos of their own combo, and org unit groups it can see', () => {
      const des = new Map(
        (scope.dataElements ?? []).map((d) => [d.id!, (d.categoryCombo as { id: string }).id]),
      );
      const cocCombo = new Map(
        (scope.categoryOptionCombos ?? []).map((c) => [c.id!, (c.categoryCombo as { id: string }).id]),
      );
      const groups = new Set((scope.organisationUnitGroups ?? []).map((g) => g.id!));
      const expressions = [
        ...(own.indicators ?? []).flatMap((i) => [i.numerator as string, i.denominator as string]),
        ...(own.validationRules ?? []).flatMap((r) => [
          (r.leftSide as { expression: string }).expression,
          (r.rightSide as { expression: string }).expression,
        ]),
      ];
      const problems: string[] = [];
      for (const expression of expressions) {
        for (const [, de, coc] of expression.matchAll(/#\{(\w{11})(?:\.(\w{11}))?\}/g)) {
          if (!des.has(de!)) problems.push(`unknown data element ${de}`);
          else if (coc && cocCombo.get(coc) !== des.get(de!))
            problems.push(`option combo ${coc} is not in the combo of ${de}`);
        }
        for (const [, group] of expression.matchAll(/OUG\{(\w{11})\}/g))
          if (!groups.has(group!)) problems.push(`unknown group ${group}`);
      }
      expect(problems).toEqual([]);
    });

    it('translates every name, short name and form name into the other language', () => {
      const problems: string[] = [];
      const props = { name: 'NAME', shortName: 'SHORT_NAME', formName: 'FORM_NAME' } as const;
      for (const [plural, objects] of Object.entries(own)) {
        for (const o of objects) {
          const translations =
            (o.translations as Array<{ property: string; locale: string; value: string }>) ?? [];
          for (const [prop, property] of Object.entries(props)) {
            if (typeof o[prop] !== 'string') continue;
            const other = variant === 'tg' ? 'en' : 'fr';
            if (!translations.some((t) => t.property === property && t.locale === other && t.value))
              problems.push(`${plural} ${o.code ?? o.id}: no ${other} ${property}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });
  });
});

describe('the option combos of edu-core', () => {
  it('take exactly one option from each category of their combo, once per combination', () => {
    const core = bundleOf('edu-core', 'gm');
    const categories = new Map(
      core.categories!.map((c) => [c.id!, (c.categoryOptions as Array<{ id: string }>).map((o) => o.id)]),
    );
    for (const combo of core.categoryCombos!) {
      const cats = (combo.categories as Array<{ id: string }>).map((c) => categories.get(c.id)!);
      const cocs = core.categoryOptionCombos!.filter(
        (c) => (c.categoryCombo as { id: string }).id === combo.id,
      );
      expect(cocs).toHaveLength(cats.reduce((n, options) => n * options.length, 1));
      const signatures = new Set<string>();
      for (const coc of cocs) {
        const options = (coc.categoryOptions as Array<{ id: string }>).map((o) => o.id);
        expect(cats.every((cat) => options.filter((o) => cat.includes(o)).length === 1)).toBe(true);
        signatures.add([...options].sort().join());
      }
      expect(signatures.size).toBe(cocs.length);
    }
  });
});
