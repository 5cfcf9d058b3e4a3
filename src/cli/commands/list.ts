import { loadPackageDirectory, listShippedPackageDirs } from '../../core/package/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';

export interface ListResult {
  packages: Array<{
    name: string;
    version: string;
    title: string;
    dependencies: Record<string, string>;
    objects: number;
    path: string;
  }>;
}

export async function handler(_ctx: CommandContext): Promise<CommandOutcome<ListResult>> {
  const packages = listShippedPackageDirs().map((dir) => {
    const pkg = loadPackageDirectory(dir);
    const objects = Object.values(pkg.metadata).reduce((n, list) => n + list.length, 0);
    const { name, version, title, dependencies = {} } = pkg.manifest;
    return { name, version, title, dependencies, objects, path: dir };
  });
  return {
    result: { packages },
    render: (ctx) => {
      if (packages.length === 0) ctx.reporter.print('No packages in packages-metadata/.');
      for (const p of packages) {
        const deps = Object.keys(p.dependencies);
        ctx.reporter.print(
          `${ctx.colors.bold(p.name.padEnd(16))} ${p.version.padEnd(8)} ${String(p.objects).padStart(5)} objects  ${p.title}` +
            (deps.length ? ctx.colors.dim(`  (needs ${deps.join(', ')})`) : ''),
        );
      }
    },
  };
}
