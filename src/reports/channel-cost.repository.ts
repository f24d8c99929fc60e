import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type { SalesChannel } from '../contacts/contact.types';

export interface ChannelCostRecord {
  channel: SalesChannel;
  perDay: number;
  perContact: number;
  currency: string;
  updatedBy: string | null;
  updatedAt: Date;
}

/** The `report_channel_cost` table: what each non-face-to-face channel costs, per day and per contact. */
@Injectable()
export class ChannelCostRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async all(): Promise<ChannelCostRecord[]> {
    const rows = await this.db.manager.query<ChannelCostRecord[]>(
      `SELECT channel, per_day::float8 AS "perDay", per_contact::float8 AS "perContact", currency,
              updated_by AS "updatedBy", updated_at AS "updatedAt"
         FROM report_channel_cost ORDER BY channel`,
    );
    return rows;
  }

  async upsert(costs: { channel: SalesChannel; perDay: number; perContact: number; currency: string }[], by: string) {
    for (const c of costs) {
      await this.db.manager.query(
        `INSERT INTO report_channel_cost (channel, per_day, per_contact, currency, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (channel) DO UPDATE SET per_day = EXCLUDED.per_day, per_contact = EXCLUDED.per_contact,
           currency = EXCLUDED.currency, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [c.channel, c.perDay, c.perContact, c.currency, by],
      );
    }
  }
}
