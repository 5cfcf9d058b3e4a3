import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { usageError, EXIT } from '../../errors/index.js';
import { findRepositoryRoot } from '../../core/io/repository-root.js';
import { loadPackage } from '../../core/package/load-package.js';
import type { LoadedPackage } from '../../core/package/types.js';
import { parseSeverityFlags, unknownSeverityKeys, validatePackages } from '../../core/validate/index.js';
import type { ValidationReport } from '../../core/validate/types.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import type { CiLocations } from '../presenters/validate-sarif.js';
import { formatValidationLines, summaryLine } from '../presenters/validate-text.js';

interface ValidateFlags {
  format: 'text' | 'json' | 'junit' | 'sarif' | 'github';
  severity: string[];
  dhis2Version?: string;
  profile?: string[];
  sarifRoot?: string;
}

interface FormatInput {
  report: ValidationReport;
  version: string;
  seconds: number;
  /** Where each finding stands in its file: computed only for the formats that place findings. */
  where: () => Promise<CiLocations>;
}

/** Only the requested format runs, and its presenter is imported only then. */
const FORMATTERS: Record<
  Exclude<ValidateFlags['format'], 'text'>,
  (input: FormatInput) => Promise<string>
> = {
  json: async ({ report }) => `${JSON.stringify(report, null, 2)}\n`,
  junit: async ({ report, seconds }) =>
    (await import('../presenters/validate-ci.js')).formatJunit(report, seconds),
  sarif: async ({ report, version, where }) =>
    (await import('../presenters/validate-sarif.js')).formatSarif(report, version, await where()),
  github: async ({ report, where }) =>
    (await import('../presenters/validate-ci.js')).formatGithubAnnotations(report, await where()),
};

/** Profiles, and the language and country tables they are checked against, load only when asked for. */
async function readProfiles(refs: string[]) {
  const { readProfileDocument } = await import('../../core/content/profiles.js');
  return refs.map((ref) => readProfileDocument(ref));
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
  const profileRefs = flags.profile ?? [];
  if (paths.length === 0 && profileRefs.length === 0)
    throw usageError('NOTHING_TO_VALIDATE', 'give a package path or --profile', {
      fix: 'edupkg validate packages-metadata/edu-core, or edupkg validate --profile my-country.yaml',
    });
  const packages: LoadedPackage[] = [];
  for (const path of paths) packages.push(await loadPackage(path));
  const profiles = profileRefs.length > 0 ? await readProfiles(profileRefs) : [];
  const report = await validatePackages(packages, { dhis2Version: flags.dhis2Version, severity, profiles });
  const exitCode = report.counts.error > 0 ? EXIT.VALIDATION : EXIT.OK;
  // A second read of the files with findings, only for the formats that place findings.
  const where = async (): Promise<CiLocations> => ({
    locations: (await import('../../core/validate/locate-findings.js')).locateFindings(
      report.findings,
      packages,
    ),
    root: flags.sarifRoot ? resolve(flags.sarifRoot) : (findRepositoryRoot(process.cwd()) ?? process.cwd()),
  });
  // Under --json the envelope is the output: no format runs.
  const stdout =
    ctx.options.json || flags.format === 'text'
      ? undefined
      : await FORMATTERS[flags.format]({
          report,
          version: ctx.version,
          seconds: (performance.now() - started) / 1000,
          where,
        });
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
