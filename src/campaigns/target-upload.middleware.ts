import { json, raw, type NextFunction, type Request, type Response } from 'express';

/** `POST /campaigns/:id/targets`: the one route that takes large bodies (10,000+ rows). */
export const TARGET_UPLOAD_PATH = /^\/campaigns\/[^/]+\/targets\/?$/;

/** Largest target upload: a 50,000-row CSV with long names and companies fits. */
export const TARGET_UPLOAD_LIMIT = '16mb';

/** Content types read as a raw target file (CSV in any supported encoding). */
export const TARGET_FILE_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

export type TargetUploadRequest = Request & { targetFile?: Buffer };

const rawFile = raw({ type: TARGET_FILE_TYPES, limit: TARGET_UPLOAD_LIMIT });
const bigJson = json({ limit: TARGET_UPLOAD_LIMIT });

/**
 * Reads the target upload before the app's small JSON parser (64 KB) sees it: JSON up to the
 * upload limit, or a raw file whose bytes are kept aside in `req.targetFile` (decoded later, since
 * its charset may have to be detected) rather than as the body the input guard walks.
 * Multipart uploads pass on to multer in the controller.
 */
export function targetUploadBody(req: TargetUploadRequest, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || !TARGET_UPLOAD_PATH.test(req.path)) return next();
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) return bigJson(req, res, next);
  if (!TARGET_FILE_TYPES.some((t) => type.startsWith(t))) return next();
  rawFile(req, res, (error?: unknown) => {
    if (error) return next(error);
    if (Buffer.isBuffer(req.body)) {
      req.targetFile = req.body;
      req.body = undefined;
    }
    next();
  });
}
