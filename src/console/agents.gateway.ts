import { BeforeApplicationShutdown, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Principal } from '../auth/auth.types';
import { TokenService } from '../auth/token.service';
import { ActiveUsers } from '../users/active-users';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { CLIENT_EVENTS, type ClientEventName, SERVER_EVENTS } from '../common/protocol.mjs';
import { ContactsService } from '../contacts/contacts.service';
import { roleRoom, ServerToAgentEvents, userRoom } from '../routing/agent-notifier';
import { PRESENCE_HEARTBEAT_MS, PresenceService } from '../routing/agents/presence.service';
import { HandoffService } from '../routing/leads/handoff.service';
import { LeadsService } from '../routing/leads/leads.service';
import { AssignmentsService } from '../routing/offers/assignments.service';
import { OffersService } from '../routing/offers/offers.service';
import {
  assignmentEndPayload,
  handoffAcceptPayload,
  handoffDeclinePayload,
  offerAcceptPayload,
  offerDeclinePayload,
  parsePayload,
  PayloadError,
  presenceSetPayload,
} from './agent-socket.payloads';
import { AGENTS_NAMESPACE } from './socket-io-channel';

/** Every acknowledgement: `{ ok: true, ... }` or `{ ok: false, error }` (CONTRACT.md). */
export type Ack =
  ({ ok: true } & Record<string, unknown>) | { ok: false; error: string; code?: string; errors?: PayloadError[] };

interface SocketData {
  principal?: Principal;
  /** When the handshake's token expires: the socket is dropped then (null: a token without exp). */
  expiresAt?: Date | null;
}

/** The longest a Node timer may wait; a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What a refused handshake answers (the client's `connect_error`: `err.message`, `err.data`). */
export const UNAUTHORIZED = 'unauthorized';

/** What consoles send (CLIENT_EVENTS of src/common/protocol.mjs): a payload and an acknowledgement callback. */
type AgentToServerEvents = { [E in ClientEventName]: (payload: unknown, ack: (answer: Ack) => void) => void };

type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, SocketData>;

/**
 * The agents' real-time link (namespace `/agents`). Thin: authenticates the handshake, joins the
 * user's rooms, validates each payload and hands it to a routing service; the answer goes back as
 * the acknowledgement. Server-to-agent events are not sent from here but through the AgentNotifier
 * (Redis emitter), so any process can reach any console.
 */
