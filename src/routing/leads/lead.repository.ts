import { jsonbParam } from '../../common/json';
import { Injectable } from '@nestjs/common';
import type { AccessScope, LeadGrant } from '../../auth/domain/access-policy';
import type { Complexity } from '../../catalog/catalog.types';
import { SPECIALIST_HANDOFF_STATUSES } from '../../contacts/contact-scope.sql';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import type { RevenueTier, Route } from '../domain/channel-matrix';
import type { Maturity } from '../domain/maturity';
import type { Lead, LeadListing, QualifiedLead } from './lead';

interface LeadRow {
  id: string;
  contact_id: string;
  customer_id: string | null;
  revenue_tier: RevenueTier;
  estimated_revenue: string | null;
  complexity: Complexity;
  product_lines: string[];
  integration: boolean;
  territory: string | null;
  industry: string | null;
  maturity: Maturity;
  stage_entered_at: Date;
  qualification: Record<string, unknown>;
  route: Route;
  matrix_version: number;
  assignee_id: string | null;
  partner_id: string | null;
  owner_id: string | null;
  reason: string;
  stalled_at: Date | null;
  follow_up_at: Date | null;
  amount: string | null;
  expected_close_at: Date | null;
  deal_specialist_id: string | null;
  closed_at: Date | null;
  outcome_reason: string | null;
  created_at: Date;
  updated_at: Date;
  person_id: string | null;
  from_name: string | null;
  from_email: string | null;
  from_company: string | null;
}

interface ListingRow extends LeadRow {
  assignee_name: string | null;
  partner_name: string | null;
  relationship_owner_id: string | null;
}

/** A lead that may have stalled, as the stall check reads it. */
export interface StallCandidate {
  id: string;
  contactId: string;
  personId: string | null;
  maturity: string;
  stageEnteredAt: Date;
  assigneeId: string | null;
  ownerId: string | null;
}

/**
 * The lead's owner in SQL, as leadOwnerOf (src/routing/domain/opportunity.ts) says: the deal
 * specialist who accepted the field handoff, else the agent who qualified it.
 */
export const LEAD_OWNER_SQL = `CASE WHEN l.route = 'field' AND l.deal_specialist_id IS NOT NULL THEN l.deal_specialist_id ELSE l.owner_id END`;

/** Which leads a pipeline counts. */
export interface PipelineFilter {
  ownerId?: string;
  productLine?: string;
  /** Leads expected to close in [start, end). */
  closing?: { start: Date; end: Date };
  /**
   * The pipeline of a proposal team: its own lead, and every lead an accepted member of the team
   * is also an accepted member of (the deals that team's experts carry together).
   */
  teamId?: string;
}

/** One stage of the pipeline, aggregated in SQL. */
export interface PipelineStageRow {
  stage: Maturity;
  count: number;
  amount: number;
  stalled: number;
  /** Days in the stage at `now`: average and longest (null for won and lost). */
  averageAgeDays: number | null;
  oldestAgeDays: number | null;
}

/** One deal of the pipeline, for a board of columns per stage. */
export interface PipelineLeadRow {
  id: string;
  contactId: string;
  maturity: Maturity;
  amount: number | null;
  expectedCloseAt: Date | null;
  stageEnteredAt: Date;
  stalledAt: Date | null;
  ownerId: string | null;
  productLines: string[];
  fromName: string | null;
  fromCompany: string | null;
}

/** What a stage move or an outcome writes. */
export interface StageChange {
  maturity: Maturity;
  at: Date;
  amount?: number;
  expectedCloseAt?: Date;
  closedAt?: Date;
  outcomeReason?: string;
}

export interface LeadFilter {
  stalled?: boolean;
  route?: Route;
  assigneeId?: string;
  /** The leads of one customer account. */
  customerId?: string;
  limit: number;
}

/** The lead's columns with its contact's sender (`lead l JOIN contact c`). */
const COLUMNS = `l.*, c.person_id, c.from_name, c.from_email, c.from_company`;
/** For display: the deal specialist's and the partner's names. */
const LISTING = `SELECT ${COLUMNS}, u.name AS assignee_name, p.name AS partner_name,
    cu.relationship_owner_id
  FROM lead l JOIN contact c ON c.id = l.contact_id
  LEFT JOIN app_user u ON u.id = l.assignee_id LEFT JOIN partner p ON p.id = l.partner_id
  LEFT JOIN customer cu ON cu.id = l.customer_id`;

