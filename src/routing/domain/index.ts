/** The public API of the pure routing core. Services import it from here; nothing in here imports infrastructure. */
export * from './classify-channel';
export * from './channel-matrix';
export * from './maturity';
export * from './agent-selection';
export * from './deal-specialist-selection';
export * from './partner-selection';
