import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `assignment.customer_key`: the customer a seller served by taking the contact, the contact's
 * account, else its person, else the contact itself (`coalesce(customer_id, person_id, id)`), carried
 * on the assignment row so that the sellers report counts a period's distinct (seller, customer)
 * pairs from an index-only scan of `assignment_started_idx`, now `(started_at) INCLUDE (agent_id,
 * contact_id, ended_at, customer_key)`, instead of joining the period's assignments to contacts. The
 * index replaces the one of 1765400000000-Reports, so the write path keeps the same indexes.
 *
 * The key is kept by row triggers in the transaction of the write, whoever writes:
 * - an assignment's insert, or change of contact, reads its contact's key (one primary-key lookup,
 *   BEFORE the row is written, so it costs no second write of the row);
 * - a contact's change of account or person (a person merge, an account removed: ON DELETE SET NULL
 *   fires it too) rewrites its assignments' keys through assignment_contact_started_idx.
 *
 * The backfill runs with both tables locked against writes (SHARE), so no write falls between it
 * and the triggers.
 */
export class AssignmentCustomerKey1765740000000 implements MigrationInterface {
  name = 'AssignmentCustomerKey1765740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE contact, assignment IN SHARE MODE`);
    await q.query(`ALTER TABLE assignment ADD COLUMN customer_key uuid`);
    await q.query(`
      UPDATE assignment a SET customer_key = coalesce(c.customer_id, c.person_id, c.id)
        FROM contact c WHERE c.id = a.contact_id`);
    await q.query(`DROP INDEX assignment_started_idx`);
    await q.query(
      `CREATE INDEX assignment_started_idx ON assignment (started_at) INCLUDE (agent_id, contact_id, ended_at, customer_key)`,
    );

    await q.query(`
      CREATE FUNCTION assignment_customer_key_of_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.customer_key := (SELECT coalesce(c.customer_id, c.person_id, c.id) FROM contact c WHERE c.id = NEW.contact_id);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER assignment_customer_key_insert BEFORE INSERT ON assignment
        FOR EACH ROW EXECUTE FUNCTION assignment_customer_key_of_contact()`);
    await q.query(`
      CREATE TRIGGER assignment_customer_key_update BEFORE UPDATE OF contact_id ON assignment
        FOR EACH ROW WHEN (OLD.contact_id IS DISTINCT FROM NEW.contact_id) EXECUTE FUNCTION assignment_customer_key_of_contact()`);

    await q.query(`
      CREATE FUNCTION assignment_customer_key_of_customer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE assignment SET customer_key = coalesce(NEW.customer_id, NEW.person_id, NEW.id)
         WHERE contact_id = NEW.id AND customer_key IS DISTINCT FROM coalesce(NEW.customer_id, NEW.person_id, NEW.id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER assignment_customer_key_contact_update AFTER UPDATE OF customer_id, person_id ON contact
        FOR EACH ROW
        WHEN (coalesce(OLD.customer_id, OLD.person_id) IS DISTINCT FROM coalesce(NEW.customer_id, NEW.person_id))
        EXECUTE FUNCTION assignment_customer_key_of_customer()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER assignment_customer_key_contact_update ON contact`);
    await q.query(`DROP FUNCTION assignment_customer_key_of_customer()`);
    await q.query(`DROP TRIGGER assignment_customer_key_update ON assignment`);
    await q.query(`DROP TRIGGER assignment_customer_key_insert ON assignment`);
    await q.query(`DROP FUNCTION assignment_customer_key_of_contact()`);
    await q.query(`DROP INDEX assignment_started_idx`);
    await q.query(`ALTER TABLE assignment DROP COLUMN customer_key`);
    await q.query(
      `CREATE INDEX assignment_started_idx ON assignment (started_at) INCLUDE (agent_id, contact_id, ended_at)`,
    );
  }
}
