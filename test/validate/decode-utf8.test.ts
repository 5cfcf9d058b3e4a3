import { decodeUtf8 } from '../../src/core/io/read-input.js';
import { EdupkgError } from '../../src/errors/index.js';

/** The error decodeUtf8 throws for these bytes. */
function failureOf(bytes: number[]): EdupkgError {
  try {
    decodeUtf8(Uint8Array.from(bytes), 'metadata/x.json');
  } catch (error) {
    if (error instanceof EdupkgError) return error;
    throw error;
  }
  throw new Error('the bytes decoded');
}

describe('decodeUtf8', () => {
  it('points at the lead byte of a multi-byte character cut short, not at the byte after it', () => {
    // "ab\nc", then the first two bytes of "€" (E2 82 AC), then "d"
    const error = failureOf([0x61, 0x62, 0x0a, 0x63, 0xe2, 0x82, 0x64]);
    expect(error.code).toBe('INPUT.INVALID_UTF8');
    expect(error.where).toMatchObject({ file: 'metadata/x.json', line: 2, column: 2 });
    expect(error.message).toBe('metadata/x.json:2:2: invalid UTF-8 byte sequence');
  });

  it('points at a lead byte with no continuation at all, also at the end of the file', () => {
    expect(failureOf([0x61, 0xe2, 0x28]).where).toMatchObject({ line: 1, column: 2 });
    expect(failureOf([0x61, 0x62, 0xc3]).where).toMatchObject({ line: 1, column: 3 });
  });

  it('counts the bytes of valid multi-byte characters before the bad one', () => {
    // "é" (C3 A9), then a four-byte lead with only two continuation bytes, then "x"
    expect(failureOf([0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x78]).where).toMatchObject({ line: 1, column: 3 });
  });

  it('points at stray continuation bytes, overlong forms, surrogates and code points above U+10FFFF', () => {
    expect(failureOf([0x61, 0x80]).where).toMatchObject({ column: 2 });
    expect(failureOf([0xc0, 0xaf]).where).toMatchObject({ column: 1 });
    expect(failureOf([0x61, 0xe0, 0x80, 0x80]).where).toMatchObject({ column: 2 });
    expect(failureOf([0x61, 0xed, 0xa0, 0x80]).where).toMatchObject({ column: 2 });
    expect(failureOf([0x61, 0xf4, 0x90, 0x80, 0x80]).where).toMatchObject({ column: 2 });
  });

  it('decodes valid text and drops a byte order mark', () => {
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b, 0xc3, 0xa9, 0x7d]), 'x.json')).toBe('{é}');
  });
});
