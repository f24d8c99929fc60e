import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import type { HandoffStatus } from './handoff.entity';

/** One attempt at handing a lead to a deal specialist (or its escalation to the supervisors). */
export interface HandoffRecord {
  id: string;
  leadId: string;
  specialistId: string | null;
  /** The specialist's name, when the attempt has one and they still exist. */
  specialistName: string | null;
  status: HandoffStatus;
  reason: string;
  triedIds: string[];
  offeredAt: Date;
  dueAt: Date | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}

/** Where handoff mail goes. */
export interface MailRecipient {
  name: string;
  email: string;
}

interface HandoffRow {
  id: string;
  lead_id: string;
  specialist_id: string | null;
  specialist_name: string | null;
  status: HandoffStatus;
  reason: string;
  tried_ids: string[];
  offered_at: Date;
  due_at: Date | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

/** The handoff row with its specialist's name (a display join). */
const SELECT = `SELECT h.*, u.name AS specialist_name FROM handoff h LEFT JOIN app_user u ON u.id = h.specialist_id`;

/**
 * The handoff table. At most one `offered` attempt per lead (partial unique index). Lock order:
 * the lead row first, then its handoff rows.
 */
@Injectable()
export class HandoffRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** A new attempt offered to `specialistId` until `dueAt`; `triedIds` already includes them. */
  async offer(input: {
    leadId: string;
    specialistId: string;
    reason: string;
    triedIds: string[];
    dueAt: Date;
  }): Promise<HandoffRecord> {
    return this.insertReturning(
      `INSERT INTO handoff (lead_id, specialist_id, status, reason, tried_ids, due_at)
       VALUES ($1, $2, 'offered', $3, $4::uuid[], $5) RETURNING *`,
      [input.leadId, input.specialistId, input.reason, input.triedIds, input.dueAt],
    );
  }

  /** The attempt that hands the lead to the supervisors, decided at once. */
  async escalate(input: { leadId: string; reason: string; triedIds: string[] }): Promise<HandoffRecord> {
    return this.insertReturning(
      `INSERT INTO handoff (lead_id, specialist_id, status, reason, tried_ids, decided_at)
       VALUES ($1, NULL, 'escalated', $2, $3::uuid[], now()) RETURNING *`,
      [input.leadId, input.reason, input.triedIds],
    );
  }

  /** The lead of a handoff, unlocked: to lock the lead before the handoff. */
  async leadIdOf(handoffId: string): Promise<string | null> {
    const [row] = await this.db.manager.query<{ lead_id: string }[]>(`SELECT lead_id FROM handoff WHERE id = $1`, [
      handoffId,
    ]);
    return row?.lead_id ?? null;
  }

  async findById(handoffId: string): Promise<HandoffRecord | null> {
    const [row] = await this.db.manager.query<HandoffRow[]>(`${SELECT} WHERE h.id = $1`, [handoffId]);
    return row ? toRecord(row) : null;
  }

  /** Locks the handoff row (FOR UPDATE); lock its lead first. */
  async lockById(handoffId: string): Promise<HandoffRecord | null> {
    const [row] = await this.db.manager.query<HandoffRow[]>(`${SELECT} WHERE h.id = $1 FOR UPDATE OF h`, [handoffId]);
    return row ? toRecord(row) : null;
  }

  /** Locks the lead's open (offered) attempt, if there is one. */
  async lockOpenForLead(leadId: string): Promise<HandoffRecord | null> {
    const [row] = await this.db.manager.query<HandoffRow[]>(
      `${SELECT} WHERE h.lead_id = $1 AND h.status = 'offered' FOR UPDATE OF h`,
      [leadId],
    );
    return row ? toRecord(row) : null;
  }

  /** Closes an offered attempt: accepted, declined, expired or revoked (with why, when not accepted). */
  async decide(
    handoffId: string,
    status: Exclude<HandoffStatus, 'offered' | 'escalated'>,
    reason: string | null,
  ): Promise<void> {
    await this.db.manager.query(
      `UPDATE handoff SET status = $2, decided_at = now(), decision_reason = $3 WHERE id = $1`,
      [handoffId, status, reason],
    );
  }

  /** The attempts open for a specialist, oldest first. */
  async openFor(specialistId: string): Promise<HandoffRecord[]> {
    const rows = await this.db.manager.query<HandoffRow[]>(
      `${SELECT} WHERE h.specialist_id = $1 AND h.status = 'offered' ORDER BY h.offered_at`,
      [specialistId],
    );
    return rows.map(toRecord);
  }

  /** The lead's attempts, oldest first. */
  async listForLead(leadId: string): Promise<HandoffRecord[]> {
    const rows = await this.db.manager.query<HandoffRow[]>(
      `${SELECT} WHERE h.lead_id = $1 ORDER BY h.offered_at, h.id`,
      [leadId],
    );
    return rows.map(toRecord);
  }

  /** The specialist an attempt was offered to, as a mail recipient (a read of their user). */
  async specialistRecipient(handoffId: string): Promise<MailRecipient | null> {
    const [row] = await this.db.manager.query<MailRecipient[]>(
      `SELECT u.name, u.email FROM handoff h JOIN app_user u ON u.id = h.specialist_id WHERE h.id = $1`,
      [handoffId],
    );
    return row ?? null;
  }

  /** Who an escalation is mailed to: the active supervisors (a read of the users). */
  async escalationRecipients(): Promise<MailRecipient[]> {
    return this.db.manager.query<MailRecipient[]>(
      `SELECT name, email FROM app_user WHERE active AND 'supervisor' = ANY(roles) ORDER BY email`,
    );
  }

  private async insertReturning(sql: string, params: unknown[]): Promise<HandoffRecord> {
    const [row] = await this.db.manager.query<HandoffRow[]>(
      `WITH h AS (${sql}) SELECT h.*, u.name AS specialist_name FROM h LEFT JOIN app_user u ON u.id = h.specialist_id`,
      params,
    );
    return toRecord(row);
  }
}

function toRecord(r: HandoffRow): HandoffRecord {
  return {
    id: r.id,
    leadId: r.lead_id,
    specialistId: r.specialist_id,
    specialistName: r.specialist_name,
    status: r.status,
    reason: r.reason,
    triedIds: r.tried_ids,
    offeredAt: new Date(r.offered_at),
    dueAt: r.due_at ? new Date(r.due_at) : null,
    decidedAt: r.decided_at ? new Date(r.decided_at) : null,
    decisionReason: r.decision_reason,
  };
}
