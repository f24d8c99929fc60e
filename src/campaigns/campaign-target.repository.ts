import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { TargetState } from './domain/campaign.types';

export interface CampaignTargetRecord {
  id: string;
  campaignId: string;
  personId: string | null;
  customerId: string | null;
  contactId: string | null;
  rowNumber: number | null;
  name: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
  language: string | null;
  state: TargetState;
  attempts: number;
  lastDisposition: string | null;
  skipReason: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCampaignTarget {
  personId: string | null;
  customerId: string | null;
  rowNumber: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  company: string | null;
  language: string | null;
  state: 'pending' | 'skipped';
  skipReason: string | null;
}

/** A campaign_target row (of the table or of alias `t`) as a CampaignTargetRecord, columns camelCased. */
const columnsOf = (t = '') =>
  `${t}id, ${t}campaign_id AS "campaignId", ${t}person_id AS "personId", ${t}customer_id AS "customerId",
   ${t}contact_id AS "contactId", ${t}row_number AS "rowNumber", ${t}name, ${t}phone, ${t}email, ${t}company,
   ${t}language, ${t}state, ${t}attempts, ${t}last_disposition AS "lastDisposition", ${t}skip_reason AS "skipReason",
   ${t}next_attempt_at AS "nextAttemptAt", ${t}created_at AS "createdAt", ${t}updated_at AS "updatedAt"`;
const COLUMNS = columnsOf();

/** Columns per inserted row; PostgreSQL allows 65,535 bind parameters per statement. */
const INSERT_COLUMNS = 11;
const INSERT_BATCH = Math.floor(60_000 / INSERT_COLUMNS);

/** Whom a campaign addresses (`campaign_target`): one row per person and campaign. */
@Injectable()
export class CampaignTargetRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Inserts the targets with multi-row statements (thousands of rows per round trip). A person
   * already targeted by the campaign is left as it is; answers the row numbers actually inserted.
   */
  async insertMany(campaignId: string, targets: NewCampaignTarget[], at: Date): Promise<Set<number>> {
    const inserted = new Set<number>();
    for (let start = 0; start < targets.length; start += INSERT_BATCH) {
      const batch = targets.slice(start, start + INSERT_BATCH);
      const params: unknown[] = [campaignId, at];
      const values = batch.map((t) => {
        const p = (v: unknown) => `$${params.push(v)}`;
        return `($1, ${p(t.personId)}::uuid, ${p(t.customerId)}::uuid, ${p(t.rowNumber)}::int, ${p(t.name)}, ${p(
          t.phone,
        )}, ${p(t.email)}, ${p(t.company)}, ${p(t.language)}, ${p(t.state)}, ${p(t.skipReason)}, $2::timestamptz, $2::timestamptz)`;
      });
      const rows = await this.db.manager.query<{ row_number: number }[]>(
        `INSERT INTO campaign_target (campaign_id, person_id, customer_id, row_number, name, phone, email, company,
                                      language, state, skip_reason, created_at, updated_at)
         VALUES ${values.join(', ')}
         ON CONFLICT (campaign_id, person_id) WHERE person_id IS NOT NULL DO NOTHING
         RETURNING row_number`,
        params,
      );
      for (const r of rows) inserted.add(r.row_number);
    }
    return inserted;
  }

  /** The people of `personIds` the campaign already targets. */
  async personIdsIn(campaignId: string, personIds: string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = await this.db.manager.query<{ person_id: string }[]>(
      `SELECT person_id FROM campaign_target WHERE campaign_id = $1 AND person_id = ANY($2::uuid[])`,
      [campaignId, personIds],
    );
    return new Set(rows.map((r) => r.person_id));
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<CampaignTargetRecord | null> {
    const [row] = await this.db.manager.query<CampaignTargetRecord[]>(
      `SELECT ${COLUMNS} FROM campaign_target WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async list(
    campaignId: string,
    filter: { state?: TargetState; limit: number; offset: number },
  ): Promise<CampaignTargetRecord[]> {
    const params: unknown[] = [campaignId];
    const state = filter.state ? ` AND state = $${params.push(filter.state)}` : '';
    const rows = await this.db.manager.query<CampaignTargetRecord[]>(
      `SELECT ${COLUMNS} FROM campaign_target WHERE campaign_id = $1${state}
        ORDER BY row_number NULLS LAST, created_at, id LIMIT $${params.push(filter.limit)} OFFSET $${params.push(filter.offset)}`,
      params,
    );
    return rows;
  }

  /**
   * Locks up to `limit` targets due for a call at `now` (pending, or retry whose time has come),
   * those waiting longest first; targets locked by a concurrent round are skipped, not waited for.
   */
  async lockDue(campaignId: string, now: Date, limit: number): Promise<CampaignTargetRecord[]> {
    if (limit <= 0) return [];
    const rows = await this.db.manager.query<CampaignTargetRecord[]>(
      `SELECT ${COLUMNS} FROM campaign_target
        WHERE campaign_id = $1 AND state IN ('pending', 'retry') AND (next_attempt_at IS NULL OR next_attempt_at <= $2)
        ORDER BY coalesce(next_attempt_at, created_at), row_number NULLS LAST, id
        LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [campaignId, now, limit],
    );
    return rows;
  }

  /**
   * Targets whose call ended without a wrap-up (the agent ended it with `assignment:end`, or it was
   * qualified and then ended): the contact is closed or qualified, holds no active assignment and
   * has no disposition, while the target still says `offered`. Locked, skipping rows a wrap-up holds.
   */
  async lockEndedWithoutWrapUp(campaignId: string, limit = 100): Promise<CampaignTargetRecord[]> {
    const rows = await this.db.manager.query<CampaignTargetRecord[]>(
      `SELECT ${columnsOf('t.')} FROM campaign_target t JOIN contact c ON c.id = t.contact_id
        WHERE t.campaign_id = $1 AND t.state = 'offered' AND c.status IN ('closed', 'qualified')
          AND c.wrapped_up_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.contact_id = c.id AND a.ended_at IS NULL)
        ORDER BY t.updated_at, t.id
        LIMIT $2 FOR UPDATE OF t SKIP LOCKED`,
      [campaignId, limit],
    );
    return rows;
  }

  /** Targets still to be called or being called (pending, retry, offered). */
  async countOpen(campaignId: string): Promise<number> {
    const [row] = await this.db.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM campaign_target WHERE campaign_id = $1 AND state IN ('pending', 'retry', 'offered')`,
      [campaignId],
    );
    return row?.n ?? 0;
  }

  /** The target whose current attempt is this contact. */
  async findByContact(contactId: string, options: { lock?: boolean } = {}): Promise<CampaignTargetRecord | null> {
    const [row] = await this.db.manager.query<CampaignTargetRecord[]>(
      `SELECT ${COLUMNS} FROM campaign_target WHERE contact_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [contactId],
    );
    return row ?? null;
  }

