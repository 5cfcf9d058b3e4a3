import { isAbsolute, join, relative } from 'node:path';
import type { ChalkInstance } from 'chalk';
import type { Finding, ValidationReport } from '../../core/validate/types.js';

/** Findings grouped by package, file and object type, coloured by severity, then a summary line. */
export interface ValidationLine {
  line: string;
  /** Error and warning lines (with their headings) stay visible under --quiet. */
  severity?: 'error' | 'warning';
}

export function formatValidationLines(report: ValidationReport, colors: ChalkInstance): ValidationLine[] {
  const lines: ValidationLine[] = [];
  const paint = { error: colors.red, warning: colors.yellow, info: colors.cyan };
  const loud = (severity: Finding['severity']) =>
    severity === 'error' || severity === 'warning' ? severity : undefined;
  let group = '';
  let heading: ValidationLine | undefined;
  const sources = new Map(report.packages.map((p) => [p.name, p.source]));
  for (const finding of report.findings) {
    const where = findingPath(finding, sources.get(finding.package ?? ''));
    const title = `${finding.package ?? ''}${where ? `  ${where}` : ''}${finding.objectType ? `  ${finding.objectType}` : ''}`;
    if (title !== group) {
      heading = { line: colors.bold(title) };
      lines.push(heading);
      group = title;
    }
    const severity = loud(finding.severity);
    // A heading is as loud as the loudest finding under it.
    if (heading && severity && heading.severity !== 'error') heading.severity = severity;
    const rule = finding.hispRule ? `${finding.rule} (${finding.hispRule})` : finding.rule;
    const versions = finding.dhis2Versions ? colors.dim(` [DHIS2 ${finding.dhis2Versions.join(', ')}]`) : '';
    lines.push({
      line: `  ${paint[finding.severity](finding.severity.padEnd(7))} ${finding.message}${versions}  ${colors.dim(rule)}`,
      ...(severity ? { severity } : {}),
    });
    if (finding.fix)
      lines.push({ line: colors.dim(`          fix: ${finding.fix}`), ...(severity ? { severity } : {}) });
  }
  const { error, warning } = report.counts;
  const summarySeverity = error > 0 ? 'error' : warning > 0 ? 'warning' : undefined;
  lines.push({
    line: summaryLine(report, colors),
    ...(summarySeverity ? { severity: summarySeverity } : {}),
  });
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
