'use strict';
// Agents' consoles, in their own process: connects one socket.io client per token (argv[2] is the
// service URL, the tokens come on stdin as JSON), sets each available, and on every `offer`
// records the arrival time, accepts, and ends the contact. On SIGTERM (or stdin "report") prints
// what it saw as one JSON line: offers [{ contactId, agentId, at }], and errors.
const { io } = require('socket.io-client');

const url = process.argv[2];
const offers = [];
const errors = [];
let input = '';

function ack(socket, event, payload) {
  return new Promise((resolve) =>
    socket.timeout(30_000).emit(event, payload, (err, res) => resolve(err ? { ok: false, error: String(err) } : res)),
  );
}

async function connect(token, agentId) {
  const socket = io(`${url}/agents`, { auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  socket.on('offer', async (offer) => {
    offers.push({ contactId: offer.contactId, agentId, at: Date.now() });
    const accepted = await ack(socket, 'offer:accept', { offerId: offer.offerId });
    if (!accepted?.ok) return errors.push(`accept ${offer.contactId}: ${accepted?.error}`);
    const ended = await ack(socket, 'assignment:end', { contactId: offer.contactId });
    if (!ended?.ok) errors.push(`end ${offer.contactId}: ${ended?.error}`);
  });
  const res = await ack(socket, 'presence:set', { status: 'available' });
  if (!res?.ok) throw new Error(`presence: ${res?.error}`);
  return socket;
}

const report = () => {
  process.stdout.write(`${JSON.stringify({ offers, errors })}\n`);
  process.exit(0);
};
process.on('SIGTERM', report);

process.stdin.on('data', async (chunk) => {
  input += chunk;
  if (!input.includes('\n')) return;
  const line = input.slice(0, input.indexOf('\n'));
  input = input.slice(input.indexOf('\n') + 1);
  if (line === 'report') return report();
  const agents = JSON.parse(line);
  for (let i = 0; i < agents.length; i += 20) {
    await Promise.all(agents.slice(i, i + 20).map((a) => connect(a.token, a.id)));
  }
  process.stdout.write('ready\n');
});
