import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Pool } from 'pg';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import { socketIoChannel } from './socket-io-channel';

/**
 * socket.io through PostgreSQL (socket.io's official @socket.io/postgres-adapter: NOTIFY/LISTEN,
 * large payloads through the unlogged `socket_io_attachments` table), for the mode without Redis:
 * a room spans every api process, and events published by any process (PostgresAgentNotifier)
 * reach the sockets wherever they are connected. Uses the runtime pool (one connection LISTENs).
 */
export function postgresAdapterFactory(pool: Pool, config: AppConfig): ReturnType<typeof createAdapter> {
  const logger = new Logger('PostgresAdapter');
  return createAdapter(pool, {
    channelPrefix: socketIoChannel(config),
    errorHandler: (error: Error) => logger.warn({ err: error.message }, 'socket.io fan-out through PostgreSQL failed'),
  });
}

export class PostgresIoAdapter extends IoAdapter {
  private readonly adapter: ReturnType<typeof createAdapter>;

  constructor(app: INestApplicationContext, pool: Pool, config: AppConfig) {
    super(app);
    this.adapter = postgresAdapterFactory(pool, config);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(this.adapter);
    return server;
  }
}
