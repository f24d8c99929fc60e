import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';

export type MailSendStatus = 'sending' | 'sent' | 'retry' | 'uncertain';

export interface MailSendRecord {
  key: string;
  messageId: string;
  status: MailSendStatus;
  attempts: number;
  /** When the current status was set: for `sending`, when the SMTP call began. */
  updatedAt: Date;
}

/**
 * The mail_send table: one row per message we send (keyed by what it is about, e.g.
 * `ack.<contactId>`), written and committed *before* the SMTP call, so an attempt after a dead
 * worker knows a send began. The Message-ID is fixed in the row at the first attempt.
 */
@Injectable()
export class MailSendRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** The record of `key`, locked until the unit ends; created as `sending` when there is none. */
  async claim(
    key: string,
    messageId: string,
    recipient: string,
  ): Promise<{ record: MailSendRecord; created: boolean }> {
    const inserted = await this.db.manager.query<unknown[]>(
      `INSERT INTO mail_send (key, message_id, recipient, status) VALUES ($1, $2, $3, 'sending')
       ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, messageId, recipient],
    );
    const [record] = await this.db.manager.query<MailSendRecord[]>(
      `SELECT key, message_id AS "messageId", status, attempts, updated_at AS "updatedAt"
         FROM mail_send WHERE key = $1 FOR UPDATE`,
      [key],
    );
    return { record: record, created: inserted.length > 0 };
  }

  /** A new attempt of a record that was `retry`: `sending` again, from now. */
  async restart(key: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE mail_send SET status = 'sending', attempts = attempts + 1, updated_at = now() WHERE key = $1`,
      [key],
    );
  }

  async markSent(key: string, transport: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE mail_send SET status = 'sent', transport = $2, sent_at = now(), updated_at = now() WHERE key = $1`,
      [key, transport],
    );
  }

  /** The mail server answered with an error: the next attempt sends again (same Message-ID). */
  async markRetry(key: string, error: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE mail_send SET status = 'retry', last_error = $2, updated_at = now() WHERE key = $1 AND status = 'sending'`,
      [key, error.slice(0, 2000)],
    );
  }

  async markUncertain(key: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE mail_send SET status = 'uncertain', last_error = 'the process sending it died mid-send', updated_at = now()
        WHERE key = $1`,
      [key],
    );
  }
}
