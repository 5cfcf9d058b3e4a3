import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One sandbox of a fleet as the registry remembers it. */
export interface FleetMember {
  name: string;
  dataDir: string;
  url: string;
  /** The same sandbox as trainees on the LAN reach it (--host 0.0.0.0). */
  lanUrls: string[];
}

/** A `sandbox fleet` run: found again by `sandbox status`, `stop --fleet` and `reset`. */
export interface FleetRecord {
  name: string;
  out: string;
  /** The process serving a foreground fleet; detached sandboxes each have their own (in their state files). */
  pid: number;
  detached: boolean;
  host: string;
  startedAt: string;
  sandboxes: FleetMember[];
}

/**
 * Where fleets register: $EDUPKG_STATE_DIR, else $XDG_STATE_HOME/edupkg, else ~/.local/state/edupkg.
 * Per user rather than per project, so `sandbox status` run anywhere lists every classroom.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EDUPKG_STATE_DIR) return env.EDUPKG_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state'), 'edupkg');
}

const fleetsDir = () => join(stateDir(), 'fleets');
const fileOf = (name: string) => join(fleetsDir(), `${encodeURIComponent(name)}.json`);

export function registerFleet(record: FleetRecord): void {
  mkdirSync(fleetsDir(), { recursive: true });
  writeFileSync(fileOf(record.name), `${JSON.stringify(record, null, 2)}\n`);
}

export function forgetFleet(name: string): void {
  rmSync(fileOf(name), { force: true });
}

export function readFleet(name: string): FleetRecord | undefined {
  try {
    return JSON.parse(readFileSync(fileOf(name), 'utf8')) as FleetRecord;
  } catch {
    return undefined;
  }
}

export function listFleets(): FleetRecord[] {
  if (!existsSync(fleetsDir())) return [];
  return readdirSync(fleetsDir())
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const record = readFleet(decodeURIComponent(f.slice(0, -'.json'.length)));
      return record ? [record] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
