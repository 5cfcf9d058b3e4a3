import { usageError } from '../errors/index.js';
import type { CommandContext } from './context.js';

/** One answer a command needs: its flag wins, then a prompt on a TTY, then the default. */
export interface Question {
  /** The flag that answers it without a prompt, e.g. "--country". */
  flag: string;
  message: string;
  given?: string | undefined;
  default?: string | undefined;
  choices?: readonly string[];
  /** Returns an error message for a bad answer (shown again at the prompt; exit 2 from a flag). */
  check?: (answer: string) => string | undefined;
}

/** Whether questions become prompts: a TTY, and neither --json nor --yes. */
export const promptsAllowed = (ctx: CommandContext): boolean => ctx.interactive && !ctx.options.yes;

/**
 * Answers a question without ever blocking a script: a flag is checked and used; without a TTY
 * (or with --yes/--json) the default is used, and a question without one is a usage error (exit 2)
 * that names its flag.
 */
export async function ask(ctx: CommandContext, q: Question): Promise<string> {
  if (q.given !== undefined) {
    const problem = q.check?.(q.given);
    if (problem)
      throw usageError('BAD_ANSWER', `${q.flag} ${q.given}: ${problem}`, { fix: `Pass a valid ${q.flag}` });
    return q.given;
  }
  if (!promptsAllowed(ctx)) {
    if (q.default !== undefined) return q.default;
    throw usageError(
      'MISSING_ANSWER',
      `${q.flag} is required without a terminal (${q.message.replace(/[?:]\s*$/, '')})`,
      {
        fix: `Pass ${q.flag}, or run on a terminal to be asked`,
      },
    );
  }
  const { default: inquirer } = await import('inquirer');
  const prompt = inquirer.createPromptModule({ output: process.stderr });
  const answer = await prompt<{ value: string }>([
    q.choices
      ? { type: 'select', name: 'value', message: q.message, choices: [...q.choices], default: q.default }
      : {
          type: 'input',
          name: 'value',
          message: q.message,
          default: q.default,
          validate: (value: string) => {
            if (value === '' && q.default === undefined) return `required (or pass ${q.flag})`;
            return q.check?.(value) ?? true;
          },
        },
  ]);
  return String(answer.value).trim();
}

/** `--entry-age 1=6 --entry-age 02=3` -> { "1": "6", "02": "3" }; keys must be among `keys`. */
export function keyedValues(
  flag: string,
  pairs: readonly string[] = [],
  keys: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, Math.max(eq, 0));
    if (eq <= 0 || !keys.includes(key))
      throw usageError(
        'BAD_ANSWER',
        `${flag} ${pair}: expected LEVEL=VALUE with LEVEL one of ${keys.join(', ')}`,
        {
          fix: `e.g. ${flag} 1=${flag === '--grades' ? 'Class 1,Class 2,...' : '6'}`,
        },
      );
    out[key] = pair.slice(eq + 1);
  }
  return out;
}
