'use strict';
// A small JSON client for the service's API and an agent's console socket.
const http = require('node:http');
const { io } = require('socket.io-client');

function jsonClient(url) {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true });
  const call = (method, path, body, token) =>
    new Promise((resolve, reject) => {
      const data = body ? Buffer.from(JSON.stringify(body)) : undefined;
      const req = http.request(
        {
          agent,
          host: hostname,
          port,
          method,
          path,
          headers: {
            ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let json = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = text;
            }
            resolve({ status: res.statusCode, body: json });
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  return { call, close: () => agent.destroy() };
}

async function login(client, email, password) {
  const res = await client.call('POST', '/auth/login', { email, password });
  if (res.status >= 300) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** Creates an agent (as the admin) and connects its console socket, available. */
async function connectAgent(url, client, adminToken, email) {
  const created = await client.call(
    'POST',
    '/users',
    { email, password: 'bench-password-1', name: email.split('@')[0], roles: ['agent'] },
    adminToken,
  );
  if (created.status >= 300) throw new Error(`create ${email}: ${created.status} ${JSON.stringify(created.body)}`);
  const token = await login(client, email, 'bench-password-1');
  const socket = io(`${url}/agents`, { auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await socket.timeout(10_000).emitWithAck('presence:set', { status: 'available' });
  return { socket, token, id: created.body.id };
}

module.exports = { jsonClient, login, connectAgent };
