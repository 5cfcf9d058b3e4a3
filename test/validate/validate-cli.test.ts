import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { schemaValidator } from '../../src/core/schema/ajv.js';
import { runCli, REPO_ROOT } from '../support/run-cli.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'validate');
const CLEAN = join(FIXTURES, 'clean');
const MINI = join(FIXTURES, 'hisp-mini.metadata.json');
const envelopeSchema = schemaValidator('output/validate.json');

/** The parts of SARIF 2.1.0 that code scanning tools read; enough to fail on a wrong shape. */
const sarifSchema = new Ajv({ strict: false }).compile({
  type: 'object',
  required: ['version', '$schema', 'runs'],
  properties: {
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'version', 'informationUri', 'rules'],
                properties: { rules: { type: 'array', items: { type: 'object', required: ['id'] } } },
              },
            },
          },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'level', 'message', 'locations'],
              properties: {
                level: { enum: ['error', 'warning', 'note', 'none'] },
                message: { type: 'object', required: ['text'] },
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['physicalLocation'],
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        required: ['artifactLocation'],
                        properties: { artifactLocation: { type: 'object', required: ['uri'] } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
});

const expectNoStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('edupkg validate (CLI)', () => {
  it('exits 0 for a clean package and prints a --json envelope that matches its schema', async () => {
    const run = await runCli(['validate', CLEAN, '--json']);
    expect(run.code).toBe(0);
    const envelope = run.json();
    expect(envelopeSchema(envelope)).toBe(true);
    expect(envelope).toMatchObject({
      ok: true,
      command: 'validate',
      result: { counts: { error: 0 }, dhis2Versions: ['2.40', '2.41'] },
    });
  });

  it('exits 4 with findings for a package with errors, ok false, and the envelope still matches the schema', async () => {
    const run = await runCli(['validate', MINI, '--json']);
    expect(run.code).toBe(4);
    const envelope = run.json() as {
      ok: boolean;
      result: { findings: Array<{ rule: string; objectId?: string; hispRule?: string }> };
    };
    expect(envelopeSchema(envelope)).toBe(true);
    expect(envelope.ok).toBe(false);
    const found = envelope.result.findings.map((f) => `${f.rule} ${f.objectId ?? ''}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'unique.property miniDeB0001',
        'unique.duplicate-id miniDeB0001',
        'structure.required miniDeB0001',
        'reference.missing miniDeA0001',
        'expression.syntax miniInd0001',
        'expression.unknown-reference miniInd0001',
        'option.sort-order miniOptSet1',
        'sharing.external-access miniUgroup1',
        'indicator.config-placeholder miniInd0002',
      ]),
    );
  });

  it('prints the text report grouped by package, file and type on stderr with a summary line', async () => {
    const run = await runCli(['validate', MINI]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('mini-agg  test/fixtures/validate/hisp-mini.metadata.json  dataElements');
    expect(run.stderr).toMatch(/1 package\(s\), 10 objects, DHIS2 2\.41: 7 error\(s\)/);
  });

  it('prints valid SARIF 2.1.0, JUnit XML and GitHub annotations on stdout', async () => {
    const sarif = await runCli(['validate', MINI, '--format', 'sarif']);
    expect(sarif.code).toBe(4);
    const document = JSON.parse(sarif.stdout) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: unknown[] }> }>;
    };
    expect(sarifSchema(document)).toBe(true);
    expect(document.runs[0]!.results.length).toBeGreaterThan(5);
    const junit = await runCli(['validate', MINI, '--format', 'junit']);
    expect(junit.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="edupkg validate" tests="\d+" failures="\d+" errors="0" time="[\d.]+">/,
    );
    expect(junit.stdout).toContain('<failure type="unique.duplicate-id"');
    const github = await runCli(['validate', MINI, '--format', 'github']);
    expect(github.stdout.split('\n')).toContainEqual(
      expect.stringMatching(
        /^::error file=test\/fixtures\/validate\/hisp-mini\.metadata\.json,line=\d+,col=\d+,title=option\.sort-order \(O-MQ-2\)::optionSets miniOptSet1 "Mini set": /,
      ),
    );
    const json = await runCli(['validate', CLEAN, '--format', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ counts: { error: 0 } });
  });

  it('lets --severity and the config file change severities, by rule id, HISP alias or family', async () => {
    const lowered = await runCli(['validate', MINI, '--severity', '*=warning']);
    expect(lowered.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-validate-config-'));
    writeFileSync(join(dir, 'edupkg.config.yaml'), 'severity:\n  O-MQ-2: off\n  description.*: off\n');
    const configured = await runCli(['validate', MINI, '--json'], { cwd: dir });
    const rules = (
      configured.json() as { result: { findings: Array<{ rule: string }> } }
    ).result.findings.map((f) => f.rule);
    expect(rules).not.toContain('option.sort-order');
    expect(rules).not.toContain('description.missing');
    const typo = await runCli(['validate', MINI, '--severity', 'no.such-rule=off']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^edupkg: error: unknown rule "no\.such-rule"/);
  });

  describe('malformed input ends in one line and exit 2 or 4, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-validate-malformed-'));
    const write = (name: string, content: string | Buffer) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const bombDir = join(dir, 'bomb');
    mkdirSync(join(bombDir, 'metadata'), { recursive: true });
    const aliases = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghij'
        .split('')
        .map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(',')}]`),
    ];
    writeFileSync(
      join(bombDir, 'package.yaml'),
      `name: bomb\nversion: 1.0.0\ntitle: t\ndhis2: "*"\n${aliases.join('\n')}\n`,
    );
    const cases: Array<[string, () => string, number, RegExp]> = [
      [
        'truncated JSON',
        () => write('truncated.json', '{"dataElements": [{"id": "abc"'),
        2,
        /truncated\.json:1:\d+: invalid JSON/,
      ],
      [
        'invalid UTF-8',
        () => write('latin1.json', Buffer.from([0x7b, 0x22, 0x6e, 0xe9, 0x22, 0x3a, 0x31, 0x7d])),
        2,
        /latin1\.json:1:\d+: invalid UTF-8/,
      ],
      ['a YAML alias bomb', () => bombDir, 2, /package\.yaml: (invalid YAML|.*alias)/i],
      [
        'a type list that is not an array',
        () => write('wrong-type.json', '{"dataElements": {"id": "x"}}'),
        2,
        /\/dataElements: expected an array/,
      ],
      [
        'entries that are not objects',
        () => write('not-objects.json', '{"dataElements": [1, "x", null]}'),
        4,
        /error\(s\)/,
      ],
      [
        '__proto__ keys',
        () =>
          write(
            'proto.json',
            '{"dataElements": [{"__proto__": {"admin": true}, "id": "abcdefghij1", "name": "n"}]}',
          ),
        2,
        /proto\.json:1:20: invalid JSON: "__proto__" is not allowed as a key/,
      ],
    ];
    it.each(cases)('%s', async (_name, make, code, message) => {
      const run = await runCli(['validate', make()]);
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(message);
      if (code === 2)
        expect(
          run.stderr
            .trim()
            .split('\n')
            .filter((l) => !l.startsWith('  fix:')),
        ).toHaveLength(1);
      expectNoStack(run.stderr);
    });
  });
});
