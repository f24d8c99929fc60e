import { Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork, UnitOfWorkOptions } from './unit-of-work';

interface Transaction {
  manager: EntityManager;
  effects: (() => unknown)[];
  /** Whether the unit reads one snapshot throughout (REPEATABLE READ): what `alongside` can share. */
  snapshot: boolean;
}

/** What pg_export_snapshot() returns, e.g. `00000004-0000A1B2-1`. */
const SNAPSHOT_ID = /^[0-9A-F]+(-[0-9A-F]+)+$/i;

/**
 * The unit of work on TypeORM. The running transaction travels in an AsyncLocalStorage, so a
 * repository called anywhere below `run` uses its manager (`db.manager`), and outside any unit the
 * data source's own (one statement, autocommit). Only repositories read `manager`.
 */
@Injectable()
export class TypeOrmUnitOfWork extends UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  private readonly current = new AsyncLocalStorage<Transaction>();

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /** The manager of the running transaction, or of the data source outside one. For repositories. */
  get manager(): EntityManager {
    return this.current.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.current.getStore() !== undefined;
  }

  async run<T>(work: () => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    if (this.current.getStore()) return work();
    const effects: (() => unknown)[] = [];
    const isolation = options.isolation ?? 'READ COMMITTED';
    const snapshot = isolation === 'REPEATABLE READ';
    const unit = (manager: EntityManager) => this.current.run({ manager, effects, snapshot }, work);
    // READ COMMITTED is every connection's default (data-source-options sets it at connect), so such
    // a unit is START TRANSACTION alone: TypeORM follows an explicit level with a SET TRANSACTION,
    // one more round trip on every unit of work.
    const result =
      isolation === 'READ COMMITTED'
        ? await this.dataSource.transaction(unit)
        : await this.dataSource.transaction(isolation, unit);
    for (const effect of effects) await this.runEffect(effect);
    return result;
  }

  /**
   * Runs the reads of `work` on a second connection that sees the running REPEATABLE READ unit's
   * snapshot (`pg_export_snapshot()`, then `SET TRANSACTION SNAPSHOT` in a read-only transaction),
   * so that one unit's independent reads run at once on two connections, and two cores, and still
   * agree row for row. Outside such a unit, or when no second connection comes within the pool's
   * connect timeout (a pool full of units waiting for their own second connection must not wait on
   * each other), `work` runs in the current one, as it would have without this.
   */
  async alongside<T>(work: () => Promise<T>): Promise<T> {
    const transaction = this.current.getStore();
    if (!transaction?.snapshot) return work();
    const [exported] = await transaction.manager.query<{ id: string }[]>(`SELECT pg_export_snapshot() AS id`);
    if (!SNAPSHOT_ID.test(exported.id)) throw new Error(`unexpected snapshot id ${exported.id}`);
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
    } catch (error) {
      await runner.release();
      this.logger.warn({ err: (error as Error).message }, 'no second connection: reads run in the unit itself');
      return work();
    }
    try {
      await runner.query(`START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY`);
      // A literal: SET takes no parameters; the id is checked above.
      await runner.query(`SET TRANSACTION SNAPSHOT '${exported.id}'`);
      const result = await this.current.run({ manager: runner.manager, effects: [], snapshot: false }, work);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  afterCommit(effect: () => unknown): void {
    const transaction = this.current.getStore();
    if (transaction) transaction.effects.push(effect);
    else void this.runEffect(effect);
  }

  private async runEffect(effect: () => unknown): Promise<void> {
    try {
      await effect();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'an after-commit effect failed');
    }
  }
}
