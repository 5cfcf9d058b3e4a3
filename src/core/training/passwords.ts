import { randomInt } from 'node:crypto';

// No look-alikes (0/O, 1/l/I) — trainers read these aloud — and no CSV or shell metacharacters.
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SPECIAL = '!#%+-=?@_';
const ALL = UPPER + LOWER + DIGITS + SPECIAL;

const pick = (alphabet: string) => alphabet[randomInt(alphabet.length)]!;

/**
 * A random password that DHIS2's default password policy accepts (8-72 characters with an upper-
 * case letter, a digit and a special character), drawn from node:crypto's CSPRNG.
 */
export function generatePassword(length = 16): string {
  if (length < 8 || length > 72) throw new RangeError(`password length ${length} is outside DHIS2's 8-72`);
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SPECIAL)];
  while (chars.length < length) chars.push(pick(ALL));
  // Fisher-Yates, so the guaranteed classes are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
