import { redactValue } from './redact.js';

export interface ErrorPayload {
  code: string;
  message: string;
  exitCode: number;
  where?: Record<string, unknown>;
  fix?: string;
  details?: unknown;
}

/** The one --json document: the same shape for success and failure, one per run. */
export interface JsonEnvelope<T = unknown> {
  ok: boolean;
  command: string;
  version: string;
  result?: T;
  error?: ErrorPayload;
  warnings: string[];
}

export function successEnvelope<T>(
  command: string,
  version: string,
  result: T,
  warnings: string[],
  ok = true,
) {
  return redactValue<JsonEnvelope<T>>({ ok, command, version, result, warnings });
}

export function failureEnvelope(command: string, version: string, error: ErrorPayload, warnings: string[]) {
  return redactValue<JsonEnvelope>({ ok: false, command, version, error, warnings });
}
