import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { QUIET_HEADLESS_FLAGS } from '../../src/core/training/class-sheet-pdf.js';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = '/tmp/web-shots';

/**
 * Debian's Chromium, headless, in a fresh profile. A missing browser fails the test loudly
 * (.ci/run installs it); only EDUPKG_BROWSER_TESTS=off, said on purpose, turns the test off.
 */
export const browserTestsOff = process.env.EDUPKG_BROWSER_TESTS === 'off';

export async function openBrowser(): Promise<{
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set EDUPKG_BROWSER_TESTS=off)`);
  const profile = mkdtempSync(join(tmpdir(), 'edupkg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1400, height: 1000 },
    args: QUIET_HEADLESS_FLAGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`uncaught errors in the page: ${errors.join('; ')}`);
    },
  };
}

/** Logs in through the sandbox's login form and waits for the page to be ready. */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel(/username/i).fill(username);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /log in/i }).click();
  await page.waitForSelector('body[data-ready="true"]');
}

/** Maps every element `selector` finds through `expression` (of `e`); a string, as tests have no DOM types. */
export function eachElement<T>(page: Page, selector: string, expression: string): Promise<T[]> {
  return page.evaluate<T[]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => ${expression})`,
  );
}
