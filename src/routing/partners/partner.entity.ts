import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A sales partner: leads the matrix routes to `partner` go to the best match by region and product line. */
@Entity({ name: 'partner' })
export class Partner {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Empty: every region. */
  @Column({ type: 'text', array: true, default: () => "'{}'::text[]" })
  regions!: string[];

  /** Catalog codes; empty: every line. */
  @Column({ name: 'product_lines', type: 'text', array: true, default: () => "'{}'::text[]" })
  productLines!: string[];

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
