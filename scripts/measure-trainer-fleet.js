#!/usr/bin/env node
// How long `edupkg sandbox fleet` takes to get N trainer sandboxes ready (packages installed,
// trainee accounts, sample data), measured from spawn to its one --json document. Run after
// `npm run build`:  node scripts/measure-trainer-fleet.js [count=20] [users=30]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 20);
const users = Number(process.argv[3] ?? 30);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'edupkg-measure-fleet-'));
const args = [
  'sandbox',
  'fleet',
  '--count',
  String(count),
  '--packages',
  'edu-census',
  'edu-population',
  '--users',
  String(users),
  '--sample-data',
  '--out',
  out,
  '--json',
];

const started = process.hrtime.bigint();
const child = spawn(process.execPath, [join(root, 'bin', 'edupkg.js'), ...args], {
  env: { ...process.env, NO_COLOR: '1' },
});
let stdout = '';
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
child.stdout.on('data', (d) => {
  stdout += d;
  if (!stdout.endsWith('\n')) return;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const doc = JSON.parse(stdout);
  const sandboxes = doc.result?.sandboxes ?? [];
  const values = sandboxes.reduce((n, s) => n + (s.training?.dataValues ?? 0), 0);
  const failedRules = sandboxes.reduce((n, s) => n + (s.training?.rulesFailed ?? 0), 0);
  console.log(
    JSON.stringify({
      sandboxes: count,
      ready: doc.result?.summary?.succeeded,
      usersPerSandbox: users,
      dataValues: values,
      validationRuleFailures: failedRules,
      seconds: Number(seconds.toFixed(1)),
      cpus: cpus().length,
      node: process.version,
    }),
  );
  child.kill('SIGTERM');
});
child.on('close', (code) => {
  rmSync(out, { recursive: true, force: true });
  if (!stdout) {
    console.error(`sandbox fleet ended (exit ${code}) before it was ready:\n${stderr}`);
    process.exitCode = 1;
  }
});
