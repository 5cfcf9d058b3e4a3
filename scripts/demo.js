#!/usr/bin/env node
// `npm run demo`: the end-to-end tour on the embedded sandbox, using the real CLI for every step.
// Start a sandbox, validate and build the UIS packages for a country, plan and install the whole
// set, show status, stop. DEMO_PROFILE=gm|ug|tg picks the country (default ug).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const profile = process.env.DEMO_PROFILE ?? 'ug';
const work = mkdtempSync(join(tmpdir(), 'edupkg-demo-'));
const dataDir = join(work, 'sandbox');
const PACKAGES = ['edu-core', 'edu-population', 'edu-census', 'edu-sdg4', 'edu-dashboards'];
const env = { ...process.env, EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district' };

function edupkg(args, { capture = false } = {}) {
  process.stderr.write(`\n\x1b[1m$ edupkg ${args.join(' ')}\x1b[0m\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'edupkg.js'), ...args], {
      cwd: root,
      env,
      stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`edupkg ${args[0]} exited with ${code}`)),
    );
  });
}

let started = false;
try {
  await edupkg(['list']);
  await edupkg(['validate', ...PACKAGES.map((p) => join('packages-metadata', p))]);
  for (const name of PACKAGES)
    await edupkg(['build', name, '--profile', profile, '--out', join(work, profile, name)]);
  await edupkg(['validate', ...PACKAGES.map((name) => join(work, profile, name))]);
  const start = JSON.parse(
    await edupkg(['sandbox', 'start', '--detach', '--port', '0', '--data-dir', dataDir, '--json'], {
      capture: true,
    }),
  );
  started = true;
  const url = start.result.url;
  process.stderr.write(`sandbox ready at ${url} (admin / district)\n`);
  const target = ['--server', url];
  const country = ['--profile', profile];
  await edupkg(['plan', 'edu-dashboards', ...country, ...target]);
  await edupkg(['install', 'edu-dashboards', ...country, ...target, '--yes']);
  await edupkg(['status', ...target]);
  process.stderr.write('\nRe-installing the same versions changes nothing:\n');
  await edupkg(['install', 'edu-dashboards', ...country, ...target, '--yes']);
} finally {
  if (started) await edupkg(['sandbox', 'stop', '--data-dir', dataDir]).catch(() => {});
  rmSync(work, { recursive: true, force: true });
}
process.stderr.write('\nDemo complete.\n');
