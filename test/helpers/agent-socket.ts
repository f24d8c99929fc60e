import { io, Socket } from 'socket.io-client';
import type { TestApp } from './test-app';

export interface Ack {
  ok: boolean;
  error?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  [key: string]: unknown;
}

/**
 * A real socket.io client on the test app's `/agents` namespace, recording every event it
 * receives, with helpers to send with an acknowledgement and to wait for an event.
 */
/**
 * How long a wait for something that must happen may take: generous, because CI shares two cores
 * with builds and child services. A wait ends as soon as its event arrives, so this costs nothing
 * when things are well; waits for something that must NOT happen pass their own short timeout.
 */
const LOADED_MACHINE_MS = 15_000;

export class AgentClient {
  readonly events: { event: string; payload: unknown; at: number }[] = [];
  private waiters: { event: string; match: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.events.push({ event, payload, at: Date.now() });
      this.waiters = this.waiters.filter((w) => {
        if (w.event !== event || !w.match(payload)) return true;
        w.resolve(payload);
        return false;
      });
    });
  }

  /** Connects with a token (or with `auth` as given) and resolves once connected. */
  static async connect(t: TestApp, token: string): Promise<AgentClient> {
    const socket = io(`${t.url}/agents`, { auth: { token }, transports: ['websocket'], reconnection: false });
    const client = new AgentClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    // The server sends `presence` once it has set the connection up (rooms joined). It can arrive
    // in the same read as the connect packet, before this line runs: look at what was recorded too.
    await client.waitFor('presence', () => true, LOADED_MACHINE_MS);
    return client;
  }

  emit(event: string, payload?: unknown, timeoutMs = LOADED_MACHINE_MS): Promise<Ack> {
    return this.socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack>;
  }

  /** The first matching event already received, or the next one. */
  waitFor<T = unknown>(
    event: string,
    match: (p: T) => boolean = () => true,
    timeoutMs = LOADED_MACHINE_MS,
  ): Promise<T> {
    const seen = this.events.find((e) => e.event === event && match(e.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return this.next(event, match, timeoutMs);
  }

  /** The next matching event from now on. */
  next<T = unknown>(event: string, match: (p: T) => boolean = () => true, timeoutMs = LOADED_MACHINE_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no ${event} event within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (payload: T) => {
        clearTimeout(timer);
        resolve(payload);
      };
      this.waiters.push({ event, match: match as (p: unknown) => boolean, resolve: done as (p: unknown) => void });
    });
  }

  received<T = unknown>(event: string): T[] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as T);
  }

  async setPresence(status: 'available' | 'away' | 'offline'): Promise<Ack> {
    const ack = await this.emit('presence:set', { status });
    if (!ack.ok) throw new Error(`presence:set ${status} failed: ${ack.error}`);
    return ack;
  }

  close(): void {
    this.socket.close();
  }
}
