import { EXIT, type ExitCode } from './exit-codes.js';

/** Where an error points: a file (with line/column for parse errors), an object and a field. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  objectType?: string;
  objectId?: string;
  field?: string;
}

export interface EdupkgErrorOptions extends ErrorLocation {
  fix?: string;
  details?: unknown;
  cause?: unknown;
}

/**
 * An expected failure (bad input, unreachable server, rejected import). Thrown by the library,
 * rendered once at the CLI boundary as a one-line message; never carries a stack to the user.
 */
export class EdupkgError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly where: ErrorLocation;
  readonly fix: string | undefined;
  readonly details: unknown;

  constructor(code: string, message: string, exitCode: ExitCode, options: EdupkgErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EdupkgError';
    this.code = code;
    this.exitCode = exitCode;
    const { fix, details, cause: _cause, ...where } = options;
    this.where = where;
    this.fix = fix;
    this.details = details;
  }
}

/** A bug in edupkg: printed with a "this is a bug" line, and a stack only under --debug. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

export const usageError = (code: string, message: string, options?: EdupkgErrorOptions) =>
  new EdupkgError(`USAGE.${code}`, message, EXIT.USAGE, options);

export const inputError = (code: string, message: string, options?: EdupkgErrorOptions) =>
  new EdupkgError(`INPUT.${code}`, message, EXIT.USAGE, options);

export const serverError = (code: string, message: string, options?: EdupkgErrorOptions) =>
  new EdupkgError(`SERVER.${code}`, message, EXIT.SERVER, options);

export const conflictError = (code: string, message: string, options?: EdupkgErrorOptions) =>
  new EdupkgError(`CONFLICT.${code}`, message, EXIT.CONFLICT, options);

export const importRejectedError = (code: string, message: string, options?: EdupkgErrorOptions) =>
  new EdupkgError(`IMPORT.${code}`, message, EXIT.IMPORT_REJECTED, options);

export const abortedError = (message = 'Aborted by the user') =>
  new EdupkgError('USER.ABORTED', message, EXIT.ABORTED);

export const interruptedError = (message: string, options?: EdupkgErrorOptions) =>
  new EdupkgError('USER.INTERRUPTED', message, EXIT.INTERRUPTED, options);

/** "file:line:col: object type uid: field" prefix used by every one-line error. */
export function formatLocation(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file) {
    let f = where.file;
    if (where.line !== undefined) f += `:${where.line}`;
    if (where.line !== undefined && where.column !== undefined) f += `:${where.column}`;
    parts.push(f);
  }
  if (where.objectType || where.objectId) {
    parts.push([where.objectType, where.objectId].filter(Boolean).join(' '));
  }
  if (where.field) parts.push(where.field);
  return parts.join(': ');
}
