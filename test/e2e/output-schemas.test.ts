import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { DHIS2_VERSIONS } from '../../src/sandbox/types.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

function leafCommands(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return c.commands.length > 0 ? leafCommands(c, path) : [path.join(' ')];
  });
}

describe('--json output contracts', () => {
  it('has a JSON Schema in schemas/output/ for every command', () => {
    const program = buildProgram(async () => {}, '0.0.0');
    const missing = leafCommands(program)
      .filter((name) => name !== 'help')
      .filter((name) => !existsSync(join(REPO_ROOT, 'schemas', 'output', `${name.replace(/ /g, '-')}.json`)));
    expect(missing).toEqual([]);
  });

  it('accepts every sandbox version mode (2.38-2.44) wherever an output names a dhis2Version', () => {
    for (const command of ['sandbox start', 'sandbox status', 'sandbox reset']) {
      const enums: unknown[][] = [];
      const text = readFileSync(
        join(REPO_ROOT, 'schemas', 'output', `${command.replace(/ /g, '-')}.json`),
        'utf8',
      );
      JSON.parse(text, (key, value: unknown) => {
        const e = (value as { enum?: unknown[] } | null)?.enum;
        if (key === 'dhis2Version' && Array.isArray(e)) enums.push(e);
        return value;
      });
      expect({ command, enums }).toEqual({ command, enums: [[...DHIS2_VERSIONS]] });
    }
  });

  it('prints list, pack, build and docs results that match their schemas', async () => {
    const out = mkdtempSync(join(tmpdir(), 'edupkg-schemas-'));
    const runs: Array<[string, string[]]> = [
      ['list', ['list', '--json']],
      ['pack', ['pack', 'test/fixtures/packages/mini', '--out', out, '--json']],
      ['build', ['build', 'edu-core', '--profile', 'gm', '--out', join(out, 'edu-core-gm'), '--json']],
      ['docs', ['docs', 'edu-sdg4', '--format', 'md', '--out', join(out, 'sdg4.md'), '--json']],
    ];
    for (const [command, args] of runs) {
      const r = await runCli(args);
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code: 0, stderr: '' });
      const doc = r.json();
      expect(doc).toMatchObject({ ok: true, command });
      expect(outputSchemaErrors(command, doc)).toEqual([]);
    }
  });

  it('describes failures with the same envelope and schema', async () => {
    const r = await runCli(['pack', 'no/such/package', '--json']);
    expect(r.code).toBe(2);
    expect(outputSchemaErrors('pack', r.json())).toEqual([]);
  });
});
