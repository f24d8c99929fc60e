import { UnitOfWork, UnitOfWorkOptions } from '../../src/database/unit-of-work';

/**
 * A unit of work without a database, for service specs: `run` runs the work and then the effects
 * registered with `afterCommit`, drops them when the work throws (a rollback), and joins nested
 * calls, like the real one. `committed`/`rolledBack` count units, so a spec can assert on them.
 */
export class FakeUnitOfWork extends UnitOfWork {
  committed = 0;
  rolledBack = 0;
  private effects: (() => unknown)[] | null = null;

  async run<T>(work: () => Promise<T>, _options?: UnitOfWorkOptions): Promise<T> {
    if (this.effects) return work();
    this.effects = [];
    let effects: (() => unknown)[];
    try {
      const result = await work();
      effects = this.effects;
      this.effects = null;
      this.committed++;
      for (const effect of effects) await effect();
      return result;
    } catch (error) {
      if (this.effects) {
        this.effects = null;
        this.rolledBack++;
      }
      throw error;
    }
  }

  afterCommit(effect: () => unknown): void {
    if (this.effects) this.effects.push(effect);
    else void effect();
  }

  /** Whether a unit is running now (effects are deferred). */
  get inUnit(): boolean {
    return this.effects !== null;
  }
}
