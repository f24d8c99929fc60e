import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

export interface ActiveAssignment {
  id: string;
  agentId: string;
}

/** The assignment table: which agent works which contact (one active assignment per contact). */
@Injectable()
export class AssignmentRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** The contact's active assignment, if an agent holds it. */
  async activeFor(contactId: string): Promise<ActiveAssignment | null> {
    const [row] = await this.db.manager.query<{ id: string; agent_id: string }[]>(
      `SELECT id, agent_id FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
      [contactId],
    );
    return row ? { id: row.id, agentId: row.agent_id } : null;
  }

  /** Ends the contact's active assignments with a reason; returns the ones it ended. */
  async endActiveFor(contactId: string, reason: string): Promise<ActiveAssignment[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [rows] = await this.db.manager.query<[{ id: string; agent_id: string }[], number]>(
      `UPDATE assignment SET ended_at = now(), end_reason = $2
        WHERE contact_id = $1 AND ended_at IS NULL RETURNING id, agent_id`,
      [contactId, reason],
    );
    return rows.map((r) => ({ id: r.id, agentId: r.agent_id }));
  }
}