@WebSocketGateway({ namespace: AGENTS_NAMESPACE })
export class AgentsGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(AgentsGateway.name);
  private heartbeat: NodeJS.Timeout | null = null;
  /** Per socket: the timer that drops it when its token expires. */
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();

  @WebSocketServer() private readonly namespace!: Namespace;

  constructor(
    private readonly tokens: TokenService,
    private readonly presence: PresenceService,
    private readonly offers: OffersService,
    private readonly assignments: AssignmentsService,
    private readonly handoffs: HandoffService,
    private readonly contacts: ContactsService,
    private readonly leads: LeadsService,
    private readonly clock: Clock,
    private readonly activeUsers: ActiveUsers,
  ) {}

  afterInit(namespace: Namespace): void {
    // The token is checked in the handshake: a refused client gets `connect_error`, never `connect`.
    namespace.use((socket: AgentSocket, next: (error?: Error) => void) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const session = typeof token === 'string' && token.length > 0 ? this.tokens.verifySession(token) : null;
      if (!session) {
        this.logger.warn({ socketId: socket.id, address: socket.handshake.address }, 'socket refused: no valid token');
        next(refusal(UNAUTHORIZED, 'unauthenticated', 'a valid access token is required in auth.token'));
        return;
      }
      // A token outlives a deactivation; the account's state decides.
      void this.activeUsers.isActive(session.principal.id).then(
        (active) => {
          if (!active) {
            this.logger.warn({ socketId: socket.id, userId: session.principal.id }, 'socket refused: deactivated');
            next(refusal(UNAUTHORIZED, 'unauthenticated', 'this account is deactivated'));
            return;
          }
          socket.data.principal = session.principal;
          socket.data.expiresAt = session.expiresAt;
          next();
        },
        (error: Error) => next(refusal('unavailable', 'unavailable', error.message)),
      );
    });
    // Keeps this process's connections alive in Redis; a crashed process's connections age out.
    this.heartbeat = setInterval(() => void this.beat(), PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * This process is stopping: the pending offers of the agents connected here go back to routing
   * now (re-dispatched), instead of waiting out their timeout while the consoles reconnect elsewhere.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const agents = new Set<string>();
    for (const socket of this.namespace?.sockets?.values() ?? []) {
      const id = (socket as AgentSocket).data.principal?.id;
      if (id) agents.add(id);
    }
    for (const agentId of agents) {
      try {
        const revoked = await this.offers.revokeForAgent(agentId, 'agent_process_stopping');
        if (revoked > 0) this.logger.log({ agentId, revoked }, 'pending offers handed back: this process is stopping');
      } catch (error) {
        this.logger.warn({ agentId, err: (error as Error).message }, 'could not hand pending offers back on shutdown');
      }
    }
  }

  onApplicationShutdown(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
  }

  /**
   * Only sockets the handshake middleware let through get here, their principal already set: the
   * user's rooms are joined, presence recorded, pending offers and handoffs sent again, and the
   * socket is dropped when its token expires (the console signs in again).
   */
  async handleConnection(socket: AgentSocket): Promise<void> {
    const principal = socket.data.principal;
    if (!principal) {
      socket.disconnect(true);
      return;
    }
    this.dropAtExpiry(socket);
    await socket.join([userRoom(principal.id), ...principal.roles.map(roleRoom)]);
    try {
      const status = await this.presence.connected(principal.id, socket.id);
      socket.emit(SERVER_EVENTS.presence, { status, reason: 'connected' });
      // Whatever was sent while this console was away is sent again: events are best effort, state is not.
      for (const offer of await this.offers.pendingFor(principal.id)) socket.emit(SERVER_EVENTS.offer, offer);
      for (const handoff of await this.handoffs.openFor(principal.id)) socket.emit(SERVER_EVENTS.handoff, handoff);
      this.logger.log({ userId: principal.id, socketId: socket.id, status }, 'console connected');
    } catch (error) {
      this.logger.error({ userId: principal.id, err: (error as Error).message }, 'console connection setup failed');
    }
  }

  async handleDisconnect(socket: AgentSocket): Promise<void> {
    const timer = this.expiryTimers.get(socket.id);
    if (timer) clearTimeout(timer);
    this.expiryTimers.delete(socket.id);
    const principal = socket.data.principal;
    if (!principal) return;
    await this.presence.disconnected(principal.id, socket.id).catch((error: Error) => {
      this.logger.warn({ userId: principal.id, err: error.message }, 'could not record the disconnect');
    });
  }

  @SubscribeMessage(CLIENT_EVENTS.presenceSet)
  presenceSet(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, presenceSetPayload, payload, async ({ status }, principal) => ({
      status: await this.presence.set(principal.id, status, 'set by the agent'),
    }));
  }

  /** The acknowledgement carries the contact, so the console opens it without another request. */
  @SubscribeMessage(CLIENT_EVENTS.offerAccept)
  offerAccept(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, offerAcceptPayload, payload, async ({ offerId }, principal) => {
      const accepted = await this.offers.accept(principal.id, offerId);
      return { ...accepted, contact: await this.contacts.get(accepted.contactId, principal) };
    });
  }

  @SubscribeMessage(CLIENT_EVENTS.offerDecline)
  offerDecline(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, offerDeclinePayload, payload, async ({ offerId, reason }, principal) => {
      await this.offers.decline(principal.id, offerId, reason);
      return { offerId, status: 'declined' };
    });
  }

  /** The agent finished the contact: capacity is freed and waiting contacts are offered. */
  @SubscribeMessage(CLIENT_EVENTS.assignmentEnd)
  assignmentEnd(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, assignmentEndPayload, payload, ({ contactId, reason }, principal) =>
      this.assignments.end(principal, contactId, reason),
    );
  }

  @SubscribeMessage(CLIENT_EVENTS.handoffAccept)
  handoffAccept(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, handoffAcceptPayload, payload, async ({ handoffId }, principal) => {
      const accepted = await this.handoffs.accept(principal, handoffId);
      return { ...accepted, lead: await this.leads.get(accepted.leadId, principal) };
    });
  }

  @SubscribeMessage(CLIENT_EVENTS.handoffDecline)
  handoffDecline(@ConnectedSocket() socket: AgentSocket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.answer(socket, handoffDeclinePayload, payload, async ({ handoffId, reason }, principal) => {
      await this.handoffs.decline(principal, handoffId, reason);
      return { handoffId, status: 'declined' };
    });
  }

  /** Validates, runs, and turns every outcome into an acknowledgement: a bad payload never crashes. */
  private async answer<T>(
    socket: AgentSocket,
    schema: z.ZodType<T>,
    payload: unknown,
    work: (value: T, principal: Principal) => Promise<object>,
  ): Promise<Ack> {
    const principal = socket.data.principal;
    if (!principal) return { ok: false, error: 'not authenticated', code: 'unauthenticated' };
    const parsed = parsePayload(schema, payload);
    if (!parsed.ok) return { ok: false, error: parsed.error, code: 'validation_failed', errors: parsed.errors };
    try {
      return { ok: true, ...(await work(parsed.value, principal)) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: error.message, code: error.code };
      this.logger.error(
        { userId: principal.id, err: (error as Error).stack ?? String(error) },
        'socket handler failed',
      );
      return { ok: false, error: 'internal error', code: 'internal_error' };
    }
  }

  /** Disconnects the socket when its token's `exp` passes (a timer per socket, cleared on disconnect). */
  private dropAtExpiry(socket: AgentSocket): void {
    const expiresAt = socket.data.expiresAt;
    if (!expiresAt) return;
    const wait = expiresAt.getTime() - this.clock.nowMs();
    const timer = setTimeout(
      () => {
        this.expiryTimers.delete(socket.id);
        if (!socket.connected) return;
        if (this.clock.nowMs() < expiresAt.getTime()) {
          this.dropAtExpiry(socket);
          return;
        }
        this.logger.log({ userId: socket.data.principal?.id, socketId: socket.id }, 'socket dropped: token expired');
        socket.disconnect(true);
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
  }

  private async beat(): Promise<void> {
    const sockets = [...this.namespace.sockets.values()] as AgentSocket[];
    const connections = sockets.flatMap((s) =>
      s.data.principal ? [{ agentId: s.data.principal.id, socketId: s.id }] : [],
    );
    await this.presence.heartbeat(connections).catch((error: Error) => {
      this.logger.warn(`presence heartbeat failed: ${error.message}`);
    });
  }
}

/** A handshake refusal: the client gets `connect_error` with this message and `data`. */
function refusal(message: string, code: string, detail: string): Error {
  return Object.assign(new Error(message), { data: { code, message: detail } });
}
