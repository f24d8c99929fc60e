import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A customer account (company). Known by its e-mail domain, or by name when it has none. */
@Entity({ name: 'customer' })
export class Customer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Corporate e-mail domain; free-mail domains never identify a company. */
  @Column({ type: 'varchar', length: 253, nullable: true, unique: true })
  domain!: string | null;

  /** Lowercased name, to find a company written without a corporate domain. */
  @Column({ name: 'name_key', type: 'varchar', length: 200 })
  nameKey!: string;

  /** The customer-relationship specialist who owns the account (e-Coverage). */
  @Column({ name: 'relationship_owner_id', type: 'uuid', nullable: true })
  relationshipOwnerId!: string | null;

  /** Target segment from market planning (e.g. `enterprise`, `smb`); used for priority. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  segment!: string | null;

  /** Market planning: the account's industry (e.g. `manufacturing`), size band and region. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  industry!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  size!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  region!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
