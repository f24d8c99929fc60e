import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-account login limits: consecutive failed logins, and until when the account is locked after
 * too many of them (null: not locked). A successful login or an admin clears them.
 */
export class LoginLock1764800000000 implements MigrationInterface {
  name = 'LoginLock1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE app_user
         ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
         ADD COLUMN locked_until timestamptz`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP COLUMN locked_until, DROP COLUMN failed_logins`);
  }
}
