import { acceptQueueLength, listenQueueIn } from './accept-queue';

// Two listeners on port 0x9A3B (39483), one IPv4 and one IPv6, with 3 and 2 connections queued;
// an established connection on the same port and a listener on another port are not counted.
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:9A3B 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0100007F:9A3B 0100007F:D2F0 01 00000000:00000007 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
   2: 0100007F:1F90 00000000:0000 0A 00000000:0000000C 00:00000000 00000000     0        0 3 1 0 100 0 0 10 0
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:9A3B 00000000000000000000000000000000:0000 0A 00000000:00000002 00:00000000 00000000     0        0 4 1 0 100 0 0 10 0
`;

describe('accept queue', () => {
  it.each([
    [TCP, 0x9a3b, 3],
    [TCP6, 0x9a3b, 2],
    [TCP, 0x1f90, 12],
    [TCP, 1234, 0],
    ['', 0x9a3b, 0],
  ])('counts the LISTEN sockets of a port only (%#)', (text, port, expected) => {
    expect(listenQueueIn(text, port)).toBe(expected);
  });

  it('sums IPv4 and IPv6, and is null where neither file exists', () => {
    const files: Record<string, string> = { '/proc/net/tcp': TCP, '/proc/net/tcp6': TCP6 };
    const read = (path: string) => {
      if (!(path in files)) throw new Error('ENOENT');
      return files[path];
    };
    expect(acceptQueueLength(0x9a3b, read)).toBe(5);
    expect(
      acceptQueueLength(0x9a3b, () => {
        throw new Error('ENOENT');
      }),
    ).toBeNull();
  });
});
