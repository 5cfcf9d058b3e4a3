import {
  clearSecretsForTests,
  redact,
  redactValue,
  registerBasicCredentials,
} from '../../src/output/redact.js';

describe('redaction', () => {
  afterEach(() => clearSecretsForTests());

  it('masks a password wherever it stands as a token: quoted, in a URL, at the end of a sentence, encoded', () => {
    registerBasicCredentials('admin', 'district');
    const text = [
      'password "district"',
      'http://admin:district@host/api',
      'it was district.',
      `Basic ${Buffer.from('admin:district').toString('base64')}`,
      'p=district&x=1',
    ].join('\n');
    expect(redact(text)).not.toMatch(/district|YWRtaW46ZGlzdHJpY3Q/);
  });

  it('leaves longer words and dotted names that merely contain the password readable', () => {
    registerBasicCredentials('admin', 'district');
    expect(redact('parameter orgUnitLevel.district: no such level; districts: 8')).toBe(
      'parameter orgUnitLevel.district: no such level; districts: 8',
    );
  });

  it('masks secrets with characters JSON escapes inside --json documents', () => {
    registerBasicCredentials('admin', 'pa"ss\\word');
    expect(redactValue({ message: 'bad password pa"ss\\word' })).toEqual({
      message: 'bad password [REDACTED]',
    });
  });
});
