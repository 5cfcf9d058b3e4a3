import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli, type CliResult } from '../support/run-cli.js';
import { callApi, readServerState } from '../support/server-state.js';

export const MINI = join(REPO_ROOT, 'test', 'fixtures', 'install');
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

const call = async (url: string, method: string, path: string, body?: unknown) =>
  (await callApi(url, method, path, body)).body;

export const importDirect = (url: string, payload: unknown) =>
  call(url, 'POST', '/api/metadata?importStrategy=CREATE_AND_UPDATE&atomicMode=ALL', payload);
export const putDataStore = (url: string, key: string, value: unknown) =>
  call(url, 'PUT', `/api/dataStore/edupkg/${key}`, value);

/** Every metadata object on the server, normalised as the fault suites compare it: "the server's state". */
export async function exportState(url: string): Promise<Record<string, unknown[]>> {
  return (await readServerState(url)).metadata;
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
