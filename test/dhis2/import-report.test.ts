import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseImportResponse } from '../../src/dhis2/import-report.js';
import { REPO_ROOT } from '../support/run-cli.js';
import { hasSharedFixtures, sharedFixture } from '../support/shared-fixtures.js';

const responses = join(REPO_ROOT, 'test', 'fixtures', 'install', 'responses');
const read = (file: string): unknown => JSON.parse(readFileSync(join(responses, file), 'utf8'));

describe('parseImportResponse', () => {
  it('reads a raw ≤2.36 ImportReport (with importParams) as status OK with per-type stats', () => {
    const outcome = parseImportResponse(200, read('raw-2.36-ok.json'));
    expect(outcome).toMatchObject({ shape: 'raw', status: 'OK', stats: { created: 3 }, errors: [] });
    expect(outcome.byType.map((t) => t.type)).toEqual(['dataElements', 'indicators']);
  });

  it('reads a plain 2.37 report (no envelope) and its errors even though HTTP said 200', () => {
    const outcome = parseImportResponse(200, read('plain-2.37-error.json'));
    expect(outcome).toMatchObject({ shape: 'plain', status: 'ERROR' });
    expect(outcome.errors).toEqual([
      {
        code: 'E4000',
        message: 'Missing required property `valueType`',
        type: 'dataElements',
        uid: 'AbcDefGhi01',
        index: 0,
        property: 'valueType',
      },
    ]);
  });

  it('unwraps a 2.38+ WebMessage and takes the import status from response.status', () => {
    expect(parseImportResponse(200, read('wrapped-2.38-ok.json'))).toMatchObject({
      shape: 'web-message',
      status: 'OK',
      stats: { updated: 1 },
    });
  });

  it('treats 409 with a root status WARNING and response.status ERROR as a failed import (trap 1)', () => {
    const outcome = parseImportResponse(409, read('wrapped-2.41-409-error.json'));
    expect(outcome.status).toBe('ERROR');
    expect(outcome.errors[0]).toMatchObject({
      code: 'E5003',
      property: 'code',
      value: 'X_1',
      mainId: 'AbcDefGhi03',
      uid: 'AbcDefGhi04',
      type: 'dataElements',
    });
    expect(outcome.byType.map((t) => t.type)).toEqual(['categories', 'dataElements']);
  });

  it('keeps a partial commit (409 + WARNING, E4030) distinguishable from a rejected one', () => {
    const outcome = parseImportResponse(409, read('wrapped-409-warning-partial.json'));
    expect(outcome.status).toBe('WARNING');
    expect(outcome.errors.map((e) => e.code)).toEqual(['E4030']);
  });

  it('turns a WebMessage without an import report (JSON parse error) into one error', () => {
    const outcome = parseImportResponse(409, read('message-only-409.json'));
    expect(outcome).toMatchObject({ shape: 'message-only', status: 'ERROR', errors: [{ code: 'HTTP_409' }] });
  });

  it('accepts the 2.42 empty OK report with no type reports', () => {
    expect(parseImportResponse(200, read('wrapped-2.42-empty-ok.json'))).toMatchObject({
      status: 'OK',
      byType: [],
      errors: [],
    });
  });

  it('parses every real import report among the shared fixtures without losing its status', () => {
    if (!hasSharedFixtures) return;
    const files = [
      'docs-import-report-pre2.37.json',
      'real-2.38-webmessage-importreport-put-user.json',
      'real-2.30-importreport-error-e3003.json',
    ];
    const expected = ['OK', 'OK', 'ERROR'];
    files.forEach((file, i) => {
      const body: unknown = JSON.parse(readFileSync(sharedFixture('dhis2', file), 'utf8'));
      expect(parseImportResponse(200, body).status).toBe(expected[i]);
    });
    const real = readdirSync(sharedFixture('dhis2', 'real-responses')).filter((f) =>
      /metadata-POST-sync/.test(f),
    );
    for (const file of real)
      expect(
        parseImportResponse(
          200,
          JSON.parse(readFileSync(sharedFixture('dhis2', 'real-responses', file), 'utf8')),
        ).status,
      ).toBe('OK');
  });
});
