import type { JsonColumn } from '../../common/json';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One version of the channel matrix; versions are only ever added, so old leads keep theirs. */
@Entity({ name: 'channel_matrix' })
export class ChannelMatrixVersion {
  @PrimaryColumn({ type: 'integer' })
  version!: number;

  /** cells, revenueThresholds and qualificationBar (the version is the key). */
  @Column({ type: 'jsonb' })
  document!: JsonColumn;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
