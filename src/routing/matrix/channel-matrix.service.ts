import { Injectable, Logger } from '@nestjs/common';
import { DomainError, notFound } from '../../common/domain-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { ChannelMatrix, validateMatrix } from '../domain/channel-matrix';
import { ChannelMatrixRecord, ChannelMatrixRepository } from './channel-matrix.repository';

export interface StoredChannelMatrix extends ChannelMatrix {
  createdAt: string;
  createdBy: string | null;
}

/**
 * The channel matrix, versioned: a change saves a new version and never edits an old one, so every
 * lead keeps the version that routed it and can say why.
 */
@Injectable()
export class ChannelMatrixService {
  private readonly logger = new Logger(ChannelMatrixService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly matrices: ChannelMatrixRepository,
  ) {}

  /** The version in force (inside the caller's unit when there is one). */
  async current(): Promise<StoredChannelMatrix> {
    const record = await this.matrices.current();
    if (!record) throw new DomainError('unavailable', 'no channel matrix is stored: run the migrations');
    return toStored(record);
  }

  async version(version: number): Promise<StoredChannelMatrix> {
    const record = await this.matrices.version(version);
    if (!record) throw notFound('channel matrix version', String(version));
    return toStored(record);
  }

  async versions(): Promise<{ version: number; createdAt: string; createdBy: string | null }[]> {
    return (await this.matrices.versions()).map((r) => ({
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
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
    return this.unitOfWork.run(async () => {
      await this.matrices.lock();
      const previous = await this.current();
      const validation = validateMatrix({ ...input, version: previous.version + 1 });
      if (!validation.ok) {
        throw new DomainError(
          'validation_failed',
          validation.errors.map((e) => `${e.field} ${e.message}`).join('; '),
          validation.errors,
        );
      }
      const { version, cells, revenueThresholds, qualificationBar } = validation.matrix;
      const stored = toStored(
        await this.matrices.insert(version, { cells, revenueThresholds, qualificationBar }, userId),
      );
      this.unitOfWork.afterCommit(() => this.logger.log({ version, userId }, 'channel matrix changed'));
      return stored;
    });
  }
}

function toStored(record: ChannelMatrixRecord): StoredChannelMatrix {
  // Stored documents were validated on the way in; validating again guards against hand edits.
  const validation = validateMatrix({ ...(record.document as object), version: record.version });
  if (!validation.ok) {
    throw new DomainError('unavailable', `stored channel matrix v${record.version} is invalid`, validation.errors);
  }
  return { ...validation.matrix, createdAt: record.createdAt.toISOString(), createdBy: record.createdBy };
}
