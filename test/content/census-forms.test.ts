import { loadProfile, type IscedLevel } from '../../src/core/content/index.js';
import type { MetadataObject } from '../../src/core/package/types.js';
import { allObjects, bundleOf, VARIANTS } from './helpers.js';

/**
 * Every census form, read back from the shipped metadata only (codes of data elements and
 * options), against the rule a clerk would apply: a learner sits in a grade of the form's level,
 * at most two years younger than the grade's intended age, within the level's rows.
 */
const idOf = (v: unknown) => (v as { id: string }).id;

describe.each(VARIANTS)('the school census forms of the %s variant', (variant) => {
  const profile = loadProfile(variant);
  const census = bundleOf('edu-census', variant);
  const everything = allObjects(variant);
  const byId = (plural: string) => new Map((everything[plural] ?? []).map((o) => [o.id!, o]));
  const [des, combos, categories, cocs, options] = [
    byId('dataElements'),
    byId('categoryCombos'),
    byId('categories'),
    byId('categoryOptionCombos'),
    byId('categoryOptions'),
  ];

  /** What a cell means, from codes: the level of its element, its grade and age. */
  function meaning(deId: string, cocId: string) {
    const de = des.get(deId)!;
    const code = de.code as string;
    const level = /^EDU_ISCED(02|1|2|3)_/.exec(code)![1] as IscedLevel;
    const age = /_AGE_(?:UNDER_(\d\d)|(\d\d)_PLUS|(\d\d))(?:_G\d+_\d+)?$/.exec(code);
    let grade: { level: string; n: number } | undefined;
    for (const o of (cocs.get(cocId)?.categoryOptions as Array<{ id: string }> | undefined) ?? []) {
      const m = /^EDU_GRADE_ISCED(02|1|2|3)_(\d\d)$/.exec(options.get(o.id)!.code as string);
      if (m) grade = { level: m[1]!, n: Number(m[2]) };
    }
    return { code, level, age, grade };
  }

  /** Why a cell is impossible, or undefined when a learner can be there. */
  function impossibility(deId: string, cocId: string): string | undefined {
    const { code, level, age, grade } = meaning(deId, cocId);
    const l = profile.levels[level];
    if (grade && grade.level !== level) return `${code}: a grade of ISCED ${grade.level}`;
    if (grade && (grade.n < 1 || grade.n > l.duration)) return `${code}: grade ${grade.n} of ${l.duration}`;
    if (!age || !grade || !code.includes('_ENROLMENT_AGE_')) return undefined;
    const [, under, , single] = age;
    if (under !== undefined) return grade.n === 1 ? undefined : `${code}: under ${under} in grade ${grade.n}`;
    if (single === undefined) return undefined; // "N and over": over-age is always possible
    const years = Number(single);
    const end = l.entryAge + l.duration - 1 + (level === '02' ? 2 : 4);
    if (years < l.entryAge - 2 || years > end)
      return `${code}: age ${years} outside ${l.entryAge - 2}-${end}`;
    const intended = l.entryAge + grade.n - 1;
    if (years < intended - 2) return `${code}: age ${years} in grade ${grade.n} (intended ${intended})`;
    return undefined;
  }

  const cellsOf = (de: MetadataObject): string[] => {
    const combo = combos.get(idOf(de.categoryCombo));
    if (!combo) return ['HllvX50cXC0']; // DHIS2's default option combo
    return [...cocs.values()].filter((c) => idOf(c.categoryCombo) === combo.id).map((c) => c.id!);
  };

  const width = (de: MetadataObject): number => {
    const combo = combos.get(idOf(de.categoryCombo));
    if (!combo) return 1;
    return (combo.categories as Array<{ id: string }>)
      .map((c) => (categories.get(c.id)!.categoryOptions as unknown[]).length)
      .reduce((a, b) => a * b, 1);
  };

  it.each(census.dataSets!.map((ds) => [ds.code as string, ds] as const))(
    '%s: no section table is wider than 12 columns and every enterable cell is possible',
    (_code, ds) => {
      const sections = census.sections!.filter((s) => idOf(s.dataSet) === ds.id);
      expect(sections.length).toBeGreaterThan(3);
      const problems: string[] = [];
      let enterable = 0;
      for (const section of sections) {
        const greyed = new Set(
          (
            section.greyedFields as Array<{
              dataElement: { id: string };
              categoryOptionCombo: { id: string };
            }>
          ).map((g) => `${g.dataElement.id}-${g.categoryOptionCombo.id}`),
        );
        for (const ref of section.dataElements as Array<{ id: string }>) {
          const de = des.get(ref.id)!;
          const columns = width(de) + (section.showRowTotals ? 1 : 0);
          if (columns > 12)
            problems.push(`${section.code as string}: ${de.code as string} is ${columns} wide`);
          for (const coc of cellsOf(de)) {
            const why = impossibility(de.id!, coc);
            if (greyed.has(`${de.id}-${coc}`)) continue;
            enterable++;
            if (why) problems.push(`${section.code as string}: ${why}`);
          }
        }
      }
      expect(problems).toEqual([]);
      expect(enterable).toBeGreaterThan(20);
    },
  );

  it.each(census.dataSets!.map((ds) => [ds.code as string, ds] as const))(
    '%s: the custom form has an input for exactly the enterable cells, top to bottom',
    (_code, ds) => {
      const form = census.dataEntryForms!.find((f) => f.id === idOf(ds.dataEntryForm))!;
      const html = form.htmlCode as string;
      const inputs = [...html.matchAll(/<input id="(\w{11})-(\w{11})-val"/g)].map(
        ([, de, coc]) => `${de}-${coc}`,
      );
      expect(new Set(inputs).size).toBe(inputs.length);
      const expected: string[] = [];
      for (const section of census.sections!.filter((s) => idOf(s.dataSet) === ds.id)) {
        const greyed = new Set(
          (
            section.greyedFields as Array<{
              dataElement: { id: string };
              categoryOptionCombo: { id: string };
            }>
          ).map((g) => `${g.dataElement.id}-${g.categoryOptionCombo.id}`),
        );
        for (const ref of section.dataElements as Array<{ id: string }>)
          for (const coc of cellsOf(des.get(ref.id)!))
            if (!greyed.has(`${ref.id}-${coc}`)) expected.push(`${ref.id}-${coc}`);
      }
      expect(inputs.sort()).toEqual(expected.sort());
      for (const input of inputs) expect(impossibility(input.slice(0, 11), input.slice(12))).toBeUndefined();
      // Impossible cells are drawn grey, not left out, so the grid stays aligned.
      const greyedCount = census
        .sections!.filter((s) => idOf(s.dataSet) === ds.id)
        .reduce((n, s) => n + (s.greyedFields as unknown[]).length, 0);
      expect(html.split('class="edu-greyed"').length - 1).toBe(greyedCount);
    },
  );

  it('grey exactly the impossible cells, so nothing possible is locked', () => {
    for (const section of census.sections!) {
      for (const g of section.greyedFields as Array<{
        dataElement: { id: string };
        categoryOptionCombo: { id: string };
      }>)
        expect(impossibility(g.dataElement.id, g.categoryOptionCombo.id)).toBeDefined();
    }
  });

  it('collects enrolment only at the ages of the level: official ages within the documented margins', () => {
    for (const level of ['02', '1', '2', '3'] as IscedLevel[]) {
      const l = profile.levels[level];
      const ages = census
        .dataElements!.map(
          (d) =>
            new RegExp(`^EDU_ISCED${level}_ENROLMENT_AGE_(\\d\\d)(?:_G\\d+_\\d+)?$`).exec(
              d.code as string,
            )?.[1],
        )
        .filter(Boolean)
        .map(Number);
      const end = l.entryAge + l.duration - 1 + (level === '02' ? 2 : 4);
      expect([level, Math.min(...ages), Math.max(...ages)]).toEqual([level, l.entryAge - 2, end]);
    }
  });
});
