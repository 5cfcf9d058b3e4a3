import { execFileSync } from 'node:child_process';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { client } from './helpers.js';

const DXF = 'xmlns="http://dhis2.org/schema/dxf/2.0"';
/** Woodstox, DHIS2's StAX writer, quotes the declaration with single quotes. */
const DECLARATION = escapeRegExp("<?xml version='1.0' encoding='UTF-8'?>");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** xmllint (libxml2-utils, installed by .ci/run) exits non-zero on XML that is not well-formed. */
const wellFormed = (xml: string) =>
  execFileSync('xmllint', ['--noout', '-'], { input: xml }).toString() === '';

describe('sandbox content negotiation in 2.38 mode, the last DHIS2 that writes metadata as XML', () => {
  let sandbox: Sandbox;
  let unit: { id: string; name: string; code: string };
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', dhis2Version: '2.38' });
    const list = await client(sandbox.url).get(
      '/api/organisationUnits?filter=level:eq:3&fields=id,name,code',
    );
    unit = (list.body.organisationUnits as Array<typeof unit>)[0]!;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('writes an object list for Accept: application/xml as <metadata> with the pager and a wrapped collection', async () => {
    const result = await client(sandbox.url).get('/api/organisationUnits?pageSize=2', {
      accept: 'application/xml',
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('application/xml');
    // NodeUtils.createMetadata/createPager and StAXNodeSerializer (dhis-service-node, 2.38).
    expect(result.text).toMatch(
      new RegExp(
        `^${DECLARATION}<metadata ${DXF}><pager><page>1</page><pageCount>\\d+</pageCount>` +
          `<total>\\d+</total><pageSize>2</pageSize><nextPage>[^<]+</nextPage></pager>` +
          `<organisationUnits><organisationUnit id="\\w{11}"><displayName>[^<]+</displayName></organisationUnit>`,
      ),
    );
    expect(result.text.endsWith('</organisationUnits></metadata>')).toBe(true);
    expect(wellFormed(result.text)).toBe(true);
  });

  it('places identifiable properties as attributes and the rest as elements, as DHIS2 annotates them', async () => {
    // BaseIdentifiableObject (dhis-api, 2.38): @JacksonXmlProperty(isAttribute = true) on id, code,
    // name, created, lastUpdated; OrganisationUnit#getLevel too; parent and children are elements.
    const result = await client(sandbox.url).get(
      `/api/organisationUnits/${unit.id}.xml?fields=level,parent,children[id],id,name,code,path`,
    );
    expect(result.status).toBe(200);
    expect(result.text).toMatch(
      new RegExp(
        `<organisationUnit ${DXF} level="3" id="${unit.id}" name="${escapeRegExp(unit.name)}" code="${unit.code}">` +
          `<parent id="\\w{11}"/><children><organisationUnit id="\\w{11}"/>.*</children><path>/[\\w/]+</path></organisationUnit>$`,
      ),
    );
    expect(wellFormed(result.text)).toBe(true);
  });

  it('exports /api/metadata.xml with the system block and one wrapped collection per type', async () => {
    const result = await client(sandbox.url).get('/api/metadata.xml?categoryCombos=true');
    expect(result.status).toBe(200);
    expect(result.text).toMatch(
      new RegExp(
        `^${DECLARATION}<metadata ${DXF}><system><id>[^<]+</id><rev>[^<]*</rev><version>2\\.38[^<]*</version>`,
      ),
    );
    expect(result.text).toMatch(
      /<categoryCombos><categoryCombo [^>]*id="bjDvmb4bfuf"[^>]*><categories><category id="\w{11}"\/><\/categories>/,
    );
    expect(wellFormed(result.text)).toBe(true);
  });

  it('answers /api/system/info.xml with 406: SystemController#getSystemInfo produces JSON only', async () => {
    for (const [path, accept, type] of [
      ['/api/system/info.xml', undefined, 'application/xml'],
      ['/api/system/info', 'text/xml', 'text/xml'],
    ] as const) {
      const result = await client(sandbox.url).get(path, accept ? { accept } : {});
      expect(result.status).toBe(406);
      expect(result.headers.get('content-type')).toBe(`${type};charset=UTF-8`);
      // WebMessage (dhis-service-dxf2, 2.38): httpStatus, httpStatusCode, status are attributes, message an element.
      expect(result.text).toBe(
        `<webMessage ${DXF} httpStatus="Not Acceptable" httpStatusCode="406" status="ERROR">` +
          '<message>Could not find acceptable representation</message></webMessage>',
      );
    }
  });

  it('writes an error WebMessage as XML when the client asked for XML', async () => {
    const result = await client(sandbox.url).get('/api/dataElements/abcdefghijk', {
      accept: 'application/xml',
    });
    expect(result.status).toBe(404);
    expect(result.text).toBe(
      `<webMessage ${DXF} httpStatus="Not Found" httpStatusCode="404" status="ERROR">` +
        '<message>DataElement with id abcdefghijk could not be found.</message></webMessage>',
    );
  });

  it('weighs Accept q-values: JSON for */* or a better-rated JSON, XML for a browser that rates XML above */*', async () => {
    const typeFor = async (accept: string) =>
      (await client(sandbox.url).get('/api/organisationUnits?pageSize=1', { accept })).headers.get(
        'content-type',
      );
    expect(await typeFor('*/*')).toBe('application/json;charset=UTF-8');
    expect(await typeFor('application/xml;q=0.5, application/json')).toBe('application/json;charset=UTF-8');
    expect(await typeFor('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(
      'application/xml',
    );
  });
});

describe('sandbox content negotiation in 2.41 mode, where XML is gone from the metadata API', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'empty', dhis2Version: '2.41' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('answers XML requests with 406, by Accept or by the .xml suffix (WebMvcConfig.XML_PATTERNS)', async () => {
    for (const [path, accept] of [
      ['/api/dataElements', 'application/xml'],
      ['/api/dataElements.xml', undefined],
      ['/api/metadata', 'text/xml'],
      ['/api/system/info.xml', undefined],
    ] as const) {
      const result = await client(sandbox.url).get(path, accept ? { accept } : {});
      expect([path, result.status, result.headers.get('content-type')]).toEqual([
        path,
        406,
        'text/html;charset=utf-8',
      ]);
    }
  });

  it('lets the .json suffix win over the Accept header, as the path extension strategy comes first', async () => {
    const result = await client(sandbox.url).get('/api/dataElements.json', { accept: 'application/xml' });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ pager: expect.any(Object), dataElements: [] });
  });

  it("refuses an XML metadata import with Spring's plain 415", async () => {
    const result = await client(sandbox.url).post('/api/metadata', '<metadata/>', {
      'content-type': 'application/xml',
    });
    expect(result.status).toBe(415);
    expect(result.body.message).toBe("Content type 'application/xml' not supported");
  });
});
