#!/usr/bin/env node
// `npm run bench [-- --json] [-- --sizes 1000,10000]`: generates realistic packages and measures
// validate, pack, diff, plan, install and export next to baselines measured in the same run.
// Each operation runs in its own process (peak memory is its own); figures are the best of 3 runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const sizesArg = args[args.indexOf('--sizes') + 1];
const sizes = args.includes('--sizes') ? sizesArg.split(',').map(Number) : [1000, 10000, 50000];
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const OPERATIONS = [
  'validate',
  'pack',
  'diff',
  'diff-vs-generic',
  'plan',
  'sandbox-import',
  'install',
  'export',
  'schools',
].filter((o) => !only || only.includes(o));

const { generateSyntheticPackage } = await import(
  new URL('../dist/bench/synthetic-package.js', import.meta.url).href
);
const { writePackage } = await import(new URL('../dist/core/package/index.js', import.meta.url).href);

/** Version B of a package: ~2% of objects renamed, ~1% removed, ~1% added. */
function mutate(pkg) {
  const metadata = {};
  let n = 0;
  for (const [plural, objects] of Object.entries(pkg.metadata)) {
    metadata[plural] = [];
    for (const object of objects) {
      n++;
      if (n % 100 === 0 && plural === 'visualizations') continue;
      metadata[plural].push(n % 50 === 0 ? { ...object, name: `${object.name} (revised)` } : object);
    }
  }
  return metadata;
}

const work = mkdtempSync(join(tmpdir(), 'edupkg-bench-'));
const rows = [];
try {
  for (const size of sizes) {
    const pkg = generateSyntheticPackage(size);
    const objects = Object.values(pkg.metadata).reduce((n, list) => n + list.length, 0);
    const dirA = writePackage(join(work, `a-${size}`), { ...pkg.manifest, version: '1.0.0' }, pkg.metadata);
    const dirB = writePackage(join(work, `b-${size}`), { ...pkg.manifest, version: '1.1.0' }, mutate(pkg));
    for (const operation of OPERATIONS) {
      process.stderr.write(`bench: ${operation} ${objects} objects...\n`);
      const out = execFileSync(
        process.execPath,
        ['--expose-gc', join(root, 'scripts', 'bench-op.js'), operation, dirA, dirB],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
          maxBuffer: 1 << 20,
        },
      );
      const r = JSON.parse(out.trim().split('\n').pop());
      rows.push({
        operation,
        objects,
        seconds: round(r.seconds),
        baselineSeconds: round(r.baselineSeconds),
        ratio: round(r.seconds / r.baselineSeconds, 2),
        peakRssMb: r.peakRssMb,
        httpRequests: r.httpRequests ?? null,
        baseline: r.baseline,
        ...(r.baselineHttpRequests !== undefined ? { baselineHttpRequests: r.baselineHttpRequests } : {}),
      });
    }
  }
  // Analytics over ~1 M data values (scripts/bench-analytics.js): one process, its own rows.
  if (!only || only.includes('analytics')) {
    process.stderr.write('bench: analytics (1 M data values, national dashboard)...\n');
    const out = execFileSync(process.execPath, [join(root, 'scripts', 'bench-analytics.js')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for (const line of out.trim().split('\n').slice(-2)) {
      const r = JSON.parse(line);
      rows.push({
        ...r,
        ratio: round(r.seconds / r.baselineSeconds, 2),
        seconds: round(r.seconds),
        baselineSeconds: round(r.baselineSeconds),
      });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function round(x, digits = 3) {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

const header = ['operation', 'objects', 'seconds', 'baseline s', 'ratio', 'peak MB', 'HTTP', 'baseline'];
const lines = rows.map((r) => [
  r.operation,
  r.objects,
  r.seconds,
  r.baselineSeconds,
  `${r.ratio}x`,
  r.peakRssMb,
  r.httpRequests ?? '-',
  r.baseline + (r.baselineHttpRequests ? ` (${r.baselineHttpRequests} HTTP)` : ''),
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
const fmt = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(fmt(header));
for (const l of lines) console.log(fmt(l));
if (json) {
  mkdirSync(join(root, 'bench'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
  );
  console.error('bench: wrote bench/results.json');
}
