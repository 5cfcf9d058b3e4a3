import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, extract } from 'tar';
import { moveIntoPlace } from '../../src/core/io/write-output.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const MINI = join(REPO_ROOT, 'test', 'fixtures', 'packages', 'mini');
const tempDir = () => mkdtempSync(join(tmpdir(), 'edupkg-hostile-files-'));
function miniCopy(): string {
  const dir = join(tempDir(), 'mini');
  cpSync(MINI, dir, { recursive: true });
  return dir;
}
const errorOf = async (args: string[], env: Record<string, string> = {}, cwd?: string) => {
  const r = await runCli([...args, '--json'], { env, ...(cwd ? { cwd } : {}) });
  return { code: r.code, error: (r.json().error ?? {}) as Record<string, string>, stderr: r.stderr };
};

describe('package folders', () => {
  it('refuses a symbolic link instead of following it, and never prints what it points at', async () => {
    const pkg = miniCopy();
    const secret = join(tempDir(), 'secret.json');
    writeFileSync(secret, '{"dataElements": [{"id": "TopSecret01", "name": "do not read me"}]}');
    symlinkSync(secret, join(pkg, 'metadata', 'linked.json'));
    const file = await errorOf(['validate', pkg]);
    expect(file).toMatchObject({ code: 2, error: { code: 'INPUT.SYMLINK' } });
    expect(JSON.stringify(file)).not.toContain('TopSecret01');

    const folder = miniCopy();
    const elsewhere = join(tempDir(), 'metadata');
    cpSync(join(folder, 'metadata'), elsewhere, { recursive: true });
    rmSync(join(folder, 'metadata'), { recursive: true });
    symlinkSync(elsewhere, join(folder, 'metadata'));
    expect(await errorOf(['validate', folder])).toMatchObject({ code: 2, error: { code: 'INPUT.SYMLINK' } });

    const manifest = miniCopy();
    const realManifest = join(tempDir(), 'package.yaml');
    cpSync(join(manifest, 'package.yaml'), realManifest);
    rmSync(join(manifest, 'package.yaml'));
    symlinkSync(realManifest, join(manifest, 'package.yaml'));
    expect(await errorOf(['validate', manifest])).toMatchObject({
      code: 2,
      error: { code: 'INPUT.SYMLINK' },
    });
  });

  it('refuses a named pipe (which would block forever) and a file over the size limit, by name', async () => {
    const fifo = miniCopy();
    execFileSync('mkfifo', [join(fifo, 'metadata', 'pipe.json')]);
    const r = await errorOf(['validate', fifo]);
    expect(r).toMatchObject({ code: 2, error: { code: 'INPUT.NOT_A_FILE' } });
    expect(r.error.message).toContain('pipe.json: not a regular file (a named pipe)');

    const huge = miniCopy();
    const big = join(huge, 'metadata', 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 512 * 1024 * 1024 + 1); // sparse: no disk space used
    const tooLarge = await errorOf(['validate', huge]);
    expect(tooLarge).toMatchObject({ code: 2, error: { code: 'INPUT.TOO_LARGE' } });
    expect(tooLarge.error.message).toContain('big.json is 536870913 bytes');
  });

  it('reports duplicate and __proto__ keys at their line and column, and never quotes the text of a syntax error', async () => {
    const pkg = miniCopy();
    const file = join(pkg, 'metadata', 'extra.json');
    writeFileSync(
      file,
      '{\n  "dataElements": [\n    { "id": "MiniDeExtra", "name": "a",\n      "name": "b" }\n  ]\n}\n',
    );
    expect((await errorOf(['validate', pkg])).error.message).toBe(
      `${file}:4:7: invalid JSON: duplicate key "name" (first at line 3, column 28)`,
    );
    writeFileSync(
      file,
      '{"dataElements": [{"id": "MiniDeExtra",\n "sharing": {"__proto__": {"isAdmin": true}}}]}',
    );
    expect((await errorOf(['validate', pkg])).error.message).toBe(
      `${file}:2:14: invalid JSON: "__proto__" is not allowed as a key (it could alter object prototypes)`,
    );
    writeFileSync(file, '{"dataElements": [{"password": "Hunter2-Secret"\n   "x": 1}]}');
    const syntax = await errorOf(['validate', pkg]);
    expect(syntax.error.message).toBe(`${file}:2:4: invalid JSON: unexpected '"', expected ',' or '}'`);
    expect(JSON.stringify(syntax)).not.toContain('Hunter2');
    writeFileSync(
      join(pkg, 'package.yaml'),
      `${readFileSync(join(MINI, 'package.yaml'), 'utf8')}name: again\n`,
    );
    expect((await errorOf(['validate', pkg])).error.message).toMatch(
      /package\.yaml:\d+:1: invalid YAML: Map keys must be unique/,
    );
  });
});

describe('archives', () => {
  it('refuses a file that CHECKSUMS.json does not list', async () => {
    const out = tempDir();
    expect((await runCli(['pack', MINI, '--out', out])).code).toBe(0);
    const archive = join(out, 'mini-1.0.0.tgz');
    const unpacked = tempDir();
    await extract({ file: archive, cwd: unpacked });
    writeFileSync(join(unpacked, 'package', 'metadata', 'smuggled.json'), '{"dataElements": []}');
    const tampered = join(tempDir(), 'mini-1.0.0.tgz');
    await create({ gzip: true, cwd: unpacked, file: tampered }, ['package']);
    const r = await errorOf(['validate', tampered]);
    expect(r).toMatchObject({ code: 2, error: { code: 'PACKAGE.CHECKSUM_MISMATCH' } });
    expect(r.error.message).toContain(
      'metadata/smuggled.json is in the archive but not listed in CHECKSUMS.json',
    );
  });
});

