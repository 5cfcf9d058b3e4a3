import { execFileSync } from 'node:child_process';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { basic, client } from './helpers.js';

const DXF = 'xmlns="http://dhis2.org/schema/dxf/2.0"';
const XML = { 'content-type': 'application/xml' };

/** xmllint (libxml2-utils, installed by .ci/run) exits non-zero on XML that is not well-formed. */
const wellFormed = (xml: string) =>
  execFileSync('xmllint', ['--noout', '-'], { input: xml }).toString() === '';

/**
 * 2.38's Jackson XML beyond RootNode answers, and its XML metadata import. MeController#getCurrentUser
 * and SchemaController#getSchema answer an ObjectNode, SchemaController#getSchemas a JsonRoot
 * (dhis-web-api, 2.38); WebMvcConfig's MappingJackson2XmlHttpMessageConverter writes them for
 * application/xml and text/xml. MetadataImportExportController#postXmlMetadata (2.38) reads a DXF 2.0
 * document with renderService.fromXml(Metadata.class) and imports it like JSON.
 */
describe('2.38 XML for /api/me and /api/schemas, and XML metadata import', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', dhis2Version: '2.38' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('writes /api/me as an <ObjectNode> with one element per list item', async () => {
    const me = await client(sandbox.url).get('/api/me?fields=id,username,userRoles[id]');
    const result = await client(sandbox.url).get('/api/me?fields=id,username,userRoles[id]', {
      accept: 'application/xml',
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/xml;charset=UTF-8');
    const roles = (me.body.userRoles as Array<{ id: string }>).map(
      (r) => `<userRoles><id>${r.id}</id></userRoles>`,
    );
    expect(result.text).toBe(
      `<ObjectNode><id>${String(me.body.id)}</id><username>${String(me.body.username)}</username>${roles.join('')}</ObjectNode>`,
    );
  });

  it('writes /api/schemas as JsonRoot <root> in the DXF namespace and /api/schemas/{type} as an <ObjectNode>', async () => {
    const list = await client(sandbox.url).get('/api/schemas.xml?fields=name,plural');
    expect(list.status).toBe(200);
    expect(list.text).toMatch(
      new RegExp(`^<root ${DXF}><schemas><plural>\\w+</plural><name>\\w+</name></schemas><schemas>`),
    );
    expect(list.text).toContain('<schemas><plural>dataElements</plural><name>dataElement</name></schemas>');
    expect(wellFormed(list.text)).toBe(true);
    const one = await client(sandbox.url).get('/api/schemas/dataElement?fields=name,attribute', {
      accept: 'text/xml',
    });
    expect(one.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
    expect(one.text).toMatch(/^<ObjectNode><name>dataElement<\/name>/);
  });

  it('imports the DXF document of dhis2-core RenderServiceTest (render/metadata.xml, 2.38)', async () => {
    const document = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<metadata ${DXF}>`,
      '  <dataElements>',
      '    <dataElement id="deabcdefghA" name="DataElementA" shortName="DE &amp; &quot;A&quot;">',
      '      <aggregationType>SUM</aggregationType><valueType>NUMBER</valueType>',
      '      <domainType>AGGREGATE</domainType><zeroIsSignificant>true</zeroIsSignificant>',
      '    </dataElement>',
      '  </dataElements>',
      '</metadata>',
    ].join('\n');
    const result = await client(sandbox.url).post('/api/metadata', document, XML);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: 'OK', response: { stats: { created: 1 } } });
    const stored = await client(sandbox.url).get(
      '/api/dataElements/deabcdefghA?fields=name,shortName,zeroIsSignificant,valueType',
    );
    expect(stored.body).toEqual({
      name: 'DataElementA',
      shortName: 'DE & "A"',
      zeroIsSignificant: true,
      valueType: 'NUMBER',
    });
  });

  it('reads back its own /api/metadata.xml export into an empty sandbox: wrapped collections, references and attributes', async () => {
    const query = 'categoryOptions=true&categories=true&categoryCombos=true';
    const exported = await client(sandbox.url).get(`/api/metadata.xml?${query}`);
    const target = await startSandbox({ seed: 'empty', dhis2Version: '2.38' });
    try {
      const imported = await client(target.url).post(
        '/api/metadata?importStrategy=CREATE_AND_UPDATE',
        exported.text,
        XML,
      );
      expect(imported.status).toBe(200);
      expect(imported.body.status).toBe('OK');
      const fields = 'fields=id,name,categories[id],categoryOptions[id],dataDimensionType,skipTotal';
      for (const type of ['categoryCombos', 'categories']) {
        const path = `/api/${type}?${fields}&paging=false&order=id:asc`;
        const [source, copy] = [await client(sandbox.url).get(path), await client(target.url).get(path)];
        expect(copy.body[type]).toEqual(source.body[type]);
      }
    } finally {
      await target.close();
    }
  });

  it('answers malformed XML with a 409 WebMessage, as a JSON parse failure', async () => {
    const result = await client(sandbox.url).post('/api/metadata', `<metadata ${DXF}><dataElements>`, XML);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ httpStatusCode: 409, status: 'ERROR' });
  });

  it('keeps XML import to 2.38: a 2.39 sandbox answers it with the plain 415', async () => {
    const later = await startSandbox({ seed: 'empty', dhis2Version: '2.39' });
    try {
      const result = await client(later.url, basic('admin', 'district')).post(
        '/api/metadata',
        '<metadata/>',
        XML,
      );
      expect(result.status).toBe(415);
    } finally {
      await later.close();
    }
  });
});
