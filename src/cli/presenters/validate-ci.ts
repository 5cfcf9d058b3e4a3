import { RULES, type RuleId } from '../../core/validate/rule-catalog.js';
import type { Finding, ValidationReport } from '../../core/validate/types.js';
import { objectLabel } from './validate-text.js';

const INFORMATION_URI = 'https://github.com/dhis2/edupkg/blob/main/docs/validate-rules.md';

/** SARIF 2.1.0: one run, the rules validate knows, one result per finding. */
export function formatSarif(report: ValidationReport, version: string): string {
  const usedRules = [...new Set(report.findings.map((f) => f.rule))].sort();
  const ruleIndex = new Map(usedRules.map((id, i) => [id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'edupkg',
            version,
            informationUri: INFORMATION_URI,
            rules: usedRules.map((id) => {
              const info = RULES[id as RuleId];
              return {
                id,
                name: id.replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase()),
                shortDescription: { text: info?.title ?? id },
                help: { text: info?.fix ?? '' },
                helpUri: `${INFORMATION_URI}#${id.split('.')[0]}`,
                defaultConfiguration: { level: sarifLevel(info?.severity ?? 'warning') },
                ...(info?.hisp ? { properties: { hispRules: info.hisp } } : {}),
              };
            }),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule),
          level: sarifLevel(finding.severity),
          message: { text: finding.fix ? `${finding.message}. Fix: ${finding.fix}` : finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri(finding) },
                ...(finding.line ? { region: { startLine: finding.line } } : {}),
              },
              ...(finding.objectType
                ? {
                    logicalLocations: [
                      {
                        name: finding.objectId ?? finding.objectName ?? finding.objectType,
                        fullyQualifiedName: `${finding.objectType}/${finding.objectId ?? finding.objectIndex ?? ''}${finding.field ?? ''}`,
                        kind: 'object',
                      },
                    ],
                  }
                : {}),
            },
          ],
          properties: {
            ...(finding.hispRule ? { hispRule: finding.hispRule } : {}),
            ...(finding.dhis2Code ? { dhis2Code: finding.dhis2Code } : {}),
            ...(finding.field ? { field: finding.field } : {}),
          },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function artifactUri(finding: Finding): string {
  return encodeURI(finding.file ?? finding.package ?? 'package');
}

/** JUnit XML: a test suite per package, a test case per object with findings, failures for errors. */
export function formatJunit(report: ValidationReport): string {
  const suites = new Map<string, Map<string, Finding[]>>();
  for (const finding of report.findings) {
    const suite = suites.get(finding.package ?? '') ?? new Map<string, Finding[]>();
    suites.set(finding.package ?? '', suite);
    const key = `${finding.file ?? ''} ${objectLabel(finding) || 'package'}`.trim();
    suite.set(key, [...(suite.get(key) ?? []), finding]);
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = report.findings.filter((f) => f.severity === 'error').length;
  lines.push(
    `<testsuites name="edupkg validate" tests="${Math.max(
      1,
      [...suites.values()].reduce((n, s) => n + s.size, 0),
    )}" failures="${failures}">`,
  );
  for (const pkg of report.packages) {
    const cases = suites.get(pkg.name) ?? new Map<string, Finding[]>();
    const failed = [...cases.values()].filter((fs) => fs.some((f) => f.severity === 'error')).length;
    lines.push(
      `  <testsuite name="${xml(pkg.name)}" tests="${Math.max(1, cases.size)}" failures="${failed}">`,
    );
    if (cases.size === 0) lines.push(`    <testcase classname="${xml(pkg.name)}" name="no findings"/>`);
    for (const [name, findings] of cases) {
      lines.push(`    <testcase classname="${xml(pkg.name)}" name="${xml(name)}">`);
      for (const f of findings) {
        const tag = f.severity === 'error' ? 'failure' : 'system-out';
        const text = `${f.severity} ${f.rule}${f.hispRule ? ` (${f.hispRule})` : ''}${f.field ? ` ${f.field}` : ''}: ${f.message}${f.fix ? `\nfix: ${f.fix}` : ''}`;
        lines.push(
          tag === 'failure'
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
    text
      .replace(
        /[<>&"']/g,
        (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
      )
      // XML 1.0 cannot carry most control characters at all, even escaped.
      .split('')
      .filter((c) => c.charCodeAt(0) >= 0x20 || c === '\t' || c === '\n' || c === '\r')
      .join('')
  );
}

/** GitHub workflow commands: `::error file=...,title=...::message`, one per finding. */
export function formatGithubAnnotations(report: ValidationReport): string {
  const lines = report.findings.map((f) => {
    const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
    const properties = [
      f.file ? `file=${property(f.file)}` : undefined,
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