describe('writing files', () => {
  it('moves a file across file systems (EXDEV) by copying it beside the target', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'from'), 'archive bytes');
    let renames = 0;
    moveIntoPlace(join(dir, 'from'), join(dir, 'to'), {
      renameSync: (from, to) => {
        if (renames++ === 0)
          throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
        return execFileSync('mv', [String(from), String(to)]) && undefined;
      },
      copyFileSync: (from, to) => cpSync(String(from), String(to)),
    });
    expect(readdirSync(dir)).toEqual(['to']);
    expect(readFileSync(join(dir, 'to'), 'utf8')).toBe('archive bytes');
  });

  it('packs into a folder on another file system than the temporary folder', async () => {
    // /dev/shm is a tmpfs on Linux; the output folder is on the disk holding the repository.
    const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/edupkg-hostile-') : tempDir();
    const out = mkdtempSync(join(REPO_ROOT, '..', '.edupkg-hostile-pack-'));
    try {
      const r = await runCli(['pack', MINI, '--out', out, '--json'], { env: { TMPDIR: shm } });
      expect(r.code).toBe(0);
      expect(statSync(join(out, 'mini-1.0.0.tgz')).size).toBeGreaterThan(0);
      expect(readdirSync(shm)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(shm, { recursive: true, force: true });
    }
  });

  it('says "the disk is full" (exit 2) when a write fails with ENOSPC', async () => {
    const mount = tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      return; // Not root: test/hostile/disk-full.test.ts injects ENOSPC into the fs call instead.
    }
    try {
      // Fill it up: every later write finds no space.
      try {
        writeFileSync(join(mount, 'filler'), Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC once the 16 KiB are used: what the commands below meet too.
      }
      for (const args of [
        ['docs', 'edu-core', '--out', join(mount, 'docs.md')],
        ['pack', MINI, '--out', mount],
        ['build', 'edu-core', '--out', join(mount, 'edu-core')],
      ]) {
        const r = await errorOf(args);
        expect([args[0], r.code, r.error.code]).toEqual([args[0], 2, 'OUTPUT.DISK_FULL']);
        expect(r.error.message).toContain('the disk is full');
      }
      expect(readdirSync(mount)).toEqual(['filler']);
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it('never lets export --name, build --out or --profile reach outside the intended folder', async () => {
    const cwd = tempDir();
    const name = await errorOf(
      [
        'export',
        '--server',
        'http://127.0.0.1:9',
        '--code-prefix',
        'X',
        '--name',
        '../../escaped',
        '--version',
        '1.0.0',
        '--out',
        'x',
      ],
      { EDUPKG_USERNAME: 'a', EDUPKG_PASSWORD: 'b' },
      cwd,
    );
    expect(name).toMatchObject({ code: 2, error: { code: 'USAGE.BAD_NAME' } });
    const here = await errorOf(['build', 'edu-core', '--out', '.', '--force'], {}, cwd);
    expect(here).toMatchObject({ code: 2, error: { code: 'INPUT.OUT_UNSAFE' } });
    mkdirSync(join(cwd, 'notes'));
    writeFileSync(join(cwd, 'notes', 'keep.txt'), 'precious');
    const other = await errorOf(['build', 'edu-core', '--out', 'notes', '--force'], {}, cwd);
    expect(other).toMatchObject({ code: 2, error: { code: 'INPUT.OUT_NOT_PACKAGE' } });
    expect(readFileSync(join(cwd, 'notes', 'keep.txt'), 'utf8')).toBe('precious');
    const profile = await errorOf(
      ['build', 'edu-core', '--profile', '../../../etc/x', '--out', 'b'],
      {},
      cwd,
    );
    expect(profile).toMatchObject({ code: 2, error: { code: 'INPUT.PROFILE.NOT_FOUND' } });
    expect(readdirSync(cwd)).toEqual(['notes']);
  });
});

describe('terminal control characters', () => {
  it('shows control characters from a server as visible escapes, in text and in --json', async () => {
    const hostile = 'Denied\u001b]0;owned\u0007\u001b[2J\u001b[8m hidden \r\u009b31m';
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ httpStatus: 'Unauthorized', status: 'ERROR', message: hostile }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const env = { EDUPKG_USERNAME: 'admin', EDUPKG_PASSWORD: 'district', CI: '1' };
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const text = await runCli(['status', '--server', url], { env });
      expect(text.code).toBe(7);
      // eslint-disable-next-line no-control-regex -- the point of the test
      expect(text.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect(text.stderr).toContain('Denied\\x1b]0;owned\\x07\\x1b[2J\\x1b[8m hidden \\x0d\\u009b31m');
      const json = await runCli(['status', '--server', url, '--json'], { env });
      // eslint-disable-next-line no-control-regex -- the point of the test
      expect(json.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      expect((json.json().error as { message: string }).message).toContain(hostile);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
