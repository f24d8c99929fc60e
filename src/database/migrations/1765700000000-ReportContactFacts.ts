import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `report_contact`: one row per contact with what the cohort reports (funnel, cost, speed to lead,
 * wait SLA, segments) read about it, so that a period's report is one range scan of one narrow
 * table instead of hashing the period's offers and assignments and joining them to contacts:
 *
 * - `created_at`, `channel`, `customer_id`: the contact's own;
 * - `first_offer_at`, `first_answer_at`: its first offer and its first assignment (a person's answer);
 * - `lead_route`, `lead_maturity`: its lead's (one lead per contact), NULL without one.
 *
 * The facts are instants, never business durations: business time is applied when a report reads
 * them (src/reports/business-time-sql.ts), so a change of the calendar has nothing to rebuild.
 *
 * They are kept by row triggers on the owning tables, in the transaction of the write that changes
 * them, whoever writes (the repositories, a migration, a bulk load): an offer or assignment insert
 * lowers the first instant, an update or delete of one recomputes it from the owner's index
 * (offer_contact_idx, assignment_contact_started_idx), a lead's insert, update or delete copies its
 * route and stage, and a contact's insert or change of channel, customer or arrival copies those.
 * A lead won months after its contact lands in its contact's row, whatever the period.
 *
 * The backfill runs with the four tables locked against writes (SHARE), so no write falls between
 * it and the triggers.
 */
export class ReportContactFacts1765700000000 implements MigrationInterface {
  name = 'ReportContactFacts1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE contact, offer, assignment, lead IN SHARE MODE`);
    await q.query(`
      CREATE TABLE report_contact (
        contact_id uuid PRIMARY KEY REFERENCES contact (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        channel varchar(24),
        customer_id uuid,
        first_offer_at timestamptz,
        first_answer_at timestamptz,
        lead_route varchar(16),
        lead_maturity varchar(8)
      )`);
    await q.query(`
      INSERT INTO report_contact (contact_id, created_at, channel, customer_id, first_offer_at, first_answer_at,
                                  lead_route, lead_maturity)
      SELECT c.id, c.created_at, c.channel, c.customer_id, o.at, a.at, l.route, l.maturity
        FROM contact c
        LEFT JOIN (SELECT contact_id, min(created_at) AS at FROM offer GROUP BY contact_id) o ON o.contact_id = c.id
        LEFT JOIN (SELECT contact_id, min(started_at) AS at FROM assignment GROUP BY contact_id) a ON a.contact_id = c.id
        LEFT JOIN lead l ON l.contact_id = c.id
       ORDER BY c.created_at`);
    await q.query(`CREATE INDEX report_contact_created_idx ON report_contact (created_at)`);

    await q.query(`
      CREATE FUNCTION report_contact_of_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO report_contact (contact_id, created_at, channel, customer_id)
          VALUES (NEW.id, NEW.created_at, NEW.channel, NEW.customer_id);
        ELSE
          UPDATE report_contact SET created_at = NEW.created_at, channel = NEW.channel, customer_id = NEW.customer_id
           WHERE contact_id = NEW.id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_contact_contact_insert AFTER INSERT ON contact
        FOR EACH ROW EXECUTE FUNCTION report_contact_of_contact()`);
    await q.query(`
      CREATE TRIGGER report_contact_contact_update AFTER UPDATE OF created_at, channel, customer_id ON contact
        FOR EACH ROW
        WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.channel IS DISTINCT FROM NEW.channel
              OR OLD.customer_id IS DISTINCT FROM NEW.customer_id)
        EXECUTE FUNCTION report_contact_of_contact()`);

    await q.query(`
      CREATE FUNCTION report_contact_of_offer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE report_contact SET first_offer_at = NEW.created_at
           WHERE contact_id = NEW.contact_id AND (first_offer_at IS NULL OR first_offer_at > NEW.created_at);
        ELSE
          UPDATE report_contact SET first_offer_at = (SELECT min(created_at) FROM offer WHERE contact_id = report_contact.contact_id)
           WHERE contact_id = OLD.contact_id OR (TG_OP = 'UPDATE' AND contact_id = NEW.contact_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_contact_offer_insert AFTER INSERT ON offer
        FOR EACH ROW EXECUTE FUNCTION report_contact_of_offer()`);
    await q.query(`
      CREATE TRIGGER report_contact_offer_update AFTER UPDATE OF created_at, contact_id ON offer
        FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
        EXECUTE FUNCTION report_contact_of_offer()`);
    await q.query(`
      CREATE TRIGGER report_contact_offer_delete AFTER DELETE ON offer
        FOR EACH ROW EXECUTE FUNCTION report_contact_of_offer()`);

    await q.query(`
      CREATE FUNCTION report_contact_of_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE report_contact SET first_answer_at = NEW.started_at
           WHERE contact_id = NEW.contact_id AND (first_answer_at IS NULL OR first_answer_at > NEW.started_at);
        ELSE
          UPDATE report_contact
             SET first_answer_at = (SELECT min(started_at) FROM assignment WHERE contact_id = report_contact.contact_id)
           WHERE contact_id = OLD.contact_id OR (TG_OP = 'UPDATE' AND contact_id = NEW.contact_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_contact_assignment_insert AFTER INSERT ON assignment
        FOR EACH ROW EXECUTE FUNCTION report_contact_of_assignment()`);
    await q.query(`
      CREATE TRIGGER report_contact_assignment_update AFTER UPDATE OF started_at, contact_id ON assignment
        FOR EACH ROW WHEN (OLD.started_at IS DISTINCT FROM NEW.started_at OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
        EXECUTE FUNCTION report_contact_of_assignment()`);
    await q.query(`
      CREATE TRIGGER report_contact_assignment_delete AFTER DELETE ON assignment
        FOR EACH ROW EXECUTE FUNCTION report_contact_of_assignment()`);

    await q.query(`
      CREATE FUNCTION report_contact_of_lead() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          UPDATE report_contact SET lead_route = NULL, lead_maturity = NULL WHERE contact_id = OLD.contact_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          UPDATE report_contact SET lead_route = NEW.route, lead_maturity = NEW.maturity WHERE contact_id = NEW.contact_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER report_contact_lead_write AFTER INSERT OR DELETE ON lead
        FOR EACH ROW EXECUTE FUNCTION report_contact_of_lead()`);
    await q.query(`
      CREATE TRIGGER report_contact_lead_update AFTER UPDATE OF route, maturity, contact_id ON lead
        FOR EACH ROW
        WHEN (OLD.route IS DISTINCT FROM NEW.route OR OLD.maturity IS DISTINCT FROM NEW.maturity
              OR OLD.contact_id IS DISTINCT FROM NEW.contact_id)
        EXECUTE FUNCTION report_contact_of_lead()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_contact_lead_update ON lead`);
    await q.query(`DROP TRIGGER report_contact_lead_write ON lead`);
    for (const table of ['assignment', 'offer']) {
      for (const op of ['delete', 'update', 'insert'])
        await q.query(`DROP TRIGGER report_contact_${table}_${op} ON ${table}`);
    }
    await q.query(`DROP TRIGGER report_contact_contact_update ON contact`);
    await q.query(`DROP TRIGGER report_contact_contact_insert ON contact`);
    for (const fn of ['lead', 'assignment', 'offer', 'contact'])
      await q.query(`DROP FUNCTION report_contact_of_${fn}()`);
    await q.query(`DROP TABLE report_contact`);
  }
}
