import { writeFileAtomic } from '../../core/fleet/write-file-atomic.js';
import { resolve } from 'node:path';
import { buildDocs, GENERIC_PROFILE, resolveProfile } from '../../core/content/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';

export interface DocsResult {
  package: string;
  profile: string;
  format: 'md' | 'html';
  title: string;
  out?: string;
}

export async function handler(
  _ctx: CommandContext,
  name: string,
  options: { profile?: string; format: 'md' | 'html'; out?: string },
): Promise<CommandOutcome<DocsResult>> {
  const profile = options.profile ? resolveProfile(options.profile).profile : GENERIC_PROFILE;
  const docs = buildDocs(name, profile);
  const text = options.format === 'html' ? docs.html : docs.markdown;
  const out = options.out ? resolve(options.out) : undefined;
  if (out) writeFileAtomic(out, text);
  const result: DocsResult = {
    package: name,
    profile: profile.code,
    format: options.format,
    title: docs.title,
    ...(out ? { out } : {}),
  };
  return out
    ? { result, render: (ctx) => ctx.reporter.print(`${docs.title} -> ${out}`) }
    : { result, stdout: text };
}
