import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/command-table.js';
import { outputSchemaErrors } from '../support/output-schema.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const MINI = join(REPO_ROOT, 'test', 'fixtures', 'validate', 'hisp-mini.metadata.json');
// eslint-disable-next-line no-control-regex -- an ANSI colour escape is exactly what is looked for
const ANSI = /\u001b\[\d+m/;

describe('a CLI that guides its user', () => {
  it('shows examples in every command --help', async () => {
    for (const spec of COMMANDS) {
      const words = spec.usage.split(' ').filter((w) => !/^[<[]/.test(w));
      const r = await runCli([...words, '--help']);
      expect({ command: words.join(' '), code: r.code }).toEqual({ command: words.join(' '), code: 0 });
      expect(r.stdout).toMatch(/\nExamples:\n {2}\$ .*edupkg /);
    }
  });

  it('says "did you mean" for a mistyped command, flag or package name (exit 2)', async () => {
    const command = await runCli(['instal', 'edu-core']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('(Did you mean install?)');
    const flag = await runCli(['validate', MINI, '--formt', 'sarif']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('(Did you mean --format?)');
    const pkg = await runCli(['validate', 'edu-cor']);
    expect(pkg.code).toBe(2);
    expect(pkg.stderr).toContain('edu-cor: no such package, folder or file. Did you mean edu-core?');
  });

  it('prints completion scripts for bash, zsh and fish that complete commands, subcommands and flags', async () => {
    const bash = await runCli(['completion', 'bash']);
    expect(bash.code).toBe(0);
    const complete = (words: string[]) =>
      spawnSync(
        'bash',
        [
          '-c',
          `source /dev/stdin <<'EOF'\n${bash.stdout}EOF\nCOMP_WORDS=(${words.join(' ')}); COMP_CWORD=${words.length - 1}; _edupkg; echo "\${COMPREPLY[*]}"`,
        ],
        { encoding: 'utf8' },
      ).stdout.trim();
    expect(complete(['edupkg', 'ins'])).toBe('install');
    expect(complete(['edupkg', 'sandbox', 'st']).split(' ').sort()).toEqual(['start', 'status', 'stop']);
    expect(complete(['edupkg', 'plan', 'x', '--ou'])).toBe('--out');
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef edupkg\n/);
    expect(spawnSync('bash', ['-n'], { input: zsh.stdout.replace(/^autoload.*$/m, '') }).status).toBe(0);
    const fish = await runCli(['completion', 'fish']);
    expect(fish.stdout).toContain("complete -c edupkg -f -n '__fish_use_subcommand' -a 'deploy'");
    expect(fish.stdout).toContain(
      "complete -c edupkg -n '__fish_seen_subcommand_from validate' -l sarif-root",
    );
    const json = await runCli(['completion', 'fish', '--json']);
    expect(outputSchemaErrors('completion', json.json())).toEqual([]);
    const other = await runCli(['completion', 'tcsh']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('fix: Run `edupkg completion bash` (or zsh, fish)');
  });

  it('keeps an old flag spelling working with a deprecation warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edupkg-alias-'));
    // --count 0 stops the run right after the flags are read; the warning comes while reading them.
    const r = await runCli([
      'sandbox',
      'fleet',
      '--count',
      '0',
      '--packages',
      'edu-core',
      '--out',
      dir,
      '--users',
      '2',
    ]);
    expect(r.stderr).toContain('edupkg: warning: --users is deprecated; use --training-users');
    expect(r.code).toBe(2);
    const help = await runCli(['sandbox', 'fleet', '--help']);
    expect(help.stdout).toContain('--training-users');
    expect(help.stdout).not.toContain('--users');
  });

  it('finds edupkg.config.yaml up the directory tree, then in $XDG_CONFIG_HOME/edupkg/config.yaml', async () => {
    const root = mkdtempSync(join(tmpdir(), 'edupkg-config-'));
    const deep = join(root, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    const xdg = join(root, 'xdg');
    mkdirSync(join(xdg, 'edupkg'), { recursive: true });
    writeFileSync(join(xdg, 'edupkg', 'config.yaml'), 'targets:\n  home: { url: "http://127.0.0.1:9" }\n');
    const env = { XDG_CONFIG_HOME: xdg, EDUPKG_SERVER: undefined };
    const fromXdg = await runCli(['status', '--target', 'nosuch'], { cwd: deep, env });
    expect(fromXdg.code).toBe(2);
    expect(fromXdg.stderr).toContain(`no such target in ${join(xdg, 'edupkg', 'config.yaml')}`);
    expect(fromXdg.stderr).toContain('Known targets: home');
    writeFileSync(
      join(root, 'a', 'edupkg.config.yaml'),
      'targets:\n  project: { url: "http://127.0.0.1:9" }\n',
    );
    const fromTree = await runCli(['status', '--target', 'nosuch'], { cwd: deep, env });
    expect(fromTree.stderr).toContain(`no such target in ${join(root, 'a', 'edupkg.config.yaml')}`);
    expect(fromTree.stderr).toContain('Known targets: project');
  });

  it('honours NO_COLOR and FORCE_COLOR=0, and FORCE_COLOR=1 forces colour off a TTY', async () => {
    const forced = await runCli(['validate', MINI], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stderr).toMatch(ANSI);
    const off = await runCli(['validate', MINI], { env: { NO_COLOR: undefined, FORCE_COLOR: '0' } });
    expect(off.stderr).not.toMatch(ANSI);
    const noColor = await runCli(['validate', MINI], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(noColor.stderr).not.toMatch(ANSI);
  });
});
