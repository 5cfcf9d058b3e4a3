#!/usr/bin/env node
// Writes test/fixtures/replay/capture-NN.json from ../shared/fixtures/dhis2/captures/NN: a small
// replay world (the data sets the captured calls name, what they need, custom forms cut to a stub)
// and, per captured call, only what the replay compares without values: status, content type and
// the body's shape. Our derived expectations, not copies, so the suite replays without ../shared.
// Run after `npm run build`: node scripts/distill-captures.js
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadCaptures } = await import(join(ROOT, 'dist', 'sandbox', 'replay', 'captures.js'));
const { captureWorld } = await import(join(ROOT, 'dist', 'sandbox', 'replay', 'world.js'));
const { expectationOf } = await import(join(ROOT, 'dist', 'sandbox', 'replay', 'run.js'));
const SHARED = join(ROOT, '..', 'shared', 'fixtures', 'dhis2', 'captures');
const OUT = join(ROOT, 'test', 'fixtures', 'replay');

const ids = (list) => new Set((list ?? []).map((r) => r.id));

/** The world cut down to the data sets the calls name and everything those reference. */
function distilledWorld(world, calls) {
  const named = new Set();
  for (const c of calls) {
    for (const m of c.path.matchAll(/(?:dataSets\/|[?&]ds=)([A-Za-z0-9]{11})/g)) named.add(m[1]);
  }
  const m = world.metadata;
  const dataSets = m.dataSets.filter((d) => named.has(d.id));
  // One custom-form, one section and one default data set more, so every shape variant is present.
  for (const kind of ['dataEntryForm', 'sections']) {
    const extra = m.dataSets.find((d) =>
      kind === 'sections' ? m.sections.some((s) => s.dataSet.id === d.id) : d[kind],
    );
    if (extra && !dataSets.includes(extra)) dataSets.push(extra);
  }
  // A few data elements per data set show every shape; sections keep only those.
  for (const [i, d] of dataSets.entries())
    dataSets[i] = { ...d, dataSetElements: d.dataSetElements.slice(0, 4) };
  const dsIds = ids(dataSets);
  const deIds = new Set(dataSets.flatMap((d) => d.dataSetElements.map((e) => e.dataElement.id)));
  const dataElements = m.dataElements.filter((d) => deIds.has(d.id));
  const comboIds = new Set([
    ...dataElements.map((d) => d.categoryCombo.id),
    ...dataSets.map((d) => d.categoryCombo.id),
    ...dataSets.flatMap((d) => d.dataSetElements.map((e) => e.categoryCombo?.id).filter(Boolean)),
  ]);
  const categoryCombos = m.categoryCombos.filter((c) => comboIds.has(c.id));
  const categoryIds = new Set(categoryCombos.flatMap((c) => c.categories.map((r) => r.id)));
  const categories = m.categories.filter((c) => categoryIds.has(c.id));
  const optionIds = new Set(categories.flatMap((c) => c.categoryOptions.map((r) => r.id)));
  const optionSetIds = new Set(
    dataElements.flatMap((d) => [d.optionSet?.id, d.commentOptionSet?.id]).filter(Boolean),
  );
  const indicatorIds = new Set(dataSets.flatMap((d) => d.indicators.map((r) => r.id)));
  const indicators = m.indicators.filter((i) => indicatorIds.has(i.id));
  const formIds = new Set(dataSets.map((d) => d.dataEntryForm?.id).filter(Boolean));
  return {
    ...world,
    metadata: {
      // Units made up to keep children::size counts true are left out: counts are values.
      organisationUnits: m.organisationUnits.filter((u) => !/^Unit \d+ under /.test(u.name)),
      ...(m.organisationUnitLevels ? { organisationUnitLevels: m.organisationUnitLevels } : {}),
      categoryOptions: m.categoryOptions.filter((o) => optionIds.has(o.id)),
      categories,
      categoryCombos,
      categoryOptionCombos: m.categoryOptionCombos.filter((c) => comboIds.has(c.categoryCombo.id)),
      options: m.options.filter((o) => optionSetIds.has(o.optionSet.id)),
      optionSets: m.optionSets.filter((s) => optionSetIds.has(s.id)),
      dataElements,
      indicatorTypes: m.indicatorTypes.filter((t) => indicators.some((i) => i.indicatorType.id === t.id)),
      indicators,
      dataEntryForms: m.dataEntryForms
        .filter((f) => formIds.has(f.id))
        .map((f) => ({ ...f, htmlCode: `<p>Custom form ${f.id} (stub: the real form is in ../shared)</p>` })),
      dataSets,
      sections: m.sections
        .filter((s) => dsIds.has(s.dataSet.id))
        .map((s) => ({ ...s, dataElements: s.dataElements.filter((r) => deIds.has(r.id)) })),
    },
  };
}

mkdirSync(OUT, { recursive: true });
for (const capture of readdirSync(SHARED).filter((d) => /^\d{2}$/.test(d))) {
  const calls = loadCaptures(join(SHARED, capture), capture);
  const world = distilledWorld(captureWorld(calls), calls);
  const forms = ids(world.metadata.dataEntryForms);
  const dataSets = ids(world.metadata.dataSets);
  const kept = calls.filter((c) => {
    const form = /dataEntryForms\/(\w+)/.exec(c.path)?.[1];
    const dataSet = /dataSets\/(\w+)\?/.exec(c.path)?.[1];
    return (!form || forms.has(form)) && (!dataSet || dataSet === 'FAKEDATASET' || dataSets.has(dataSet));
  });
  const expectations = kept.map((c) => expectationOf(c, false));
  const file = join(OUT, `capture-${capture}.json`);
  writeFileSync(file, `${JSON.stringify({ capture, world, expectations })}\n`);
  process.stdout.write(
    `${file}: ${expectations.length} calls, ${world.metadata.dataSets.length} data sets\n`,
  );
}
