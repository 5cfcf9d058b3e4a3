import type { Finding, ValidationReport } from '../../core/validate/types.js';
import { artifactUri, type CiLocations } from './validate-sarif.js';
import { objectLabel } from './validate-text.js';
import { escapeMarkup } from '../../output/markup.js';

/**
 * JUnit XML as Jenkins' junit-10.xsd reads it: a test suite per package, a test case per rule and
 * object (failed when any of its findings is an error; warnings go to system-out), `errors` (always 0:
 * findings are failures, never crashes) and the run's measured time on the root. A clean package is one passing case.
 */
export function formatJunit(report: ValidationReport, seconds: number): string {
  const suites = report.packages.map((pkg) => {
    const cases = new Map<string, Finding[]>();
    for (const finding of report.findings) {
      if (finding.package !== pkg.name) continue;
      const key = `${finding.rule}\u0000${objectLabel(finding) || 'package'}`;
      const list = cases.get(key);
      if (list) list.push(finding);
      else cases.set(key, [finding]);
    }
    const failed = [...cases.values()].filter((fs) => fs.some((f) => f.severity === 'error')).length;
    return { pkg, cases, tests: Math.max(1, cases.size), failed };
  });
  const total = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failed, 0);
  const time = seconds.toFixed(3);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `<testsuites name="edupkg validate" tests="${total}" failures="${failures}" errors="0" time="${time}">`,
  );
  for (const { pkg, cases, tests, failed } of suites) {
    lines.push(
      `  <testsuite name="${xml(pkg.name)}" tests="${tests}" failures="${failed}" errors="0" skipped="0">`,
    );
    if (cases.size === 0)
      lines.push(`    <testcase classname="${xml(pkg.name)}" name="no findings" time="0"/>`);
    for (const [key, findings] of cases) {
      const [rule, object] = key.split('\u0000') as [string, string];
      const classname = `${pkg.name}.${findings[0]!.objectType ?? 'package'}`;
      lines.push(`    <testcase classname="${xml(classname)}" name="${xml(`${rule} ${object}`)}" time="0">`);
      for (const f of findings) {
        const text = `${f.severity} ${f.rule}${f.hispRule ? ` (${f.hispRule})` : ''}${f.file ? ` in ${f.file}` : ''}${f.field ? ` at ${f.field}` : ''}: ${f.message}${f.fix ? `\nfix: ${f.fix}` : ''}`;
        lines.push(
          f.severity === 'error'
            ? `      <failure type="${xml(f.rule)}" message="${xml(f.message)}">${xml(text)}</failure>`
            : `      <system-out>${xml(text)}</system-out>`,
        );
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function xml(text: string): string {
  return (
    escapeMarkup(text)
      // XML 1.0 cannot carry most control characters at all, even escaped.
      .split('')
      .filter((c) => c.charCodeAt(0) >= 0x20 || c === '\t' || c === '\n' || c === '\r')
      .join('')
  );
}

/** GitHub workflow commands: `::error file=...,line=...,col=...,title=...::message`, one per finding. */
export function formatGithubAnnotations(report: ValidationReport, where: CiLocations): string {
  const lines = report.findings.map((f) => {
    const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    const located = where.locations.get(f);
    const file = located ? artifactUri(located.path, where.root) : undefined;
    const properties = [
      file?.relative
        ? `file=${property(decodeURI(file.value))}`
        : f.file
          ? `file=${property(f.file)}`
          : undefined,
      located?.position ? `line=${located.position.line},col=${located.position.column}` : undefined,
      `title=${property(`${f.rule}${f.hispRule ? ` (${f.hispRule})` : ''}`)}`,
    ]
      .filter(Boolean)
      .join(',');
    return `::${command} ${properties}::${data(`${objectLabel(f) ? `${objectLabel(f)}: ` : ''}${f.message}`)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

// Escaping from GitHub's toolkit (core/command.ts): data escapes %, CR, LF; properties also : and ,.
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
