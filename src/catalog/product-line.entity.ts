import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Complexity } from './catalog.types';
import type { TargetSegment } from './domain/market-planning';

/** A product or service line of the catalog, with the solution complexity it implies. */
@Entity({ name: 'product_line' })
export class ProductLine {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  complexity!: Complexity;

  /** The target segments this line serves (market planning), most specific criteria first. */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  segments!: TargetSegment[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
