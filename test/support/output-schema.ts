import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { REPO_ROOT } from './run-cli.js';

const ajv = new Ajv({ allErrors: true, strict: false });

/** Validates a --json document against schemas/output/<command>.json; returns the errors, [] when valid. */
export function outputSchemaErrors(command: string, document: unknown): string[] {
  const file = join(REPO_ROOT, 'schemas', 'output', `${command.replace(/ /g, '-')}.json`);
  const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
