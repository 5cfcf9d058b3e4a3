import { exportPackage, type ExportResult } from '../../core/export/index.js';
import { isMetadataType } from '../../core/dhis2-model/rules.js';
import { loadPackage } from '../../core/package/index.js';
import { PACKAGE_NAME } from '../../core/package/manifest.js';
import { createDhis2Client, resolveTarget, type ConnectionFlags } from '../../dhis2/index.js';
import { usageError } from '../../errors/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';

export interface ExportCommandOptions extends ConnectionFlags {
  dataSet: string[];
  dashboard: string[];
  indicatorGroup: string[];
  include: string[];
  codePrefix?: string;
  out: string;
  name: string;
  version: string;
  title?: string;
  dependsOn: string[];
  force?: boolean;
}

export async function handler(
  ctx: CommandContext,
  options: ExportCommandOptions,
): Promise<CommandOutcome<ExportResult>> {
  if (
    !options.dataSet.length &&
    !options.dashboard.length &&
    !options.indicatorGroup.length &&
    !options.include.length &&
    !options.codePrefix
  ) {
    throw usageError('NO_EXPORT_ROOTS', 'nothing to export', {
      fix: 'Give --data-set, --dashboard, --indicator-group, --include or --code-prefix',
    });
  }
  const objects = options.include.map((entry) => {
    const [type, value] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)];
    if (!entry.includes(':') || !isMetadataType(type) || !value) {
      throw usageError(
        'BAD_INCLUDE',
        `--include ${entry}: expected <type>:<uid or code>, e.g. attributes:UIS_CODE`,
      );
    }
    return { type, value };
  });
  if (!PACKAGE_NAME.test(options.name)) {
    throw usageError('BAD_NAME', `--name ${JSON.stringify(options.name)}: not a package name`, {
      fix: 'Use lower-case letters, digits and "-" (at most 64), e.g. --name my-edu',
    });
  }
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(options.version)) {
    throw usageError('BAD_VERSION', `--version ${options.version}: not a semver version (X.Y.Z)`);
  }
  const dependencies = [];
  for (const ref of options.dependsOn) dependencies.push(await loadPackage(ref));
  const target = await resolveTarget(options, ctx.config(), process.env);
  const client = createDhis2Client({ ...target.client, log: (line) => ctx.reporter.verbose(line) });
  const { version: serverVersion } = await client.systemInfo();
  const result = await exportPackage(client, {
    roots: {
      dataSets: options.dataSet,
      dashboards: options.dashboard,
      indicatorGroups: options.indicatorGroup,
      objects,
      ...(options.codePrefix ? { codePrefix: options.codePrefix } : {}),
    },
    name: options.name,
    version: options.version,
    ...(options.title ? { title: options.title } : {}),
    serverVersion,
    outDir: options.out,
    overwrite: options.force ?? false,
    dependencies,
  });
  return {
    result,
    warnings: result.warnings,
    render: (c) => {
      const types = Object.entries(result.objects)
        .map(([type, n]) => `${n} ${type}`)
        .join(', ');
      c.reporter.print(
        `${c.colors.bold(result.path)}: ${result.total} objects (${types || 'none'}) from DHIS2 ${serverVersion}`,
      );
      if (result.dangling.length > 0)
        c.reporter.warn(c.colors.yellow(`${result.dangling.length} dangling references (listed above)`));
    },
  };
}
