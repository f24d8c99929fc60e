// The agent's real-time link: socket.io namespace /agents (CONTRACT.md), JWT in the handshake.
// The socket.io client is served by the service itself from node_modules (vendor/socket.io.min.js).

const ACK_TIMEOUT_MS = 8000;

/**
 * Connects and forwards server events to `handlers`: offer, revoked, handoff, handoffGone, presence,
 * overview, slaBreach, leadStalled, leadUnassigned, handoffEscalated, status(state, detail).
 * Returns { request(event, payload) -> Promise<ack>, close() }.
 */
export function connectAgentSocket(token, handlers) {
  if (typeof globalThis.io !== 'function') throw new Error('the socket.io client did not load');
  const socket = globalThis.io('/agents', { auth: { token }, transports: ['websocket', 'polling'] });

  socket.on('connect', () => handlers.status('connected'));
  socket.on('connect_error', (error) => handlers.status('error', error?.message ?? 'cannot connect'));
  socket.on('disconnect', (reason) => {
    handlers.status('disconnected', reason);
    // The server hung up on us (token refused or expired): socket.io will not retry by itself.
    if (reason === 'io server disconnect') handlers.refused?.();
  });
  socket.io.on('reconnect_attempt', () => handlers.status('connecting'));
  socket.on('offer', (offer) => handlers.offer(offer));
  socket.on('offer:revoked', (revoked) => handlers.revoked(revoked));
  socket.on('handoff', (handoff) => handlers.handoff?.(handoff));
  socket.on('handoff:revoked', (revoked) => handlers.handoffGone?.(revoked));
  // The server may change presence itself (e.g. offline after the last console closed).
  socket.on('presence', (presence) => handlers.presence?.(presence));
  // Supervisors and admins only (the server sends these to their role rooms).
  socket.on('supervisor:overview', (overview) => handlers.overview?.(overview));
  socket.on('sla:breach', (breach) => handlers.slaBreach?.(breach));
  socket.on('handoff:escalated', (event) => handlers.handoffEscalated?.(event));
  socket.on('lead:unassigned', (event) => handlers.leadUnassigned?.(event));
  // To the lead's owner.
  socket.on('lead:stalled', (event) => handlers.leadStalled?.(event));

  return {
    /** Emits and waits for the acknowledgement { ok: true, ... } | { ok: false, error }. */
    request(event, payload) {
      return new Promise((resolve) => {
        if (!socket.connected) {
          resolve({ ok: false, error: 'not connected to the server' });
          return;
        }
        socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (timeout, ack) => {
          if (timeout) resolve({ ok: false, error: 'the server did not answer in time' });
          else resolve(ack && typeof ack === 'object' ? ack : { ok: false, error: 'empty acknowledgement' });
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
