import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FindingLocation } from '../../core/validate/locate-findings.js';
import { RULES, type RuleId } from '../../core/validate/rule-catalog.js';
import type { Finding, ValidationReport } from '../../core/validate/types.js';

export const RULES_DOC_URI = 'https://github.com/dhis2/edupkg/blob/main/docs/validate-rules.md';

/** Where findings sit on disk, and the folder their URIs are relative to (the repository root). */
export interface CiLocations {
  locations: Map<Finding, FindingLocation>;
  root: string;
}

/**
 * SARIF 2.1.0: one run, the rules that fired (with help and a link), one result per finding
 * located by a repository-relative URI and the line and column of the object or field, which is
 * what code scanning needs to put it on the pull request's file.
 */
export function formatSarif(report: ValidationReport, version: string, where: CiLocations): string {
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
            informationUri: RULES_DOC_URI,
            rules: usedRules.map((id) => {
              const info = RULES[id as RuleId] as (typeof RULES)[RuleId] | undefined;
              const helpUri = `${RULES_DOC_URI}#${id.split('.')[0]}`;
              const fix = info?.fix ?? '';
              return {
                id,
                name: id.replace(/[.-](\w)/g, (_, c: string) => c.toUpperCase()),
                shortDescription: { text: info?.title ?? id },
                help: { text: `${fix} (${helpUri})`, markdown: `${fix}\n\n[Rule reference](${helpUri})` },
                helpUri,
                defaultConfiguration: { level: sarifLevel(info?.severity ?? 'warning') },
                ...(info?.hisp ? { properties: { hispRules: info.hisp } } : {}),
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(`${where.root}${sep}`).href } },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule),
          level: sarifLevel(finding.severity),
          message: { text: finding.fix ? `${finding.message}. Fix: ${finding.fix}` : finding.message },
          locations: [sarifLocation(finding, where)],
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

function sarifLocation(finding: Finding, where: CiLocations) {
  const located = where.locations.get(finding);
  const uri = located ? artifactUri(located.path, where.root) : undefined;
  return {
    physicalLocation: {
      artifactLocation: uri?.relative
        ? { uri: uri.value, uriBaseId: 'SRCROOT' }
        : { uri: uri?.value ?? encodeURI(finding.file ?? finding.package ?? 'package') },
      ...(located?.position
        ? { region: { startLine: located.position.line, startColumn: located.position.column } }
        : {}),
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
  };
}

/** Relative to the root with forward slashes when the file is inside it; a file: URI otherwise. */
export function artifactUri(path: string, root: string): { value: string; relative: boolean } {
  const rel = relative(root, path);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel))
    return { value: encodeURI(rel.split(sep).join('/')), relative: true };
  return { value: pathToFileURL(path).href, relative: false };
}

export function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}
