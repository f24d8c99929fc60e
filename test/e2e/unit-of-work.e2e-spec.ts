import { DataSource } from 'typeorm';
import { TypeOrmUnitOfWork } from '../../src/database/typeorm-unit-of-work';
import { startTestApp, TestApp } from '../helpers/test-app';

/** The unit of work against PostgreSQL: transactions joined, effects after commit, isolation. */
describe('TypeOrmUnitOfWork', () => {
  let t: TestApp;
  let uow: TypeOrmUnitOfWork;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    uow = t.app.get(TypeOrmUnitOfWork);
    dataSource = t.app.get(DataSource);
    await dataSource.query(`CREATE TABLE uow_probe (label text NOT NULL)`);
  });
  afterAll(() => t.close());
  beforeEach(() => dataSource.query(`TRUNCATE uow_probe`));

  /** Rows as another connection sees them: only what is committed. */
  const committed = async () =>
    (await dataSource.query<{ label: string }[]>(`SELECT label FROM uow_probe ORDER BY label`)).map((r) => r.label);
  const insert = (label: string) => uow.manager.query(`INSERT INTO uow_probe (label) VALUES ($1)`, [label]);
  const transactionId = async () =>
    (await uow.manager.query<{ id: string }[]>(`SELECT txid_current()::text AS id`))[0].id;

  it('outside a unit, the manager is the data source’s own and no transaction runs', () => {
    expect(uow.manager).toBe(dataSource.manager);
    expect(uow.inTransaction).toBe(false);
  });

  it('a nested run joins the running transaction: one transaction, committed together', async () => {
    const ids: string[] = [];
    await uow.run(async () => {
      expect(uow.inTransaction).toBe(true);
      expect(uow.manager).not.toBe(dataSource.manager);
      ids.push(await transactionId());
      await insert('outer');
      await uow.run(async () => {
        ids.push(await transactionId());
        await insert('inner');
      });
      // The inner unit ended, but nothing is committed until the outer one does.
      expect(await committed()).toEqual([]);
    });
    expect(ids[0]).toBe(ids[1]);
    expect(await committed()).toEqual(['inner', 'outer']);
    expect(uow.inTransaction).toBe(false);
  });

  it('a failure in a nested run rolls back the whole unit, the outer work included', async () => {
    await expect(
      uow.run(async () => {
        await insert('outer');
        await uow.run(async () => {
          await insert('inner');
          throw new Error('inner failed');
        });
      }),
    ).rejects.toThrow('inner failed');
    expect(await committed()).toEqual([]);
  });

  it('runs effects only after the commit, in the order registered, nested ones included', async () => {
    const seen: string[] = [];
    const visibleAtEffect: string[][] = [];
    await uow.run(async () => {
      await insert('row');
      uow.afterCommit(async () => {
        visibleAtEffect.push(await committed());
        seen.push('first');
      });
      await uow.run(() => {
        uow.afterCommit(() => seen.push('nested'));
        return Promise.resolve();
      });
      uow.afterCommit(() => seen.push('last'));
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['first', 'nested', 'last']);
    expect(visibleAtEffect).toEqual([['row']]);
  });

  it('drops the effects of a unit that rolls back', async () => {
    const seen: string[] = [];
    await expect(
      uow.run(async () => {
        uow.afterCommit(() => seen.push('announced'));
        await insert('row');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual([]);
    expect(await committed()).toEqual([]);
  });

  it('a failing effect never undoes the commit, and the effects after it still run', async () => {
    const seen: string[] = [];
    const result = await uow.run(async () => {
      await insert('kept');
      uow.afterCommit(() => {
        throw new Error('redis is down');
      });
      uow.afterCommit(() => seen.push('after the failure'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await committed()).toEqual(['kept']);
    expect(seen).toEqual(['after the failure']);
  });

  it('outside a unit, an effect runs at once', async () => {
    const seen: string[] = [];
    uow.afterCommit(() => seen.push('now'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['now']);
  });

  it('runs READ COMMITTED by default', async () => {
    const level = await uow.run(
      async () =>
        (await uow.manager.query<{ level: string }[]>(`SELECT current_setting('transaction_isolation') AS level`))[0]
          .level,
    );
    expect(level).toBe('read committed');
  });

  it('honours REPEATABLE READ: one snapshot, blind to what commits meanwhile', async () => {
    await insert('before');
    const count = async () =>
      (await uow.manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM uow_probe`))[0].n;
    const seen = await uow.run(
      async () => {
        const level = (
          await uow.manager.query<{ level: string }[]>(`SELECT current_setting('transaction_isolation') AS level`)
        )[0].level;
        const first = await count();
        // Committed by another connection while the unit runs.
        await dataSource.query(`INSERT INTO uow_probe (label) VALUES ('meanwhile')`);
        return { level, first, second: await count() };
      },
      { isolation: 'REPEATABLE READ' },
    );
    expect(seen).toEqual({ level: 'repeatable read', first: 1, second: 1 });

    // READ COMMITTED sees the other connection's commit at the next statement.
    const readCommitted = await uow.run(async () => {
      const first = await count();
      await dataSource.query(`INSERT INTO uow_probe (label) VALUES ('again')`);
      return { first, second: await count() };
    });
    expect(readCommitted).toEqual({ first: 2, second: 3 });
  });

  it('alongside a REPEATABLE READ unit, reads run on a second connection in the same snapshot', async () => {
    await insert('before');
    const probe = async () =>
      (
        await uow.manager.query<{ n: number; pid: number; readOnly: string }[]>(
          `SELECT (SELECT count(*)::int FROM uow_probe) AS n, pg_backend_pid() AS pid,
                  current_setting('transaction_read_only') AS "readOnly"`,
        )
      )[0];
    const seen = await uow.run(
      async () => {
        const own = await probe();
        // Committed by another connection after the unit took its snapshot.
        await dataSource.query(`INSERT INTO uow_probe (label) VALUES ('meanwhile')`);
        const [other, again] = await Promise.all([uow.alongside(probe), probe()]);
        return { own, other, again };
      },
      { isolation: 'REPEATABLE READ' },
    );
    expect(seen.own.n).toBe(1);
    expect(seen.other.n).toBe(1);
    expect(seen.again.n).toBe(1);
    expect(seen.other.pid).not.toBe(seen.own.pid);
    expect(seen.other.readOnly).toBe('on');
    await expect(
      uow.run(() => uow.alongside(() => insert('refused')), { isolation: 'REPEATABLE READ' }),
    ).rejects.toThrow(/read-only transaction/);
  });

  it('alongside outside a snapshot unit, the reads run where they are', async () => {
    const pid = async () => (await uow.manager.query<{ pid: number }[]>(`SELECT pg_backend_pid() AS pid`))[0].pid;
    const [own, other] = await uow.run(async () => [await pid(), await uow.alongside(pid)]);
    expect(other).toBe(own);
    // Outside any unit: the data source's own manager, as without it.
    await insert('outside');
    expect(await uow.alongside(committed)).toEqual(['outside']);
  });
});
