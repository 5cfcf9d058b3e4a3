import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** Far above the largest real package import (50,000 objects are ~40 MB), far below memory. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;

/** A body over the limit, raw or once inflated: answered 413 and never held in memory. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

/**
 * Reads a request body, at most `limit` bytes as sent and `limit` bytes once inflated. A too-long
 * Content-Length is refused before reading a byte; a chunked body is cut off at the limit.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !done) {
        done = true;
        chunks.length = 0;
        reject(new BodyTooLargeError(limit));
      } else if (!done) chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const body = Buffer.concat(chunks);
      // DHIS2 sniffs gzip magic bytes even when the body is sent as application/json.
      if (body.length > 2 && body[0] === 0x1f && body[1] === 0x8b) {
        try {
          resolve(gunzipSync(body, { maxOutputLength: limit }));
        } catch (error) {
          const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
          reject(tooLarge ? new BodyTooLargeError(limit) : (error as Error));
        }
      } else resolve(body);
    });
    req.on('error', (error) => {
      if (!done) reject(error);
    });
  });
}
