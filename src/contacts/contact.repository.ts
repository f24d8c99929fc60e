import { jsonbParam } from '../common/json';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { AccessScope } from '../auth/domain/access-policy';
import type { Complexity } from '../catalog/catalog.types';
import type { TargetSegment } from '../catalog/domain/market-planning';
import type { JsonObject } from '../common/json';
import type { ContactStatus, InboundContact, InquiryType, Language, Medium, SalesChannel } from './contact.types';
import { contactScopeSql } from './contact-scope.sql';
import { ContactTransition, transitionFrom } from './domain/contact-lifecycle';
import type { SearchTerms } from './domain/contact-search';

/** The contact as routing reads it, with the customer's segment (market planning) for priority. */
export interface RoutableContact {
  id: string;
  status: ContactStatus;
  medium: Medium;
  channel: SalesChannel | null;
  language: Language;
  product_line: string | null;
  person_id: string | null;
  customer_id: string | null;
  /** The account's place in market planning: its segment code, industry, size band and region. */
  segment: string | null;
  industry: string | null;
  size: string | null;
  region: string | null;
  /** The account's relationship owner: an e-Coverage contact is offered to them first. */
  relationship_owner_id: string | null;
  /**
   * The target segments (market planning) of the product line the contact asks about, read with
   * the contact (retired lines too: a contact keeps its line); empty without a line. Absent where a
   * caller built the row by hand.
   */
  target_segments?: TargetSegment[];
  /** Reopened by a new message: the next offer goes to the contact's last agent first. */
  prefer_last_agent: boolean;
  from_name: string | null;
  from_email: string | null;
  from_phone: string | null;
  from_company: string | null;
  subject: string | null;
  body: string;
  created_at: Date;
  /** The outbound campaign this contact is a call attempt of; null for inbound contacts. */
  campaign_id: string | null;
  /** The campaign's script, for the agent making the call. */
  campaign_script: string | null;
}

/** The columns of RoutableContact, for `contact c LEFT JOIN customer cu`. */
export const ROUTABLE_COLUMNS = `c.id, c.status, c.medium, c.channel, c.language, c.product_line, c.person_id,
  c.customer_id, cu.segment, cu.industry, cu.size, cu.region, cu.relationship_owner_id, c.prefer_last_agent, c.from_name, c.from_email, c.from_phone, c.from_company, c.subject,
  left(c.body, 500) AS body, c.created_at, c.campaign_id,
  (SELECT cp.script FROM campaign cp WHERE cp.id = c.campaign_id) AS campaign_script,
  coalesce((SELECT pl.segments FROM product_line pl WHERE pl.code = c.product_line), '[]'::jsonb) AS target_segments`;

