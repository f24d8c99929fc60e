import type { EntityManager } from 'typeorm';

/**
 * The per-agent capacity lock: a transaction-scoped advisory lock. Every offer to an agent is
 * created under it, after re-reading the agent's load and presence, and every presence change is
 * written under it; so two processes offering to the same agent at once are serialized and the
 * second sees the first one's offer. Lock order everywhere: offer row -> contact row -> agent lock
 * (and lead row -> handoff row), so no two transactions wait on each other in a circle.
 */
export async function lockAgent(manager: EntityManager, agentId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 3))', [`agent.capacity\n${agentId}`]);
}
