import { resolve } from 'node:path';
import { findRepositoryRoot } from '../../core/io/repository-root.js';
import type { RegistryApplyResult } from '../../core/registry/index.js';
import type { RegistryPlan, RowProblem } from '../../core/registry/types.js';
import type { ValidationReport } from '../../core/validate/types.js';
import type { CommandContext } from '../context.js';
import type { CiLocations } from './validate-sarif.js';

/** Bad rows as `file:line: message`, the form editors and CI logs link to. */
export function problemLines(problems: RowProblem[]): string[] {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}${p.fix ? ` (${p.fix})` : ''}`);
}

/** Bad rows as validate's report, so its SARIF writer serves both. */
export function problemsAsReport(plan: RegistryPlan): ValidationReport {
  return {
    packages: [{ name: plan.file, version: '', source: plan.file, objects: plan.summary.schools }],
    findings: plan.problems.map((p) => ({
      rule: p.rule,
      severity: 'error',
      file: p.file,
      line: p.line,
      message: p.message,
      ...(p.fix ? { fix: p.fix } : {}),
    })),
    counts: { error: plan.problems.length, warning: 0, info: 0 },
    dhis2Version: plan.target.dhis2Version,
    dhis2Versions: plan.target.dhis2Version ? [plan.target.dhis2Version] : [],
  };
}

/** Each bad row's file and line, for SARIF's repository-relative locations. */
export function problemLocations(report: ValidationReport): CiLocations {
  const locations: CiLocations['locations'] = new Map();
  for (const finding of report.findings)
    if (finding.file)
      locations.set(finding, {
        path: resolve(finding.file),
        ...(finding.line ? { position: { line: finding.line, column: 1 } } : {}),
      });
  return { locations, root: findRepositoryRoot(process.cwd()) ?? process.cwd() };
}

export function renderRegistryPlan(ctx: CommandContext, plan: RegistryPlan): void {
  const { bold, red, dim, green, yellow } = ctx.colors;
  const out = (line: string) => ctx.reporter.print(line);
  if (plan.problems.length > 0) {
    for (const line of problemLines(plan.problems)) out(red(line));
    out(red(bold(`${plan.problems.length} bad row(s) in ${plan.file}; nothing will be written`)));
    return;
  }
  out(bold(`School registry plan for ${plan.target.url} (${plan.file}, profile ${plan.profile})`));
  if (plan.root.create) out(green(`  + national org unit ${plan.root.name} (${plan.root.code ?? ''})`));
  for (const name of plan.levels.create) out(green(`  + org-unit level ${name}`));
  for (const name of plan.levels.rename) out(yellow(`  ~ org-unit level ${name}`));
  if (plan.parents.create.length) out(green(`  + ${plan.parents.create.length} parent org unit(s)`));
  const detailed = ctx.reporter.level === 'verbose' || ctx.reporter.level === 'debug';
  for (const s of plan.schools) {
    if (!detailed && s.changes.length === 1 && s.changes[0] === 'create') continue;
    const before = s.before?.name ? dim(` (was ${s.before.name})`) : '';
    out(`  ~ ${s.code} ${s.name}: ${s.changes.join(', ')}${before}`);
  }
  for (const g of plan.groups.create) out(green(`  + org-unit group ${g}`));
  for (const g of plan.groups.update) out(yellow(`  ~ org-unit group ${g} members`));
  for (const d of plan.dataSets.update) out(yellow(`  ~ data set ${d} org units`));
  out(bold(`Schools: ${plan.summaryText}`));
  out(dim(`Plan hash: ${plan.hash}`));
}

export function renderRegistryApply(ctx: CommandContext, result: RegistryApplyResult): void {
  if (!result.applied) {
    renderRegistryPlan(ctx, result.plan);
    if (result.plan.problems.length === 0) ctx.reporter.print('Nothing to change.');
    return;
  }
  const { green } = ctx.colors;
  ctx.reporter.print(
    green(
      `✔ ${result.plan.summaryText} (${result.created} created, ${result.updated} updated in one import)`,
    ),
  );
}