/** A contact row, camelCased. */
export interface ContactRecord {
  id: string;
  medium: Medium;
  source: string;
  externalId: string | null;
  requestHash: string | null;
  status: ContactStatus;
  channel: SalesChannel | null;
  channelReason: string | null;
  inquiryType: InquiryType;
  language: Language;
  fromName: string | null;
  fromEmail: string | null;
  fromPhone: string | null;
  fromCompany: string | null;
  subject: string | null;
  body: string;
  productLine: string | null;
  consent: boolean | null;
  metadata: JsonObject;
  personId: string | null;
  customerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The contact with the agent working it (its active assignment), for staff's views and the bridge. */
export interface ContactSummary extends ContactRecord {
  assignedAgentId: string | null;
}

/** The contact with its person and customer account, for GET /contacts/:id. */
export interface ContactDetail extends ContactSummary {
  person: { id: string; name: string | null; email: string | null; phone: string | null } | null;
  customer: { id: string; name: string; domain: string | null; relationshipOwnerId: string | null } | null;
}

/** An active product line, as classification reads it. */
export interface ProductLineFacts {
  code: string;
  complexity: Complexity;
}

export interface ContactFilters {
  status?: ContactStatus;
  channel?: SalesChannel;
  medium?: Medium;
  personId?: string;
  customerId?: string;
  /** Free text (`?q=`): the sender's name, e-mail, phone or company, or the account's name. */
  search?: SearchTerms;
  /** The id of the last contact of the previous page. */
  cursor?: string;
  limit: number;
}

export const RECORD_COLUMNS = `c.id, c.medium, c.source, c.external_id AS "externalId", c.request_hash AS "requestHash",
  c.status, c.channel, c.channel_reason AS "channelReason", c.inquiry_type AS "inquiryType", c.language,
  c.from_name AS "fromName", c.from_email AS "fromEmail", c.from_phone AS "fromPhone",
  c.from_company AS "fromCompany", c.subject, c.body, c.product_line AS "productLine", c.consent, c.metadata,
  c.person_id AS "personId", c.customer_id AS "customerId", c.created_at AS "createdAt",
  c.updated_at AS "updatedAt"`;

/** The agent working the contact is its active assignment (at most one, by a partial unique index). */
const WITH_ASSIGNEE = `contact c LEFT JOIN assignment a ON a.contact_id = c.id AND a.ended_at IS NULL`;
const SUMMARY_COLUMNS = `${RECORD_COLUMNS}, a.agent_id AS "assignedAgentId"`;

/**
 * The `?q=` conditions, one per index: trigram GIN indexes on the sender's name, e-mail, company
 * and phone and on the account's name and domain; the b-tree on the sender's phone and the unique
 * person phone for a whole number. Each becomes its own branch of the list query (see `list`).
 */
function searchBranches(search: SearchTerms, params: unknown[]): string[] {
  const like = params.push(search.like);
  const branches = [
    `c.from_name ILIKE $${like}`,
    `c.from_email ILIKE $${like}`,
    `c.from_company ILIKE $${like}`,
    `c.customer_id IN (SELECT id FROM customer WHERE name ILIKE $${like} OR domain ILIKE $${like})`,
  ];
  if (search.phone) {
    const phone = params.push(search.phone);
    branches.push(`c.from_phone = $${phone}`, `c.person_id IN (SELECT id FROM person WHERE phone = $${phone})`);
  }
  if (search.digits) branches.push(`c.from_phone LIKE $${params.push(`%${search.digits}%`)}`);
  return branches;
}

/** Columns a transition may set together with the status. */
export interface ContactTransitionPatch {
  channel?: SalesChannel;
  channelReason?: string;
  personId?: string | null;
  customerId?: string | null;
  /** Whether the next offer goes to the contact's last agent first (see prefer_last_agent). */
  preferLastAgent?: boolean;
}

/** A transition that found the contact in none of the statuses it starts from. */
export class ContactTransitionConflict extends DomainError {
  constructor(contactId: string, transition: ContactTransition, from: readonly ContactStatus[]) {
    super('conflict', `contact ${contactId} is no longer ${from.join(' or ')} (${transition})`);
  }
}

/**
 * The contact table: its rows, its lifecycle and its locks. Every status change is a named
 * transition of the lifecycle table (domain/contact-lifecycle.ts), applied with
 * `UPDATE ... WHERE status = ANY($from)`: a transition that lost a race throws, it never overwrites.
 */
@Injectable()
export class ContactRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /**
   * Locks the contact row (FOR UPDATE) and reads it as routing sees it; with `skipLocked`, a
   * contact another process is routing right now is skipped (null) rather than waited for. The
   * customer's segment is joined in: a read of the account's market-planning segment, which the
   * queue priority needs on every dispatch.
   */
  async lockRoutable(contactId: string, options: { skipLocked?: boolean } = {}): Promise<RoutableContact | null> {
    const [row] = await this.db.manager.query<RoutableContact[]>(
      `SELECT ${ROUTABLE_COLUMNS} FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id
        WHERE c.id = $1 FOR UPDATE OF c${options.skipLocked ? ' SKIP LOCKED' : ''}`,
      [contactId],
    );
    return row ?? null;
  }

  /**
   * Moves the contact along the named transition. Throws ContactTransitionConflict when the
   * contact is in none of the transition's start statuses (a race lost, never an overwrite).
   */
  async transition(contactId: string, name: ContactTransition, patch: ContactTransitionPatch = {}): Promise<void> {
    const { from, to } = transitionFrom(name);
    const params: unknown[] = [contactId, [...from], to];
    const sets = ['status = $3', 'updated_at = now()'];
    if (patch.channel !== undefined) sets.push(`channel = $${params.push(patch.channel)}`);
    if (patch.channelReason !== undefined) sets.push(`channel_reason = $${params.push(patch.channelReason)}`);
    if (patch.personId !== undefined) sets.push(`person_id = $${params.push(patch.personId)}`);
    if (patch.customerId !== undefined) sets.push(`customer_id = $${params.push(patch.customerId)}`);
    if (patch.preferLastAgent !== undefined) sets.push(`prefer_last_agent = $${params.push(patch.preferLastAgent)}`);
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = await this.db.manager.query<[unknown[], number]>(
      `UPDATE contact SET ${sets.join(', ')} WHERE id = $1 AND status = ANY($2::text[])`,
      params,
    );
    if (affected === 0) throw new ContactTransitionConflict(contactId, name, from);
  }

