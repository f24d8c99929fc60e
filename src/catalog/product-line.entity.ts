import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Complexity } from './catalog.types';

/** A product or service line of the catalog, with the solution complexity it implies. */
@Entity({ name: 'product_line' })
export class ProductLine {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  complexity!: Complexity;

  /** Customer segments this line serves (market planning). */
  @Column({ type: 'text', array: true, default: () => "'{}'::text[]" })
  segments!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
