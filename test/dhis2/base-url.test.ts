import { assertTransportAllowed, isLoopbackHost, normaliseServerUrl } from '../../src/dhis2/base-url.js';
import { thrown } from '../support/thrown.js';

describe('normaliseServerUrl', () => {
  it.each([
    ['play.dhis2.org/40/', 'https://play.dhis2.org/40'],
    ['https://dhis.example.org/api/', 'https://dhis.example.org'],
    ['https://dhis.example.org/api/41/', 'https://dhis.example.org'],
    ['https://dhis.example.org/hmis/dhis-web-commons/index.action', 'https://dhis.example.org/hmis'],
    ['https://dhis.example.org/dhis-web-dashboard/#/', 'https://dhis.example.org'],
    ['  http://localhost:8080///  ', 'http://localhost:8080'],
  ])('turns %s into %s', (input, expected) => {
    expect(normaliseServerUrl(input).baseUrl).toBe(expected);
  });

  it('refuses credentials inside the URL, naming the URL without them', () => {
    const error = thrown(() => normaliseServerUrl('https://admin:s3cret@dhis.example.org/api', '--server'));
    expect(error).toMatchObject({ code: 'USAGE.URL_CREDENTIALS', exitCode: 2 });
    expect((error as Error).message).toContain('--server https://dhis.example.org/api');
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('s3cret');
  });

  it('rejects what is not an http(s) URL with a usage error', () => {
    expect(thrown(() => normaliseServerUrl('ftp://dhis.example.org'))).toMatchObject({
      code: 'USAGE.BAD_SERVER_URL',
      exitCode: 2,
    });
  });
});

describe('plain http', () => {
  it('is allowed to loopback only, unless explicitly allowed', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
    expect(() => assertTransportAllowed('http://127.0.0.1:8080', false)).not.toThrow();
    expect(thrown(() => assertTransportAllowed('http://dhis.example.org', false))).toMatchObject({
      code: 'USAGE.INSECURE_HTTP',
    });
    expect(() => assertTransportAllowed('http://dhis.example.org', true)).not.toThrow();
    expect(() => assertTransportAllowed('https://dhis.example.org', false)).not.toThrow();
  });
});
