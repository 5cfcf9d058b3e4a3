import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli.js';

/** ../shared/fixtures when present (CI has it); tests that need it skip their cases cleanly otherwise. */
export const SHARED_FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures');
export const hasSharedFixtures = existsSync(SHARED_FIXTURES);
export const sharedFixture = (...parts: string[]) => join(SHARED_FIXTURES, ...parts);