  /** A call attempt is made: the target is offered through routing as this contact. */
  async markDialled(id: string, contactId: string, at: Date): Promise<boolean> {
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE campaign_target SET state = 'offered', attempts = attempts + 1, contact_id = $2, next_attempt_at = NULL,
              updated_at = $3
        WHERE id = $1 AND state IN ('pending', 'retry') RETURNING id`,
      [id, contactId, at],
    );
    return rows.length > 0;
  }

  /** Moves a target from `from` to `retry` (with its time) or `done`/`skipped`, with the disposition. */
  async settle(
    id: string,
    from: TargetState,
    to: {
      state: 'retry' | 'done' | 'skipped';
      nextAttemptAt: Date | null;
      disposition: string | null;
      reason: string | null;
    },
    at: Date,
  ): Promise<boolean> {
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE campaign_target SET state = $3, next_attempt_at = $4, last_disposition = coalesce($5, last_disposition),
              skip_reason = coalesce($6, skip_reason), updated_at = $7
        WHERE id = $1 AND state = $2 RETURNING id`,
      [id, from, to.state, to.nextAttemptAt, to.disposition, to.state === 'skipped' ? to.reason : null, at],
    );
    return rows.length > 0;
  }

  /** Targets by state and by last disposition, and the attempts made, for a campaign's progress. */
  async progress(campaignId: string): Promise<{
    byState: Record<string, number>;
    byDisposition: Record<string, number>;
    attempts: number;
    total: number;
  }> {
    const states = await this.db.manager.query<{ state: string; n: number; attempts: number }[]>(
      `SELECT state, count(*)::int AS n, coalesce(sum(attempts), 0)::int AS attempts
         FROM campaign_target WHERE campaign_id = $1 GROUP BY state`,
      [campaignId],
    );
    const dispositions = await this.db.manager.query<{ disposition: string; n: number }[]>(
      `SELECT last_disposition AS disposition, count(*)::int AS n FROM campaign_target
        WHERE campaign_id = $1 AND last_disposition IS NOT NULL GROUP BY last_disposition`,
      [campaignId],
    );
    const byState: Record<string, number> = { pending: 0, offered: 0, retry: 0, done: 0, skipped: 0 };
    let attempts = 0;
    let total = 0;
    for (const s of states) {
      byState[s.state] = s.n;
      attempts += s.attempts;
      total += s.n;
    }
    const byDisposition: Record<string, number> = {};
    for (const d of dispositions) byDisposition[d.disposition] = d.n;
    return { byState, byDisposition, attempts, total };
  }

  /**
   * An e-mail or SMS target's invitation went out (`invited`) or could not (`failed`): the target
   * is done. Only from `pending`, so a redelivered job changes nothing; true when it moved.
   */
  async finishInvitation(id: string, disposition: 'invited' | 'failed', at: Date): Promise<boolean> {
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE campaign_target SET state = 'done', last_disposition = $2, attempts = attempts + 1, updated_at = $3
        WHERE id = $1 AND state = 'pending' RETURNING id`,
      [id, disposition, at],
    );
    return rows.length > 0;
  }

  /** A pending target that must not be contacted after all (marked do_not_contact since the import). */
  async skipPending(id: string, reason: string, at: Date): Promise<boolean> {
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE campaign_target SET state = 'skipped', skip_reason = $2, updated_at = $3
        WHERE id = $1 AND state = 'pending' RETURNING id`,
      [id, reason, at],
    );
    return rows.length > 0;
  }
}
