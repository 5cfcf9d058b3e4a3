import type { FleetResult, TargetOutcome } from './types.js';

/** Pipes and newlines would break a table row. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function packagesOf(outcome: TargetOutcome): string {
  if (outcome.packages.length === 0) return '–';
  return outcome.packages
    .map((p) =>
      p.installedVersion && p.installedVersion !== p.version
        ? `${p.name} ${p.installedVersion}→${p.version}`
        : `${p.name} ${p.version}`,
    )
    .join(', ');
}

function changesOf(outcome: TargetOutcome): string {
  const c = outcome.counts;
  if (!c) return '–';
  return `+${c.create} ~${c.update} =${c.unchanged}${c.conflict ? ` !${c.conflict}` : ''}`;
}

function statusOf(outcome: TargetOutcome): string {
  if (outcome.status !== 'failed') return outcome.status;
  return `**failed** (exit ${outcome.error?.exitCode ?? '?'})`;
}

/**
 * The deploy report as Markdown: a summary table with one row per target (failed ones included),
 * then the failures with their fix. The caller redacts and writes it.
 */
export function renderFleetMarkdown(result: FleetResult, toolVersion: string): string {
  const { summary } = result;
  const lines = [
    `# edupkg deploy report`,
    '',
    `- Fleet file: \`${result.fleetFile}\``,
    `- Mode: ${result.dryRun ? 'dry run (nothing applied)' : 'install'}${result.stage ? `, stage ${result.stage}` : ''}`,
    `- Started: ${result.startedAt}, took ${(result.durationMs / 1000).toFixed(1)} s, concurrency ${result.concurrency}`,
    `- Result: ${summary.succeeded} of ${summary.targets} targets succeeded` +
      (summary.failed ? `; **${summary.failed} failed: ${summary.failedTargets.join(', ')}**` : ''),
    `- edupkg ${toolVersion}, exit code ${result.exitCode}`,
    '',
    '| Target | Server | Stage | Status | DHIS2 | Packages | Changes | Training | Attempts |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const o of result.targets) {
    const training = o.training ? `${o.training.users} users, ${o.training.dataValues} values` : '–';
    lines.push(
      `| ${[o.target, o.url, o.stage ?? '–', statusOf(o), o.dhis2Version ?? '–', packagesOf(o), changesOf(o), training, String(o.attempts)].map(cell).join(' | ')} |`,
    );
  }
  const failed = result.targets.filter((o) => o.status === 'failed');
  if (failed.length) {
    lines.push('', '## Failures', '');
    for (const o of failed) {
      lines.push(
        `- **${cell(o.target)}** \`${o.error?.code ?? 'INTERNAL'}\`: ${cell(o.error?.message ?? 'unknown error')}`,
      );
      if (o.error?.fix) lines.push(`  - fix: ${cell(o.error.fix)}`);
    }
  }
  const notes = result.targets.flatMap((o) => (o.notes ?? []).map((n) => `- ${cell(o.target)}: ${cell(n)}`));
  if (notes.length) lines.push('', '## Notes', '', ...notes);
  lines.push('', 'Changes: `+` created, `~` updated, `=` unchanged, `!` conflicts.', '');
  return lines.join('\n');
}
