import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed edupkg folder (holds schemas/ and packages-metadata/), from src/ or dist/ alike. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCHEMAS_DIR = join(PROJECT_ROOT, 'schemas');
export const SHIPPED_PACKAGES_DIR = join(PROJECT_ROOT, 'packages-metadata');
