import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { SandboxStore } from '../../src/sandbox/store.js';
import { client, errorsOf, importReportOf, sandboxFixture } from './helpers.js';

describe('POST /api/metadata in the sandbox', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ seed: 'empty' });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('creates a package with 200 OK, counts per type, ignores unknown top-level keys and stores references as ids', async () => {
    const api = client(sandbox.url);
    const result = await api.post('/api/metadata', sandboxFixture('small-package.json'));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ httpStatus: 'OK', httpStatusCode: 200, status: 'OK' });
    const report = importReportOf(result);
    expect(report).toMatchObject({
      responseType: 'ImportReport',
      status: 'OK',
      stats: { created: 11, updated: 0, deleted: 0, ignored: 0, total: 11 },
    });
    const dataSet = await api.get('/api/dataSets/eduDsAnnual?fields=:owner');
    expect(dataSet.body.categoryCombo).toEqual({ id: 'bjDvmb4bfuf' });
    expect(dataSet.body.dataSetElements).toEqual([
      { dataElement: { id: 'eduDeEnrol1' } },
      { dataElement: { id: 'eduDeTeach1' } },
    ]);
    expect((await api.get('/api/dataElements/typoTypoT01')).status).toBe(404);
  });

  it('counts a second import of the same payload as updates', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', sandboxFixture('small-package.json'));
    const again = importReportOf(await api.post('/api/metadata', sandboxFixture('small-package.json')));
    expect(again.stats).toEqual({ created: 0, updated: 11, deleted: 0, ignored: 0, total: 11 });
  });

  it('rejects missing required properties (E4000) and a missing reference (E5002) with 409, WARNING on top and ERROR inside', async () => {
    const api = client(sandbox.url);
    const result = await api.post('/api/metadata', sandboxFixture('de-missing-props-and-ref.json'));
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      httpStatus: 'Conflict',
      status: 'WARNING',
      message: 'One or more errors occurred, please see full details in import report.',
    });
    const report = importReportOf(result);
    expect(report.status).toBe('ERROR');
    expect(errorsOf(report)).toEqual([
      { errorCode: 'E4000', errorProperty: 'domainType', index: 0 },
      { errorCode: 'E4000', errorProperty: 'valueType', index: 0 },
      { errorCode: 'E4000', errorProperty: 'valueType', index: 1 },
      { errorCode: 'E5002', errorProperty: 'optionSet', index: 2 },
    ]);
    // two objects fail object checks, the third is turned to ignored, plus ReferencesCheck's extra one
    expect(report.stats).toEqual({ created: 0, updated: 0, deleted: 0, ignored: 4, total: 4 });
    expect((await api.get('/api/dataElements?fields=id')).body.dataElements).toEqual([]);
  });

  it('reports a code used twice in one payload as E5003 naming the first object, and keeps the first under atomicMode=NONE', async () => {
    const api = client(sandbox.url);
    const result = await api.post('/api/metadata?atomicMode=NONE', sandboxFixture('de-duplicate-code.json'));
    expect(result.status).toBe(409);
    const report = importReportOf(result);
    expect(report).toMatchObject({ status: 'WARNING', stats: { created: 1, ignored: 1, total: 2 } });
    const [error] = (
      report.typeReports as Array<{ objectReports: Array<{ errorReports: Array<Record<string, unknown>> }> }>
    )[0]!.objectReports[0]!.errorReports;
    expect(error).toMatchObject({ errorCode: 'E5003', errorProperty: 'code', mainId: 'eduDeDupC01' });
    const stored = await api.get('/api/dataElements?fields=id');
    expect(stored.body.dataElements).toEqual([{ id: 'eduDeDupC01' }]);
  });

  it('reports a repeated id as E5004 and keeps nothing under atomicMode=ALL', async () => {
    const api = client(sandbox.url);
    const report = importReportOf(await api.post('/api/metadata', sandboxFixture('de-duplicate-uid.json')));
    expect(report.status).toBe('ERROR');
    expect(errorsOf(report)).toEqual([{ errorCode: 'E5004', errorProperty: 'id', index: 1 }]);
    expect((await api.get('/api/dataElements?fields=id')).body.dataElements).toEqual([]);
  });

  it('flags an invalid UID on a new object as E4014', async () => {
    const api = client(sandbox.url);
    const report = importReportOf(
      await api.post('/api/metadata', { indicatorTypes: [{ id: '1badUid', name: 'Bad', factor: 1 }] }),
    );
    expect(errorsOf(report)).toEqual([{ errorCode: 'E4014', errorProperty: 'id', index: 0 }]);
  });

  it('validates without writing under importMode=VALIDATE but reports what it would create', async () => {
    const api = client(sandbox.url);
    const report = importReportOf(
      await api.post('/api/metadata?importMode=VALIDATE', sandboxFixture('small-package.json')),
    );
    expect(report).toMatchObject({ status: 'OK', stats: { created: 11 } });
    expect((await api.get('/api/dataElements?fields=id')).body.dataElements).toEqual([]);
  });

  it('treats a lower-case importMode as the default COMMIT, as DHIS2 does', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata?importMode=validate', sandboxFixture('small-package.json'));
    expect((await api.get('/api/dataElements?fields=id')).body.dataElements).toHaveLength(2);
  });

  it('answers malformed JSON with a 409 WebMessage', async () => {
    const result = await client(sandbox.url).post('/api/metadata', '{"dataElements": [');
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ httpStatusCode: 409, status: 'ERROR' });
  });

  it('refuses with E5000 under CREATE and E5001 under UPDATE', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', sandboxFixture('small-package.json'));
    const create = importReportOf(
      await api.post('/api/metadata?importStrategy=CREATE', {
        indicatorTypes: [{ id: 'eduItPct001', name: 'Percent (EDU)', factor: 100 }],
      }),
    );
    expect(errorsOf(create)).toEqual([{ errorCode: 'E5000', errorProperty: 'id', index: 0 }]);
    const update = importReportOf(
      await api.post('/api/metadata?importStrategy=UPDATE', {
        indicatorTypes: [{ id: 'eduItNew001', name: 'New', factor: 1 }],
      }),
    );
    expect(errorsOf(update)).toEqual([{ errorCode: 'E5001', errorProperty: 'id', index: 0 }]);
  });

  it('replaces on update: omitted collections become empty and omitted scalars disappear', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', sandboxFixture('small-package.json'));
    const result = await api.post('/api/metadata', {
      dataSets: [
        { id: 'eduDsAnnual', name: 'Annual school census', shortName: 'School census', periodType: 'Yearly' },
      ],
    });
    expect(importReportOf(result).stats).toMatchObject({ updated: 1 });
    const dataSet = (await api.get('/api/dataSets/eduDsAnnual?fields=:owner')).body;
    expect(dataSet.code).toBeUndefined();
    // Emptied collections are written as [] (Java-initialised), under :owner too.
    expect(dataSet.indicators).toEqual([]);
    expect(dataSet.dataSetElements).toEqual([]);
  });

  it('matches by code under identifier=CODE and keeps the existing uid', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', sandboxFixture('small-package.json'));
    const report = importReportOf(
      await api.post('/api/metadata?identifier=CODE', {
        indicatorTypes: [{ code: 'EDU_PCT', name: 'Percentage (EDU)', factor: 100 }],
      }),
    );
    expect(report.stats).toMatchObject({ updated: 1, created: 0 });
    expect((await api.get('/api/indicatorTypes/eduItPct001?fields=name')).body).toEqual({
      name: 'Percentage (EDU)',
    });
  });

  it('refuses to delete categories still used by a combo with E4030, 409 and WARNING', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', sandboxFixture('categories-in-use.json'));
    const result = await api.post(
      '/api/metadata?importStrategy=DELETE&importReportMode=FULL',
      sandboxFixture('delete-categories-in-use.json'),
    );
    expect(result.status).toBe(409);
    const report = importReportOf(result);
    expect(report).toMatchObject({ status: 'WARNING', stats: { deleted: 0, ignored: 2, total: 2 } });
    expect(errorsOf(report).map((e) => e.errorCode)).toEqual(['E4030', 'E4030']);
  });

  it('leaves every table unchanged after a rejected atomic import', async () => {
    await sandbox.close();
    const dataDir = mkdtempSync(join(tmpdir(), 'edupkg-sandbox-'));
    sandbox = await startSandbox({ dataDir, seed: 'demo' });
    const api = client(sandbox.url);
    await api.post('/api/metadata', sandboxFixture('small-package.json'));
    await api.post('/api/dataStore/edupkg/ledger', { installed: ['small'] });
    await sandbox.close();
    const before = new SandboxStore(dataDir).dumpTables();
    sandbox = await startSandbox({ dataDir });
    const payload = {
      ...sandboxFixture('small-package.json'),
      ...sandboxFixture('de-missing-props-and-ref.json'),
    };
    const result = await client(sandbox.url).post('/api/metadata', payload);
    expect(importReportOf(result).status).toBe('ERROR');
    await sandbox.close();
    const after = new SandboxStore(dataDir).dumpTables();
    expect(after).toEqual(before);
    sandbox = await startSandbox({ dataDir });
  });

  it('rolls the whole request back when the database refuses a row (section name twice in one data set)', async () => {
    const api = client(sandbox.url);
    await api.post('/api/metadata', sandboxFixture('small-package.json'));
    const clash = {
      indicatorTypes: [{ id: 'eduItOther1', name: 'Other', factor: 1 }],
      sections: [{ id: 'eduSecDup01', name: 'Main', dataSet: { id: 'eduDsAnnual' } }],
    };
    const result = await api.post('/api/metadata', clash);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ status: 'ERROR' });
    expect((await api.get('/api/indicatorTypes/eduItOther1')).status).toBe(404);
  });
});

