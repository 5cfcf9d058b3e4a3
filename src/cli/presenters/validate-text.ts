import { isAbsolute, join, relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { Finding, ValidationReport } from '../../core/validate/types.js';

/** Findings grouped by package, file and object type, coloured by severity, then a summary line. */
export function formatValidationText(report: ValidationReport, colors: ChalkInstance): string[] {
  const lines: string[] = [];
  const paint = { error: colors.red, warning: colors.yellow, info: colors.cyan };
  let group = '';
  const sources = new Map(report.packages.map((p) => [p.name, p.source]));
  for (const finding of report.findings) {
    const where = findingPath(finding, sources.get(finding.package ?? ''));
    const heading = `${finding.package ?? ''}${where ? `  ${where}` : ''}${finding.objectType ? `  ${finding.objectType}` : ''}`;
    if (heading !== group) {
      lines.push(colors.bold(heading));
      group = heading;
    }
    const rule = finding.hispRule ? `${finding.rule} (${finding.hispRule})` : finding.rule;
    const versions = finding.dhis2Versions ? colors.dim(` [DHIS2 ${finding.dhis2Versions.join(', ')}]`) : '';
    lines.push(
      `  ${paint[finding.severity](finding.severity.padEnd(7))} ${finding.message}${versions}  ${colors.dim(rule)}`,
    );
    if (finding.fix) lines.push(colors.dim(`          fix: ${finding.fix}`));
  }
  lines.push(summaryLine(report, colors));
  return lines;
}

/** The path a person can open: the package folder joined with the file, or the metadata file itself. */
function findingPath(finding: Finding, source: string | undefined): string | undefined {
  let path = finding.file ?? source;
  if (finding.file && source && !isAbsolute(finding.file))
    path = source.endsWith(finding.file) ? source : join(source, finding.file);
  return path && displayPath(path);
}

/** Paths under the working folder are shown relative to it, as people typed them. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function summaryLine(report: ValidationReport, colors: ChalkInstance): string {
  const { error, warning, info } = report.counts;
  const objects = report.packages.reduce((n, p) => n + p.objects, 0);
  const text = `${report.packages.length} package(s), ${objects} objects${report.dhis2Version ? `, DHIS2 ${report.dhis2Version}` : ''}: ${error} error(s), ${warning} warning(s), ${info} info`;
  return error > 0 ? colors.red.bold(text) : warning > 0 ? colors.yellow(text) : colors.green(text);
}

/** "dataElements AbCdEfGhIj1 "Name"" — how an object is named in CI formats. */
export function objectLabel(finding: Finding): string {
  return [
    finding.objectType,
    finding.objectId ?? (finding.objectIndex !== undefined ? `#${finding.objectIndex}` : undefined),
    finding.objectName ? `"${finding.objectName}"` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
