import { jsonbParam } from '../../common/json';
import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';

/** A stored version of the channel matrix, its document as saved. */
export interface ChannelMatrixRecord {
  version: number;
  document: unknown;
  createdBy: string | null;
  createdAt: Date;
}

interface MatrixRow {
  version: number;
  document: unknown;
  created_by: string | null;
  created_at: Date;
}

/** The channel_matrix table: one row per version, never updated. */
@Injectable()
export class ChannelMatrixRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  /** Serializes new versions (a transaction-scoped advisory lock): two saves cannot pick one number. */
  async lock(): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 3))', ['channel_matrix']);
  }

  /** The newest version, or null when none is stored. */
  async current(): Promise<ChannelMatrixRecord | null> {
    const [row] = await this.db.manager.query<MatrixRow[]>(
      `SELECT version, document, created_by, created_at FROM channel_matrix ORDER BY version DESC LIMIT 1`,
    );
    return row ? toRecord(row) : null;
  }

  async version(version: number): Promise<ChannelMatrixRecord | null> {
    const [row] = await this.db.manager.query<MatrixRow[]>(
      `SELECT version, document, created_by, created_at FROM channel_matrix WHERE version = $1`,
      [version],
    );
    return row ? toRecord(row) : null;
  }

  /** Every version without its document, newest first. */
  async versions(): Promise<Omit<ChannelMatrixRecord, 'document'>[]> {
    const rows = await this.db.manager.query<Omit<MatrixRow, 'document'>[]>(
      `SELECT version, created_by, created_at FROM channel_matrix ORDER BY version DESC`,
    );
    return rows.map((r) => ({ version: r.version, createdBy: r.created_by, createdAt: new Date(r.created_at) }));
  }

  async insert(version: number, document: object, createdBy: string): Promise<ChannelMatrixRecord> {
    const [row] = await this.db.manager.query<MatrixRow[]>(
      `INSERT INTO channel_matrix (version, document, created_by) VALUES ($1, $2::jsonb, $3)
       RETURNING version, document, created_by, created_at`,
      [version, jsonbParam(document), createdBy],
    );
    return toRecord(row);
  }
}

function toRecord(r: MatrixRow): ChannelMatrixRecord {
  return { version: r.version, document: r.document, createdBy: r.created_by, createdAt: new Date(r.created_at) };
}
