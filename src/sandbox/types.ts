/** DHIS2 versions the sandbox can imitate (the Web API's behaviour differs between them). */
export type Dhis2Version = '2.38' | '2.39' | '2.40' | '2.41' | '2.42' | '2.43' | '2.44';
export const DHIS2_VERSIONS: readonly Dhis2Version[] = [
  '2.38',
  '2.39',
  '2.40',
  '2.41',
  '2.42',
  '2.43',
  '2.44',
];

export type SeedKind = 'demo' | 'empty';

/** A JSON object as DHIS2 sends and stores it. */
export type JsonObject = Record<string, unknown>;

/** One fault rule: requests whose path matches `path` (a regex) are delayed, failed or dropped. */
export interface FaultRule {
  path: string;
  method?: string;
  status?: 500 | 502 | 503 | 504;
  latencyMs?: number;
  /** Destroy the socket without an answer. */
  drop?: true;
  /** Only the nth matching request (1-based). */
  nth?: number;
  /** Stop after this many faults. */
  times?: number;
}

/** DHIS2's demo password: public, so never accepted on a non-loopback interface. */
export const DEFAULT_PASSWORD = 'district';
/** Header on /api/ping carrying "<pid> <instance token>". */
export const INSTANCE_HEADER = 'x-edupkg-sandbox-instance';

export interface SandboxOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  /** Folder for the SQLite file; undefined = in memory. */
  dataDir?: string;
  dhis2Version?: Dhis2Version;
  seed?: SeedKind;
  username?: string;
  /** Undefined: a new database gets the demo password, an existing one keeps what it stores. */
  password?: string;
  /** Largest request body accepted, as sent and once inflated (default 256 MiB); larger gets 413. */
  maxBodyBytes?: number;
  /** Written to the state file by `sandbox start` and echoed on /api/ping, so `stop` kills only its own process. */
  instanceToken?: string;
  faults?: FaultRule[];
  /** The clock relative periods are counted from (default: the system clock). */
  now?: () => Date;
  /** Serve POST /api/__sandbox/faults (tests and CI only). */
  enableFaultEndpoint?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  dhis2Version: Dhis2Version;
  close(): Promise<void>;
  requestCount(): number;
  resetRequestCount(): void;
  setFaults(rules: FaultRule[]): void;
  /** Number of stored metadata objects per type (for `sandbox status`). */
  objectCounts(): Record<string, number>;
}

export function isDhis2Version(value: string): value is Dhis2Version {
  return (DHIS2_VERSIONS as readonly string[]).includes(value);
}

/** "2.41" -> 41; handy for "from 2.40 on" comparisons. */
export function minorOf(version: Dhis2Version): number {
  return Number(version.slice(2));
}
