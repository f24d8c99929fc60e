import { Injectable } from '@nestjs/common';
import { jsonbParam } from '../common/json';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import { ContactRecord, RECORD_COLUMNS } from './contact.repository';
import type { NewContactOutcome } from './new-contact-writer';

/** A draft flattened to the columns it writes (the `input` of the statement below). */
export interface IntakeRow {
  id: string;
  medium: string;
  source: string;
  externalId: string | null;
  requestHash: string | null;
  inquiryType: string;
  language: string;
  fromName: string | null;
  fromEmail: string | null;
  fromPhone: string | null;
  fromCompany: string | null;
  subject: string | null;
  body: string;
  productLine: string | null;
  consent: boolean | null;
  metadata: unknown;
  eventType: string;
  eventActor: string;
  eventData: unknown;
}

/** An outbox row of a drafted contact, with its job id already derived (job catalogue). */
export interface IntakeJobRow {
  contactId: string;
  queue: string;
  jobName: string;
  jobId: string;
  payload: unknown;
}

const INPUT_COLUMNS = `ord int, id uuid, medium text, source text, external_id text, request_hash text,
  inquiry_type text, language text, from_name text, from_email text, from_phone text, from_company text,
  subject text, body text, product_line text, consent boolean, metadata jsonb, event_type text,
  event_actor text, event_data jsonb`;

/**
 * Intake's write path: a batch of new contacts, their `contact.received` events and their outbox
 * rows in ONE statement (data-modifying CTEs), run on its own (autocommit), so a whole batch costs
 * one round trip and one commit. The one statement that writes the timeline and the outbox from
 * outside their modules: the hot path of every provider webhook, kept in one place here.
 *
 * Exactly once: a contact whose provider id (source + external id) is stored already is not
 * inserted (`ON CONFLICT DO NOTHING` on the unique index, which also settles two deliveries
 * racing in separate batches or in one); one that went to a follow-up message is not either. The
 * statement answers the earlier delivery's contact for those it saw in its snapshot; a draft it
 * answers nothing for lost a race to a transaction still running when the statement began, and is
 * read again afterwards (`findEarlier`). Events and jobs are written only for inserted contacts.
 */
@Injectable()
export class ContactIntakeRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** One outcome per row, in order; null where an earlier delivery must be read again. */
  async insertBatch(rows: readonly IntakeRow[], jobs: readonly IntakeJobRow[]): Promise<(NewContactOutcome | null)[]> {
    const input = rows.map((r, ord) => ({
      ord,
      id: r.id,
      medium: r.medium,
      source: r.source,
      external_id: r.externalId,
      request_hash: r.requestHash,
      inquiry_type: r.inquiryType,
      language: r.language,
      from_name: r.fromName,
      from_email: r.fromEmail,
      from_phone: r.fromPhone,
      from_company: r.fromCompany,
      subject: r.subject,
      body: r.body,
      product_line: r.productLine,
      consent: r.consent,
      metadata: r.metadata,
      event_type: r.eventType,
      event_actor: r.eventActor,
      event_data: r.eventData,
    }));
    const outbox = jobs.map((j) => ({
      contact_id: j.contactId,
      queue: j.queue,
      job_name: j.jobName,
      job_id: j.jobId,
      payload: j.payload,
    }));
    const answered = await this.db.manager.query<
      (ContactRecord & { ord: number; created: boolean; messageId: string | null })[]
    >(
      `WITH input AS MATERIALIZED (SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(${INPUT_COLUMNS})),
       seen_message AS MATERIALIZED (
         SELECT i.ord, m.id AS message_id, m.contact_id FROM input i
           JOIN contact_message m ON m.source = i.source AND m.external_id = i.external_id
          WHERE i.external_id IS NOT NULL),
       inserted AS (
         INSERT INTO contact AS c (id, medium, source, external_id, request_hash, status, inquiry_type, language,
                                   from_name, from_email, from_phone, from_company, subject, body, product_line,
                                   consent, metadata)
         SELECT i.id, i.medium, i.source, i.external_id, i.request_hash, 'received', i.inquiry_type, i.language,
                i.from_name, i.from_email, i.from_phone, i.from_company, i.subject, i.body, i.product_line,
                i.consent, coalesce(i.metadata, '{}'::jsonb)
           FROM input i WHERE NOT EXISTS (SELECT 1 FROM seen_message s WHERE s.ord = i.ord)
          ORDER BY i.ord
         ON CONFLICT (source, external_id) WHERE external_id IS NOT NULL DO NOTHING
         RETURNING ${RECORD_COLUMNS}),
       events AS (
         INSERT INTO timeline_event (type, actor, contact_id, data)
         SELECT i.event_type, i.event_actor, n.id, coalesce(i.event_data, '{}'::jsonb)
           FROM inserted n JOIN input i ON i.id = n.id),
       jobs AS (
         INSERT INTO outbox (queue, job_name, job_id, payload)
         SELECT o.queue, o.job_name, o.job_id, o.payload
           FROM jsonb_to_recordset($2::jsonb) AS o(contact_id uuid, queue text, job_name text, job_id text, payload jsonb)
           JOIN inserted n ON n.id = o.contact_id)
       SELECT i.ord, true AS created, NULL::text AS "messageId", n.* FROM inserted n JOIN input i ON i.id = n.id
       UNION ALL
       SELECT s.ord, false, s.message_id::text, ${RECORD_COLUMNS} FROM seen_message s JOIN contact c ON c.id = s.contact_id
       UNION ALL
       SELECT i.ord, false, NULL, ${RECORD_COLUMNS} FROM input i
         JOIN contact c ON c.source = i.source AND c.external_id = i.external_id
        WHERE i.external_id IS NOT NULL AND c.id <> i.id`,
      [jsonbParam(input), jsonbParam(outbox)],
    );
    const outcomes: (NewContactOutcome | null)[] = rows.map(() => null);
    for (const { ord, created, messageId, ...contact } of answered) {
      outcomes[ord] = { contact, created, ...(messageId ? { messageId } : {}) };
    }
    return outcomes;
  }
}
