import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The headless Chromium to print with: $EDUPKG_CHROMIUM, else the usual system paths, else none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.EDUPKG_CHROMIUM) return existsSync(env.EDUPKG_CHROMIUM) ? env.EDUPKG_CHROMIUM : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Headless, no GPU, and none of Chromium's own network chatter (updates, sync, QUIC). */
export const QUIET_HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Runs headless Chromium on a local HTML file with one output flag (`--print-to-pdf=FILE`,
 * `--screenshot=FILE`), in a fresh profile, with no network features. Resolves true when it
 * exits 0 and the file exists.
 */
export function renderWithChromium(
  chromium: string,
  htmlFile: string,
  outputFlag: string,
  outputFile: string,
  extraArgs: string[] = [],
): Promise<boolean> {
  const profile = mkdtempSync(join(tmpdir(), 'edupkg-chromium-'));
  const args = [
    ...QUIET_HEADLESS_FLAGS,
    `--user-data-dir=${profile}`,
    `${outputFlag}=${outputFile}`,
    ...extraArgs,
    pathToFileURL(htmlFile).href,
  ];
  return new Promise((resolve) => {
    const child = spawn(chromium, args, { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      resolve(ok && existsSync(outputFile));
    };
    child.on('error', () => done(false));
    child.on('close', (code) => done(code === 0));
  });
}
