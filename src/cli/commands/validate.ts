import type { CommandContext, CommandOutcome } from '../context.js';
import { EXIT } from '../../errors/index.js';
import { loadPackage } from '../../core/package/index.js';

// Placeholder wiring until core/validate lands: loads every path (parse errors exit 2).
export async function handler(_ctx: CommandContext, paths: string[]): Promise<CommandOutcome> {
  const loaded = [];
  for (const path of paths) loaded.push(await loadPackage(path));
  return { result: { packages: loaded.map((p) => p.manifest.name), findings: [] }, exitCode: EXIT.OK };
}
