import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli, type CliResult } from '../support/run-cli.js';

export const MINI = join(REPO_ROOT, 'test', 'fixtures', 'install');
export const VOLATILE = new Set([
  'created',
  'lastUpdated',
  'createdBy',
  'lastUpdatedBy',
  'href',
  'access',
  'displayName',
]);

/** Runs the real binary against a server, credentials from the environment, in an empty folder. */
export function edupkg(
  url: string,
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<CliResult> {
  return runCli(args, {
    cwd: cwd ?? mkdtempSync(join(tmpdir(), 'edupkg-install-cwd-')),
    env: { EDUPKG_SERVER: url, EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district', CI: '1', ...env },
  });
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from('admin:district').toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export const importDirect = (url: string, payload: unknown) =>
  call(url, 'POST', '/api/metadata?importStrategy=CREATE_AND_UPDATE&atomicMode=ALL', payload);
export const putDataStore = (url: string, key: string, value: unknown) =>
  call(url, 'PUT', `/api/dataStore/edupkg/${key}`, value);

/** Every metadata object on the server, volatile fields dropped and sorted: "the server's state". */
export async function exportState(url: string): Promise<Record<string, unknown[]>> {
  const all = (await call(url, 'GET', '/api/metadata?fields=:owner')) as Record<string, unknown>;
  const state: Record<string, unknown[]> = {};
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !VOLATILE.has(k))
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return value;
  };
  for (const [type, list] of Object.entries(all)) {
    if (!Array.isArray(list) || type === 'system') continue;
    state[type] = list.map(strip).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return state;
}

export async function getObject(url: string, type: string, id: string): Promise<Record<string, unknown>> {
  return (await call(url, 'GET', `/api/${type}/${id}`)) as Record<string, unknown>;
}

/** A copy of a fixture package in a temp folder (with its siblings, so dependencies resolve), edited. */
export function copyPackages(edit?: (root: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'edupkg-install-pkgs-'));
  cpSync(join(MINI, 'mini-core'), join(root, 'mini-core'), { recursive: true });
  cpSync(join(MINI, 'mini-dash'), join(root, 'mini-dash'), { recursive: true });
  edit?.(root);
  return root;
}

export function editJson(
  file: string,
  change: (value: Record<string, Array<Record<string, unknown>>>) => void,
): void {
  const value = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Array<Record<string, unknown>>>;
  change(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
}