/**
 * The SQL of each lead grant of the access policy (src/auth/domain/access-policy.ts), about the
 * lead row `l`, `u` being the caller's id parameter. Exhaustive by type.
 */
const LEAD_CLAUSES: Readonly<Record<LeadGrant, (u: () => string) => string>> = {
  owner: (u) => `l.owner_id = ${u()}`,
  specialist: (u) =>
    `(l.assignee_id = ${u()} OR EXISTS (SELECT 1 FROM handoff sh WHERE sh.lead_id = l.id AND sh.specialist_id = ${u()}
       AND sh.status IN ('${SPECIALIST_HANDOFF_STATUSES.join("', '")}')))`,
  // The user is invited to or on the lead's proposal team (a declined invitation grants nothing).
  team: (u) =>
    `EXISTS (SELECT 1 FROM team_invitation ti WHERE ti.lead_id = l.id AND ti.expert_id = ${u()} AND ti.status <> 'declined')`,
};

/** The WHERE clause keeping the leads `l` the scope may see; pushes its parameters onto `params`. */
export function leadScopeSql(scope: AccessScope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  if (scope.leads.length === 0) return 'FALSE';
  // The caller's id is bound once, and only when a clause uses it (an unused parameter has no type).
  let bound: string | null = null;
  const u = () => (bound ??= `$${params.push(scope.userId)}::uuid`);
  return `(${scope.leads.map((g) => LEAD_CLAUSES[g](u)).join(' OR ')})`;
}

