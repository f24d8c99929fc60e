import { dependencyOutage } from './dependency-outage';

const withCode = (message: string, code: string, extra: object = {}) =>
  Object.assign(new Error(message), { code }, extra);

describe('dependencyOutage', () => {
  it.each([
    ['pg admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['pg cannot connect now', withCode('the database system is starting up', '57P03')],
    ['pg connection failure', withCode('connection failure', '08006')],
    ['pg statement timeout', withCode('canceling statement due to statement timeout', '57014')],
    ['pg connection lost', new Error('Connection terminated unexpectedly')],
    ['pg-pool connect timeout', new Error('timeout exceeded when trying to connect')],
    [
      'TypeORM QueryFailedError wrapping a reset',
      Object.assign(new Error('x'), {
        name: 'QueryFailedError',
        driverError: withCode('read ECONNRESET', 'ECONNRESET'),
      }),
    ],
  ])('recognises %s as PostgreSQL', (_, error) => {
    expect(dependencyOutage(error)?.dependency).toBe('PostgreSQL');
  });

  it.each([
    ['ioredis closed connection', new Error('Connection is closed.')],
    [
      'ioredis MaxRetriesPerRequestError',
      Object.assign(new Error('Reached the max retries per request limit (which is 20).'), {
        name: 'MaxRetriesPerRequestError',
      }),
    ],
    ['a wrapped ioredis error', new Error('enqueue failed', { cause: new Error('Connection is closed.') })],
  ])('recognises %s as Redis', (_, error) => {
    expect(dependencyOutage(error)?.dependency).toBe('Redis');
  });

  it('recognises a refused connection (AggregateError) without naming which dependency', () => {
    const refused = Object.assign(
      new AggregateError([withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED', { port: 1 })]),
      {},
    );
    refused.stack = 'AggregateError\n    at internalConnectMultiple (node:net:1117:18)';
    (refused.errors[0] as Error).stack =
      'Error: connect ECONNREFUSED\n    at TCPConnectWrap.afterConnect (node:net:1555:16)';
    expect(dependencyOutage(refused)).toEqual({
      dependency: undefined,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    [
      'a unique violation',
      Object.assign(new Error('duplicate key'), {
        name: 'QueryFailedError',
        driverError: withCode('duplicate key', '23505'),
      }),
    ],
    ['not an error', 'boom'],
    ['null', null],
  ])('leaves %s alone', (_, error) => {
    expect(dependencyOutage(error)).toBeUndefined();
  });
});
