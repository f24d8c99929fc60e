import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, notFound } from '../../common/domain-error';
import { ChannelMatrix, validateMatrix } from '../domain/channel-matrix';
import { lockChannelMatrix } from '../locks';

export interface StoredChannelMatrix extends ChannelMatrix {
  createdAt: string;
  createdBy: string | null;
}

interface MatrixRow {
  version: number;
  document: unknown;
  created_by: string | null;
  created_at: Date;
}

/**
 * The channel matrix, versioned: a change saves a new version and never edits an old one, so every
 * lead keeps the version that routed it and can say why.
 */
@Injectable()
export class ChannelMatrixService {
  private readonly logger = new Logger(ChannelMatrixService.name);

  constructor(private readonly dataSource: DataSource) {}

  /** The version in force. */
  async current(manager: EntityManager = this.dataSource.manager): Promise<StoredChannelMatrix> {
    const [row] = await manager.query<MatrixRow[]>(
      `SELECT version, document, created_by, created_at FROM channel_matrix ORDER BY version DESC LIMIT 1`,
    );
    if (!row) throw new DomainError('unavailable', 'no channel matrix is stored: run the migrations');
    return toStored(row);
  }

  async version(version: number): Promise<StoredChannelMatrix> {
    const [row] = await this.dataSource.query<MatrixRow[]>(
      `SELECT version, document, created_by, created_at FROM channel_matrix WHERE version = $1`,
      [version],
    );
    if (!row) throw notFound('channel matrix version', String(version));
    return toStored(row);
  }

  async versions(): Promise<{ version: number; createdAt: string; createdBy: string | null }[]> {
    const rows = await this.dataSource.query<MatrixRow[]>(
      `SELECT version, created_by, created_at FROM channel_matrix ORDER BY version DESC`,
    );
    return rows.map((r) => ({
      version: r.version,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
    }));
  }

  /**
   * Saves `input` as the next version. Every cell must be filled and every field valid (all errors
   * are reported at once, each naming its field). A `version` in the input is ignored: the client
   * may send back what GET gave it, and versions are assigned here, one after the other.
   */
  async replace(input: unknown, userId: string): Promise<StoredChannelMatrix> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new DomainError('validation_failed', 'the channel matrix must be a JSON object', [
        { field: 'body', message: 'must be an object with cells, revenueThresholds and qualificationBar' },
      ]);
    }
    const stored = await this.dataSource.transaction(async (manager) => {
      await lockChannelMatrix(manager);
      const previous = await this.current(manager);
      const validation = validateMatrix({ ...input, version: previous.version + 1 });
      if (!validation.ok) {
        throw new DomainError(
          'validation_failed',
          validation.errors.map((e) => `${e.field} ${e.message}`).join('; '),
          validation.errors,
        );
      }
      const { version, cells, revenueThresholds, qualificationBar } = validation.matrix;
      const [row] = await manager.query<MatrixRow[]>(
        `INSERT INTO channel_matrix (version, document, created_by) VALUES ($1, $2::jsonb, $3)
         RETURNING version, document, created_by, created_at`,
        [version, JSON.stringify({ cells, revenueThresholds, qualificationBar }), userId],
      );
      return toStored(row);
    });
    this.logger.log({ version: stored.version, userId }, 'channel matrix changed');
    return stored;
  }
}

function toStored(row: MatrixRow): StoredChannelMatrix {
  // Stored documents were validated on the way in; validating again guards against hand edits.
  const validation = validateMatrix({ ...(row.document as object), version: row.version });
  if (!validation.ok) {
    throw new DomainError('unavailable', `stored channel matrix v${row.version} is invalid`, validation.errors);
  }
  return {
    ...validation.matrix,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  };
}
