import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawTarGz } from '../support/raw-tar.js';
import { REPO_ROOT } from '../support/run-cli.js';

/** One malformed input: the path given to `edupkg validate`. */
export interface FuzzCase {
  name: string;
  target: string;
}

const MINI = join(REPO_ROOT, 'test', 'fixtures', 'packages', 'mini');

/** A small deterministic PRNG so the corpus is the same on every run (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function miniPayload(): Record<string, unknown[]> {
  const bundle: Record<string, unknown[]> = {};
  for (const file of readdirSync(join(MINI, 'metadata'))) {
    Object.assign(bundle, JSON.parse(readFileSync(join(MINI, 'metadata', file), 'utf8')) as object);
  }
  return bundle;
}

/**
 * Builds at least 300 malformed packages and files under `dir`: broken JSON and YAML, wrong types,
 * huge and deep values, prototype keys, invalid UTF-8, alias bombs, hostile archives, bad checksums.
 */
export function buildCorpus(dir: string): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const rand = random(20261128);
  const file = (name: string, content: string | Buffer): void => {
    const target = join(dir, name);
    writeFileSync(target, content);
    cases.push({ name, target });
  };
  const pkgDir = (name: string, mutate: (root: string) => void): void => {
    const root = join(dir, name);
    cpSync(MINI, root, { recursive: true });
    mutate(root);
    cases.push({ name, target: root });
  };
  const valid = JSON.stringify(miniPayload(), null, 2);

  // 1. Truncated JSON at 60 positions.
  for (let i = 0; i < 60; i++)
    file(`truncated-${i}.json`, valid.slice(0, Math.floor(rand() * (valid.length - 2)) + 1));

  // 2. JSON syntax that is not JSON.
  const syntax = [
    '{,}',
    "{'a': 1}",
    '{"a": NaN}',
    '{"a": 1,}',
    '// c\n{}',
    '{"a": undefined}',
    '[1, 2',
    '"unterminated',
    '{"a" 1}',
    '{"a": 01}',
    '{"a": .5}',
    '{"a": +1}',
    '\u0000{}',
    '{"a": "\\x41"}',
    '{} {}',
  ];
  syntax.forEach((text, i) => file(`syntax-${i}.json`, text));

  // 3. Wrong types at the top level and inside objects.
  const wrongTop: unknown[] = [
    [],
    'text',
    42,
    null,
    true,
    { dataElements: {} },
    { dataElements: 'x' },
    { dataElements: 7 },
    { dataElements: null },
    { dataElements: [1, 2] },
    { dataElements: [null] },
    { dataElements: [[]] },
    { indicators: ['x'] },
  ];
  wrongTop.forEach((value, i) => file(`wrong-top-${i}.json`, JSON.stringify(value)));
  // Each value is wrong for each field, as DHIS2 sees it: null and "" are left out where DHIS2
  // accepts them (no code, an empty code or name, a null combo that falls back to the default).
  const fieldValues: unknown[] = [42, true, null, [], {}, '', 'x'.repeat(300), -1, 1e308, { id: 5 }];
  const fields = [
    'id',
    'name',
    'shortName',
    'code',
    'valueType',
    'aggregationType',
    'domainType',
    'categoryCombo',
  ];
  const acceptedByDhis2 = (field: string, value: unknown) =>
    (field === 'code' && (value === null || value === '')) ||
    ((field === 'name' || field === 'shortName') && value === '') ||
    (field === 'categoryCombo' &&
      (value === null || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)));
  for (const field of fields) {
    fieldValues.forEach((value, i) => {
      if (acceptedByDhis2(field, value)) return;
      const bundle = miniPayload();
      (bundle.dataElements![0] as Record<string, unknown>)[field] = value;
      file(`wrong-field-${field}-${i}.json`, JSON.stringify(bundle));
    });
  }

  // 4. Huge strings and deep nesting.
  for (const size of [1e5, 1e6, 5e6]) {
    const bundle = miniPayload();
    (bundle.dataElements![0] as Record<string, unknown>).name = 'n'.repeat(size);
    file(`huge-name-${size}.json`, JSON.stringify(bundle));
  }
  for (const depth of [300, 5000, 100000])
    file(`deep-array-${depth}.json`, `{"dataElements": ${'['.repeat(depth)}${']'.repeat(depth)}}`);
  for (const depth of [300, 5000])
    file(`deep-object-${depth}.json`, `{"dataElements": [${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]}`);
  file('many-objects.json', JSON.stringify({ dataElements: Array.from({ length: 20000 }, () => ({})) }));

  // 5. Prototype-polluting keys at several depths.
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    file(`proto-top-${key}.json`, `{"${key}": {"polluted": true}, "dataElements": []}`);
    file(
      `proto-object-${key}.json`,
      `{"dataElements": [{"id": "MiniDeEnrol", "name": "x", "${key}": {"isAdmin": true}}]}`,
    );
    file(
      `proto-nested-${key}.json`,
      `{"dataSets": [{"id": "MiniDsEnrol", "name": "x", "sharing": {"${key}": {"x": 1}}}]}`,
    );
    pkgDir(`proto-manifest-${key}`, (root) =>
      writeFileSync(
        join(root, 'package.yaml'),
        `${readFileSync(join(MINI, 'package.yaml'), 'utf8')}${key}:\n  polluted: true\n`,
      ),
    );
    pkgDir(`proto-deps-${key}`, (root) =>
      writeFileSync(
        join(root, 'package.yaml'),
        `${readFileSync(join(MINI, 'package.yaml'), 'utf8')}dependencies:\n  ${key}: "^1.0.0"\n`,
      ),
    );
  }

  // 6. Invalid UTF-8 sequences in the middle of a valid file.
  const invalidSequences = [
    [0xff],
    [0xc3],
    [0xe2, 0x82],
    [0xf0, 0x9f, 0x98],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0x80],
    [0xfe],
    [0xc1, 0xbf],
  ];
  invalidSequences.forEach((bytes, i) => {
    const at = Math.floor(valid.length / 2);
    file(
      `utf8-${i}.json`,
      Buffer.concat([Buffer.from(valid.slice(0, at)), Buffer.from(bytes), Buffer.from(valid.slice(at))]),
    );
    pkgDir(`utf8-manifest-${i}`, (root) =>
      writeFileSync(
        join(root, 'package.yaml'),
        Buffer.concat([
          Buffer.from('name: mini\ntitle: '),
          Buffer.from(bytes),
          Buffer.from('\nversion: 1.0.0\ndhis2: "*"\n'),
        ]),
      ),
    );
  });

  // 7. Manifests: alias bombs, broken YAML, duplicate keys, wrong types and values.
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++)
    bomb.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const manifests = [
    `${bomb.join('\n')}\nname: mini\nversion: 1.0.0\ntitle: t\ndhis2: "*"\n`,
    'name: mini\nname: again\nversion: 1.0.0\ntitle: t\ndhis2: "*"\n',
    'name: [unclosed\n',
    'name: mini\n  version: 1.0.0\n\t- bad\n',
    '- a\n- list\n',
    '42\n',
    '',
    'name: Mini Package\nversion: 1.0.0\ntitle: t\ndhis2: "*"\n',
    'name: mini\nversion: one\ntitle: t\ndhis2: "*"\n',
    'name: mini\nversion: 1.0.0\ntitle: t\ndhis2: "not a range!"\n',
    'name: mini\nversion: 1.0.0\ntitle: t\n',
    'name: mini\nversion: 1.0.0\ntitle: 5\ndhis2: "*"\n',
    'name: mini\nversion: 1.0.0\ntitle: t\ndhis2: "*"\ndependencies: [edu-core]\n',
    'name: mini\nversion: 1.0.0\ntitle: t\ndhis2: "*"\ndependencies:\n  edu-core: "^^1"\n',
    'name: mini\nversion: 1.0.0\ntitle: t\ndhis2: "*"\nparameters:\n  x: { type: planet }\n',
    'name: mini\nversion: 1.0.0\ntitle: t\ndhis2: "*"\npostInstall: [{ reboot: true }]\n',
    'name: mini\nversion: 1.0.0\ntitle: t\ndhis2: "*"\nunknownField: 1\n',
    `name: ${'m'.repeat(100)}\nversion: 1.0.0\ntitle: t\ndhis2: "*"\n`,
    'name: mini\nversion: !!js/function "function(){}"\ntitle: t\ndhis2: "*"\n',
    'name: &x mini\nversion: *y\ntitle: t\ndhis2: "*"\n',
  ];
  manifests.forEach((text, i) =>
    pkgDir(`manifest-${i}`, (root) => writeFileSync(join(root, 'package.yaml'), text)),
  );

  // 8. Package folders with broken metadata files.
  const metadataFiles: Array<[string, string]> = [
    ['dataElements.json', '{"dataElements": ['],
    ['dataElements.json', '[]'],
    ['dataElements.json', '{"dataElements": {"id": 1}}'],
    ['indicators.json', 'null'],
    ['categoryOptions.json', ''],
    ['dataSets.json', '{"dataSets": [{"id": "MiniDsEnrol", "dataSetElements": "all"}]}'],
  ];
  metadataFiles.forEach(([name, text], i) =>
    pkgDir(`metadata-${i}`, (root) => writeFileSync(join(root, 'metadata', name), text)),
  );

  // 9. Hostile and damaged archives.
  const manifest = readFileSync(join(MINI, 'package.yaml'));
  const archives: Array<[string, Buffer]> = [
    [
      'dotdot',
      rawTarGz([
        { path: 'package/package.yaml', data: manifest },
        { path: 'package/../../escaped.txt', data: 'pwned' },
      ]),
    ],
    ['dotdot-top', rawTarGz([{ path: '../escaped.txt', data: 'pwned' }])],
    ['absolute', rawTarGz([{ path: '/tmp/edupkg-fuzz-escaped.txt', data: 'pwned' }])],
    [
      'symlink',
      rawTarGz([
        { path: 'package/link', type: '2', linkname: '/etc/passwd' },
        { path: 'package/package.yaml', data: manifest },
      ]),
    ],
    ['symlink-dir', rawTarGz([{ path: 'package', type: '2', linkname: '/tmp' }])],
    ['hardlink', rawTarGz([{ path: 'package/package.yaml', type: '1', linkname: '/etc/passwd' }])],
    ['device', rawTarGz([{ path: 'package/dev', type: '3' }])],
    ['no-root', rawTarGz([{ path: 'other/package.yaml', data: manifest }])],
    ['no-checksums', rawTarGz([{ path: 'package/package.yaml', data: manifest }])],
    [
      'bad-checksums-json',
      rawTarGz([
        { path: 'package/package.yaml', data: manifest },
        { path: 'package/CHECKSUMS.json', data: '{"files": 1' },
      ]),
    ],
    [
      'checksum-mismatch',
      rawTarGz([
        { path: 'package/package.yaml', data: manifest },
        {
          path: 'package/CHECKSUMS.json',
          data: JSON.stringify({
            algorithm: 'sha256',
            files: { 'package.yaml': '0'.repeat(64) },
            objects: {},
          }),
        },
      ]),
    ],
    [
      'checksum-names-outside',
      rawTarGz([
        { path: 'package/package.yaml', data: manifest },
        {
          path: 'package/CHECKSUMS.json',
          data: JSON.stringify({
            algorithm: 'sha256',
            files: { '../../etc/passwd': '0'.repeat(64) },
            objects: {},
          }),
        },
      ]),
    ],
    ['empty', rawTarGz([])],
    ['not-gzip', Buffer.from('this is not an archive')],
    ['truncated-gzip', rawTarGz([{ path: 'package/package.yaml', data: manifest }]).subarray(0, 40)],
    ['random-bytes', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rand() * 256)))],
  ];
  for (const [name, bytes] of archives) file(`archive-${name}.tgz`, bytes);
  const goodArchive = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'archives', 'mini-1.0.0.tgz'));
  file('archive-wrong-sidecar.tgz', goodArchive);
  writeFileSync(join(dir, 'archive-wrong-sidecar.tgz.sha256'), `${'f'.repeat(64)}  mini-1.0.0.tgz\n`);
  for (let i = 0; i < 20; i++) {
    const damaged = Buffer.from(goodArchive);
    const at = Math.floor(rand() * damaged.length);
    damaged[at] = (damaged[at] ?? 0) ^ 0xff;
    file(`archive-bitflip-${i}.tgz`, damaged);
  }
  for (let i = 0; i < 10; i++)
    file(`archive-cut-${i}.tgz`, goodArchive.subarray(0, Math.floor(rand() * goodArchive.length)));

  // 10. Random garbage under names that promise JSON.
  for (let i = 0; i < 25; i++)
    file(
      `garbage-${i}.json`,
      Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 2048) }, () => Math.floor(rand() * 256))),
    );
  mkdirSync(join(dir, 'empty-dir'));
  cases.push({ name: 'empty-dir', target: join(dir, 'empty-dir') });
  return cases;
}
