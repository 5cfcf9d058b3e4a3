import { jest } from '@jest/globals';
import * as realFs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thrown } from '../support/thrown.js';

// Disk full cannot be arranged without root (files.test.ts mounts a tiny tmpfs when it can), so
// here only the fs write call is replaced: writes under FULL fail the way a full disk fails.
const FULL = mkdtempSync(join(tmpdir(), 'edupkg-hostile-full-'));
const enospc = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
jest.unstable_mockModule('node:fs', () => ({
  ...realFs,
  default: realFs,
  writeFileSync: (...args: Parameters<typeof realFs.writeFileSync>) => {
    if (String(args[0]).startsWith(FULL)) throw enospc();
    return realFs.writeFileSync(...args);
  },
}));
const { writeFileAtomic } = await import('../../src/core/fleet/write-file-atomic.js');
const { writePackage } = await import('../../src/core/package/write-package.js');

describe('a full disk', () => {
  it('is reported as OUTPUT.DISK_FULL naming the file, for reports and for packages, and leaves nothing behind', () => {
    const report = join(FULL, 'deploy.md');
    expect(thrown(() => writeFileAtomic(report, '# report'))).toMatchObject({
      code: 'OUTPUT.DISK_FULL',
      exitCode: 2,
      message: `cannot write ${report}: the disk is full`,
    });
    const pkg = join(FULL, 'pkg');
    expect(
      thrown(() => writePackage(pkg, { name: 'x', version: '1.0.0', title: 'x', dhis2: '*' }, {})),
    ).toMatchObject({ code: 'OUTPUT.DISK_FULL', message: `cannot write ${pkg}: the disk is full` });
    expect(realFs.readdirSync(FULL)).toEqual([]);
  });
});