  /** Inserts a new, received contact; returns its id. */
  async insert(inbound: InboundContact): Promise<string> {
    const [row] = await this.db.manager.query<{ id: string }[]>(
      `INSERT INTO contact (medium, source, external_id, request_hash, status, inquiry_type, language, from_name,
         from_email, from_phone, from_company, subject, body, product_line, consent, metadata)
       VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb) RETURNING id`,
      [
        inbound.medium,
        inbound.source,
        inbound.externalId ?? null,
        inbound.requestHash ?? null,
        inbound.inquiryType,
        inbound.language,
        inbound.from.name ?? null,
        inbound.from.email ?? null,
        inbound.from.phone ?? null,
        inbound.from.company ?? null,
        inbound.subject ?? null,
        inbound.body,
        inbound.productLine ?? null,
        inbound.consent ?? null,
        jsonbParam(inbound.metadata ?? {}),
      ],
    );
    return String(row.id);
  }

  /**
   * Serializes work on one provider id (source + external id) until the transaction ends, so two
   * deliveries of one webhook arriving together see each other's rows.
   */
  async lockProviderId(source: string, externalId: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [`${source}\n${externalId}`]);
  }

  /** Serializes the handlers of one contact's provider callbacks (status, voicemail, bridge). */
  async lockEvents(contactId: string): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 4))', [
      `contact-events\n${contactId}`,
    ]);
  }

  async findById(id: string): Promise<ContactRecord | null> {
    const [row] = await this.db.manager.query<ContactRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM contact c WHERE c.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.manager.query(`SELECT 1 FROM contact WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  /** The contact a provider's id created, if any. */
  async findByProviderId(source: string, externalId: string): Promise<ContactRecord | null> {
    const [row] = await this.db.manager.query<ContactRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM contact c WHERE c.source = $1 AND c.external_id = $2`,
      [source, externalId],
    );
    return row ?? null;
  }

  /**
   * Locks the contact row (FOR UPDATE) and reads it with its product line when that line is an
   * active one of the catalog: what classification decides on.
   */
  async lockForClassification(
    contactId: string,
  ): Promise<{ contact: ContactRecord; productLine: ProductLineFacts | null } | null> {
    const [row] = await this.db.manager.query<(ContactRecord & { plCode: string | null; plComplexity: Complexity })[]>(
      `SELECT ${RECORD_COLUMNS}, pl.code AS "plCode", pl.complexity AS "plComplexity"
         FROM contact c LEFT JOIN product_line pl ON pl.code = c.product_line AND pl.active
        WHERE c.id = $1 FOR UPDATE OF c`,
      [contactId],
    );
    if (!row) return null;
    const { plCode, plComplexity, ...contact } = row;
    return { contact, productLine: plCode ? { code: plCode, complexity: plComplexity } : null };
  }

  /** Locks the contact row (FOR UPDATE) and reads it. */
  async lockForUpdate(contactId: string): Promise<ContactRecord | null> {
    const [row] = await this.db.manager.query<ContactRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM contact c WHERE c.id = $1 FOR UPDATE`,
      [contactId],
    );
    return row ?? null;
  }

  /** The contact with the agent working it. */
  async findSummary(id: string): Promise<ContactSummary | null> {
    const [row] = await this.db.manager.query<ContactSummary[]>(
      `SELECT ${SUMMARY_COLUMNS} FROM ${WITH_ASSIGNEE} WHERE c.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /**
   * The contact with its assignee, person and customer account (display joins); null when there
   * is none, or when it is outside the caller's scope (the access policy, applied in SQL).
   */
  async findDetail(id: string, scope: AccessScope): Promise<ContactDetail | null> {
    const params: unknown[] = [id];
    const visible = contactScopeSql(scope, params);
    const [row] = await this.db.manager.query<
      (ContactSummary & {
        pId: string | null;
        pName: string | null;
        pEmail: string | null;
        pPhone: string | null;
        cuId: string | null;
        cuName: string;
        cuDomain: string | null;
        cuOwner: string | null;
      })[]
    >(
      `SELECT ${SUMMARY_COLUMNS},
              p.id AS "pId", p.name AS "pName", p.email AS "pEmail", p.phone AS "pPhone",
              cu.id AS "cuId", cu.name AS "cuName", cu.domain AS "cuDomain", cu.relationship_owner_id AS "cuOwner"
         FROM ${WITH_ASSIGNEE}
         LEFT JOIN person p ON p.id = c.person_id
         LEFT JOIN customer cu ON cu.id = c.customer_id
        WHERE c.id = $1 AND ${visible}`,
      params,
    );
    if (!row) return null;
    const { pId, pName, pEmail, pPhone, cuId, cuName, cuDomain, cuOwner, ...summary } = row;
    return {
      ...summary,
      person: pId ? { id: pId, name: pName, email: pEmail, phone: pPhone } : null,
      customer: cuId ? { id: cuId, name: cuName, domain: cuDomain, relationshipOwnerId: cuOwner } : null,
    };
  }

  /** The caller's contacts (the access policy, in SQL), newest first, keyset-paginated on (created_at, id). */
  async list(filters: ContactFilters, scope: AccessScope): Promise<ContactSummary[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (!scope.all) where.push(contactScopeSql(scope, params));
    if (filters.status) where.push(`c.status = $${params.push(filters.status)}`);
    if (filters.channel) where.push(`c.channel = $${params.push(filters.channel)}`);
    if (filters.medium) where.push(`c.medium = $${params.push(filters.medium)}`);
    if (filters.personId) where.push(`c.person_id = $${params.push(filters.personId)}`);
    if (filters.customerId) where.push(`c.customer_id = $${params.push(filters.customerId)}`);
    if (filters.cursor) {
      where.push(
        `(c.created_at, c.id) < (SELECT created_at, id FROM contact WHERE id = $${params.push(filters.cursor)})`,
      );
    }
    const whereSql = (clauses: string[]) => (clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '');
    const order = 'ORDER BY c.created_at DESC, c.id DESC';
    if (!filters.search) {
      return this.db.manager.query<ContactSummary[]>(
        `SELECT ${SUMMARY_COLUMNS} FROM ${WITH_ASSIGNEE} ${whereSql(where)} ${order} LIMIT $${params.push(filters.limit)}`,
        params,
      );
    }
    // A search is the newest page of each branch (one index each, with the other filters), merged:
    // the newest contacts of a union are among the newest of each part. One OR across the
    // branches made PostgreSQL walk the newest-first index and test every contact (seconds at
    // 1,000,000); apart, each branch is planned on its own: a bitmap scan of its index when few
    // contacts match, the newest-first walk when many do. UNION drops a contact two branches found.
    const branches = searchBranches(filters.search, params);
    const limit = `LIMIT $${params.push(filters.limit)}`;
    const pages = branches.map(
      (branch) => `(SELECT c.id, c.created_at FROM contact c ${whereSql([...where, branch])} ${order} ${limit})`,
    );
    return this.db.manager.query<ContactSummary[]>(
      `SELECT ${SUMMARY_COLUMNS}
         FROM (SELECT id, created_at FROM (${pages.join(' UNION ')}) found
                ORDER BY created_at DESC, id DESC ${limit}) hit
         JOIN contact c ON c.id = hit.id
         LEFT JOIN assignment a ON a.contact_id = c.id AND a.ended_at IS NULL
        ${order}`,
      params,
    );
  }

  /**
   * The SMS conversation of a number, active since `since`: its newest sms contact, or the contact
   * an agent last texted it from (a reply by SMS to a call or a web inquiry), whichever is newer.
   * A closed one counts too: the customer's answer reopens it.
   */
  async findSmsConversation(phone: string, since: Date): Promise<ContactRecord | null> {
    const [row] = await this.db.manager.query<ContactRecord[]>(
      `SELECT ${RECORD_COLUMNS} FROM contact c
        WHERE c.id = (
          SELECT t.id FROM (
            SELECT s.id, s.updated_at AS at FROM contact s
             WHERE s.medium = 'sms' AND s.from_phone = $1 AND s.updated_at >= $2
            UNION ALL
            SELECT m.contact_id, m.created_at FROM contact_message m
             WHERE m.direction = 'outbound' AND m.medium = 'sms' AND m.to_address = $1 AND m.created_at >= $2
          ) t ORDER BY t.at DESC LIMIT 1)`,
      [phone, since],
    );
    return row ?? null;
  }

  /** The preference for the last agent is used once: by the next offer made. */
  async clearLastAgentPreference(contactId: string): Promise<void> {
    await this.db.manager.query(`UPDATE contact SET prefer_last_agent = false WHERE id = $1 AND prefer_last_agent`, [
      contactId,
    ]);
  }

  /** How the agent finished the contact (wrap-up): its disposition code and when. */
  async recordWrapUp(contactId: string, disposition: string, at: Date): Promise<void> {
    await this.db.manager.query(`UPDATE contact SET disposition = $2, wrapped_up_at = $3 WHERE id = $1`, [
      contactId,
      disposition,
      at,
    ]);
  }

  /** Marks a contact as coming from an outbound campaign (a seminar registration), so its leads count there. */
  async linkCampaign(contactId: string, campaignId: string, campaignTargetId: string | null): Promise<void> {
    await this.db.manager.query(`UPDATE contact SET campaign_id = $2, campaign_target_id = $3 WHERE id = $1`, [
      contactId,
      campaignId,
      campaignTargetId,
    ]);
  }

  /** Marks the contact active at `at` (a new message joined it). */
  async touch(contactId: string, at: Date): Promise<void> {
    await this.db.manager.query(`UPDATE contact SET updated_at = $2 WHERE id = $1`, [contactId, at]);
  }

  /** Moves every contact of one person to another (the identity merge). */
  async reassignPerson(fromPersonId: string, toPersonId: string): Promise<void> {
    await this.db.manager.query(`UPDATE contact SET person_id = $2 WHERE person_id = $1`, [fromPersonId, toPersonId]);
  }
}
