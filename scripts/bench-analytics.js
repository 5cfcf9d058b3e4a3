#!/usr/bin/env node
// Analytics benchmark (`npm run bench`): a sandbox with the shipped packages and ~1 M data values
// answers every item of the national SDG 4 dashboard the way the dashboard app asks for them.
// Baseline, same run and same data: one SQL full-scan SUM over the data_values table.
// Prints one JSON line per measurement (the last lines of stdout), like scripts/bench-op.js.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TARGET_VALUES = Number(process.env.EDUPKG_BENCH_ANALYTICS_VALUES ?? 1_000_000);
const root = new URL('..', import.meta.url).pathname;
const lib = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { startSandbox } = await lib('sandbox/index.js');
const { createFleetDeployer, levelStructureOf } = await lib('core/fleet/index.js');
const { loadPackageDirectory } = await lib('core/package/index.js');
const { buildSampleDataModel, generateSampleData } = await lib('core/training/index.js');
const { analyticsQueryOf } = await lib('sandbox/analytics/visualization-request.js');

const log = (line) => process.stderr.write(`bench analytics: ${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'edupkg-bench-analytics-'));
const sandbox = await startSandbox({ dataDir: work });
const auth = { authorization: `Basic ${Buffer.from('admin:district').toString('base64')}` };
try {
  log('installing the packages');
  const packages = ['edu-core', 'edu-census', 'edu-population', 'edu-sdg4', 'edu-dashboards'];
  const deploy = createFleetDeployer({
    dryRun: false,
    toolVersion: 'bench',
    lockOwner: { owner: 'bench', host: 'bench', pid: process.pid, command: 'bench analytics' },
    env: { BENCH_PASSWORD: 'district' },
    searchDirs: [root],
  });
  await deploy(
    {
      name: 'bench',
      url: sandbox.url,
      username: 'admin',
      passwordEnv: 'BENCH_PASSWORD',
      packages: ['edu-dashboards'],
    },
    { attempt: 1, progress: () => undefined },
  );

  // Five years of sample data for the demo schools, then copies of those schools (with their
  // values scaled) under the same districts until the table holds ~TARGET_VALUES values.
  const bundle = {};
  for (const name of packages)
    for (const [type, list] of Object.entries(
      loadPackageDirectory(join(root, 'packages-metadata', name)).metadata,
    ))
      (bundle[type] ??= []).push(...list);
  const model = buildSampleDataModel(bundle);
  const units = await (
    await fetch(`${sandbox.url}/api/organisationUnits.json?fields=id,level,parent&paging=false`, {
      headers: auth,
    })
  ).json();
  const schools = units.organisationUnits.filter((u) => u.level === 4);
  const thisYear = new Date().getFullYear();
  const years = [0, 1, 2, 3, 4, 5].map((i) => thisYear - 5 + i);
  log(`generating sample data for ${schools.length} schools x ${years.length} years`);
  const sample = generateSampleData(
    model,
    model.dataSets.map((d) => ({ dataSet: d.id, orgUnits: schools.map((s) => s.id) })),
    { years, levels: levelStructureOf(undefined) },
  );
  const copies = Math.max(1, Math.round(TARGET_VALUES / sample.dataValues.length));
  const clones = [];
  for (let c = 1; c < copies; c++)
    for (const s of schools)
      clones.push({
        id: `${s.id.slice(0, 8)}${String(c).padStart(3, '0')}`,
        name: `Bench school ${s.id} ${c}`,
        shortName: `Bench ${s.id} ${c}`,
        openingDate: '2000-01-01',
        parent: s.parent,
      });
  for (let i = 0; i < clones.length; i += 2000) {
    const r = await fetch(`${sandbox.url}/api/metadata`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ organisationUnits: clones.slice(i, i + 2000) }),
    });
    if (r.status !== 200)
      throw new Error(`org units rejected: ${r.status} ${(await r.text()).slice(0, 300)}`);
  }
  // Loaded straight into the sandbox's SQLite file: the benchmark is about reading, not importing.
  const db = new Database(join(work, 'sandbox.sqlite'));
  const insert = db.prepare(
    "INSERT OR REPLACE INTO data_values (data_element, period, org_unit, category_option_combo, attribute_option_combo, value, stored_by, created, last_updated, comment, followup, deleted) VALUES (?, ?, ?, ?, 'HllvX50cXC0', ?, 'bench', '2025-01-01T00:00:00.000', '2025-01-01T00:00:00.000', NULL, 0, 0)",
  );
  db.transaction(() => {
    for (let c = 0; c < copies; c++)
      for (const v of sample.dataValues) {
        const unit = c === 0 ? v.orgUnit : `${v.orgUnit.slice(0, 8)}${String(c).padStart(3, '0')}`;
        const value =
          c === 0 || !/^\d+$/.test(v.value)
            ? v.value
            : String(Math.round(Number(v.value) * (0.8 + (c % 5) * 0.1)));
        insert.run(v.dataElement, v.period, unit, v.categoryOptionCombo, value);
      }
  })();
  const count = db.prepare('SELECT COUNT(*) AS n FROM data_values').get().n;
  log(`${count} data values in ${schools.length * copies} schools`);

  const sumAll = db.prepare('SELECT SUM(CAST(value AS REAL)) AS s FROM data_values WHERE deleted = 0');
  const time = async (fn) => {
    const start = performance.now();
    await fn();
    return (performance.now() - start) / 1000;
  };
  const baseline = Math.min(...(await Promise.all([0, 1, 2].map(() => time(() => sumAll.get())))));

  const dashboards = (
    await (
      await fetch(
        `${sandbox.url}/api/dashboards.json?fields=name,dashboardItems[visualization[id],map[id]]&paging=false`,
        { headers: auth },
      )
    ).json()
  ).dashboards;
  const national = dashboards.find((d) => /National SDG 4/.test(d.name));
  const visualizations = [];
  // Text items need no request; every chart and table item, and every thematic map layer, asks analytics once.
  for (const item of national.dashboardItems) {
    if (item.visualization) {
      const vis = await (
        await fetch(`${sandbox.url}/api/visualizations/${item.visualization.id}.json?fields=*`, {
          headers: auth,
        })
      ).json();
      visualizations.push(vis);
    } else if (item.map) {
      const map = await (
        await fetch(`${sandbox.url}/api/maps/${item.map.id}.json?fields=*,mapViews[*]`, { headers: auth })
      ).json();
      visualizations.push(...map.mapViews.filter((v) => v.layer === 'thematic'));
    }
  }
  let rows = 0;
  const answerAll = async () => {
    rows = 0;
    for (const vis of visualizations) {
      const started = performance.now();
      const r = await fetch(`${sandbox.url}/api/41/analytics?${analyticsQueryOf(vis)}`, { headers: auth });
      if (process.env.EDUPKG_BENCH_VERBOSE)
        log(`${((performance.now() - started) / 1000).toFixed(2)} s ${vis.name ?? vis.id}`);
      if (r.status !== 200) throw new Error(`analytics ${r.status}: ${(await r.text()).slice(0, 300)}`);
      rows += (await r.json()).rows.length;
    }
  };
  const cold = await time(answerAll);
  const warm = Math.min(await time(answerAll), await time(answerAll), await time(answerAll));
  log(
    `${visualizations.length} dashboard requests, ${rows} rows; cold ${cold.toFixed(2)} s, warm ${warm.toFixed(2)} s`,
  );
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const row = (operation, seconds) => ({
    operation,
    objects: count,
    seconds,
    baselineSeconds: baseline,
    peakRssMb,
    httpRequests: visualizations.length,
    baseline: 'SQL SUM full scan',
  });
  db.close();
  console.log(JSON.stringify(row('analytics-dashboard-cold', cold)));
  console.log(JSON.stringify(row('analytics-dashboard', warm)));
} finally {
  await sandbox.close();
  if (process.env.EDUPKG_BENCH_KEEP) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
