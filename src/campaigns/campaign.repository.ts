import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../database/typeorm-unit-of-work';
import type {
  CallingHours,
  CampaignChannel,
  CampaignKind,
  CampaignMedium,
  CampaignStatus,
} from './domain/campaign.types';

export interface CampaignRecord {
  id: string;
  name: string;
  kind: CampaignKind;
  channel: CampaignChannel;
  medium: CampaignMedium;
  script: string | null;
  templateId: string | null;
  seminarId: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  callingHours: CallingHours | null;
  maxAttempts: number;
  status: CampaignStatus;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A campaign to create: everything but what the database assigns, and the moment it is created. */
export type NewCampaign = Omit<CampaignRecord, 'id' | 'status' | 'createdAt' | 'updatedAt'> & { at: Date };

/** A campaign row as a CampaignRecord: columns camelCased, the three calling-hours columns one object. */
const COLUMNS = `id, name, kind, channel, medium, script, template_id AS "templateId", seminar_id AS "seminarId",
  starts_at AS "startsAt", ends_at AS "endsAt",
  CASE WHEN calling_timezone <> '' AND calling_from <> '' AND calling_to <> ''
       THEN json_build_object('timezone', calling_timezone, 'from', calling_from, 'to', calling_to) END AS "callingHours",
  max_attempts AS "maxAttempts", status, created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Campaigns (`campaign`): what is sent or dialled, to whom it is addressed lives in CampaignTargetRepository. */
@Injectable()
export class CampaignRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  async create(c: NewCampaign): Promise<CampaignRecord> {
    const [row] = await this.db.manager.query<CampaignRecord[]>(
      `INSERT INTO campaign (name, kind, channel, medium, script, template_id, seminar_id, starts_at, ends_at,
                             calling_timezone, calling_from, calling_to, max_attempts, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING ${COLUMNS}`,
      [
        c.name,
        c.kind,
        c.channel,
        c.medium,
        c.script,
        c.templateId,
        c.seminarId,
        c.startsAt,
        c.endsAt,
        c.callingHours?.timezone ?? null,
        c.callingHours?.from ?? null,
        c.callingHours?.to ?? null,
        c.maxAttempts,
        c.createdBy,
        c.at,
      ],
    );
    return row;
  }

  async findById(id: string, options: { lock?: boolean } = {}): Promise<CampaignRecord | null> {
    const [row] = await this.db.manager.query<CampaignRecord[]>(
      `SELECT ${COLUMNS} FROM campaign WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  /** The campaign that invites to this seminar (the latest, if several share it). */
  async findBySeminar(seminarId: string): Promise<CampaignRecord | null> {
    const [row] = await this.db.manager.query<CampaignRecord[]>(
      `SELECT ${COLUMNS} FROM campaign WHERE seminar_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [seminarId],
    );
    return row ?? null;
  }

  async list(filter: { status?: CampaignStatus; limit: number }): Promise<CampaignRecord[]> {
    const params: unknown[] = [];
    const where = filter.status ? `WHERE status = $${params.push(filter.status)}` : '';
    const rows = await this.db.manager.query<CampaignRecord[]>(
      `SELECT ${COLUMNS} FROM campaign ${where} ORDER BY created_at DESC, id LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows;
  }

  /** Active campaigns of a medium (the dialler's worklist). */
  async listActive(medium: CampaignMedium): Promise<CampaignRecord[]> {
    const rows = await this.db.manager.query<CampaignRecord[]>(
      `SELECT ${COLUMNS} FROM campaign WHERE status = 'active' AND medium = $1 ORDER BY created_at, id`,
      [medium],
    );
    return rows;
  }

  /** Moves the status when it still is `from`; false when someone else moved it first. */
  async setStatus(id: string, from: CampaignStatus, to: CampaignStatus, at: Date): Promise<boolean> {
    const [rows] = await this.db.manager.query<[{ id: string }[], number]>(
      `UPDATE campaign SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2 RETURNING id`,
      [id, from, to, at],
    );
    return rows.length > 0;
  }
}
