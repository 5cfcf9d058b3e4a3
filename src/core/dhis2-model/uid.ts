import { createHash, randomBytes } from 'node:crypto';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALPHANUMERIC = `0123456789${LETTERS}`;

function uidFromBytes(bytes: Uint8Array): string {
  let uid = LETTERS[bytes[0]! % LETTERS.length]!;
  for (let i = 1; i < 11; i++) uid += ALPHANUMERIC[bytes[i]! % ALPHANUMERIC.length]!;
  return uid;
}

/** A fresh DHIS2 UID (CodeGenerator.generateUid's alphabet and shape). */
export function generateUid(): string {
  return uidFromBytes(randomBytes(11));
}

/** A stable UID for a shipped object: the same plural + code always gives the same UID. */
export function uidFromCode(plural: string, code: string): string {
  return uidFromBytes(createHash('sha256').update(`edupkg:${plural}:${code}`).digest());
}
