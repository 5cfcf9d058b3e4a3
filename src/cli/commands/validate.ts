import { usageError, EXIT } from '../../errors/index.js';
import { loadPackage } from '../../core/package/index.js';
import { parseSeverityFlags, unknownSeverityKeys, validatePackages } from '../../core/validate/index.js';
import type { ValidationReport } from '../../core/validate/types.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { formatGithubAnnotations, formatJunit, formatSarif } from '../presenters/validate-ci.js';
import { formatValidationLines, summaryLine } from '../presenters/validate-text.js';

interface ValidateFlags {
  format: 'text' | 'json' | 'junit' | 'sarif' | 'github';
  severity: string[];
  dhis2Version?: string;
}

export async function handler(
  ctx: CommandContext,
  paths: string[],
  flags: ValidateFlags,
): Promise<CommandOutcome<ValidationReport>> {
  const severity = { ...(ctx.config().severity ?? {}), ...parseSeverityFlags(flags.severity ?? []) };
  const unknown = unknownSeverityKeys(severity);
  if (unknown.length > 0) {
    throw usageError(
      'UNKNOWN_RULE',
      `unknown rule ${unknown.map((k) => `"${k}"`).join(', ')} in severity overrides`,
      { fix: 'See docs/validate-rules.md for rule ids and HISP aliases' },
    );
  }
  const packages = [];
  for (const path of paths) packages.push(await loadPackage(path));
  const report = await validatePackages(packages, { dhis2Version: flags.dhis2Version, severity });
  const exitCode = report.counts.error > 0 ? EXIT.VALIDATION : EXIT.OK;
  const stdout = {
    text: undefined,
    json: `${JSON.stringify(report, null, 2)}\n`,
    junit: formatJunit(report),
    sarif: formatSarif(report, ctx.version),
    github: formatGithubAnnotations(report),
  }[flags.format];
  return {
    result: report,
    exitCode,
    ok: exitCode === EXIT.OK,
    stdout,
    render: (c) => {
      if (flags.format === 'text')
        for (const { line, severity } of formatValidationLines(report, c.colors)) {
          if (severity === 'error') c.reporter.error(line);
          else if (severity === 'warning') c.reporter.warn(line);
          else c.reporter.print(line);
        }
      else c.reporter.print(summaryLine(report, c.colors));
    },
  };
}
