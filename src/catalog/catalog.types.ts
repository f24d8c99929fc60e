import { COMPLEXITIES } from '../common/protocol.mjs';

/** Solution complexity: simple (hardware-centric catalog products), standard, complex (src/common/protocol.mjs). */
export { COMPLEXITIES };
export type Complexity = (typeof COMPLEXITIES)[number];
