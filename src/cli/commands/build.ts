import { buildPackage, GENERIC_PROFILE, resolveProfile } from '../../core/content/index.js';
import { writePackage } from '../../core/package/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';

export interface BuildResult {
  package: string;
  version: string;
  profile: string;
  out: string;
  objects: number;
}

export async function handler(
  _ctx: CommandContext,
  name: string,
  options: { profile?: string; out: string; force?: boolean },
): Promise<CommandOutcome<BuildResult>> {
  const profile = options.profile ? resolveProfile(options.profile).profile : GENERIC_PROFILE;
  const built = buildPackage(name, profile);
  const out = writePackage(options.out, built.manifest, built.metadata, {
    overwrite: options.force === true,
    extraFiles: built.files,
  });
  const objects = Object.values(built.metadata).reduce((n, list) => n + list.length, 0);
  const result = { package: name, version: built.manifest.version, profile: profile.code, out, objects };
  return {
    result,
    render: (ctx) =>
      ctx.reporter.print(`${name} ${result.version} (${profile.code}): ${objects} objects -> ${out}`),
  };
}
