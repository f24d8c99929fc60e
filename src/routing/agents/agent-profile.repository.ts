import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

/** The agent_profile table: routing's record of each agent (capacity, presence, idle time). */
@Injectable()
export class AgentProfileRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * The per-agent capacity lock: a transaction-scoped advisory lock. Every offer to an agent is
   * created under it, after re-reading the agent's load and presence, and every presence change is
   * written under it; so two processes offering to the same agent at once are serialized and the
   * second sees the first one's offer. Lock order everywhere: offer row -> contact row -> agent lock
   * (and lead row -> handoff row), so no two transactions wait on each other in a circle.
   */
  async lockCapacity(agentId: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 3))', [
      `agent.capacity\n${agentId}`,
    ]);
  }

  /** The agent finished work: longest-idle ordering counts from now. */
  async markIdle(agentId: string): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO agent_profile (user_id, idle_since) VALUES ($1, now())
       ON CONFLICT (user_id) DO UPDATE SET idle_since = now(), updated_at = now()`,
      [agentId],
    );
  }
}
