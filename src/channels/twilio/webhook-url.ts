/**
 * The absolute URL a provider calls for `path` (which may carry a query string): PUBLIC_BASE_URL
 * joined by plain text, never re-encoded, because providers sign exactly the string they called.
 */
export function publicUrl(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}