/** The lead table: one lead per contact, upserted by each qualification. */
@Injectable()
export class LeadRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Reads (and with `lock`, locks FOR UPDATE) a lead by id. */
  async findById(id: string, options: { lock?: boolean } = {}): Promise<Lead | null> {
    return this.findOne('l.id', id, options);
  }

  /** Reads (and with `lock`, locks FOR UPDATE) the lead of a contact. */
  async findByContact(contactId: string, options: { lock?: boolean } = {}): Promise<Lead | null> {
    return this.findOne('l.contact_id', contactId, options);
  }

  /** Leads qualified from contacts of an outbound campaign (its calls and seminar registrations). */
  async countByCampaign(campaignId: string): Promise<number> {
    const [row] = await this.db.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM lead l JOIN contact c ON c.id = l.contact_id WHERE c.campaign_id = $1`,
      [campaignId],
    );
    return row?.n ?? 0;
  }

  /** The contact of a lead, without locking anything (to lock the contact before the lead). */
  async contactIdOf(leadId: string): Promise<string | null> {
    const [row] = await this.db.manager.query<{ contact_id: string }[]>(`SELECT contact_id FROM lead WHERE id = $1`, [
      leadId,
    ]);
    return row?.contact_id ?? null;
  }

  /**
   * Creates the contact's lead or overwrites it with a new qualification, which routes it afresh
   * (assignee, partner, follow-up and the accepting deal specialist are cleared). A new stage restarts the stall clock; the same
   * stage keeps it (re-qualifying is not progress).
   */
  async upsertQualified(q: QualifiedLead): Promise<Lead> {
    await this.db.manager.query(
      `INSERT INTO lead (contact_id, customer_id, revenue_tier, estimated_revenue, complexity, product_lines,
                         integration, territory, industry, maturity, qualification, route, matrix_version,
                         owner_id, reason, assignee_id, partner_id)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11::jsonb, $12, $13, $14, $15, NULL, NULL)
       ON CONFLICT (contact_id) DO UPDATE SET
         customer_id = EXCLUDED.customer_id, revenue_tier = EXCLUDED.revenue_tier,
         estimated_revenue = EXCLUDED.estimated_revenue, complexity = EXCLUDED.complexity,
         product_lines = EXCLUDED.product_lines, integration = EXCLUDED.integration,
         territory = EXCLUDED.territory, industry = EXCLUDED.industry,
         stage_entered_at = CASE WHEN lead.maturity = EXCLUDED.maturity THEN lead.stage_entered_at ELSE now() END,
         stalled_at = CASE WHEN lead.maturity = EXCLUDED.maturity THEN lead.stalled_at ELSE NULL END,
         maturity = EXCLUDED.maturity, qualification = EXCLUDED.qualification, route = EXCLUDED.route,
         matrix_version = EXCLUDED.matrix_version, reason = EXCLUDED.reason,
         assignee_id = NULL, partner_id = NULL, follow_up_at = NULL, deal_specialist_id = NULL,
         updated_at = now()`,
      [
        q.contactId,
        q.customerId,
        q.revenueTier,
        q.estimatedRevenue,
        q.complexity,
        q.productLines,
        q.integration,
        q.territory,
        q.industry,
        q.maturity,
        jsonbParam(q.qualification),
        q.route,
        q.matrixVersion,
        q.ownerId,
        q.reason,
      ],
    );
    const lead = await this.findByContact(q.contactId);
    if (!lead) throw new Error(`lead of contact ${q.contactId} vanished inside its transaction`);
    return lead;
  }

  /** What routing decided: why, when Demand Generation follows up, which partner has it. */
  async recordRoute(
    leadId: string,
    outcome: { reason: string; followUpAt: Date | null; partnerId: string | null },
  ): Promise<void> {
    await this.db.manager.query(
      `UPDATE lead SET reason = $2, follow_up_at = $3, partner_id = $4, updated_at = now() WHERE id = $1`,
      [leadId, outcome.reason, outcome.followUpAt, outcome.partnerId],
    );
  }

  /** The deal specialist the lead is offered to or with; null while the supervisors assign it. */
  async setAssignee(leadId: string, assigneeId: string | null): Promise<void> {
    await this.db.manager.query(`UPDATE lead SET assignee_id = $2, updated_at = now() WHERE id = $1`, [
      leadId,
      assigneeId,
    ]);
  }

  /** The deal specialist accepted the field handoff: from now on the lead is theirs to move. */
  async setDealSpecialist(leadId: string, specialistId: string): Promise<void> {
    await this.db.manager.query(`UPDATE lead SET deal_specialist_id = $2, updated_at = now() WHERE id = $1`, [
      leadId,
      specialistId,
    ]);
  }

  /**
   * Moves the lead from stage `from` (the one read under lock; a lead moved meanwhile is not
   * touched, so a lost race is an error, not an overwrite). A new stage restarts the stall clock
   * and clears the stall flag; amounts and dates left undefined keep their value.
   */
  async applyStageChange(leadId: string, from: Maturity, change: StageChange): Promise<boolean> {
    const [updated] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE lead SET maturity = $3::varchar,
              stage_entered_at = CASE WHEN maturity = $3::varchar THEN stage_entered_at ELSE $4::timestamptz END,
              stalled_at = CASE WHEN maturity = $3::varchar THEN stalled_at ELSE NULL END,
              amount = CASE WHEN $5::boolean THEN $6::numeric ELSE amount END,
              expected_close_at = CASE WHEN $7::boolean THEN $8::timestamptz ELSE expected_close_at END,
              closed_at = $9::timestamptz, outcome_reason = $10::text, updated_at = now()
        WHERE id = $1 AND maturity = $2::varchar RETURNING id`,
      [
        leadId,
        from,
        change.maturity,
        change.at,
        change.amount !== undefined,
        change.amount ?? null,
        change.expectedCloseAt !== undefined,
        change.expectedCloseAt ?? null,
        change.closedAt ?? null,
        change.outcomeReason ?? null,
      ],
    );
    return updated.length > 0;
  }

  /** A lead with its display names; null when there is none or it is outside the caller's scope. */
  async listing(id: string, scope: AccessScope): Promise<LeadListing | null> {
    const params: unknown[] = [id];
    const visible = leadScopeSql(scope, params);
    const [row] = await this.db.manager.query<ListingRow[]>(`${LISTING} WHERE l.id = $1 AND ${visible}`, params);
    return row ? toListing(row) : null;
  }

  /** The caller's leads (access policy, in SQL), newest first; the stalled ones most recently stalled first. */
  async list(filter: LeadFilter, scope: AccessScope): Promise<LeadListing[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!scope.all) where.push(leadScopeSql(scope, params));
    if (filter.stalled === true) where.push('l.stalled_at IS NOT NULL');
    if (filter.stalled === false) where.push('l.stalled_at IS NULL');
    if (filter.route) where.push(`l.route = $${params.push(filter.route)}`);
    if (filter.assigneeId) where.push(`l.assignee_id = $${params.push(filter.assigneeId)}`);
    if (filter.customerId) where.push(`l.customer_id = $${params.push(filter.customerId)}`);
    const order = filter.stalled === true ? 'l.stalled_at DESC, l.id' : 'l.created_at DESC, l.id';
    const rows = await this.db.manager.query<ListingRow[]>(
      `${LISTING} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map(toListing);
  }

  /** Counts, amounts, stalled leads and age in stage per maturity stage. */
  async pipelineStages(filter: PipelineFilter, now: Date): Promise<PipelineStageRow[]> {
    const params: unknown[] = [now];
    const where = pipelineWhere(filter, params);
    const rows = await this.db.manager.query<
      {
        stage: Maturity;
        count: number;
        amount: string;
        stalled: number;
        avg_age: number | null;
        max_age: number | null;
      }[]
    >(
      `SELECT l.maturity AS stage, count(*)::int AS count, COALESCE(sum(l.amount), 0)::text AS amount,
              count(l.stalled_at)::int AS stalled,
              avg(EXTRACT(EPOCH FROM ($1::timestamptz - l.stage_entered_at)) / 86400)
                FILTER (WHERE l.maturity NOT IN ('won', 'lost'))::float8 AS avg_age,
              max(EXTRACT(EPOCH FROM ($1::timestamptz - l.stage_entered_at)) / 86400)
                FILTER (WHERE l.maturity NOT IN ('won', 'lost'))::float8 AS max_age
         FROM lead l WHERE ${where} GROUP BY l.maturity`,
      params,
    );
    return rows.map((r) => ({
      stage: r.stage,
      count: r.count,
      amount: Number(r.amount),
      stalled: r.stalled,
      averageAgeDays: r.avg_age === null ? null : Math.round(r.avg_age * 10) / 10,
      oldestAgeDays: r.max_age === null ? null : Math.round(r.max_age * 10) / 10,
    }));
  }

  /** The deals behind the pipeline, longest in their stage first. */
  async pipelineLeads(filter: PipelineFilter, limit: number): Promise<PipelineLeadRow[]> {
    const params: unknown[] = [];
    const where = pipelineWhere(filter, params);
    const rows = await this.db.manager.query<(LeadRow & { lead_owner_id: string | null })[]>(
      `SELECT ${COLUMNS}, ${LEAD_OWNER_SQL} AS lead_owner_id FROM lead l JOIN contact c ON c.id = l.contact_id
        WHERE ${where} ORDER BY l.stage_entered_at, l.id LIMIT $${params.push(limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      maturity: r.maturity,
      amount: r.amount === null ? null : Number(r.amount),
      expectedCloseAt: r.expected_close_at ? new Date(r.expected_close_at) : null,
      stageEnteredAt: new Date(r.stage_entered_at),
      stalledAt: r.stalled_at ? new Date(r.stalled_at) : null,
      ownerId: r.lead_owner_id,
      productLines: r.product_lines,
      fromName: r.from_name,
      fromCompany: r.from_company,
    }));
  }

  /** Open, not yet flagged leads that entered their stage before `before`, by id after `afterId`. */
  async stallCandidates(before: Date, afterId: string, limit: number): Promise<StallCandidate[]> {
    const rows = await this.db.manager.query<
      {
        id: string;
        contact_id: string;
        person_id: string | null;
        maturity: string;
        stage_entered_at: Date;
        assignee_id: string | null;
        owner_id: string | null;
      }[]
    >(
      `SELECT l.id, l.contact_id, c.person_id, l.maturity, l.stage_entered_at, l.assignee_id, l.owner_id
         FROM lead l JOIN contact c ON c.id = l.contact_id
        WHERE l.stalled_at IS NULL AND l.maturity NOT IN ('won', 'lost')
          AND l.stage_entered_at < $1 AND l.id > $2
        ORDER BY l.id LIMIT $3`,
      [before, afterId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      personId: r.person_id,
      maturity: r.maturity,
      stageEnteredAt: new Date(r.stage_entered_at),
      assigneeId: r.assignee_id,
      ownerId: r.owner_id,
    }));
  }

  /**
   * Flags the lead stalled at `at` unless it moved on to another stage (or another worker flagged
   * it) meanwhile; returns whether it did.
   */
  async markStalled(leadId: string, at: Date, maturity: string): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [updated] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE lead SET stalled_at = $2, updated_at = now()
        WHERE id = $1 AND stalled_at IS NULL AND maturity = $3 RETURNING id`,
      [leadId, at, maturity],
    );
    return updated.length > 0;
  }

  private async findOne(column: string, value: string, options: { lock?: boolean }): Promise<Lead | null> {
    const [row] = await this.db.manager.query<LeadRow[]>(
      `SELECT ${COLUMNS} FROM lead l JOIN contact c ON c.id = l.contact_id
        WHERE ${column} = $1${options.lock ? ' FOR UPDATE OF l' : ''}`,
      [value],
    );
    return row ? toLead(row) : null;
  }
}

function pipelineWhere(filter: PipelineFilter, params: unknown[]): string {
  const where = ['TRUE'];
  if (filter.ownerId) where.push(`${LEAD_OWNER_SQL} = $${params.push(filter.ownerId)}::uuid`);
  if (filter.productLine) where.push(`$${params.push(filter.productLine)}::text = ANY(l.product_lines)`);
  if (filter.closing) {
    where.push(`l.expected_close_at >= $${params.push(filter.closing.start)}::timestamptz`);
    where.push(`l.expected_close_at < $${params.push(filter.closing.end)}::timestamptz`);
  }
  if (filter.teamId) {
    const team = `$${params.push(filter.teamId)}::uuid`;
    where.push(
      `(EXISTS (SELECT 1 FROM proposal_team pt WHERE pt.lead_id = l.id AND pt.id = ${team})
        OR EXISTS (SELECT 1 FROM team_invitation member
                     JOIN team_invitation other ON other.expert_id = member.expert_id AND other.status = 'accepted'
                    WHERE member.team_id = ${team} AND member.status = 'accepted' AND other.lead_id = l.id))`,
    );
  }
  return where.join(' AND ');
}

function toLead(r: LeadRow): Lead {
  return {
    id: r.id,
    contactId: r.contact_id,
    customerId: r.customer_id,
    revenueTier: r.revenue_tier,
    estimatedRevenue: r.estimated_revenue === null ? null : Number(r.estimated_revenue),
    complexity: r.complexity,
    productLines: r.product_lines,
    integration: r.integration,
    territory: r.territory,
    industry: r.industry,
    maturity: r.maturity,
    stageEnteredAt: new Date(r.stage_entered_at),
    qualification: r.qualification,
    route: r.route,
    matrixVersion: r.matrix_version,
    assigneeId: r.assignee_id,
    partnerId: r.partner_id,
    ownerId: r.owner_id,
    reason: r.reason,
    stalledAt: r.stalled_at ? new Date(r.stalled_at) : null,
    followUpAt: r.follow_up_at ? new Date(r.follow_up_at) : null,
    amount: r.amount === null ? null : Number(r.amount),
    expectedCloseAt: r.expected_close_at ? new Date(r.expected_close_at) : null,
    dealSpecialistId: r.deal_specialist_id,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    outcomeReason: r.outcome_reason,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    personId: r.person_id,
    fromName: r.from_name,
    fromEmail: r.from_email,
    fromCompany: r.from_company,
  };
}

function toListing(r: ListingRow): LeadListing {
  return {
    ...toLead(r),
    assigneeName: r.assignee_name,
    partnerName: r.partner_name,
    relationshipOwnerId: r.relationship_owner_id,
  };
}
