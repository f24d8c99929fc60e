import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764180000000 implements MigrationInterface {
  name = 'InitialSchema1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL,
        domain varchar(253) UNIQUE,
        name_key varchar(200) NOT NULL,
        relationship_owner_id uuid,
        segment varchar(32),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX customer_name_key_idx ON customer (name_key) WHERE domain IS NULL`);

    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200),
        email varchar(254) UNIQUE,
        phone varchar(32) UNIQUE,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT person_email_lowercase CHECK (email = lower(email)),
        CONSTRAINT person_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{1,14}$')
      )`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL UNIQUE,
        password_hash varchar(255) NOT NULL,
        name varchar(200) NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        skills jsonb NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_email_lowercase CHECK (email = lower(email))
      )`);
    await q.query(
      `ALTER TABLE customer ADD CONSTRAINT customer_relationship_owner_fk
         FOREIGN KEY (relationship_owner_id) REFERENCES app_user(id) ON DELETE SET NULL`,
    );

    await q.query(`
      CREATE TABLE product_line (
        code varchar(64) PRIMARY KEY,
        name varchar(200) NOT NULL,
        complexity varchar(16) NOT NULL CHECK (complexity IN ('simple', 'standard', 'complex')),
        segments text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A starter catalog, so a fresh install classifies quotes for simple products as e-Sales.
    await q.query(`
      INSERT INTO product_line (code, name, complexity, segments) VALUES
        ('pc', 'PCs and notebooks', 'simple', '{smb,enterprise}'),
        ('server', 'Servers and storage', 'simple', '{smb,enterprise}'),
        ('printer', 'Printers and supplies', 'simple', '{smb}'),
        ('network', 'Network equipment and installation', 'standard', '{smb,enterprise}'),
        ('managed-services', 'Managed IT services', 'standard', '{smb,enterprise}'),
        ('erp', 'ERP implementation', 'complex', '{enterprise}'),
        ('cloud-migration', 'Cloud migration and integration', 'complex', '{enterprise}')`);

    await q.query(`
      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        medium varchar(16) NOT NULL CHECK (medium IN ('web', 'voice', 'sms', 'email', 'fax')),
        source varchar(32) NOT NULL,
        external_id varchar(255),
        request_hash varchar(64),
        status varchar(16) NOT NULL,
        channel varchar(24) CHECK (channel IN ('e_coverage', 'e_sales', 'demand_generation')),
        inquiry_type varchar(16) NOT NULL,
        language varchar(8) NOT NULL,
        from_name varchar(200),
        from_email varchar(254),
        from_phone varchar(32),
        from_company varchar(200),
        subject varchar(500),
        body text NOT NULL,
        product_line varchar(64),
        consent boolean,
        metadata jsonb NOT NULL DEFAULT '{}',
        person_id uuid REFERENCES person(id) ON DELETE SET NULL,
        customer_id uuid REFERENCES customer(id) ON DELETE SET NULL,
        channel_reason text,
        assigned_agent_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX contact_source_external_id_key ON contact (source, external_id) WHERE external_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX contact_status_created_at_idx ON contact (status, created_at)`);
    await q.query(`CREATE INDEX contact_created_at_idx ON contact (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX contact_person_idx ON contact (person_id)`);

    await q.query(`
      CREATE TABLE timeline_event (
        id bigserial PRIMARY KEY,
        contact_id uuid REFERENCES contact(id) ON DELETE CASCADE,
        person_id uuid REFERENCES person(id) ON DELETE CASCADE,
        type varchar(64) NOT NULL,
        actor varchar(80) NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX timeline_event_contact_idx ON timeline_event (contact_id, id)`);
    await q.query(`CREATE INDEX timeline_event_person_idx ON timeline_event (person_id, id)`);
    // The timeline is an audit trail: rows are appended, never edited.
    await q.query(`
      CREATE FUNCTION timeline_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'timeline_event is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER timeline_event_no_update BEFORE UPDATE ON timeline_event
        FOR EACH ROW EXECUTE FUNCTION timeline_event_append_only()`);

    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue varchar(64) NOT NULL,
        job_name varchar(64) NOT NULL,
        job_id varchar(200) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    // Wakes the relay as soon as a transaction that wrote to the outbox commits.
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
        FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP FUNCTION outbox_notify`);
    await q.query(`DROP TABLE timeline_event`);
    await q.query(`DROP FUNCTION timeline_event_append_only`);
    await q.query(`DROP TABLE contact`);
    await q.query(`DROP TABLE product_line`);
    await q.query(`ALTER TABLE customer DROP CONSTRAINT customer_relationship_owner_fk`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE person`);
    await q.query(`DROP TABLE customer`);
  }
}
