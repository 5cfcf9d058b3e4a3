#!/usr/bin/env node
// Whole-process benchmark (part of `npm run bench`; alone: `npm run bench:cold [-- --runs 7 --json]`).
// CI runs `edupkg validate` once per package as a fresh process, so what counts is the whole process:
// every figure here is one cold `node` process, measured next to `node -e 0` and to a bare
// `JSON.parse` of the same file in the same run. Commands run round-robin (load drifts evenly);
// we report the median wall time, the median CPU time (user+sys, steadier on a busy machine) and
// the peak RSS. Packages: the shared HISP packages (../shared/fixtures/packages) when present and
// a generated 2 MB package in HISP's file format; `plan` runs against a sandbox on 127.0.0.1:0.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 7;
const json = args.includes('--json');
// `--compare <other checkout>/bin/edupkg.js`: the same commands with another build, in the same run.
const compare = args.includes('--compare') ? args[args.indexOf('--compare') + 1] : undefined;
// HISP's validator (dhis2/dhis2-utils tools/dhis2-metadata-package-validator, stdlib Python), from a
// checkout outside this repository: `--hisp <dir>` or EDUPKG_BENCH_HISP=<dir>. Never vendored here.
const hispDir = args.includes('--hisp') ? args[args.indexOf('--hisp') + 1] : process.env.EDUPKG_BENCH_HISP;
const hispScript = hispDir ? join(hispDir, 'metadata_package_validator.py') : undefined;
if (hispScript && !existsSync(hispScript)) throw new Error(`--hisp: no ${hispScript}`);
const bin = join(root, 'bin', 'edupkg.js');
const fixtures = join(root, '..', 'shared', 'fixtures', 'packages');
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
// Without GNU time, a preloaded hook reports the child's own maxRSS and CPU on exit.
const hook = `process.on('exit',()=>{const u=process.resourceUsage();require('fs').writeSync(3,JSON.stringify(u))})`;

const lib = (path) => import(new URL(`../dist/${path}`, import.meta.url).href);
const work = mkdtempSync(join(tmpdir(), 'edupkg-bench-cold-'));

