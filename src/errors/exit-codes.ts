/** The one exit-code table. Printed by `--help` and mirrored in the README; a change here is a breaking change. */
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  ABORTED: 3,
  VALIDATION: 4,
  DIFFERENCES: 5,
  IMPORT_REJECTED: 6,
  SERVER: 7,
  CONFLICT: 8,
  /** 128 + SIGINT, as shells report a Ctrl-C'd process. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODE_TABLE: ReadonlyArray<{ code: ExitCode; meaning: string }> = [
  { code: EXIT.OK, meaning: 'success' },
  { code: EXIT.INTERNAL, meaning: 'internal error (a bug in edupkg)' },
  { code: EXIT.USAGE, meaning: 'usage error or unreadable input' },
  { code: EXIT.ABORTED, meaning: 'aborted by the user' },
  { code: EXIT.VALIDATION, meaning: 'validation errors found' },
  { code: EXIT.DIFFERENCES, meaning: 'differences found (diff --exit-code)' },
  { code: EXIT.IMPORT_REJECTED, meaning: 'import rejected by DHIS2, nothing applied' },
  { code: EXIT.SERVER, meaning: 'server unreachable or authentication failed' },
  { code: EXIT.CONFLICT, meaning: 'conflict needing a decision (collision, plan changed, target locked)' },
  { code: EXIT.INTERRUPTED, meaning: 'interrupted (Ctrl-C or SIGTERM); the install lock was released' },
];

export function formatExitCodeTable(): string {
  return EXIT_CODE_TABLE.map(({ code, meaning }) => `  ${code}  ${meaning}`).join('\n');
}
