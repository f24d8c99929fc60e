import { decideOnLeftover, parsePostmasterPid } from './postmaster-pid';

const LOCK = '4242\n/srv/app/.data/postgres\n1764590000\n54321\n\n127.0.0.1\n  1234567  98304\nready   \n';

describe('parsePostmasterPid', () => {
  it.each([
    [LOCK, { pid: 4242, dataDir: '/srv/app/.data/postgres', port: 54321 }],
    ['17\n/data\n', { pid: 17, dataDir: '/data', port: null }],
    ['17\n/data\n1\nnot-a-port\n', { pid: 17, dataDir: '/data', port: null }],
    ['', null],
    ['abc\n/data\n', null],
    ['0\n/data\n', null],
    ['-3\n/data\n', null],
    ['12\n\n', null],
  ])('reads %j', (text, expected) => {
    expect(parsePostmasterPid(text)).toEqual(expected);
  });
});

describe('decideOnLeftover', () => {
  const lock = parsePostmasterPid(LOCK);
  it.each([
    ['no lock file', null, false, null, { kind: 'start' }],
    ['a stale file whose server is gone', lock, false, { pid: 7, alive: false }, { kind: 'start' }],
    ['a server whose service was killed', lock, true, { pid: 7, alive: false }, { kind: 'stop-leftover', pid: 4242 }],
    ['a server with no recorded owner', lock, true, null, { kind: 'stop-leftover', pid: 4242 }],
    ['a server owned by a live service', lock, true, { pid: 7, alive: true }, { kind: 'in-use', ownerPid: 7 }],
    [
      'a server recorded as ours (pid reused)',
      lock,
      true,
      { pid: 100, alive: true },
      { kind: 'stop-leftover', pid: 4242 },
    ],
  ] as const)('%s', (_name, l, alive, owner, expected) => {
    expect(decideOnLeftover(l, alive, owner, 100)).toEqual(expected);
  });
});
