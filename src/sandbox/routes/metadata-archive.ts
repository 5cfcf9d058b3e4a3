import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import type { ApiResponse } from '../http/api.js';

/**
 * GET /api/metadata.json.gz and .json.zip: MetadataExportParamsMessageConverter with Compression
 * GZIP / ZIP (media types application/json+gzip, application/json+zip from WebMvcConfig): the same
 * export, gzipped or as one "metadata.json" zip entry, offered as an attachment.
 */

/** A zip archive holding one deflated entry (local header, data, central directory, end record). */
export function zipOne(name: string, content: Buffer): Buffer {
  const data = deflateRawSync(content);
  const fileName = Buffer.from(name, 'utf8');
  const crc = crc32(content);
  const common = (b: Buffer, at: number) => {
    b.writeUInt16LE(20, at); // version needed
    b.writeUInt16LE(0x0800, at + 2); // UTF-8 names
    b.writeUInt16LE(8, at + 4); // deflate
    b.writeUInt32LE(0, at + 6); // DOS time and date
    b.writeUInt32LE(crc, at + 10);
    b.writeUInt32LE(data.length, at + 14);
    b.writeUInt32LE(content.length, at + 18);
    b.writeUInt16LE(fileName.length, at + 22);
  };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  common(local, 4);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // version made by
  common(central, 6);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(local.length + fileName.length + data.length, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

/** The export answer `plain` (a JSON 200) compressed as `kind`; anything else is passed through. */
export function compressedExport(plain: ApiResponse, kind: 'gz' | 'zip'): ApiResponse {
  if (plain.status !== 200) return plain;
  const json = Buffer.from(JSON.stringify(plain.body), 'utf8');
  return {
    status: 200,
    body: kind === 'gz' ? gzipSync(json) : zipOne('metadata.json', json),
    contentType: kind === 'gz' ? 'application/json+gzip' : 'application/json+zip',
    headers: {
      'content-disposition': `attachment; filename=metadata.json.${kind}`,
      'content-transfer-encoding': 'binary',
    },
  };
}
