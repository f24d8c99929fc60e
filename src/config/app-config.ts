import { Inject } from '@nestjs/common';
import { Env, validateEnv } from './env.schema';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the validated configuration (see env.schema.ts). */
export const InjectConfig = () => Inject(APP_CONFIG);

export type AppConfig = Env;

/**
 * Reads `.env` (when present, without overriding the real environment) and validates it.
 * Configuration is a value handed to the composition root rather than global state, so one
 * process can host several differently configured apps (the e2e tests do).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (env === process.env) {
    try {
      process.loadEnvFile('.env');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return validateEnv(env);
}

/**
 * The database URL once it is known: set in the environment, or the embedded server's (main.ts
 * starts it before anything reads this). Throws when neither happened, which is a wiring error.
 */
export function databaseUrlOf(config: Pick<AppConfig, 'DATABASE_URL'>): string {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set and no embedded PostgreSQL was started');
  return config.DATABASE_URL;
}
