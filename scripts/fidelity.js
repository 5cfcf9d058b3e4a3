#!/usr/bin/env node
// `npm run fidelity`: replays what real DHIS2 answered to its own Data Entry app against the
// sandbox and prints, per area and version mode, how many real calls match, then the known
// differences with the reason each remains. Uses ../shared/fixtures/dhis2/captures when present
// (full replay, values included), else the distilled copies in test/fixtures/replay (shapes only).
// Exit 1 when a call differs without being listed, or a listed difference no longer differs.
// Flags: --json (the whole result as JSON on stdout), --distilled (ignore ../shared).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadFidelityInputs, judge } = await import(join(ROOT, 'dist', 'sandbox', 'replay', 'fidelity.js'));
const { replay } = await import(join(ROOT, 'dist', 'sandbox', 'replay', 'run.js'));

const asJson = process.argv.includes('--json');
const inputs = loadFidelityInputs(ROOT, process.argv.includes('--distilled'));
const known = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'replay', 'known-differences.json'), 'utf8'),
);
const results = [];
for (const input of inputs.sets)
  results.push(...(await replay(input.capture, input.world, input.expectations, input.mode)));
const verdict = judge(results, known.differences, inputs.valuesCompared);

if (asJson) {
  const beyondCaptures = known.beyondCaptures ?? [];
  process.stdout.write(`${JSON.stringify({ source: inputs.source, ...verdict, beyondCaptures }, null, 2)}\n`);
} else {
  const out = [];
  out.push(`Replay of real DHIS2 Data Entry captures (${inputs.source})`);
  out.push('');
  const width = Math.max(9, ...verdict.summary.map((r) => r.capture.length + 2));
  out.push(`${'area'.padEnd(18)}${'mode'.padEnd(7)}${'capture'.padEnd(width)}matching`);
  for (const row of verdict.summary)
    out.push(
      `${row.area.padEnd(18)}${row.mode.padEnd(7)}${row.capture.padEnd(width)}${row.matching}/${row.total}`,
    );
  const total = verdict.summary.reduce((n, r) => n + r.total, 0);
  const matching = verdict.summary.reduce((n, r) => n + r.matching, 0);
  out.push(`${'all'.padEnd(25 + width)}${matching}/${total}`);
  out.push('');
  out.push(`Known differences (${verdict.known.length}), each with the reason it remains:`);
  for (const k of verdict.known) out.push(`- [${k.capture}] ${k.method} ${k.path}\n    ${k.reason}`);
  out.push('');
  out.push(`Known differences no capture shows (${known.beyondCaptures?.length ?? 0}):`);
  for (const b of known.beyondCaptures ?? []) out.push(`- [${b.modes}] ${b.behaviour}\n    ${b.reason}`);
  if (verdict.unexpected.length > 0) {
    out.push('');
    out.push(`UNEXPECTED differences (${verdict.unexpected.length}): fix them or list them with a reason`);
    for (const u of verdict.unexpected)
      out.push(
        `- [${u.capture}] ${u.method} ${u.path}\n    ${u.differences.map((d) => `${d.at}: ${d.what}`).join('\n    ')}`,
      );
  }
  if (verdict.stale.length > 0) {
    out.push('');
    out.push(
      `Listed differences that now match (${verdict.stale.length}): remove them from known-differences.json`,
    );
    for (const s of verdict.stale) out.push(`- [${s.capture}] ${s.method} ${s.path}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
process.exitCode = verdict.unexpected.length > 0 || verdict.stale.length > 0 ? 1 : 0;
