import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import twilio from 'twilio';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** A Twilio fixture (test/fixtures/twilio/<name>.json), with fields replaced or removed (undefined). */
export function twilioFixture(
  name: string,
  overrides: Record<string, string | undefined> = {},
): Record<string, string> {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'twilio', `${name}.json`), 'utf8')) as Record<string, string>;
  const merged: Record<string, string | undefined> = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
}

export const faxFixture = (name: string): Buffer => readFileSync(join(FIXTURES, 'fax', name));

/** A fresh Twilio SID with the given two-letter prefix. */
export const sid = (prefix: string): string =>
  prefix + createHash('md5').update(Math.random().toString()).digest('hex');

export interface TwilioSender {
  /** Posts form fields to `path` (with query), signed as Twilio signs them for `publicBaseUrl + path`. */
  post(path: string, params: Record<string, string>, headers?: Record<string, string>): request.Test;
  /** The same post, signed with something else. */
  postSignedWith(signature: string | null, path: string, params: Record<string, string>): request.Test;
}

export function twilioSender(appUrl: string, publicBaseUrl: string, authToken: string): TwilioSender {
  const send = (signature: string | null, path: string, params: Record<string, string>, headers = {}) => {
    const req = request(appUrl).post(path).type('form').set(headers);
    if (signature !== null) req.set('X-Twilio-Signature', signature);
    return req.send(new URLSearchParams(params).toString());
  };
  return {
    post: (path, params, headers = {}) =>
      send(twilio.getExpectedTwilioSignature(authToken, publicBaseUrl + path, params), path, params, headers),
    postSignedWith: (signature, path, params) => send(signature, path, params),
  };
}

/** Phaxio's signature of a callback (https://www.phaxio.com/docs/security/callbacks), computed independently. */
export function phaxioTestSignature(
  token: string,
  url: string,
  fields: Record<string, string>,
  files: Record<string, Buffer>,
): string {
  let data = url;
  for (const name of Object.keys(fields).sort()) data += name + fields[name];
  for (const name of Object.keys(files).sort()) data += name + createHash('sha1').update(files[name]).digest('hex');
  return createHmac('sha1', token).update(data).digest('hex');
}

export const genericFaxSignature = (secret: string, body: Buffer | string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export interface StandInServer {
  url: string;
  host: string;
  requests: { method: string; url: string; authorization?: string }[];
  close(): Promise<void>;
}

/** A real local HTTP server standing in for a provider's media host. */
export async function startStandInServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<StandInServer> {
  const requests: StandInServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
