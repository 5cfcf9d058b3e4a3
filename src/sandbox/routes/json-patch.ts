import type { JsonObject } from '../types.js';

/**
 * RFC 6902 JSON Patch as DHIS2's JsonPatchManager applies it to an object before a PATCH
 * import. A bad operation throws JsonPatchError, which DHIS2 answers with 400 (CrudControllerAdvice).
 */
export class JsonPatchError extends Error {}

type Container = JsonObject | unknown[];

function pointer(path: unknown): string[] {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/')))
    throw new JsonPatchError(`Invalid JSON pointer: ${String(path)}`);
  return path
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(root: JsonObject, tokens: string[]): { parent: Container; key: string } {
  let node: unknown = root;
  for (const token of tokens.slice(0, -1)) {
    const next: unknown = Array.isArray(node)
      ? node[Number(token)]
      : typeof node === 'object' && node !== null
        ? (node as JsonObject)[token]
        : undefined;
    if (typeof next !== 'object' || next === null)
      throw new JsonPatchError(`Path does not exist: /${tokens.join('/')}`);
    node = next;
  }
  return { parent: node as Container, key: tokens[tokens.length - 1] ?? '' };
}

function read(root: JsonObject, tokens: string[]): unknown {
  if (tokens.length === 0) return root;
  const { parent, key } = parentOf(root, tokens);
  const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (value === undefined) throw new JsonPatchError(`Path does not exist: /${tokens.join('/')}`);
  return value;
}

function remove(root: JsonObject, tokens: string[]): unknown {
  const value = read(root, tokens);
  const { parent, key } = parentOf(root, tokens);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

function add(root: JsonObject, tokens: string[], value: unknown): void {
  const { parent, key } = parentOf(root, tokens);
  if (!Array.isArray(parent)) {
    parent[key] = value;
    return;
  }
  const at = key === '-' ? parent.length : Number(key);
  if (!Number.isInteger(at) || at < 0 || at > parent.length)
    throw new JsonPatchError(`Array index out of bounds: ${key}`);
  parent.splice(at, 0, value);
}

/** Applies `operations` to a copy of `target`. */
export function applyJsonPatch(target: JsonObject, operations: unknown): JsonObject {
  if (!Array.isArray(operations)) throw new JsonPatchError('A JSON Patch must be an array of operations');
  const root = structuredClone(target);
  for (const raw of operations) {
    const op = (raw ?? {}) as JsonObject;
    const path = pointer(op.path);
    if (path.length === 0) throw new JsonPatchError('Replacing the whole object is not supported');
    switch (op.op) {
      case 'add':
        add(root, path, structuredClone(op.value));
        break;
      case 'remove':
        remove(root, path);
        break;
      case 'replace':
        remove(root, path);
        add(root, path, structuredClone(op.value));
        break;
      case 'move':
        add(root, path, remove(root, pointer(op.from)));
        break;
      case 'copy':
        add(root, path, structuredClone(read(root, pointer(op.from))));
        break;
      case 'test':
        if (JSON.stringify(read(root, path)) !== JSON.stringify(op.value))
          throw new JsonPatchError(`Value of ${String(op.path)} does not match`);
        break;
      default:
        throw new JsonPatchError(`Unsupported JSON Patch operation: ${String(op.op)}`);
    }
  }
  return root;
}
