/** The embedded DHIS2 sandbox: a faithful local DHIS2 Web API for tests, CI and trainers. */
export { startSandbox } from './server.js';
export type { Sandbox, SandboxOptions, FaultRule, Dhis2Version, SeedKind } from './types.js';
export { DHIS2_VERSIONS, isDhis2Version } from './types.js';
export { ADMIN_UID, DEMO_LEVELS, DEMO_ROOT_UID } from './seed.js';
