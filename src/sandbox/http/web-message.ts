import type { Dhis2Version } from '../types.js';
import { minorOf } from '../types.js';

/** Reason phrases as Spring's HttpStatus.getReasonPhrase() writes them into `httpStatus`. */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Unknown';
}

export type WebMessageStatus = 'OK' | 'WARNING' | 'ERROR';

/** DHIS2's WebMessage: {httpStatus, httpStatusCode, status, message?, errorCode?, response?} in Jackson's property order. */
export function webMessage(
  httpStatusCode: number,
  status: WebMessageStatus,
  options: { message?: string; errorCode?: string; devMessage?: string; response?: unknown } = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = { httpStatus: reasonPhrase(httpStatusCode), httpStatusCode, status };
  if (options.message !== undefined) body.message = options.message;
  if (options.devMessage !== undefined) body.devMessage = options.devMessage;
  if (options.response !== undefined) body.response = options.response;
  if (options.errorCode !== undefined) body.errorCode = options.errorCode;
  return body;
}

/** 404 for a missing object: errorCode E1005 from 2.40 on (the 2.38 capture has none). */
export function notFoundMessage(version: Dhis2Version, message: string): Record<string, unknown> {
  return webMessage(404, 'ERROR', { message, ...(minorOf(version) >= 40 ? { errorCode: 'E1005' } : {}) });
}

/** 409 ConflictException: errorCode E1004 from 2.41 on. */
export function conflictMessage(version: Dhis2Version, message: string): Record<string, unknown> {
  return webMessage(409, 'ERROR', { message, ...(minorOf(version) >= 41 ? { errorCode: 'E1004' } : {}) });
}
