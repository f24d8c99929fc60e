import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `lead.contact_created_at`: when the lead's contact arrived, carried on the lead so that the
 * sellers report measures each won deal's sales cycle (arrival to win) from an index-only scan of
 * `lead_won_closed_idx`, the won deals with an owner by close date, carrying the owner and the
 * arrival, instead of joining a year's wins to the contacts (a scan of the whole contact table).
 *
 * Kept by row triggers in the transaction of the write, whoever writes (as assignment.customer_key):
 * - a lead's insert, or change of contact, reads its contact's arrival (one primary-key lookup,
 *   BEFORE the row is written);
 * - a contact's change of arrival rewrites its lead's (through the lead's unique contact_id).
 *
 * The backfill runs with both tables locked against writes (SHARE), so no write falls between it
 * and the triggers.
 */
export class LeadContactArrival1765910000001 implements MigrationInterface {
  name = 'LeadContactArrival1765910000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE contact, lead IN SHARE MODE`);
    await q.query(`ALTER TABLE lead ADD COLUMN contact_created_at timestamptz`);
    await q.query(`UPDATE lead l SET contact_created_at = c.created_at FROM contact c WHERE c.id = l.contact_id`);
    await q.query(
      `CREATE INDEX lead_won_closed_idx ON lead (closed_at) INCLUDE (owner_id, contact_created_at)
        WHERE maturity = 'won' AND owner_id IS NOT NULL`,
    );

    await q.query(`
      CREATE FUNCTION lead_contact_created_at_of_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.contact_created_at := (SELECT c.created_at FROM contact c WHERE c.id = NEW.contact_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER lead_contact_created_at_insert BEFORE INSERT ON lead
        FOR EACH ROW EXECUTE FUNCTION lead_contact_created_at_of_contact()`);
    await q.query(`
      CREATE TRIGGER lead_contact_created_at_update BEFORE UPDATE OF contact_id ON lead
        FOR EACH ROW WHEN (OLD.contact_id IS DISTINCT FROM NEW.contact_id) EXECUTE FUNCTION lead_contact_created_at_of_contact()`);

    await q.query(`
      CREATE FUNCTION lead_contact_created_at_of_arrival() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE lead SET contact_created_at = NEW.created_at
         WHERE contact_id = NEW.id AND contact_created_at IS DISTINCT FROM NEW.created_at;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER lead_contact_created_at_contact_update AFTER UPDATE OF created_at ON contact
        FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at)
        EXECUTE FUNCTION lead_contact_created_at_of_arrival()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER lead_contact_created_at_contact_update ON contact`);
    await q.query(`DROP FUNCTION lead_contact_created_at_of_arrival()`);
    await q.query(`DROP TRIGGER lead_contact_created_at_update ON lead`);
    await q.query(`DROP TRIGGER lead_contact_created_at_insert ON lead`);
    await q.query(`DROP FUNCTION lead_contact_created_at_of_contact()`);
    await q.query(`DROP INDEX lead_won_closed_idx`);
    await q.query(`ALTER TABLE lead DROP COLUMN contact_created_at`);
  }
}
