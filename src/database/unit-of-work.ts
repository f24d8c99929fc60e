/**
 * The one way a service opens a transaction. Repositories join the transaction of the unit of
 * work running around them (no manager is passed by hand), and effects that must not happen unless
 * the state they announce is committed (Redis, socket events, mail, logs of a decision) are
 * registered with `afterCommit` and run only once it has committed. A rolled-back unit drops them.
 *
 * A port: services depend on this abstract class; the TypeORM implementation is bound by the
 * database module, and service specs use FakeUnitOfWork (test/fakes).
 */
export abstract class UnitOfWork {
  /**
   * Runs `work` in a transaction and resolves once it committed and its after-commit effects ran.
   * Called inside a running unit, `work` joins it (one transaction, effects after the outer commit).
   */
  abstract run<T>(work: () => Promise<T>, options?: UnitOfWorkOptions): Promise<T>;

  /**
   * Runs `effect` after the current unit commits; outside a unit, at once. An effect that throws
   * is logged and never undoes the commit: state is the truth, effects are its announcements.
   */
  abstract afterCommit(effect: () => unknown): void;
}

export interface UnitOfWorkOptions {
  /** READ COMMITTED by default; REPEATABLE READ for reads that must see one snapshot. */
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ';
}
