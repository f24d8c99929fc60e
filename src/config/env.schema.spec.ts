import { ConfigurationError, validateEnv } from './env.schema';

const fails = (env: Record<string, string>) => {
  try {
    validateEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('validateEnv', () => {
  it('fills the contract defaults', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      EMBEDDED_PG_DATA_DIR: './.data/postgres',
      PUBLIC_BASE_URL: 'http://localhost:3000',
      SMTP_INTAKE_PORT: 2525,
      SMTP_INTAKE_DOMAINS: [],
      INQUIRY_RATE_LIMIT: 30,
      PROCESS_ROLE: 'all',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.EMBEDDED_PG_PORT).toBeUndefined();
    expect(env.TWILIO_AUTH_TOKEN).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
  });

  it('reads lists and numbers from text', () => {
    const env = validateEnv({
      PORT: '8080',
      SMTP_INTAKE_DOMAINS: ' Sales.Example.com, ,support.example.com',
      INQUIRY_RATE_LIMIT: '0',
    });
    expect(env.PORT).toBe(8080);
    expect(env.SMTP_INTAKE_DOMAINS).toEqual(['sales.example.com', 'support.example.com']);
    expect(env.INQUIRY_RATE_LIMIT).toBe(0);
  });

  it('treats an empty secret as unset', () => {
    expect(validateEnv({ TWILIO_AUTH_TOKEN: '' }).TWILIO_AUTH_TOKEN).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, 'PUBLIC_BASE_URL'],
    [{ INQUIRY_RATE_LIMIT: '-1' }, 'INQUIRY_RATE_LIMIT'],
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL'],
    [{ INBOUND_EMAIL_BASIC_AUTH: 'nopassword' }, 'INBOUND_EMAIL_BASIC_AUTH'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }, 'DATABASE_URL'],
    [{ EMBEDDED_PG_PORT: '0' }, 'EMBEDDED_PG_PORT'],
    [{ EMBEDDED_PG_PORT: '65536' }, 'EMBEDDED_PG_PORT'],
    [{ EMBEDDED_PG_PORT: 'five' }, 'EMBEDDED_PG_PORT'],
    [{ ADMIN_PASSWORD: 'long-enough-password' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ PROCESS_ROLE: 'both' }, 'PROCESS_ROLE'],
    [{ SMTP_INTAKE_TLS_CERT_FILE: '/etc/cert.pem' }, 'SMTP_INTAKE_TLS_KEY_FILE'],
    [{ DEFAULT_PHONE_REGION: 'japan' }, 'DEFAULT_PHONE_REGION'],
    [{ CORS_ORIGINS: 'shop.example.com' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://shop.example.com/form' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://shop.example.com,ftp://files.example.com' }, 'CORS_ORIGINS'],
    [{ LOGIN_RATE_LIMIT: '0' }, 'LOGIN_RATE_LIMIT'],
    [{ LOGIN_LOCK_MINUTES: '0' }, 'LOGIN_LOCK_MINUTES'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    const message = fails(env);
    expect(message.startsWith(`Configuration error: ${variable} `)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('reads the security settings: CORS origins as a list, login limits as numbers', () => {
    expect(validateEnv({})).toMatchObject({
      CORS_ORIGINS: [],
      LOGIN_RATE_LIMIT: 20,
      LOGIN_LOCK_AFTER_FAILURES: 10,
      LOGIN_LOCK_MINUTES: 15,
    });
    const env = validateEnv({
      CORS_ORIGINS: ' https://Shop.example.com, ,http://localhost:8080',
      LOGIN_RATE_LIMIT: '5',
    });
    expect(env.CORS_ORIGINS).toEqual(['https://shop.example.com', 'http://localhost:8080']);
    expect(env.LOGIN_RATE_LIMIT).toBe(5);
  });

  it('accepts a production configuration with a long secret', () => {
    expect(
      validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/cc' }).NODE_ENV,
    ).toBe('production');
  });

  it('treats an empty DATABASE_URL as unset and reads the embedded port', () => {
    expect(validateEnv({ DATABASE_URL: ' ', EMBEDDED_PG_PORT: '54329' })).toMatchObject({
      DATABASE_URL: undefined,
      EMBEDDED_PG_PORT: 54329,
    });
  });
});
