import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { rawTarGz } from '../support/raw-tar.js';
import { REPO_ROOT, runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'edupkg-hostile-'));
const manifest = 'name: hostile\nversion: 1.0.0\ntitle: Hostile\ndhis2: ">=2.38"\n';
const validate = (archive: string) => runCli(['validate', archive, '--format', 'json'], { cwd: dir });

function writeArchive(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('archive extraction refuses hostile archives before writing anything', () => {
  it('refuses an entry climbing out with "..", and nothing appears where it pointed', async () => {
    const marker = `edupkg-escaped-${randomUUID()}.txt`;
    const archive = writeArchive(
      'dotdot.tgz',
      rawTarGz([
        { path: 'package/package.yaml', data: manifest },
        { path: `package/../../${marker}`, data: 'pwned' },
      ]),
    );
    const r = await validate(archive);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refused/);
    expect(existsSync(join(tmpdir(), marker))).toBe(false);
    expect(existsSync(join(dir, '..', marker))).toBe(false);
  });

  it('refuses an absolute entry path', async () => {
    const target = join(tmpdir(), `edupkg-absolute-${randomUUID()}.txt`);
    const r = await validate(
      writeArchive(
        'absolute.tgz',
        rawTarGz([
          { path: 'package/package.yaml', data: manifest },
          { path: target, data: 'pwned' },
        ]),
      ),
    );
    expect(r.code).toBe(2);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses symbolic links, hard links and devices', async () => {
    for (const [name, entry] of [
      ['symlink', { path: 'package/metadata', type: '2', linkname: '/etc' }],
      ['hardlink', { path: 'package/package.yaml', type: '1', linkname: '/etc/passwd' }],
      ['device', { path: 'package/tty', type: '3' }],
    ] as const) {
      const r = await validate(
        writeArchive(`${name}.tgz`, rawTarGz([{ path: 'package/package.yaml', data: manifest }, entry])),
      );
      expect(`${name}: exit ${r.code}`).toBe(`${name}: exit 2`);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('refuses an archive whose content no longer matches its checksums', async () => {
    const good = join(REPO_ROOT, 'test', 'fixtures', 'archives', 'mini-1.0.0.tgz');
    expect((await validate(good)).code).toBe(0);
    // Flip one byte of one file inside the (uncompressed) tar, keep the tar valid: only checksums can tell.
    const tar = gunzipSync(readFileSync(good));
    const at = tar.indexOf(Buffer.from('"name"'));
    expect(at).toBeGreaterThan(0);
    tar[at + 2] = tar[at + 2] === 0x61 ? 0x62 : 0x61;
    const tampered = writeArchive('tampered.tgz', gzipSync(tar));
    const r = await validate(tampered);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/checksum/i);
    // The sidecar .sha256 beside the archive is checked too.
    copyFileSync(good, join(dir, 'renamed.tgz'));
    writeFileSync(join(dir, 'renamed.tgz.sha256'), `${'0'.repeat(64)}  renamed.tgz\n`);
    expect((await validate(join(dir, 'renamed.tgz'))).code).toBe(2);
  });
});
