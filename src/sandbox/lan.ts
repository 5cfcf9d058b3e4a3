import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from '../dhis2/base-url.js';

/**
 * The URLs other machines use to reach a server listening on `host`: for 0.0.0.0 (or ::) every
 * non-internal IPv4 address of this machine, for a specific address just that one.
 */
export function lanUrls(host: string, port: number): string[] {
  if (isLoopbackHost(host)) return [];
  if (host !== '0.0.0.0' && host !== '::')
    return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a.address}:${port}`);
}
