import type { Dhis2Client } from '../../dhis2/client.js';
import { interruptedError } from '../../errors/index.js';

/**
 * The client a locked run works through: once `signal` is aborted (Ctrl-C, SIGTERM) it starts no
 * further request. The one in flight finishes — cutting an import off mid-answer would only turn
 * "done" into "unknown" — and the run unwinds to release its lock, journal kept.
 */
export function interruptible(client: Dhis2Client, signal: AbortSignal | undefined): Dhis2Client {
  if (!signal) return client;
  const guard = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        if (typeof value === 'function') {
          return (...args: unknown[]): unknown => {
            if (signal.aborted)
              throw interruptedError('interrupted before the next request; nothing more was sent');
            return (value as (...a: unknown[]) => unknown).apply(object, args);
          };
        }
        return property === 'dataStore' && value && typeof value === 'object' ? guard(value) : value;
      },
    });
  return guard(client);
}
