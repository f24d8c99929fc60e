import { readFileSync } from 'node:fs';

/** The LISTEN state in /proc/net/tcp. */
const LISTEN = '0A';

/**
 * How many connections the kernel has completed for the listening socket on `port` that the
 * process has not accepted yet (its accept queue), read from `/proc/net/tcp` and `/proc/net/tcp6`
 * (for a listening socket the rx_queue column is that queue's length); null where there is no
 * such file (not Linux), so the caller falls back to its own estimate.
 */
export function acceptQueueLength(port: number, read: (path: string) => string = readProcFile): number | null {
  let found: number | null = null;
  for (const path of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = read(path);
    } catch {
      continue;
    }
    found = (found ?? 0) + listenQueueIn(text, port);
  }
  return found;
}

/** The summed accept queues of the LISTEN sockets on `port` in one /proc/net/tcp{,6} text. */
export function listenQueueIn(text: string, port: number): number {
  let total = 0;
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue ...
    const [, local, , state, queues] = line.trim().split(/\s+/);
    if (state !== LISTEN || !local || !queues) continue;
    if (parseInt(local.slice(local.lastIndexOf(':') + 1), 16) !== port) continue;
    total += parseInt(queues.split(':')[1] ?? '0', 16) || 0;
  }
  return total;
}

const readProcFile = (path: string): string => readFileSync(path, 'utf8');
