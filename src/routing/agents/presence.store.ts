import type { Presence } from '../domain/agent-selection';

/** One socket of an agent, as the process holding it knows it. */
export interface AgentConnection {
  agentId: string;
  socketId: string;
}

/**
 * The live presence of agents, shared by every api and worker process: each agent's status
 * (`available` or `away`; absent = offline) and their open sockets, scored by last heartbeat. Both
 * live only as long as some process refreshes them (`ttlSeconds`), so an agent whose process died
 * ages out by themselves. A port: bound to RedisPresenceStore; specs use an in-memory fake.
 */
export abstract class PresenceStore {
  abstract status(agentId: string): Promise<Presence>;

  abstract statuses(agentIds: readonly string[]): Promise<Map<string, Presence>>;

  /** Whether a status is stored for the agent (offline is stored as no status). */
  abstract hasStatus(agentId: string): Promise<boolean>;

  /** Stores the status for `ttlSeconds`; offline removes it. */
  abstract write(agentId: string, status: Presence, ttlSeconds: number): Promise<void>;

  /** A socket connected: records it and refreshes the agent's keys, atomically. */
  abstract connect(connection: AgentConnection, atMs: number, ttlSeconds: number): Promise<void>;

  /** Refreshes the connections (and statuses) a process holds. */
  abstract heartbeat(connections: readonly AgentConnection[], atMs: number, ttlSeconds: number): Promise<void>;

  abstract disconnect(connection: AgentConnection): Promise<void>;

  /** Drops the agent's connections last seen before `staleBeforeMs`; returns how many are left. */
  abstract liveConnections(agentId: string, staleBeforeMs: number): Promise<number>;
}
