/** The DHIS2 wire layer: the only place that knows HTTP and DHIS2 response formats. */
export * from './client.js';
export * from './import-report.js';
export * from './data-value-import.js';
export * from './base-url.js';
export * from './target.js';
export { dhis2VersionToSemver } from '../core/package/manifest.js';
