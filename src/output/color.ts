import { Chalk, type ChalkInstance } from 'chalk';

/** Colour only on a TTY, never under NO_COLOR or --no-color (https://no-color.org). */
export function createColors(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

export function colorWanted(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  // FORCE_COLOR=0 / false turns colour off (as chalk and Node read it); any other value forces it on.
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !/^(0|false)$/i.test(force);
  return Boolean(stream.isTTY);
}
