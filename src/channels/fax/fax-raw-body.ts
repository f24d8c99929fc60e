import type { NextFunction, Request, Response } from 'express';

/** The fax route whose signature covers its raw body (JSON with a base64 document, or multipart). */
export const GENERIC_FAX_PATH = '/webhooks/fax/generic';

/** Room for the metadata and the multipart framing around a document. */
const ENVELOPE_BYTES = 64 * 1024;

/** The largest body of the generic fax route: a document of `documentMaxBytes`, base64-encoded. */
export const genericFaxBodyLimit = (documentMaxBytes: number): number =>
  Math.ceil((documentMaxBytes * 4) / 3) + ENVELOPE_BYTES;

/** Shaped like body-parser's errors, so the app's one exception filter answers them. */
const bodyError = (status: number, type: string, message: string) =>
  Object.assign(new Error(message), { status, type });

/**
 * Reads the whole body of the generic fax route into `req.rawBody`, whatever its type, before the
 * app's small JSON and form parsers (which then see a finished request and leave it alone). The
 * signature is checked over exactly these bytes; parsing happens after.
 */
export function genericFaxRawBody(limitBytes: number) {
  return (req: Request & { rawBody?: Buffer }, _res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      req.resume();
      return next(bodyError(413, 'entity.too.large', 'request entity too large'));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      if (error) {
        req.resume(); // discard the rest
        return next(error);
      }
      req.rawBody = Buffer.concat(chunks, size);
      next();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) return settle(bodyError(413, 'entity.too.large', 'request entity too large'));
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle());
    req.once('aborted', () => settle(bodyError(400, 'request.aborted', 'request aborted')));
    req.once('error', (error: Error) => settle(bodyError(400, 'request.aborted', error.message)));
  };
}
