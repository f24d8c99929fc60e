// The agent's real-time link: socket.io namespace /agents (CONTRACT.md), JWT in the handshake.
// The socket.io client is served by the service itself from node_modules (vendor/socket.io.min.js).
// Event names are the server's own (./protocol.mjs).

import { AGENTS_NAMESPACE, SERVER_EVENTS } from './protocol.mjs';

/** @import { Ack, ClientEvents, ServerEventPayloads as Events } from './types.js' */

const ACK_TIMEOUT_MS = 8000;

/**
 * What the console does with each server event; the optional ones only some roles receive.
 * @typedef {object} Handlers
 * @property {(state: 'connected' | 'connecting' | 'disconnected' | 'error', detail?: string) => void} status
 * @property {() => void} [refused] the server hung up (token refused or expired)
 * @property {(offer: Events[typeof SERVER_EVENTS.offer]) => void} offer
 * @property {(revoked: Events[typeof SERVER_EVENTS.offerRevoked]) => void} revoked
 * @property {(handoff: Events[typeof SERVER_EVENTS.handoff]) => void} [handoff]
 * @property {(revoked: Events[typeof SERVER_EVENTS.handoffRevoked]) => void} [handoffGone]
 * @property {(presence: Events[typeof SERVER_EVENTS.presence]) => void} [presence]
 * @property {(overview: Events[typeof SERVER_EVENTS.supervisorOverview]) => void} [overview]
 * @property {(breach: Events[typeof SERVER_EVENTS.slaBreach]) => void} [slaBreach]
 * @property {(event: Events[typeof SERVER_EVENTS.handoffEscalated]) => void} [handoffEscalated]
 * @property {(event: Events[typeof SERVER_EVENTS.leadUnassigned]) => void} [leadUnassigned]
 * @property {(event: Events[typeof SERVER_EVENTS.leadStalled]) => void} [leadStalled]
 * @property {(event: Events[typeof SERVER_EVENTS.contactMessage]) => void} [contactMessage]
 * @property {(event: Events[typeof SERVER_EVENTS.teamInvitation]) => void} [teamInvitation]
 * @property {(event: Events[typeof SERVER_EVENTS.dealOutcome]) => void} [dealOutcome]
 * @property {(event: Events[typeof SERVER_EVENTS.backofficeOverdue]) => void} [backofficeOverdue]
 * @property {(event: Events[typeof SERVER_EVENTS.campaignProgress]) => void} [campaignProgress]
 */

/** @typedef {ReturnType<typeof connectAgentSocket>} AgentSocket */

/**
 * Connects and forwards server events to `handlers`: offer, revoked, handoff, handoffGone, presence,
 * overview, slaBreach, leadStalled, leadUnassigned, handoffEscalated, status(state, detail).
 * Returns { request(event, payload) -> Promise<ack>, close() }.
 * @param {string} token
 * @param {Handlers} handlers
 */
export function connectAgentSocket(token, handlers) {
  if (typeof globalThis.io !== 'function') throw new Error('the socket.io client did not load');
  /** @type {SocketIo.Socket<Events>} */
  const socket = globalThis.io(AGENTS_NAMESPACE, { auth: { token }, transports: ['websocket', 'polling'] });

  socket.on('connect', () => handlers.status('connected'));
  socket.on('connect_error', (error) => {
    handlers.status('error', error?.message ?? 'cannot connect');
    // The handshake refused the token (expired or revoked): socket.io will not retry by itself.
    if (error?.message === 'unauthorized') handlers.refused?.();
  });
  socket.on('disconnect', (reason) => {
    handlers.status('disconnected', reason);
    // The server hung up on us (token refused or expired): socket.io will not retry by itself.
    if (reason === 'io server disconnect') handlers.refused?.();
  });
  socket.io.on('reconnect_attempt', () => handlers.status('connecting'));
  socket.on(SERVER_EVENTS.offer, (offer) => handlers.offer(offer));
  socket.on(SERVER_EVENTS.offerRevoked, (revoked) => handlers.revoked(revoked));
  socket.on(SERVER_EVENTS.handoff, (handoff) => handlers.handoff?.(handoff));
  socket.on(SERVER_EVENTS.handoffRevoked, (revoked) => handlers.handoffGone?.(revoked));
  // The server may change presence itself (e.g. offline after the last console closed).
  socket.on(SERVER_EVENTS.presence, (presence) => handlers.presence?.(presence));
  // Supervisors and admins only (the server sends these to their role rooms).
  socket.on(SERVER_EVENTS.supervisorOverview, (overview) => handlers.overview?.(overview));
  socket.on(SERVER_EVENTS.slaBreach, (breach) => handlers.slaBreach?.(breach));
  socket.on(SERVER_EVENTS.handoffEscalated, (event) => handlers.handoffEscalated?.(event));
  socket.on(SERVER_EVENTS.leadUnassigned, (event) => handlers.leadUnassigned?.(event));
  // To the lead's owner.
  socket.on(SERVER_EVENTS.leadStalled, (event) => handlers.leadStalled?.(event));
  // To the contact's owner and supervisors: the conversation moved (a message, a delivery status).
  socket.on(SERVER_EVENTS.contactMessage, (event) => handlers.contactMessage?.(event));
  // The deal desk: an expert's invitation, a closed deal (relationship owner and team), paperwork late.
  socket.on(SERVER_EVENTS.teamInvitation, (event) => handlers.teamInvitation?.(event));
  socket.on(SERVER_EVENTS.dealOutcome, (event) => handlers.dealOutcome?.(event));
  socket.on(SERVER_EVENTS.backofficeOverdue, (event) => handlers.backofficeOverdue?.(event));
  socket.on(SERVER_EVENTS.campaignProgress, (event) => handlers.campaignProgress?.(event));

  return {
    /**
     * Emits and waits for the acknowledgement { ok: true, ... } | { ok: false, error }.
     * @template {keyof ClientEvents} E
     * @param {E} event
     * @param {ClientEvents[E]['payload']} payload
     * @returns {Promise<Ack<ClientEvents[E]['answer']>>}
     */
    request(event, payload) {
      return new Promise((resolve) => {
        if (!socket.connected) {
          resolve({ ok: false, error: 'not connected to the server' });
          return;
        }
        socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (timeout, ack) => {
          if (timeout) resolve({ ok: false, error: 'the server did not answer in time' });
          // The server's acknowledgement, shaped as the contract says (not re-validated here).
          else if (ack && typeof ack === 'object') resolve(/** @type {Ack<ClientEvents[E]['answer']>} */ (ack));
          else resolve({ ok: false, error: 'empty acknowledgement' });
        });
      });
    },
    reconnect() {
      socket.connect();
    },
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
