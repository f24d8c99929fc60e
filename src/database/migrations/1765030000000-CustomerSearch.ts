import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding customers and their contacts fast, and the outbound call's lookups:
 * - trigram GIN indexes (pg_trgm) on the contact's sender name, e-mail, phone and company and on
 *   the account's name and domain, so `?q=` (a substring, `ILIKE '%...%'`) is an index scan on a
 *   million contacts instead of a sequential one;
 * - `contact (customer_id, created_at DESC, id DESC)`: an account's contacts, newest first, in
 *   the order `GET /contacts` pages them (the filter scanned the whole table before);
 * - `lead (customer_id)`: an account's leads on its page;
 * - the audit trail of account changes (`customer.updated` timeline events, which have no contact)
 *   found by the account's id;
 * - `contact_message`'s outbound calls found by the Twilio CallSid of the agent's leg, which every
 *   status and recording callback names.
 */
export class CustomerSearch1765030000000 implements MigrationInterface {
  name = 'CustomerSearch1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const column of ['from_name', 'from_email', 'from_phone', 'from_company']) {
      await q.query(`CREATE INDEX contact_${column}_trgm_idx ON contact USING gin (${column} gin_trgm_ops)`);
    }
    await q.query(`CREATE INDEX customer_name_trgm_idx ON customer USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX customer_domain_trgm_idx ON customer USING gin (domain gin_trgm_ops)`);
    await q.query(
      `CREATE INDEX customer_owner_idx ON customer (relationship_owner_id) WHERE relationship_owner_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX contact_customer_created_idx ON contact (customer_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX person_customer_idx ON person (customer_id)`);
    await q.query(`CREATE INDEX lead_customer_idx ON lead (customer_id)`);
    await q.query(
      `CREATE INDEX timeline_event_customer_idx ON timeline_event ((data->>'customerId'), id) WHERE contact_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX contact_message_outbound_call_idx ON contact_message (external_id)
        WHERE direction = 'outbound' AND medium = 'voice'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'contact_message_outbound_call_idx',
      'timeline_event_customer_idx',
      'lead_customer_idx',
      'person_customer_idx',
      'contact_customer_created_idx',
      'customer_owner_idx',
      'customer_domain_trgm_idx',
      'customer_name_trgm_idx',
      'contact_from_company_trgm_idx',
      'contact_from_phone_trgm_idx',
      'contact_from_email_trgm_idx',
      'contact_from_name_trgm_idx',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    // pg_trgm stays: other objects may use it.
  }
}
