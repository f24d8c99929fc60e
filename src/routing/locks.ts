import type { EntityManager } from 'typeorm';

/** Serializes new versions of the channel matrix. */
export async function lockChannelMatrix(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 3))', ['channel_matrix']);
}
