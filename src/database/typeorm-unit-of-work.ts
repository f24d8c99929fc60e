import { Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork, UnitOfWorkOptions } from './unit-of-work';

interface Transaction {
  manager: EntityManager;
  effects: (() => unknown)[];
}

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
    const unit = (manager: EntityManager) => this.current.run({ manager, effects }, work);
    // READ COMMITTED is every connection's default (data-source-options sets it at connect), so such
    // a unit is START TRANSACTION alone: TypeORM follows an explicit level with a SET TRANSACTION,
    // one more round trip on every unit of work.
    const isolation = options.isolation ?? 'READ COMMITTED';
    const result =
      isolation === 'READ COMMITTED'
        ? await this.dataSource.transaction(unit)
        : await this.dataSource.transaction(isolation, unit);
    for (const effect of effects) await this.runEffect(effect);
    return result;
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
