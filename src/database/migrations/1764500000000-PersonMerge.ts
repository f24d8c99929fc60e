import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PersonMerge1764500000000 implements MigrationInterface {
  name = 'PersonMerge1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // A person found to be someone already known is kept (its timeline rows point at it) but
    // absorbed: its identifiers move to the survivor and this column names the survivor.
    await q.query(`ALTER TABLE person ADD COLUMN merged_into_id uuid REFERENCES person(id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person DROP COLUMN merged_into_id`);
  }
}
