import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type AddressInfo, Server as NetServer, Socket } from 'node:net';
import { acceptQueueLength } from './accept-queue';

/** How long a connection accepted before the stop may take to send its request, in ms. */
export const FIRST_REQUEST_GRACE_MS = 3000;

/**
 * Closing a listening socket resets the connections the kernel completed but Node has not picked
 * up yet (its accept queue). A busy event loop picks them up slowly (one per turn was measured
 * under load, with 40 waiting), so the listener closes only once that queue is empty, read from
 * the kernel where it tells (`acceptQueueLength`), and the loop has gone LISTEN_QUIET_MS without
 * picking up a new connection; at the latest after LISTEN_LINGER_MAX_MS (and within the drain's
 * deadline).
 */
export const LISTEN_QUIET_MS = 50;
export const LISTEN_LINGER_MAX_MS = 5000;

interface Tracked {
  /** Requests on this connection that have not finished yet. */
  active: number;
  /** Requests this connection has sent so far. */
  seen: number;
}

/**
 * Stops an HTTP server without cutting anyone off: the listening socket closes first (no new
 * connections), every request already accepted finishes, and a connection accepted but not yet
 * read gets a moment to send its request (Node's own `server.close()` destroys such "idle"
 * connections at once, which resets them). Every answer given while draining says
 * `Connection: close`, so keep-alive clients move on. socket.io's long-polls and upgraded
 * connections are left to socket.io's own close.
 */
export class HttpDrain {
  private readonly sockets = new Map<Socket, Tracked>();
  private draining = false;
  private settled: (() => void) | null = null;
  private lastConnectionAt = 0;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.lastConnectionAt = Date.now();
      this.sockets.set(socket, { active: 0, seen: 0 });
      socket.once('close', () => {
        this.sockets.delete(socket);
        this.check();
      });
    });
    server.on('upgrade', (req: IncomingMessage) => this.forget(req.socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const tracked = this.sockets.get(req.socket);
      if (!tracked) return;
      if (isSocketIo(req)) {
        // A long-poll may hang for the ping interval: not a request to wait for.
        this.forget(req.socket);
        return;
      }
      tracked.active += 1;
      tracked.seen += 1;
      if (this.draining && !res.headersSent) res.setHeader('Connection', 'close');
      res.once('close', () => {
        tracked.active -= 1;
        if (this.draining) this.closeIfIdle(req.socket, tracked);
      });
    });
  }

  /** Connections still open that carry (or may still carry) a request. */
  get open(): number {
    return this.sockets.size;
  }

  /**
   * Closes the listening socket, then resolves once every accepted connection has been answered
   * and closed, or when `deadline` (epoch ms) passes, whichever is first (returns what is left open).
   */
  async drain(deadline: number): Promise<number> {
    this.draining = true;
    const lingerUntil = Math.min(deadline, Date.now() + LISTEN_LINGER_MAX_MS);
    const address: AddressInfo | string | null = this.server.address();
    const port = address !== null && typeof address === 'object' ? address.port : null;
    const queued = () => (port === null ? null : acceptQueueLength(port));
    // Judged only after a poll phase, where the event loop picks up the accept queue: the timer runs
    // before that phase and the immediate after it. Judged at once, a loop that had been busy
    // looked quiet with connections still queued, and closing reset them.
    do {
      await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setImmediate(r));
    } while (Date.now() < lingerUntil && ((queued() ?? 0) > 0 || Date.now() - this.lastConnectionAt < LISTEN_QUIET_MS));
    // net.Server's close, not http.Server's: that one also destroys connections that have not
    // sent their request yet.
    await new Promise<void>((resolve) => NetServer.prototype.close.call(this.server, () => resolve()));
    const firstRequestDeadline = Math.min(deadline, Date.now() + FIRST_REQUEST_GRACE_MS);
    for (const [socket, tracked] of this.sockets) {
      if (tracked.seen > 0) this.closeIfIdle(socket, tracked);
    }
    const silent = setTimeout(
      () => {
        for (const [socket, tracked] of this.sockets) if (tracked.seen === 0) socket.destroy();
      },
      Math.max(0, firstRequestDeadline - Date.now()),
    );
    const timer = setTimeout(() => this.settled?.(), Math.max(0, deadline - Date.now()));
    try {
      await new Promise<void>((resolve) => {
        this.settled = resolve;
        this.check();
      });
    } finally {
      clearTimeout(silent);
      clearTimeout(timer);
      this.settled = null;
    }
    return this.sockets.size;
  }

  /** Destroys what is still open (after the deadline). */
  destroyAll(): void {
    for (const socket of this.sockets.keys()) socket.destroy();
  }

  private forget(socket: Socket): void {
    this.sockets.delete(socket);
    this.check();
  }

  private closeIfIdle(socket: Socket, tracked: Tracked): void {
    // A keep-alive connection between requests: its answer said Connection: close or was given
    // before the stop; either way it gets no further request.
    if (tracked.active === 0 && tracked.seen > 0 && !socket.destroyed) socket.end();
  }

  private check(): void {
    if (this.draining && this.sockets.size === 0) this.settled?.();
  }
}

const isSocketIo = (req: IncomingMessage): boolean => (req.url ?? '').startsWith('/socket.io/');
