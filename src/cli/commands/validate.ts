import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { usageError, EXIT } from '../../errors/index.js';
import { findRepositoryRoot } from '../../core/io/repository-root.js';
import { loadPackage } from '../../core/package/index.js';
import type { LoadedPackage } from '../../core/package/types.js';
import { locateFindings } from '../../core/validate/locate-findings.js';
import { parseSeverityFlags, unknownSeverityKeys, validatePackages } from '../../core/validate/index.js';
import type { ValidationReport } from '../../core/validate/types.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { formatGithubAnnotations, formatJunit } from '../presenters/validate-ci.js';
import { formatSarif, type CiLocations } from '../presenters/validate-sarif.js';
import { formatValidationText, summaryLine } from '../presenters/validate-text.js';

interface ValidateFlags {
  format: 'text' | 'json' | 'junit' | 'sarif' | 'github';
  severity: string[];
  dhis2Version?: string;
  sarifRoot?: string;
}

export async function handler(
  ctx: CommandContext,
  paths: string[],
  flags: ValidateFlags,
): Promise<CommandOutcome<ValidationReport>> {
  const started = performance.now();
  const severity = { ...(ctx.config().severity ?? {}), ...parseSeverityFlags(flags.severity ?? []) };
  const unknown = unknownSeverityKeys(severity);
  if (unknown.length > 0) {
    throw usageError(
      'UNKNOWN_RULE',
      `unknown rule ${unknown.map((k) => `"${k}"`).join(', ')} in severity overrides`,
      { fix: 'See docs/validate-rules.md for rule ids and HISP aliases' },
    );
  }
  const packages: LoadedPackage[] = [];
  for (const path of paths) packages.push(await loadPackage(path));
  const report = await validatePackages(packages, { dhis2Version: flags.dhis2Version, severity });
  const exitCode = report.counts.error > 0 ? EXIT.VALIDATION : EXIT.OK;
  // Only the CI formats locate findings in their files (a second read of the files with findings).
  const where = (): CiLocations => ({
    locations: locateFindings(report.findings, packages),
    root: flags.sarifRoot ? resolve(flags.sarifRoot) : (findRepositoryRoot(process.cwd()) ?? process.cwd()),
  });
  const format = {
    text: () => undefined,
    json: () => `${JSON.stringify(report, null, 2)}\n`,
    junit: () => formatJunit(report, (performance.now() - started) / 1000),
    sarif: () => formatSarif(report, ctx.version, where()),
    github: () => formatGithubAnnotations(report, where()),
  }[flags.format];
  return {
    result: report,
    exitCode,
    ok: exitCode === EXIT.OK,
    stdout: format(),
    render: (c) => {
      if (flags.format === 'text')
        for (const line of formatValidationText(report, c.colors)) c.reporter.print(line);
      else c.reporter.print(summaryLine(report, c.colors));
    },
  };
}
