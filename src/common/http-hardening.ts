import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * The API answers JSON: nothing on it may run scripts, be framed or be read as another type.
 * The console (/console) sets its own, wider policy (src/console/console-web.controller.ts).
 */
const API_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Swagger UI (/docs) and Bull Board (/admin/queues) are third-party pages with inline scripts,
 * inline styles and web fonts: they get a policy of their own, same-origin otherwise.
 */
const TOOL_PAGE_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
  fontSrc: ["'self'", 'data:', 'https://fonts.gstatic.com'],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The pages that get TOOL_PAGE_POLICY: Swagger UI and its assets, and Bull Board. */
const TOOL_PAGES = /^\/(?:docs(?:[/-]|$)|admin\/queues(?:\/|$))/;

/**
 * helmet on every answer (nosniff, frame denial, no referrer, HSTS, cross-origin isolation
 * headers...) with a Content-Security-Policy chosen by path.
 */
export function securityHeaders(): RequestHandler {
  const common = {
    referrerPolicy: { policy: 'no-referrer' as const },
    // The softphone loads Twilio's media and the console is never embedded: no COEP needed.
    crossOriginEmbedderPolicy: false,
  };
  const api = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: API_POLICY } });
  const tools = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: TOOL_PAGE_POLICY } });
  return (req: Request, res: Response, next: NextFunction) => (TOOL_PAGES.test(req.path) ? tools : api)(req, res, next);
}

/**
 * CORS for the public web form only (`POST /inquiries` and its preflight), from the origins of
 * CORS_ORIGINS: a page on the customer's own site may post an inquiry. Any other origin, and any
 * other path, gets no Access-Control-Allow-Origin, so a browser keeps its answers from the page.
 * Mount at `/inquiries`.
 */
export function inquiryCors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin.toLowerCase())),
    methods: ['POST'],
    allowedHeaders: ['Content-Type', 'Idempotency-Key'],
    exposedHeaders: ['Retry-After'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    // Only the collection itself: POST /inquiries and OPTIONS /inquiries.
    if (allowed.size === 0 || (req.path !== '/' && req.path !== '') || !['POST', 'OPTIONS'].includes(req.method)) {
      return next();
    }
    handler(req, res, next);
  };
}
