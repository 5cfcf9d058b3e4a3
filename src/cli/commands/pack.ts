import { loadPackage, packPackage, type PackResult } from '../../core/package/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';

export async function handler(
  _ctx: CommandContext,
  path: string,
  options: { out: string },
): Promise<CommandOutcome<PackResult>> {
  const pkg = await loadPackage(path);
  const result = await packPackage(pkg, options.out);
  return {
    result,
    render: (ctx) =>
      ctx.reporter.print(`${result.archive}  sha256 ${result.sha256}  (${result.objects} objects)`),
  };
}