describe('the import envelope per DHIS2 version', () => {
  it('wraps the report on /api/metadata but answers /api/37/metadata with the plain report and 200 on 2.38-2.41', async () => {
    const sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.40' });
    try {
      const api = client(sandbox.url);
      const plain = await api.post('/api/37/metadata', sandboxFixture('de-duplicate-uid.json'));
      expect(plain.status).toBe(200);
      expect(plain.body).toMatchObject({ responseType: 'ImportReport', status: 'ERROR' });
      expect(plain.body.httpStatus).toBeUndefined();
    } finally {
      await sandbox.close();
    }
  });

  it('always wraps on 2.42', async () => {
    const sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.42' });
    try {
      const result = await client(sandbox.url).post(
        '/api/37/metadata',
        sandboxFixture('de-duplicate-uid.json'),
      );
      expect(result.status).toBe(409);
      expect(result.body).toMatchObject({ status: 'WARNING', response: { status: 'ERROR' } });
    } finally {
      await sandbox.close();
    }
  });

  it('uses 2.38 message templates (trailing period) and no args', async () => {
    const sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.38' });
    try {
      const report = importReportOf(
        await client(sandbox.url).post('/api/metadata', sandboxFixture('de-missing-props-and-ref.json')),
      );
      const first = (
        report.typeReports as Array<{
          objectReports: Array<{ errorReports: Array<Record<string, unknown>> }>;
        }>
      )[0]!.objectReports[0]!.errorReports[0]!;
      expect(first.message).toMatch(/^Missing required property `\w+`\.$/);
      expect(first.args).toBeUndefined();
    } finally {
      await sandbox.close();
    }
  });

  it('does not require a data set shortName before 2.40', async () => {
    const sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.39' });
    try {
      const result = await client(sandbox.url).post('/api/metadata', {
        dataSets: [{ id: 'eduDsNoShrt', name: 'No short name', periodType: 'Yearly' }],
      });
      expect(importReportOf(result).status).toBe('OK');
    } finally {
      await sandbox.close();
    }
  });
});
