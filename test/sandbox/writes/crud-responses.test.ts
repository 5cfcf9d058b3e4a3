import type { Dhis2Version } from '../../../src/sandbox/types.js';
import { basic } from '../helpers.js';
import { startWorld, type WriteWorld } from './write-fixtures.js';

/**
 * Single-object writes as AbstractCrudController answers them on 2.38-2.42: POST -> 201 ObjectReport
 * with a Location header (postObject + WebMessageControllerAdvice#beforeBodyWrite), PUT -> 200
 * ObjectReport or 409 ERROR (putJsonObject, WebMessageUtils.objectReport), users keep an
 * ImportReport (UserController#putJsonObject), PATCH application/json-patch+json (patchObject,
 * JsonPatchManager; JsonPatchException -> 400 in CrudControllerAdvice), and Spring's refusals
 * mapped by CrudControllerAdvice: 405 (HttpRequestMethodNotSupportedException) and 415
 * (HttpMediaTypeNotSupportedException), Spring 5.3 wording up to 2.41, Spring 6 from 2.42.
 * /api/ping is PingController#ping: void, so 200 without a body.
 */
async function call(world: WriteWorld, method: string, path: string, body?: string, contentType?: string) {
  const response = await fetch(`${world.sandbox.url}${path}`, {
    method,
    headers: { authorization: basic(), ...(contentType ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const NEW_ELEMENT = {
  id: 'eduDeNew001',
  name: 'New (EDU)',
  shortName: 'New (EDU)',
  valueType: 'NUMBER',
  domainType: 'AGGREGATE',
  aggregationType: 'SUM',
};

describe.each<[Dhis2Version]>([['2.39'], ['2.41'], ['2.42']])('single-object writes (%s)', (version) => {
  let world: WriteWorld;
  beforeAll(async () => {
    world = await startWorld(version);
  });
  afterAll(async () => {
    await world.sandbox.close();
  });

  it('POST answers 201 with an ObjectReport and a Location header', async () => {
    const result = await call(
      world,
      'POST',
      '/api/dataElements',
      JSON.stringify(NEW_ELEMENT),
      'application/json',
    );
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      httpStatus: 'Created',
      status: 'OK',
      response: {
        responseType: 'ObjectReport',
        uid: 'eduDeNew001',
        klass: 'org.hisp.dhis.dataelement.DataElement',
      },
    });
    expect(result.headers.get('location')).toBe(`${world.sandbox.url}/api/dataElements/eduDeNew001`);
  });

  it('PUT answers an ObjectReport, not an ImportReport; a bad PUT is 409 ERROR with the error reports', async () => {
    const ok = await call(
      world,
      'PUT',
      '/api/dataElements/eduDeSpare1',
      JSON.stringify({ ...NEW_ELEMENT, id: undefined, name: 'Spare renamed', shortName: 'Spare renamed' }),
      'application/json',
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      httpStatus: 'OK',
      httpStatusCode: 200,
      status: 'OK',
      response: {
        responseType: 'ObjectReport',
        uid: 'eduDeSpare1',
        klass: 'org.hisp.dhis.dataelement.DataElement',
        errorReports: [],
      },
    });
    const bad = await call(
      world,
      'PUT',
      '/api/dataElements/eduDeSpare1',
      JSON.stringify({ name: 'No value type' }),
      'application/json',
    );
    expect(bad.status).toBe(409);
    expect(bad.body).toMatchObject({ status: 'ERROR', response: { responseType: 'ObjectReport' } });
    const errors = (bad.body.response as { errorReports: Array<{ errorCode: string }> }).errorReports;
    expect(errors.map((e) => e.errorCode)).toContain('E4000');
  });

  it('PUT on a user still answers an ImportReport', async () => {
    const me = await call(world, 'GET', '/api/me?fields=id');
    const user = await call(world, 'GET', `/api/users/${String(me.body.id)}?fields=:owner`);
    const result = await call(
      world,
      'PUT',
      `/api/users/${String(me.body.id)}`,
      JSON.stringify(user.body),
      'application/json',
    );
    expect((result.body.response as { responseType: string }).responseType).toBe('ImportReport');
  });

  it('PATCH applies a JSON Patch and answers an ObjectReport; a plain JSON PATCH is 415, a bad patch 400', async () => {
    const patch = [
      { op: 'replace', path: '/name', value: 'Patched name' },
      { op: 'add', path: '/description', value: 'Added by JSON Patch' },
    ];
    const result = await call(
      world,
      'PATCH',
      '/api/dataElements/eduDeSpare1',
      JSON.stringify(patch),
      'application/json-patch+json',
    );
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: 'OK',
      response: { responseType: 'ObjectReport', uid: 'eduDeSpare1' },
    });
    const stored = await call(world, 'GET', '/api/dataElements/eduDeSpare1?fields=name,description');
    expect(stored.body).toEqual({ name: 'Patched name', description: 'Added by JSON Patch' });

    const plain = await call(
      world,
      'PATCH',
      '/api/dataElements/eduDeSpare1',
      '{"name":"x"}',
      'application/json',
    );
    expect(plain.status).toBe(415);
    const bad = await call(
      world,
      'PATCH',
      '/api/dataElements/eduDeSpare1',
      JSON.stringify([{ op: 'remove', path: '/nothing/here' }]),
      'application/json-patch+json',
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ httpStatusCode: 400, status: 'ERROR' });
  });

  it('answers a non-JSON body with 415 in the Spring wording of the version', async () => {
    const result = await call(world, 'POST', '/api/dataElements', 'name=x', 'text/plain');
    expect(result.status).toBe(415);
    expect(result.body).toEqual({
      httpStatus: 'Unsupported Media Type',
      httpStatusCode: 415,
      status: 'ERROR',
      message:
        version === '2.42'
          ? "Content-Type 'text/plain' is not supported"
          : "Content type 'text/plain' not supported",
    });
  });

  it('answers a served path with the wrong method with 405, an unknown path with 404', async () => {
    const info = await call(world, 'POST', '/api/system/info', '{}', 'application/json');
    expect(info.status).toBe(405);
    expect(info.body).toMatchObject({
      httpStatus: 'Method Not Allowed',
      status: 'ERROR',
      message:
        version === '2.42' ? "Request method 'POST' is not supported" : "Request method 'POST' not supported",
    });
    expect(
      (await call(world, 'POST', '/api/dataElements/eduDeSpare1', '{}', 'application/json')).status,
    ).toBe(405);
    expect((await call(world, 'POST', '/api/noSuchThings/abc', '{}', 'application/json')).status).toBe(404);
  });

  it('answers /api/ping with 200 and no body', async () => {
    const result = await fetch(`${world.sandbox.url}/api/ping`);
    expect(result.status).toBe(200);
    expect(await result.text()).toBe('');
  });
});
