import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An inbound SMS finds the contact an agent last texted its number from (the customer's answer joins it). */
export class OutboundSmsLookup1765060000000 implements MigrationInterface {
  name = 'OutboundSmsLookup1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX contact_message_outbound_sms_idx ON contact_message (to_address, created_at DESC)
        WHERE direction = 'outbound' AND medium = 'sms'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX contact_message_outbound_sms_idx`);
  }
}
