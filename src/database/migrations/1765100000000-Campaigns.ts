import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound work (DESIGN.md: Demand Generation invites to seminars, e-Coverage calls accounts):
 * - `seminar`: what an invitation invites to, with its capacity; `registered` counts the seats
 *   taken and is only ever changed under the row's lock, so the last seat is given once;
 * - `campaign`: kind, channel, medium, script or template, period, calling hours in a time zone,
 *   attempts; status `draft` until started, then `active` | `paused` | `done`;
 * - `campaign_target`: one person per campaign (deduplicated by identity), its state, attempts,
 *   last disposition and when it may be tried next; the contact of its current attempt;
 * - `seminar_registration`: one per seminar and person (idempotent), from an invitation link or an
 *   agent's `seminar_registered` wrap-up; the Demand Generation contact it created;
 * - `contact.campaign_id` / `campaign_target_id`: a voice target's attempt is a contact routed like
 *   any other, marked so routing serves inbound contacts first.
 */
export class Campaigns1765100000000 implements MigrationInterface {
  name = 'Campaigns1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE seminar (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(200) NOT NULL,
        starts_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        registered integer NOT NULL DEFAULT 0 CHECK (registered >= 0 AND registered <= capacity),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        kind varchar(24) NOT NULL CHECK (kind IN ('seminar_invitation', 'account_call', 'quote_follow_up')),
        channel varchar(24) NOT NULL CHECK (channel IN ('e_coverage', 'e_sales', 'demand_generation')),
        medium varchar(8) NOT NULL CHECK (medium IN ('voice', 'email', 'sms')),
        script text,
        template_id uuid,
        seminar_id uuid REFERENCES seminar (id) ON DELETE SET NULL,
        starts_at timestamptz,
        ends_at timestamptz,
        calling_timezone varchar(64),
        calling_from varchar(5),
        calling_to varchar(5),
        max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20),
        status varchar(8) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'done')),
        created_by uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE campaign_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
        person_id uuid REFERENCES person (id) ON DELETE SET NULL,
        customer_id uuid REFERENCES customer (id) ON DELETE SET NULL,
        contact_id uuid REFERENCES contact (id) ON DELETE SET NULL,
        row_number integer,
        name varchar(200),
        phone varchar(32),
        email varchar(254),
        company varchar(200),
        language varchar(8),
        state varchar(8) NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'offered', 'retry', 'done', 'skipped')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_disposition varchar(40),
        skip_reason text,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX campaign_target_person_key ON campaign_target (campaign_id, person_id) WHERE person_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX campaign_target_due_idx ON campaign_target (campaign_id, state, next_attempt_at)`);
    await q.query(`
      CREATE TABLE seminar_registration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seminar_id uuid NOT NULL REFERENCES seminar (id) ON DELETE CASCADE,
        person_id uuid REFERENCES person (id) ON DELETE SET NULL,
        campaign_target_id uuid REFERENCES campaign_target (id) ON DELETE SET NULL,
        contact_id uuid REFERENCES contact (id) ON DELETE SET NULL,
        name varchar(200),
        email varchar(254),
        phone varchar(32),
        language varchar(8) NOT NULL,
        source varchar(16) NOT NULL CHECK (source IN ('invitation', 'agent')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX seminar_registration_person_key ON seminar_registration (seminar_id, person_id) WHERE person_id IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE contact
        ADD COLUMN campaign_id uuid REFERENCES campaign (id) ON DELETE SET NULL,
        ADD COLUMN campaign_target_id uuid REFERENCES campaign_target (id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX contact_campaign_idx ON contact (campaign_id) WHERE campaign_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contact_campaign_idx`);
    await q.query(`ALTER TABLE contact DROP COLUMN campaign_target_id, DROP COLUMN campaign_id`);
    await q.query(`DROP TABLE seminar_registration`);
    await q.query(`DROP TABLE campaign_target`);
    await q.query(`DROP TABLE campaign`);
    await q.query(`DROP TABLE seminar`);
  }
}