/** One cold process: wall seconds, CPU seconds, peak RSS in MB. `program` defaults to this node. */
function measure(argv, env = {}, program = process.execPath) {
  if (!hasTime && program !== process.execPath) throw new Error(`measuring ${program} needs GNU time`);
  const wrapped = hasTime
    ? [TIME, ['-f', '%U %S %M', program, ...argv]]
    : [process.execPath, ['-r', join(work, 'hook.cjs'), ...argv]];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(wrapped[0], wrapped[1], {
      env: { ...process.env, ...env },
      cwd: work, // HISP's validator writes its log file into the working directory
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let err = '';
    let usage = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdio[3].on('data', (d) => (usage += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      // 4: edupkg found errors; 255: HISP's validator did (sys.exit(-1)). Both still validated the file.
      if (code !== 0 && code !== 4 && code !== 255)
        return reject(new Error(`${argv.join(' ')} exited ${code}:\n${err}`));
      if (hasTime) {
        const [user, sys, kb] = err.trim().split('\n').pop().split(' ').map(Number);
        resolve({ wall, cpu: user + sys, rssMb: kb / 1024 });
      } else {
        const u = JSON.parse(usage);
        resolve({ wall, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMb: u.maxRSS / 1024 });
      }
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs every case `runs` times, round-robin; summarises each. */
async function runAll(cases) {
  const samples = cases.map(() => []);
  for (let r = 0; r < runs; r++)
    for (let i = 0; i < cases.length; i++)
      samples[i].push(await measure(cases[i].argv, cases[i].env, cases[i].program));
  return cases.map((c, i) => ({
    name: c.name,
    group: c.group,
    wall: median(samples[i].map((s) => s.wall)),
    cpu: median(samples[i].map((s) => s.cpu)),
    rssMb: Math.max(...samples[i].map((s) => s.rssMb)),
  }));
}

/** A valid package of about `bytes` in HISP's single-file format (tab-indented metadata.json). */
async function generatePackage(bytes) {
  const { generateSyntheticPackage } = await lib('bench/synthetic-package.js');
  const write = (objects) => {
    const pkg = generateSyntheticPackage(objects);
    const block = { code: 'SYN_2MB', name: 'SYN_2MB', version: '1.0.0', DHIS2Version: '2.41.0', type: 'AGG' };
    return JSON.stringify({ package: block, ...pkg.metadata }, null, '\t');
  };
  const probe = write(1000).length;
  const text = write(Math.round((1000 * bytes) / probe));
  const file = join(work, 'generated-2mb.metadata.json');
  writeFileSync(file, text);
  return file;
}

const packages = existsSync(fixtures)
  ? readdirSync(fixtures)
      .filter((f) => f.endsWith('.metadata.json'))
      .sort()
      .map((f) => join(fixtures, f))
  : [];
packages.push(await generatePackage(2 * 1024 * 1024));
writeFileSync(join(work, 'hook.cjs'), hook);
const sizes = new Map(packages.map((file) => [file, statSync(file).size]));
const parse = (file) => ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)},'utf8'))`];

const cases = [
  { name: 'node -e 0', group: 'baseline', argv: ['-e', '0'] },
  { name: 'edupkg --help', group: 'start-up', argv: [bin, '--help'] },
  { name: 'edupkg --version', group: 'start-up', argv: [bin, '--version'] },
];
if (compare) cases.push({ name: 'edupkg --help (compare)', group: 'start-up', argv: [compare, '--help'] });
for (const file of packages) {
  cases.push({ name: `JSON.parse ${basename(file)}`, group: file, argv: parse(file) });
  cases.push({ name: `validate ${basename(file)}`, group: file, argv: [bin, 'validate', file] });
  if (compare)
    cases.push({
      name: `validate ${basename(file)} (compare)`,
      group: file,
      argv: [compare, 'validate', file],
    });
  if (hispScript)
    cases.push({
      name: `HISP validator ${basename(file)}`,
      group: file,
      program: 'python3',
      argv: [hispScript, '-f', file],
    });
}

process.stderr.write(`bench-cold: ${cases.length} commands x ${runs} runs (GNU time: ${hasTime})...\n`);
const rows = await runAll(cases);

// plan: a cold process against a sandbox (demo seed, 2.41) in this process, on an ephemeral port.
const { startSandbox } = await lib('sandbox/index.js');
const sandbox = await startSandbox({ port: 0, dataDir: join(work, 'sandbox') });
try {
  const env = { BENCH_PASSWORD: 'district' };
  const server = ['--server', sandbox.url, '--username', 'admin', '--password-env', 'BENCH_PASSWORD'];
  const generated = packages[packages.length - 1];
  const planCases = [
    { name: 'node -e 0', group: 'plan', argv: ['-e', '0'] },
    { name: `JSON.parse ${basename(generated)}`, group: 'plan', argv: parse(generated) },
    {
      name: `plan ${basename(generated)}`,
      group: 'plan',
      argv: [bin, 'plan', generated, ...server, '--allow-insecure-http'],
      env,
    },
    { name: 'plan edu-core (shipped)', group: 'plan', argv: [bin, 'plan', 'edu-core', ...server], env },
  ];
  rows.push(...(await runAll(planCases)));
} finally {
  await sandbox.close();
  rmSync(work, { recursive: true, force: true });
}

// Ratios use the baselines of the same batch (the plan batch has its own `node -e 0` and parse).
const table = rows.map((r) => {
  const batch = rows.filter((b) => (b.group === 'plan') === (r.group === 'plan'));
  const base = batch.find((b) => b.name === 'node -e 0');
  const parseName =
    r.name.startsWith('plan ') || r.name.startsWith('validate ') ? r.name.split(' ')[1] : undefined;
  const parsed = batch.find((b) => b.name === `JSON.parse ${parseName}`);
  const file = r.group === 'plan' ? packages.find((p) => basename(p) === parseName) : r.group;
  const size =
    sizes.get(file) ??
    (r.name.startsWith('JSON.parse')
      ? sizes.get(packages.find((p) => r.name.endsWith(basename(p))))
      : undefined);
  const hisp = r.name.startsWith('validate ')
    ? batch.find((b) => b.name === `HISP validator ${parseName}`)
    : undefined;
  return {
    ...r,
    vsHisp: hisp ? r.wall / hisp.wall : undefined,
    cpuVsHisp: hisp ? r.cpu / hisp.cpu : undefined,
    mbVsHisp: hisp ? r.rssMb / hisp.rssMb : undefined,
    mb: size ? Math.round(size / 1e4) / 100 : undefined,
    vsNode: r.wall / base.wall,
    cpuVsNode: r.cpu / base.cpu,
    vsParse: parsed ? r.wall / parsed.wall : undefined,
    cpuVsParse: parsed ? r.cpu / parsed.cpu : undefined,
  };
});
const f = (x, d = 3) => (x === undefined ? '-' : x.toFixed(d));
const header = [
  'command',
  'file MB',
  'wall s',
  'cpu s',
  'peak MB',
  'x node -e 0',
  'cpu x node',
  'x parse',
  'cpu x parse',
  'x HISP (wall/cpu/MB)',
];
const lines = table.map((r) => [
  r.name,
  r.mb ?? '-',
  f(r.wall),
  f(r.cpu),
  f(r.rssMb, 0),
  f(r.vsNode, 2),
  f(r.cpuVsNode, 2),
  f(r.vsParse, 2),
  f(r.cpuVsParse, 2),
  r.vsHisp === undefined ? '-' : `${f(r.vsHisp, 2)} / ${f(r.cpuVsHisp, 2)} / ${f(r.mbVsHisp, 2)}`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
const fmt = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log(`Cold processes, median of ${runs} (node ${process.version}):`);
console.log(fmt(header));
for (const l of lines) console.log(fmt(l));
if (json) {
  mkdirSync(join(root, 'bench'), { recursive: true });
  const out = join(root, 'bench', 'cold-results.json');
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows: table }, null, 2)}\n`,
  );
  console.error(`bench-cold: wrote ${out}`);
}
