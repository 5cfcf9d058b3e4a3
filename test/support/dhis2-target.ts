import { startSandbox, type Dhis2Version, type Sandbox } from '../../src/sandbox/index.js';

/** Where a fidelity test runs: a fresh embedded sandbox, or the real DHIS2 named by the environment. */
export interface Dhis2Target {
  url: string;
  username: string;
  password: string;
  /** True for a sandbox started just for this test (empty apart from its seed). */
  fresh: boolean;
  real: boolean;
  close(): Promise<void>;
}

const env = process.env;

/** Set EDUPKG_TEST_DHIS2_URL, _USERNAME and _PASSWORD to run the fidelity suite against a real server. */
export const realDhis2 =
  env.EDUPKG_TEST_DHIS2_URL && env.EDUPKG_TEST_DHIS2_USERNAME && env.EDUPKG_TEST_DHIS2_PASSWORD
    ? {
        url: env.EDUPKG_TEST_DHIS2_URL.replace(/\/$/, ''),
        username: env.EDUPKG_TEST_DHIS2_USERNAME,
        password: env.EDUPKG_TEST_DHIS2_PASSWORD,
      }
    : undefined;

/** A target for one test: the real server when configured, else a fresh sandbox of `version`. */
export async function openTarget(
  version: Dhis2Version,
  seed: 'demo' | 'empty' = 'empty',
): Promise<Dhis2Target> {
  if (realDhis2) return { ...realDhis2, fresh: false, real: true, close: async () => {} };
  const sandbox: Sandbox = await startSandbox({ dhis2Version: version, seed });
  return {
    url: sandbox.url,
    username: 'admin',
    password: 'district',
    fresh: true,
    real: false,
    close: () => sandbox.close(),
  };
}
