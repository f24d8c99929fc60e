import { AGENTS_NAMESPACE } from '../common/protocol.mjs';
import type { AppConfig } from '../config/app-config';

/**
 * The Redis pub/sub channel prefix socket.io fan-out uses, shared by the adapter (api processes)
 * and the emitter (any process). It carries REDIS_KEY_PREFIX so deployments sharing one Redis (and
 * the test apps) do not hear each other. Pub/sub channels are not keys: ioredis's keyPrefix does
 * not apply to them, hence the explicit prefix here.
 */
export const socketIoChannel = (config: AppConfig): string => `${config.REDIS_KEY_PREFIX}:socket.io`;

/** The socket.io namespace of the agents' consoles (CONTRACT.md; src/common/protocol.mjs). */
export { AGENTS_NAMESPACE };
