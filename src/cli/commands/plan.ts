import { hostname, userInfo } from 'node:os';
import { packageLoaderFor, resolveProfile } from '../../core/content/index.js';
import {
  preparePlan,
  type LockOptions,
  type LockOwner,
  type ParameterSources,
  type PlanOptions,
  type InstallPlan,
} from '../../core/install/index.js';
import {
  createDhis2Client,
  resolveTarget,
  type ConnectionFlags,
  type Dhis2Client,
  type CredentialPrompt,
} from '../../dhis2/index.js';
import { EXIT, usageError } from '../../errors/index.js';
import { writePlanFile } from '../../core/install/plan-file.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { renderPlan } from '../presenters/plan.js';
import { createProgress } from '../progress.js';

export interface TargetOptions extends ConnectionFlags {
  out?: string;
  param?: string[];
  profile?: string;
  overwriteLocal?: boolean;
  prune?: boolean;
  force?: boolean;
  allowProfileChange?: boolean;
}

/** Flags -> a connected client; credentials asked for on a TTY only. Shared by every server command. */
export async function openTarget(
  ctx: CommandContext,
  flags: ConnectionFlags,
): Promise<{ client: Dhis2Client; parameters: Record<string, string | number>; profile?: string }> {
  const prompt: CredentialPrompt | undefined = ctx.interactive
    ? async (question) => {
        const { default: inquirer } = await import('inquirer');
        const ask = inquirer.createPromptModule({ output: process.stderr });
        const answer = await ask<{ value: string }>([
          {
            type: question.secret ? 'password' : 'input',
            name: 'value',
            message: question.message,
            mask: '*',
          },
        ]);
        return answer.value;
      }
    : undefined;
  const timeout = flags.timeout === undefined ? undefined : Number(flags.timeout);
  const target = await resolveTarget(
    { ...flags, ...(timeout !== undefined ? { timeout } : {}) },
    ctx.config(),
    process.env,
    prompt,
  );
  const client = createDhis2Client({ ...target.client, log: (line) => ctx.reporter.debug(line) });
  return { client, parameters: target.parameters, ...(target.profile ? { profile: target.profile } : {}) };
}

/** Asks on a TTY, takes --yes otherwise; false means the user said no (exit 3). */
export async function confirmOrRequireYes(ctx: CommandContext, question: string): Promise<boolean> {
  if (ctx.options.yes) return true;
  if (!ctx.interactive)
    throw usageError('NEEDS_YES', `${ctx.command} changes the server and needs --yes without a TTY`, {
      fix: 'Review `edupkg plan`, then pass --yes (or --plan-hash HASH)',
    });
  const { default: inquirer } = await import('inquirer');
  const ask = inquirer.createPromptModule({ output: process.stderr });
  const answer = await ask<{ go: boolean }>([
    { type: 'confirm', name: 'go', message: question, default: false },
  ]);
  return answer.go;
}

/** Lock options of a command that changes a server: who we are, --wait, Ctrl-C, how to name the server in hints. */
export function lockOptions(
  ctx: CommandContext,
  flags: ConnectionFlags & { wait?: boolean },
  signal: AbortSignal,
): LockOwner & LockOptions {
  return {
    ...lockOwner(ctx.command),
    wait: flags.wait ?? false,
    signal,
    ...(flags.target ? { targetFlag: `--target ${flags.target}` } : {}),
  };
}

export function lockOwner(command: string): LockOwner {
  let owner = 'unknown';
  try {
    owner = userInfo().username;
  } catch {
    // No passwd entry (containers): the lock still names host and pid.
  }
  return { owner, pid: process.pid, host: hostname(), command: `edupkg ${command}` };
}

export function planOptions(
  ctx: CommandContext,
  packages: string[],
  flags: TargetOptions,
  targetParameters: Record<string, string | number>,
  onProgress: PlanOptions['onProgress'],
  targetProfile?: string,
): PlanOptions {
  const config = ctx.config();
  // A target's profile file is relative to the config file; --profile to the working folder.
  const profile = flags.profile
    ? resolveProfile(flags.profile)
    : targetProfile
      ? resolveProfile(targetProfile, { baseDir: config.baseDir })
      : undefined;
  return {
    packages,
    ...(profile ? { load: packageLoaderFor(profile), profile } : {}),
    allowProfileChange: flags.allowProfileChange ?? false,
    searchDirs: (config.packagePaths ?? []).map((p) => `${config.baseDir}/${p}`),
    parameters: parameterSources(flags.param ?? [], targetParameters),
    overwriteLocal: flags.overwriteLocal ?? false,
    prune: flags.prune ?? false,
    force: flags.force ?? false,
    ...(onProgress ? { onProgress } : {}),
  };
}

function parameterSources(pairs: string[], target: Record<string, string | number>): ParameterSources {
  const overrides: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError('BAD_PARAM', `--param ${pair}: expected key=value`);
    overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { overrides, target };
}

/** `edupkg plan <package...>`: what install would do, without changing anything. */
export async function handler(
  ctx: CommandContext,
  packages: string[],
  flags: TargetOptions,
): Promise<CommandOutcome<InstallPlan>> {
  const { client, parameters, profile } = await openTarget(ctx, flags);
  const progress = createProgress(ctx);
  try {
    const prepared = await preparePlan(
      client,
      planOptions(ctx, packages, flags, parameters, progress.listener, profile),
    );
    // A plan with conflicts is still printed in full; the exit code lets CI stop on it.
    const exitCode = prepared.plan.conflicts.length > 0 ? EXIT.CONFLICT : EXIT.OK;
    const out = flags.out;
    if (out) {
      writePlanFile(out, {
        createdAt: new Date().toISOString(),
        toolVersion: ctx.version,
        target: { url: prepared.plan.target.url, ...(flags.target ? { name: flags.target } : {}) },
        request: {
          packages,
          ...((flags.profile ?? profile) ? { profile: flags.profile ?? profile } : {}),
          parameters: flags.param ?? [],
          overwriteLocal: flags.overwriteLocal ?? false,
          prune: flags.prune ?? false,
          force: flags.force ?? false,
        },
        plan: prepared.plan,
      });
    }
    return {
      result: prepared.plan,
      exitCode,
      warnings: prepared.warnings,
      render: (c) => {
        renderPlan(c, prepared.plan);
        if (out)
          c.reporter.print(`Plan saved to ${out}; apply exactly this plan with \`edupkg install ${out}\``);
      },
    };
  } finally {
    progress.stop();
  }
}
