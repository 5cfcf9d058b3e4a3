import { existsSync, readFileSync } from 'node:fs';
import { isMap, parseDocument } from 'yaml';
import { conflictError, inputError } from '../../errors/index.js';
import type { TargetConfig } from '../config.js';
import { writeFileAtomic } from '../fleet/write-file-atomic.js';
import { describeAjvError, schemaValidator } from '../schema/ajv.js';

/**
 * Adds a named target to edupkg.config.yaml (creating the file), keeping everything else in it,
 * comments included. An existing target of that name is replaced only with `force`.
 */
export function writeConfigTarget(
  file: string,
  name: string,
  target: TargetConfig,
  force: boolean,
): { created: boolean; replaced: boolean } {
  const created = !existsSync(file);
  const doc = created
    ? parseDocument('# edupkg project config: docs/targets.md. Secrets stay in environment variables.\n')
    : parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0)
    throw inputError('CONFIG.UNREADABLE', `${file}: ${doc.errors[0]!.message.split('\n')[0]}`, {
      file,
      fix: 'Fix the YAML, or pass --config with another file',
    });
  if (doc.contents !== null && !isMap(doc.contents))
    throw inputError('CONFIG.INVALID', `${file}: not a YAML mapping`, { file, fix: 'See docs/targets.md' });
  const replaced = doc.hasIn(['targets', name]);
  if (replaced && !force)
    throw conflictError('TARGET_EXISTS', `${file} already has a target "${name}"`, {
      file,
      field: `/targets/${name}`,
      fix: 'Choose another --target name, or pass --force to replace it',
    });
  doc.setIn(['targets', name], doc.createNode(target));
  const validate = schemaValidator('config.schema.json');
  if (!validate(doc.toJS()))
    throw inputError('CONFIG.INVALID', `${file}: ${describeAjvError(validate.errors![0]!)}`, {
      file,
      fix: 'See docs/targets.md',
    });
  writeFileAtomic(file, doc.toString({ lineWidth: 0 }));
  return { created, replaced };
}
