import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('GET /console (the web console files)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the page without a token, in UTF-8, with a language and a strict same-origin policy', async () => {
    const res = await request(t.url).get('/console').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toMatch(/^<!doctype html>\s*<html lang="en">/i);
    expect(res.text).toContain('<meta charset="utf-8" />');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // No CDN: every script the page loads comes from this service.
    const scripts = [...res.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      '/console/vendor/socket.io.min.js',
      '/console/vendor/chart.umd.min.js',
      '/console/app.js',
    ]);
    await request(t.url).get('/console/').expect(200);
  });

  it('serves its modules and styles, and the socket.io and Twilio Voice browser bundles from node_modules', async () => {
    for (const file of ['app.js', 'api.js', 'offers.js', 'contact-view.js', 'qualification.js', 'softphone.js']) {
      const res = await request(t.url).get(`/console/${file}`).expect(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    // The event names and vocabulary, from the module the server itself imports (src/common/protocol.mjs).
    const protocol = await request(t.url).get('/console/protocol.mjs').expect(200);
    expect(protocol.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(protocol.text).toContain("offerAccept: 'offer:accept'");
    const css = await request(t.url).get('/console/styles.css').expect(200);
    expect(css.text).toContain('Noto Sans CJK JP');
    const io = await request(t.url).get('/console/vendor/socket.io.min.js').expect(200);
    expect(io.text).toContain('Socket.IO');
    const voice = await request(t.url).get('/console/vendor/twilio-voice.min.js').expect(200);
    expect(voice.text).toContain('Twilio.Device');
    const chart = await request(t.url).get('/console/vendor/chart.umd.min.js').expect(200);
    expect(chart.text).toContain('Chart.js');
  });

  it('never parses data as markup: no HTML sinks in any console module', () => {
    const dir = join(__dirname, '..', '..', 'public', 'console');
    const modules = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(dir, f));
    expect(modules.length).toBeGreaterThanOrEqual(8);
    for (const file of [...modules, join(__dirname, '..', '..', 'src', 'common', 'protocol.mjs')]) {
      const source = readFileSync(file, 'utf8');
      expect({ file, sinks: source.match(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/g) }).toEqual({
        file,
        sinks: null,
      });
    }
  });

  it.each([
    '/console/nope.js',
    '/console/..%2Fpackage.json',
    '/console/vendor/socket.io.js',
    '/console/.env',
    '/console/tsconfig.json',
    '/console/types.d.ts',
    '/console/protocol.mjs.map',
  ])('answers 404 for %s', async (path) => {
    const res = await request(t.url).get(path).expect(404);
    expect(res.body.code).toBe('not_found');
  });
});
