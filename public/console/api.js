// The console's HTTP client: JSON in and out, the agent's Bearer token on every call.

const SESSION_KEY = 'contact-center.console.session';

export class ApiError extends Error {
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
  get() {
    try {
      const value = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
      if (!value?.accessToken || !value?.user) return null;
      if (value.expiresAt && Date.now() >= value.expiresAt) return null;
      return value;
    } catch {
      return null;
    }
  },
  save({ accessToken, expiresIn, user }) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : null;
    sessionStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken, user, expiresAt }));
  },
  clear() {
    sessionStorage.removeItem(SESSION_KEY);
  },
  token() {
    return this.get()?.accessToken ?? null;
  },
};

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 300) };
  }
}

/** Calls the API; throws ApiError for any non-2xx answer. A 401 also announces the lost session. */
async function send(path, { method = 'GET', body, anonymous = false } = {}) {
  const headers = { Accept: 'application/json' };
  const token = anonymous ? null : session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const error = new ApiError(res.status, await readBody(res));
    if (res.status === 401 && !anonymous) window.dispatchEvent(new CustomEvent('session-expired'));
    throw error;
  }
  return res;
}

export async function api(path, options) {
  const res = await send(path, options);
  return res.status === 204 ? null : readBody(res);
}

/** Downloads a protected file as a Blob (attachments need the Bearer token, so no plain links). */
export async function fetchBlob(path) {
  const res = await send(path);
  return res.blob();
}
