import { Injectable } from '@nestjs/common';
import type { Medium } from '../../contacts/contact.types';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

export interface ActiveAssignment {
  id: string;
  agentId: string;
}

export interface NewAssignment {
  contactId: string;
  agentId: string;
  offerId: string;
  medium: Medium;
}

/** The assignment table: which agent works which contact (one active assignment per contact). */
@Injectable()
export class AssignmentRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Starts an assignment; returns its id. */
  async create(assignment: NewAssignment): Promise<string> {
    const [{ id }] = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO assignment (contact_id, agent_id, offer_id, medium) VALUES ($1, $2, $3, $4) RETURNING id`,
      [assignment.contactId, assignment.agentId, assignment.offerId, assignment.medium],
    );
    return id;
  }

  /** The contact's active assignment, if an agent holds it. */
  async activeFor(contactId: string): Promise<ActiveAssignment | null> {
    const [row] = await this.db.manager.query<{ id: string; agent_id: string }[]>(
      `SELECT id, agent_id FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
      [contactId],
    );
    return row ? { id: row.id, agentId: row.agent_id } : null;
  }

  /** The agent whose assignment of the contact ended last (a reopened contact goes back to them first). */
  async lastAgentOf(contactId: string): Promise<string | null> {
    const [row] = await this.db.manager.query<{ agent_id: string }[]>(
      `SELECT agent_id FROM assignment WHERE contact_id = $1 AND ended_at IS NOT NULL
        ORDER BY ended_at DESC, id DESC LIMIT 1`,
      [contactId],
    );
    return row?.agent_id ?? null;
  }

  /** How many contacts of a medium the agent works now (capacity is per medium). */
  async activeCount(agentId: string, medium: Medium): Promise<number> {
    const [{ n }] = await this.db.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM assignment WHERE agent_id = $1 AND medium = $2 AND ended_at IS NULL`,
      [agentId, medium],
    );
    return n;
  }

  /** Ends one assignment with a reason. */
  async end(assignmentId: string, reason: string): Promise<void> {
    await this.db.manager.query(`UPDATE assignment SET ended_at = now(), end_reason = $2 WHERE id = $1`, [
      assignmentId,
      reason,
    ]);
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
