import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { edupkgAgainst, prepareScenario, withSandbox, type FaultScenario } from './fault-harness.js';
import { MINI_FIXTURES } from './fault-suite.js';
import { readServerState, whichState } from '../support/server-state.js';

/**
 * The sandbox's faults strike before a request is served. The nastier real case is a request the
 * server carries out but whose answer never arrives. A loopback proxy between the CLI and the
 * sandbox forwards the COMMIT, lets the sandbox apply it, then drops the connection.
 */
async function startAnswerDroppingProxy(
  target: string,
  drop: (req: IncomingMessage) => boolean,
): Promise<Server & { url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k),
        ),
      ) as Record<string, string>;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      void fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body ? { body } : {}),
      }).then(
        async (answer) => {
          const text = Buffer.from(await answer.arrayBuffer());
          if (drop(req)) return req.socket.destroy();
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          });
          res.end(text);
        },
        () => req.socket.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(server, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

const scenario: FaultScenario = {
  name: 'lost-answer',
  seed: 'demo',
  setup: async () => {},
  args: ['install', join(MINI_FIXTURES, 'mini-dash')],
  timeoutSeconds: 2,
  idempotent: true,
};
const baseline = await prepareScenario(scenario);

describe('an import the server applied but never answered', () => {
  it('is reported as possibly applied, kept as pending in the lock, recorded by the next run, and can still be rolled back', async () => {
    await withSandbox(baseline.snapshotDir, [], async (sandbox, cwd) => {
      let dropped = 0;
      const proxy = await startAnswerDroppingProxy(sandbox.url, (req) => {
        const isCommit = req.method === 'POST' && /^\/api\/metadata\?.*importMode=COMMIT/.test(req.url ?? '');
        return isCommit && dropped++ === 0;
      });
      try {
        const args = ['install', join(MINI_FIXTURES, 'mini-dash'), '--yes', '--timeout', '2'];
        const first = await edupkgAgainst(proxy.url, args, cwd);
        expect(`exit ${first.code}: ${first.stderr}`).toMatch(
          /^exit 7: edupkg: error: .*may have applied the import/,
        );
        const afterFault = await readServerState(sandbox.url);
        expect(whichState(afterFault, baseline.known)).toEqual({ metadata: 'after', ledger: 'before' });
        expect(afterFault.lock).toMatchObject({ released: true, pending: { kind: 'install' } });

        const second = await edupkgAgainst(proxy.url, [...args, '--json'], cwd);
        expect(second.code).toBe(0);
        expect(second.json().warnings).toEqual([
          expect.stringContaining('had reached the server; its ledger records were written now'),
        ]);
        const final = await readServerState(sandbox.url);
        expect(final.ledger).toEqual(baseline.known.after.ledger);
        expect(final.lock).toBeUndefined();

        // The recorded snapshot is the one from the first run: rollback restores the server exactly.
        for (const name of ['mini-dash', 'mini-core'])
          expect((await edupkgAgainst(proxy.url, ['rollback', name, '--yes'], cwd)).code).toBe(0);
        expect((await readServerState(sandbox.url)).metadata).toEqual(baseline.known.before.metadata);
      } finally {
        proxy.closeAllConnections();
        await new Promise((resolve) => proxy.close(resolve));
      }
    });
  });
});
