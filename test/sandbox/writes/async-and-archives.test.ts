import { gunzipSync, inflateRawSync } from 'node:zlib';
import type { Dhis2Version } from '../../../src/sandbox/types.js';
import { basic } from '../helpers.js';
import { ROOT, startWorld, type WriteWorld } from './write-fixtures.js';

/**
 * async=true as dhis2-core runs it: MetadataImportExportController#startAsyncMetadata and
 * DataValueSetController (WebMessageUtils.jobConfigurationReport: "Initiated <name>",
 * JobConfigurationWebMessageResponse, Location /api/system/tasks/<type>), MetadataImportJob /
 * DataValueSetImportJob ("Import complete with status ..."), SystemController#getTaskJsonByUid and
 * #getTaskSummaryJson. Compressed exports: MetadataExportParamsMessageConverter (Compression GZIP /
 * ZIP with one "metadata.json" entry, attachment file name metadata.json.gz / .zip).
 */
async function get(world: WriteWorld, path: string) {
  const response = await fetch(`${world.sandbox.url}${path}`, { headers: { authorization: basic() } });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Polls the job's notifications until the newest says completed (the job runs after the answer). */
async function finished(world: WriteWorld, endpoint: string): Promise<Array<Record<string, unknown>>> {
  for (;;) {
    const notifications = await world.api.get(endpoint);
    const list = JSON.parse(notifications.text) as Array<Record<string, unknown>>;
    if (list[0]?.completed === true) return list;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each<[Dhis2Version, string]>([
  ['2.40', 'metadataImport'],
  ['2.41', 'METADATA_IMPORT ('],
])('async imports (%s)', (version, namePrefix) => {
  let world: WriteWorld;
  beforeAll(async () => {
    world = await startWorld(version);
  });
  afterAll(async () => {
    await world.sandbox.close();
  });

  it('answers a metadata import with the job, then serves its notifications and ImportReport', async () => {
    const result = await world.api.post('/api/metadata?async=true', {
      dataElements: [
        {
          id: 'eduDeAsync1',
          name: 'Async',
          shortName: 'Async',
          valueType: 'NUMBER',
          domainType: 'AGGREGATE',
          aggregationType: 'SUM',
        },
      ],
    });
    expect(result.status).toBe(200);
    const job = result.body.response as Record<string, unknown>;
    expect(result.body).toMatchObject({ status: 'OK', message: `Initiated ${String(job.name)}` });
    expect(String(job.name).startsWith(namePrefix)).toBe(true);
    expect(job).toMatchObject({
      jobType: 'METADATA_IMPORT',
      responseType: 'JobConfiguration',
      relativeNotifierEndpoint: `/api/system/tasks/METADATA_IMPORT/${String(job.id)}`,
      jobParameters: { importStrategy: 'CREATE_AND_UPDATE', atomicMode: 'ALL', async: true },
    });
    expect(result.headers.get('location')).toBe(`${world.sandbox.url}/api/system/tasks/METADATA_IMPORT`);

    const notifications = await finished(world, String(job.relativeNotifierEndpoint));
    expect(notifications[0]).toMatchObject({
      level: 'INFO',
      category: 'METADATA_IMPORT',
      completed: true,
      message: 'Import complete with status OK, 1 created, 0 updated, 0 deleted, 0 ignored',
    });
    expect(notifications.at(-1)).toMatchObject({ message: 'Metadata import started', completed: false });
    const summary = await world.api.get(`/api/system/taskSummaries/METADATA_IMPORT/${String(job.id)}`);
    expect(summary.body).toMatchObject({ responseType: 'ImportReport', status: 'OK', stats: { created: 1 } });
    expect((await world.api.get('/api/dataElements/eduDeAsync1')).status).toBe(200);
  });

  it('runs a data value import as a job whose summary holds the conflicts', async () => {
    const result = await world.api.post('/api/dataValueSets?async=true', {
      dataValues: [
        {
          dataElement: 'eduDeEnrol1',
          period: '2024',
          orgUnit: ROOT,
          categoryOptionCombo: 'eduCocBoys1',
          value: 'x',
        },
      ],
    });
    expect(result.status).toBe(200);
    const job = result.body.response as Record<string, unknown>;
    expect(job.jobType).toBe('DATAVALUE_IMPORT');
    const notifications = await finished(world, String(job.relativeNotifierEndpoint));
    expect(notifications[0]!.message).toBe(
      'Import complete with status WARNING, 0 created, 0 updated, 0 deleted, 1 ignored',
    );
    const summary = await world.api.get(`/api/system/taskSummaries/DATAVALUE_IMPORT/${String(job.id)}`);
    expect(summary.body).toMatchObject({ responseType: 'ImportSummary', status: 'WARNING' });
    expect((summary.body.conflicts as Array<{ errorCode: string }>)[0]!.errorCode).toBe('E7619');
  });

  it('answers an unknown job with an empty list and no summary', async () => {
    expect(JSON.parse((await world.api.get('/api/system/tasks/METADATA_IMPORT/eduJobNope1')).text)).toEqual(
      [],
    );
    const summary = await world.api.get('/api/system/taskSummaries/METADATA_IMPORT/eduJobNope1');
    expect([summary.status, summary.text]).toEqual([200, '']);
  });
});

/** Reads the single entry of a zip through its end record and central directory. */
function unzipOne(zip: Buffer): { name: string; content: Buffer } {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const central = zip.readUInt32LE(end + 16);
  const local = zip.readUInt32LE(central + 42);
  const nameLength = zip.readUInt16LE(local + 26);
  const extra = zip.readUInt16LE(local + 28);
  const size = zip.readUInt32LE(local + 18);
  const start = local + 30 + nameLength + extra;
  return {
    name: zip.subarray(local + 30, local + 30 + nameLength).toString('utf8'),
    content: inflateRawSync(zip.subarray(start, start + size)),
  };
}

describe('compressed metadata exports', () => {
  let world: WriteWorld;
  beforeAll(async () => {
    world = await startWorld('2.41');
  });
  afterAll(async () => {
    await world.sandbox.close();
  });

  it('serves /api/metadata.json.gz and .json.zip with the same content as the JSON export', async () => {
    const plain = (await world.api.get('/api/metadata?dataElements=true&fields=id,name')).body;
    delete plain.system;
    const gz = await get(world, '/api/metadata.json.gz?dataElements=true&fields=id,name');
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-type')).toBe('application/json+gzip');
    expect(gz.headers.get('content-disposition')).toBe('attachment; filename=metadata.json.gz');
    const unzipped = JSON.parse(gunzipSync(gz.bytes).toString('utf8')) as Record<string, unknown>;
    delete unzipped.system;
    expect(unzipped).toEqual(plain);

    const zip = await get(world, '/api/metadata.json.zip?dataElements=true&fields=id,name');
    expect(zip.headers.get('content-type')).toBe('application/json+zip');
    const entry = unzipOne(zip.bytes);
    expect(entry.name).toBe('metadata.json');
    const fromZip = JSON.parse(entry.content.toString('utf8')) as Record<string, unknown>;
    delete fromZip.system;
    expect(fromZip).toEqual(plain);
  });
});
