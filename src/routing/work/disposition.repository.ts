import { Injectable } from '@nestjs/common';
import { TypeOrmUnitOfWork } from '../../database/typeorm-unit-of-work';
import type { Disposition } from '../domain/dispositions';

const COLUMNS = `code, label, requires_callback_at AS "requiresCallbackAt"`;

/** The disposition table: the wrap-up codes, in the order the console offers them. */
@Injectable()
export class DispositionRepository {
  constructor(private readonly db: TypeOrmUnitOfWork) {}

  list(): Promise<Disposition[]> {
    return this.db.manager.query<Disposition[]>(`SELECT ${COLUMNS} FROM disposition ORDER BY position, code`);
  }

  async find(code: string): Promise<Disposition | null> {
    const [row] = await this.db.manager.query<Disposition[]>(`SELECT ${COLUMNS} FROM disposition WHERE code = $1`, [
      code,
    ]);
    return row ?? null;
  }

  /** Replaces the whole list (call inside a unit of work: readers see the old list or the new one). */
  async replace(dispositions: readonly Disposition[]): Promise<void> {
    // Serializes concurrent replacements, so two PUTs cannot interleave their deletes and inserts.
    await this.db.manager.query(`LOCK TABLE disposition IN SHARE ROW EXCLUSIVE MODE`);
    await this.db.manager.query(`DELETE FROM disposition`);
    await this.db.manager.query(
      `INSERT INTO disposition (code, label, position, requires_callback_at)
       SELECT d.code, d.label, d.position, d.requires_callback_at
         FROM unnest($1::text[], $2::text[], $3::int[], $4::boolean[]) AS d(code, label, position, requires_callback_at)`,
      [
        dispositions.map((d) => d.code),
        dispositions.map((d) => d.label),
        dispositions.map((_, i) => i + 1),
        dispositions.map((d) => d.requiresCallbackAt),
      ],
    );
  }
}
