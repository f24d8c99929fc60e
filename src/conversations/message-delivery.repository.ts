import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { OutboundStatus } from './domain/delivery-status';

export type DeliveryProvider = 'smtp' | 'twilio' | 'phaxio' | 'log';

export interface DeliveryRecord {
  id: string;
  messageId: string;
  provider: DeliveryProvider;
  providerId: string;
  part: number;
  status: OutboundStatus;
  error: string | null;
}

const COLUMNS = `id, message_id AS "messageId", provider, provider_id AS "providerId", part, status, error`;

/**
 * The message_delivery table: what a provider took from us for an outbound message, by the
 * provider's id. A long SMS has one row per Twilio message (`part`); status callbacks name a row.
 */
@Injectable()
export class MessageDeliveryRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async insert(delivery: Omit<DeliveryRecord, 'id' | 'error'> & { error?: string | null }): Promise<void> {
    await this.db.manager.query(
      `INSERT INTO message_delivery (message_id, provider, provider_id, part, status, error)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provider, provider_id) DO NOTHING`,
      [
        delivery.messageId,
        delivery.provider,
        delivery.providerId,
        delivery.part,
        delivery.status,
        delivery.error ?? null,
      ],
    );
  }

  async forMessage(messageId: string): Promise<DeliveryRecord[]> {
    return this.db.manager.query<DeliveryRecord[]>(
      `SELECT ${COLUMNS} FROM message_delivery WHERE message_id = $1 ORDER BY part`,
      [messageId],
    );
  }

  async findByProviderId(provider: DeliveryProvider, providerId: string): Promise<DeliveryRecord | null> {
    const [row] = await this.db.manager.query<DeliveryRecord[]>(
      `SELECT ${COLUMNS} FROM message_delivery WHERE provider = $1 AND provider_id = $2`,
      [provider, providerId],
    );
    return row ?? null;
  }

  async setStatus(id: string, status: OutboundStatus, error: string | null): Promise<void> {
    await this.db.manager.query(
      `UPDATE message_delivery SET status = $2, error = $3, updated_at = now() WHERE id = $1`,
      [id, status, error],
    );
  }
}
