import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { BIN, REPO_ROOT } from '../support/run-cli.js';

/**
 * Runs the shell of docs/ci.md as written: GitHub workflow `run:` steps (and the `run:` steps of the
 * repository's action.yml where a workflow uses it), GitLab `script:` lines and Jenkins `sh` blocks,
 * in a git workspace against two sandboxes. `uses:` steps other than our action (checkout, artifacts,
 * github-script) are GitHub's; their effect (a checked-out workspace, files passed between jobs) is
 * the shared workspace. The action's "Install edupkg" step is replaced by this build on PATH:
 * installing the packed tarball is test/dist's job.
 */
const DOC = readFileSync(join(REPO_ROOT, 'docs', 'ci.md'), 'utf8');
const ACTION = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionFile;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  id?: string;
}
interface Workflow {
  name: string;
  jobs: Record<string, { steps: Step[] }>;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  runs: { steps: Step[] };
}

function fencedBlocks(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

const SECRETS = { GM_PASSWORD: 'district', UG_USER: 'admin', UG_PASSWORD: 'district' };

describe('docs/ci.md, run as written', () => {
  let sandboxes: Sandbox[];
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandboxes = await Promise.all([0, 1].map(() => startSandbox({ port: 0, seed: 'demo' })));
    const root = mkdtempSync(join(tmpdir(), 'edupkg-ci-doc-'));
    const shim = join(root, 'bin');
    mkdirSync(shim);
    writeFileSync(join(shim, 'edupkg'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(shim, 'edupkg'), 0o755);
    // origin: main holds two packages, fleet.yaml and the config; the pull request edits one name.
    const origin = join(root, 'origin');
    const seed = join(root, 'seed');
    execFileSync('git', ['init', '-q', '-b', 'main', seed]);
    for (const name of ['mini-core', 'mini-dash'])
      cpSync(join(REPO_ROOT, 'test', 'fixtures', 'install', name), join(seed, 'packages', name), {
        recursive: true,
      });
    writeFileSync(join(seed, 'edupkg.config.yaml'), 'packagePaths: [packages]\n');
    writeFileSync(
      join(seed, 'fleet.yaml'),
      [
        'defaults: { username: admin, packages: [mini-dash] }',
        'targets:',
        `  - { name: gambia, url: "${sandboxes[0]!.url}", passwordEnv: GM_PASSWORD, stage: prod }`,
        `  - { name: uganda, url: "${sandboxes[1]!.url}", usernameEnv: UG_USER, passwordEnv: UG_PASSWORD, stage: prod }`,
        '',
      ].join('\n'),
    );
    git(seed, 'add', '-A');
    git(seed, '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'packages');
    execFileSync('git', ['clone', '-q', '--bare', seed, origin]);
    work = join(root, 'work');
    execFileSync('git', ['clone', '-q', origin, work]);
    const elements = join(work, 'packages', 'mini-core', 'metadata', 'dataElements.json');
    writeFileSync(
      elements,
      readFileSync(elements, 'utf8').replace(/"name": "([^"]+)"/, '"name": "$1 (renamed)"'),
    );
    const runnerTemp = join(root, 'runner-temp');
    mkdirSync(runnerTemp);
    env = {
      PATH: `${shim}:${process.env.PATH ?? ''}`,
      HOME: root,
      NO_COLOR: '1',
      CI: 'true',
      GITHUB_WORKSPACE: work,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: join(runnerTemp, 'output'),
      GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
      CI_COMMIT_TAG: 'v1.0.0',
    };
  });
  afterAll(async () => Promise.all(sandboxes.map((s) => s.close())));

  function git(cwd: string, ...args: string[]) {
    execFileSync('git', args, { cwd, stdio: 'ignore' });
  }

  /**
   * One shell script, bash -e as GitHub, GitLab and Jenkins run them. Asynchronous: the sandboxes
   * live in this process and must keep answering while the script runs.
   */
  function sh(script: string, extra: Record<string, string> = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-e', '-c', script], { cwd: work, env: { ...env, ...extra } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** GitHub expressions the docs may use in `env:` / `with:`; anything else fails the test. */
  function expand(value: string, inputs: Record<string, string> = {}): string {
    return String(value).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
      const known: Record<string, string> = {
        'github.base_ref': 'main',
        // A pull request from a branch of the repository itself (SARIF upload allowed).
        'github.event.pull_request.head.repo.full_name == github.repository': 'true',
        'github.event.pull_request.number': '7',
        'github.workspace': work,
        'runner.temp': env.RUNNER_TEMP!,
        ...Object.fromEntries(Object.entries(SECRETS).map(([k, v]) => [`secrets.${k}`, v])),
        ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`inputs.${k}`, v])),
      };
      if (!(expression in known))
        throw new Error(`docs/ci.md uses \${{ ${expression} }}, which this test does not know`);
      return known[expression]!;
    });
  }

  async function runStep(step: Step, inputs?: Record<string, string>) {
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, inputs)]),
    );
    expect(step.run).not.toMatch(/\$\{\{/); // values reach scripts through env:, never pasted in
    return sh(step.run!, stepEnv);
  }

  /** Our action: its run steps with the workflow's `with:` over the action's defaults. */
  async function runAction(step: Step) {
    const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([k, v]) => [k, v.default ?? '']));
    for (const [k, v] of Object.entries(step.with ?? {})) inputs[k] = expand(String(v), inputs);
    const install = ACTION.runs.steps.find((s) => s.name === 'Install edupkg')!;
    expect(install.run).toContain('npm pack');
    const validate = ACTION.runs.steps.find((s) => s.id === 'validate')!;
    writeFileSync(env.GITHUB_OUTPUT!, '');
    const r = await runStep(validate, inputs);
    expect(r.code).toBe(0);
    return Object.fromEntries(
      readFileSync(env.GITHUB_OUTPUT!, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('=') as [string, string]),
    );
  }

  async function runJob(steps: Step[]) {
    const results = [];
    for (const step of steps) {
      if (step.uses?.startsWith('OWNER/edupkg@')) results.push({ step, action: await runAction(step) });
      else if (step.run) {
        const r = await runStep(step);
        expect({ step: step.name, code: r.code, stderr: r.stderr }).toEqual({
          step: step.name,
          code: 0,
          stderr: expect.any(String),
        });
        results.push({ step, ...r });
      }
    }
    return results;
  }

  const workflows = () =>
    fencedBlocks('yaml')
      .map((text) => parse(text) as Workflow)
      .filter((w) => w && typeof w === 'object' && 'jobs' in w);

  it('pins edupkg everywhere it installs it (no unpinned npm install -g edupkg)', () => {
    expect(DOC).not.toMatch(/npm install (--global|-g) edupkg(\s|$)/);
    for (const w of workflows())
      for (const job of Object.values(w.jobs))
        for (const step of job.steps.filter((s) => s.uses?.includes('edupkg')))
          expect(step.uses).toMatch(/^OWNER\/edupkg@v\d+\.\d+\.\d+$/);
  });

  it('GitHub pull request workflow: SARIF with repository paths and lines, annotations, the diff for the sticky comment', async () => {
    const pr = workflows().find((w) => w.name === 'edupkg-pr')!;
    const [validate] = await runJob(pr.jobs.validate!.steps);
    const sarif = JSON.parse(
      readFileSync((validate as { action: Record<string, string> }).action['sarif-file']!, 'utf8'),
    ) as {
      runs: Array<{
        results: Array<{
          locations: Array<{
            physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
          }>;
        }>;
      }>;
    };
    const location = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    expect(location.artifactLocation.uri).toMatch(/^packages\/mini-(core|dash)\//);
    expect(location.region?.startLine).toBeGreaterThan(0);
    expect(readFileSync(join(work, 'edupkg-diff', 'diff.md'), 'utf8')).toContain('(renamed)');
    expect(readFileSync(join(work, 'edupkg-diff', 'pr-number'), 'utf8').trim()).toBe('7');
    // The comment workflow runs nothing from the pull request: no shell at all.
    const comment = workflows().find((w) => w.name === 'edupkg-comment')!;
    expect(comment.jobs.comment!.steps.filter((s) => s.run)).toEqual([]);
  });

  it('GitHub deploy workflow: plan on the tag, then apply exactly the reviewed plans', async () => {
    const deploy = workflows().find((w) => w.name === 'edupkg-deploy')!;
    await runJob(deploy.jobs.plan!.steps);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8')).toContain('gambia');
    await runJob(deploy.jobs.deploy!.steps);
    const result = (
      JSON.parse(readFileSync(join(work, 'deploy.json'), 'utf8')) as {
        result: { targets: Array<{ status: string }> };
      }
    ).result;
    expect(result.targets.map((t) => t.status)).toEqual(['installed', 'installed']);
  });

  it('GitLab CI: JUnit report, then plan and the manual deploy of the reviewed plans', async () => {
    const gitlab = fencedBlocks('yaml')
      .map((t) => parse(t) as Record<string, { script?: string[] }> & { stages?: string[] })
      .find((d) => d && Array.isArray(d.stages))!;
    for (const stage of gitlab.stages!) {
      const r = await sh(gitlab[stage]!.script!.join('\n'), SECRETS);
      expect({ stage, code: r.code, stderr: r.stderr }).toEqual({
        stage,
        code: 0,
        stderr: expect.any(String),
      });
    }
    expect(readFileSync(join(work, 'edupkg-junit.xml'), 'utf8')).toMatch(
      /<testsuites name="edupkg validate" tests="\d+" failures="0" errors="0"/,
    );
    expect(readFileSync(join(work, 'deploy-report.md'), 'utf8')).toContain('unchanged');
  });

  it('Jenkins: every sh block of the Jenkinsfile', async () => {
    const jenkinsfile = fencedBlocks('groovy')[0]!;
    const blocks = [...jenkinsfile.matchAll(/sh '''\n([\s\S]*?)'''/g)].map((m) => m[1]!);
    expect(blocks.length).toBe(3);
    for (const block of blocks) {
      const r = await sh(block, SECRETS);
      expect({ block, code: r.code, stderr: r.stderr }).toEqual({
        block,
        code: 0,
        stderr: expect.any(String),
      });
    }
    expect(readFileSync(join(work, 'edupkg-junit.xml'), 'utf8')).toContain('<testsuite name="mini-core"');
  });
});
