// The console's HTTP client: JSON in and out, the agent's Bearer token on every call.

/** @import { FieldError, LoginAnswer, Session } from './types.js' */

const SESSION_KEY = 'contact-center.console.session';

/**
 * What an error answer may carry.
 * @typedef {{ message?: string, code?: string, errors?: FieldError[] }} ErrorBody
 */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ErrorBody | null} body
   */
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? null;
    this.errors = body?.errors ?? [];
  }
}

/** The signed-in agent, kept in sessionStorage: gone when the tab closes, never shared between tabs. */
export const session = {
  /** @returns {Session | null} */
  get() {
    try {
      const value = /** @type {Partial<Session> | null} */ (parseJson(sessionStorage.getItem(SESSION_KEY) ?? 'null'));
      if (!value?.accessToken || !value?.user) return null;
      if (value.expiresAt && Date.now() >= value.expiresAt) return null;
      return /** @type {Session} */ (value);
    } catch {
      return null;
    }
  },
  /** @param {LoginAnswer} answer */
  save({ accessToken, expiresIn, user }) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : null;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken, user, expiresAt }));
  },
  clear() {
    sessionStorage.removeItem(SESSION_KEY);
  },
  /** @returns {string | null} */
  token() {
    return this.get()?.accessToken ?? null;
  },
};

/**
 * JSON.parse, typed as what it gives: anything, for the caller to check.
 * @param {string} text
 * @returns {unknown}
 */
function parseJson(text) {
  return JSON.parse(text);
}

/**
 * @param {Response} res
 * @returns {Promise<unknown>}
 */
async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return parseJson(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}

/** @typedef {{ method?: string, body?: unknown, anonymous?: boolean, headers?: Record<string, string> }} RequestOptions */

/**
 * Calls the API; throws ApiError for any non-2xx answer. A 401 also announces the lost session.
 * @param {string} path
 * @param {RequestOptions} [options]
 */
async function send(path, { method = 'GET', body, anonymous = false, headers: extra = {} } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', ...extra };
  const token = anonymous ? null : session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const error = new ApiError(res.status, /** @type {ErrorBody | null} */ (await readBody(res)));
    if (res.status === 401 && !anonymous) window.dispatchEvent(new CustomEvent('session-expired'));
    throw error;
  }
  return res;
}

/**
 * The answer's JSON (null for 204 No Content); its shape is the caller's to state.
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<unknown>}
 */
export async function api(path, options) {
  const res = await send(path, options);
  return res.status === 204 ? null : readBody(res);
}

/**
 * Downloads a protected file as a Blob (attachments need the Bearer token, so no plain links).
 * @param {string} path
 * @param {Record<string, string>} [headers] e.g. `{ Accept: 'text/csv' }` for a report's CSV
 */
export async function fetchBlob(path, headers) {
  const res = await send(path, { headers });
  return res.blob();
}
