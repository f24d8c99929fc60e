import { z } from 'zod';

const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const integer = (min: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` });

const portNumber = (fallback: number) =>
  integer(0).max(65535, { error: 'must be a port number (0-65535)' }).default(fallback);

const urlWithProtocols = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

/** `https://host[:port]` exactly as a browser sends it in `Origin`: no path, query or credentials. */
type Stage = 'M0' | 'M1' | 'M2' | 'M3' | 'M4';

/** A comma-separated list of `key=number` entries (e.g. "M0=14,M3=20"), each matching `entry`. */
const keyedNumbers = <K extends string>(entry: RegExp, shape: string) =>
  z
    .string()
    .default('')
    .refine(
      (v) => v.split(',').every((item) => item.trim() === '' || entry.test(item.trim())),
      `must be a comma-separated list of ${shape}`,
    )
    .transform(
      (v) =>
        Object.fromEntries(
          v
            .split(',')
            .map((item) => item.trim())
            .filter(Boolean)
            .map((item) => {
              const [key, value] = item.split('=');
              return [key, Number(value)] as const;
            }),
        ) as Partial<Record<K, number>>,
    );

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * The service's whole configuration, read from the environment (and `.env`).
 * Names and defaults are part of the public contract; extensions are marked "extension".
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: portNumber(3000),
    /** Unset: an embedded PostgreSQL is started in EMBEDDED_PG_DATA_DIR (refused in production). */
    DATABASE_URL: z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v))
      .optional()
      .pipe(urlWithProtocols(['postgres:', 'postgresql:']).optional()),
    /** Port of the embedded PostgreSQL (127.0.0.1 only); unset: a free port. */
    EMBEDDED_PG_PORT: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      integer(1).max(65535, { error: 'must be a port number (1-65535)' }).optional(),
    ),
    /** extension: data folder of the embedded PostgreSQL (used when DATABASE_URL is unset). */
    EMBEDDED_PG_DATA_DIR: z.string().trim().min(1).default('./.data/postgres'),
    /** Unset: queues, socket.io fan-out, presence and rate limits all live in PostgreSQL. */
    REDIS_URL: z
      .string()
      .trim()
      .transform((v) => (v === '' ? undefined : v))
      .optional()
      .pipe(urlWithProtocols(['redis:', 'rediss:']).optional()),
    /** extension: prefix of every Redis key (queues, rate limits), to share one Redis. */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "-" or "."')
      .default('cc'),
    PUBLIC_BASE_URL: urlWithProtocols(['http:', 'https:']).default('http://localhost:3000'),
    TWILIO_ACCOUNT_SID: optionalSecret,
    TWILIO_AUTH_TOKEN: optionalSecret,
    TWILIO_API_KEY_SID: optionalSecret,
    TWILIO_API_KEY_SECRET: optionalSecret,
    TWILIO_TWIML_APP_SID: optionalSecret,
    /** Base URL of Twilio's REST API (a regional edge, a proxy, or a local stand-in in tests). */
    TWILIO_API_BASE_URL: urlWithProtocols(['http:', 'https:'])
      .default('https://api.twilio.com')
      .transform((v) => v.replace(/\/+$/, '')),
    /** The number outbound calls and texts come from when the contact gives none (E.164). */
    TWILIO_CALLER_ID: optionalSecret.refine(
      (v) => v === undefined || /^\+[1-9][0-9]{1,14}$/.test(v),
      'must be an E.164 number such as +81312345678',
    ),
    PHAXIO_API_KEY: optionalSecret,
    PHAXIO_API_SECRET: optionalSecret,
    PHAXIO_API_BASE_URL: urlWithProtocols(['http:', 'https:'])
      .default('https://api.phaxio.com')
      .transform((v) => v.replace(/\/+$/, '')),
    MAILGUN_WEBHOOK_SIGNING_KEY: optionalSecret,
    INBOUND_EMAIL_BASIC_AUTH: optionalSecret.refine(
      (v) => v === undefined || /^[^:]+:.+$/.test(v),
      'must be "user:password"',
    ),
    FAX_WEBHOOK_SECRET: optionalSecret,
    SMTP_INTAKE_PORT: portNumber(2525),
    SMTP_INTAKE_DOMAINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((d) => d.trim().toLowerCase())
          .filter(Boolean),
      ),
    /** extension: address the SMTP intake listens on (all interfaces by default). */
    SMTP_INTAKE_HOST: z.string().trim().min(1).default('0.0.0.0'),
    /** extension: PEM certificate and key files; when both are set the SMTP intake offers STARTTLS. */
    SMTP_INTAKE_TLS_CERT_FILE: optionalSecret,
    SMTP_INTAKE_TLS_KEY_FILE: optionalSecret,
    /** extension: largest inbound e-mail (SMTP, announced in EHLO SIZE; and webhook posts), in bytes. */
    SMTP_INTAKE_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(25 * 1024 * 1024),
    /** extension: a Mailgun signature older (or further in the future) than this is refused, in seconds. */
    MAILGUN_WEBHOOK_MAX_AGE_SECONDS: integer(1).default(900),
    /** extension: sender of acknowledgement mail; its domain also names our Message-IDs. */
    MAIL_FROM: z
      .string()
      .trim()
      .refine(
        (v) => /^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(v),
        'must be "Name <address>" or an address',
      )
      .default('Sales <sales@localhost>'),
    SMTP_URL: optionalSecret.refine(
      (v) => v === undefined || /^smtps?:\/\//.test(v),
      'must be a URL starting with smtp:// or smtps://',
    ),
    JWT_SECRET: optionalSecret,
    /** extension: lifetime of an access token, in seconds. */
    JWT_EXPIRES_IN_SECONDS: z.coerce
      .number()
      .int()
      .positive()
      .default(8 * 3600),
    INQUIRY_RATE_LIMIT: integer(0).default(30),
    ADMIN_EMAIL: optionalSecret.refine(
      (v) => v === undefined || /^[^@\s]+@[^@\s]+$/.test(v),
      'must be an e-mail address',
    ),
    ADMIN_PASSWORD: optionalSecret.refine((v) => v === undefined || v.length >= 8, 'must be at least 8 characters'),
    /** extension: which roles this process plays: api (HTTP + socket.io), worker (queues), or all. */
    PROCESS_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
    /** extension: region used to read phone numbers written without a country code. */
    DEFAULT_PHONE_REGION: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as JP, CN or US')
      .default('US'),
    /** extension: pino log level. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** extension: trust X-Forwarded-For from this many proxy hops (for the per-address rate limit). */
    TRUST_PROXY_HOPS: integer(0).default(0),
    /** Origins (comma-separated, e.g. https://shop.example.com) whose pages may post `POST /inquiries`; empty: none. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .refine(
        (v) => v.split(',').every((o) => o.trim() === '' || isOrigin(o.trim())),
        'must be a comma-separated list of origins such as https://shop.example.com (scheme, host, optional port; no path)',
      )
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim().toLowerCase())
          .filter(Boolean),
      ),
    /** Login attempts per client address per minute. */
    LOGIN_RATE_LIMIT: integer(1).default(20),
    /** extension: an account is locked after this many consecutive failed logins; 0 = never. */
    LOGIN_LOCK_AFTER_FAILURES: integer(0).default(10),
    /** extension: how long a locked account stays locked, in minutes (decimals allowed). */
    LOGIN_LOCK_MINUTES: z.coerce
      .number({ error: 'must be a number' })
      .positive({ error: 'must be greater than 0' })
      .max(7 * 24 * 60, { error: 'must be at most a week' })
      .default(15),
    /** extension: where attachments, recordings and fax documents are stored (filesystem). */
    STORAGE_DIR: z.string().min(1).default('./storage'),
    /** extension: largest single stored file, in bytes. */
    STORAGE_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(25 * 1024 * 1024),
    /** extension: first retry delay of outgoing mail, doubling on each of 12 attempts, in ms. */
    MAIL_RETRY_BASE_MS: integer(10).default(30_000),
    /** extension: how often the outbox relay sweeps for rows a notification missed, in ms. */
    OUTBOX_SWEEP_MS: integer(50).default(2000),
    /** extension: published outbox rows are deleted after this many hours (they are only a record). */
    OUTBOX_RETENTION_HOURS: integer(1).default(168),
    /** extension: a published outbox row whose job is not done is checked in Redis (and re-added if lost) after this long, in ms. */
    OUTBOX_REDELIVER_AFTER_MS: integer(100).default(30_000),
    /** extension: a mail send record still `sending` this long after it began is given up as uncertain (never resent), in ms. */
    MAIL_SEND_UNCERTAIN_AFTER_MS: integer(100).default(120_000),
    /** extension: invitations of an e-mail or SMS campaign sent per second (across all workers). */
    CAMPAIGN_SEND_RATE: integer(1).max(1000, { error: 'must be at most 1000' }).default(5),
    /** extension: HMAC key of seminar registration links; JWT_SECRET when unset. */
    CAMPAIGN_LINK_SECRET: optionalSecret.refine(
      (v) => v === undefined || v.length >= 16,
      'must be at least 16 characters',
    ),
    /** extension: longest a caller waits in the voice queue before voicemail is offered, in seconds. */
    VOICE_MAX_WAIT_SECONDS: integer(5).max(3600, { error: 'must be at most 3600' }).default(120),
    /** extension: longest voicemail recorded, in seconds. */
    VOICE_VOICEMAIL_MAX_SECONDS: integer(5).max(3600, { error: 'must be at most 3600' }).default(120),
    /** extension: greeting language when the called number names none (zh, ja or en). */
    VOICE_DEFAULT_LANGUAGE: z.enum(['zh', 'ja', 'en']).default('en'),
    /** extension: greeting language per called number, e.g. "+81312345678=ja,+862112345678=zh". */
    VOICE_LANGUAGE_BY_NUMBER: z
      .string()
      .default('')
      .refine(
        (v) =>
          v.split(',').every((entry) => entry.trim() === '' || /^\+[1-9][0-9]{1,14}=(zh|ja|en)$/.test(entry.trim())),
        'must be a comma-separated list of "+<E.164 number>=<zh|ja|en>"',
      )
      .transform((v) =>
        Object.fromEntries(
          v
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean)
            .map((entry) => entry.split('=') as [string, 'zh' | 'ja' | 'en']),
        ),
      ),
    /** extension: hold music for waiting callers (an audio URL Twilio can fetch); a spoken message and silence when unset. */
    VOICE_HOLD_MUSIC_URL: optionalSecret.refine(
      (v) => v === undefined || /^https?:\/\/\S+$/.test(v),
      'must be a URL starting with http:// or https://',
    ),
    /** extension: an SMS joins the open conversation of its number updated within this many minutes; 0 = never. */
    SMS_CONVERSATION_WINDOW_MINUTES: integer(0).default(60),
    /** extension: text answered to the first SMS of a conversation; empty = no automatic reply. */
    SMS_AUTO_REPLY: z.string().trim().max(1600).default(''),
    /** extension: hosts (host or host:port, comma-separated) voicemail recordings and MMS media are fetched from. */
    TWILIO_MEDIA_HOSTS: z
      .string()
      .default('api.twilio.com')
      .refine(
        (v) => v.split(',').every((h) => /^[a-z0-9.-]+(:\d{1,5})?$/i.test(h.trim())),
        'must be a comma-separated list of host or host:port',
      )
      .transform((v) => v.split(',').map((h) => h.trim().toLowerCase())),
    /** extension: how long an agent has to accept an offered contact before it moves on, in seconds. */
    OFFER_TIMEOUT_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.1, { error: 'must be at least 0.1' })
      .max(3600, { error: 'must be at most 3600' })
      .default(20),
    /**
     * extension: an agent who declined a contact or let its offer expire is not offered it again for
     * this many seconds; after that, a contact nobody else can take comes back to them.
     */
    OFFER_RETRY_AFTER_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.1, { error: 'must be at least 0.1' })
      .max(86_400, { error: 'must be at most 86400' })
      .default(300),
    /** extension: how often an active voice campaign's dialler looks for due targets and free agents. */
    CAMPAIGN_DIAL_INTERVAL_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.5, { error: 'must be at least 0.5' })
      .max(3600, { error: 'must be at most 3600' })
      .default(30),
    /** extension: the wait after an unanswered campaign call before the target is tried again. */
    CAMPAIGN_RETRY_DELAY_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0, { error: 'must be at least 0' })
      .max(30 * 86_400, { error: 'must be at most 2592000' })
      .default(7200),
    /** extension: an agent who reconnects within this many seconds of losing the socket stays available. */
    PRESENCE_GRACE_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0, { error: 'must be at least 0' })
      .max(3600, { error: 'must be at most 3600' })
      .default(30),
    /** extension: how long a deal specialist has to accept a handoff before it escalates, in minutes (decimals allowed). */
    HANDOFF_SLA_MINUTES: z.coerce
      .number({ error: 'must be a number' })
      .positive({ error: 'must be greater than 0' })
      .max(7 * 24 * 60, { error: 'must be at most a week' })
      .default(240),
    /** extension: a nurtured lead comes back to Demand Generation after this many days (decimals allowed). */
    NURTURE_FOLLOW_UP_DAYS: z.coerce
      .number({ error: 'must be a number' })
      .positive({ error: 'must be greater than 0' })
      .max(365, { error: 'must be at most 365' })
      .default(30),
    /** extension: how often the report rollup rolls the stale and unrolled days before today, in seconds. */
    REPORTS_ROLL_INTERVAL_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.5, { error: 'must be at least 0.5' })
      .max(86_400, { error: 'must be at most 86400' })
      .default(60),
    /** extension: at most this many days rolled per run of the report rollup (a calendar change re-rolls history in runs). */
    REPORTS_ROLL_DAYS_PER_RUN: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(3660, { error: 'must be at most 3660' })
      .default(60),
    /** extension: how often stalled leads are looked for, in seconds. */
    STALL_CHECK_INTERVAL_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.5, { error: 'must be at least 0.5' })
      .default(3600),
    /**
     * extension: how often the funnel's appended per-day deltas are folded into its per-day counts
     * (migration 1765920000000-ReportCohortDays), in seconds; the reports are exact either way.
     */
    REPORT_COMPACTION_INTERVAL_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.5, { error: 'must be at least 0.5' })
      .max(24 * 3600, { error: 'must be at most a day' })
      .default(60),
    /** extension: how many of those deltas one compaction transaction folds in. */
    REPORT_COMPACTION_BATCH: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(1_000_000, { error: 'must be at most 1000000' })
      .default(50_000),
    /**
     * extension: how often agents recorded available/away without live presence in Redis (their
     * api process died) are set offline and their pending offers moved on, in seconds.
     */
    PRESENCE_RECONCILE_INTERVAL_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.5, { error: 'must be at least 0.5' })
      .max(3600, { error: 'must be at most 3600' })
      .default(30),
    /** extension: a contact not with an agent this many seconds after it arrived is over its wait SLA. */
    WAITING_SLA_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(1, { error: 'must be at least 1' })
      .max(7 * 24 * 3600, { error: 'must be at most a week' })
      .default(120),
    /**
     * extension: how often SLA breaches are looked for and supervisors get a fresh overview even
     * when nothing routed changed (queue depths, waits growing), in seconds.
     */
    SUPERVISOR_HEARTBEAT_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(0.5, { error: 'must be at least 0.5' })
      .max(3600, { error: 'must be at most 3600' })
      .default(15),
    /** extension: longest wait for a PostgreSQL connection before a request fails (503), in ms. */
    DATABASE_CONNECT_TIMEOUT_MS: integer(100).max(600_000, { error: 'must be at most 600000' }).default(5000),
    /** extension: longest a single SQL statement may run before PostgreSQL cancels it (503), in ms; 0 = no limit. */
    DATABASE_STATEMENT_TIMEOUT_MS: integer(0).max(3_600_000, { error: 'must be at most 3600000' }).default(15_000),
    /** extension: how often the background health probe checks PostgreSQL and Redis, in ms (GET /health answers its latest report). */
    HEALTH_PROBE_INTERVAL_MS: integer(100).max(60_000, { error: 'must be at most 60000' }).default(1000),
    /** extension: PostgreSQL connections of this process (see README, Performance). */
    DATABASE_POOL_SIZE: integer(1).max(200, { error: 'must be at most 200' }).default(10),
    /** extension: how long intake gathers contacts into one statement and commit (group commit), in ms; 0 = the next turn. */
    INTAKE_BATCH_WINDOW_MS: integer(0).max(50, { error: 'must be at most 50' }).default(1),
    /** extension: most contacts in one intake statement. */
    INTAKE_BATCH_MAX_SIZE: integer(1).max(1000, { error: 'must be at most 1000' }).default(100),
    /** extension: intake statements running at the same time, at most (each holds a pool connection). */
    INTAKE_BATCH_CONCURRENCY: integer(1).max(50, { error: 'must be at most 50' }).default(4),
    /** extension: on SIGTERM/SIGINT, longest the process drains requests, jobs and offers before it exits anyway, in seconds. */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce
      .number({ error: 'must be a number' })
      .min(1, { error: 'must be at least 1' })
      .max(600, { error: 'must be at most 600' })
      .default(25),
    /** extension: days a lead may stay in a maturity stage, e.g. "M0=14,M3=20"; unnamed stages keep the defaults. */
    LEAD_STALL_LIMITS_DAYS: keyedNumbers<Stage>(/^M[0-4]=\d+(\.\d+)?$/, '"M<0-4>=<days>"'),
    /** extension: hours each back-office task may take, e.g. "contract=72,billing=24"; unnamed kinds keep the defaults. */
    BACKOFFICE_SLA_HOURS: keyedNumbers<'contract' | 'order_entry' | 'billing'>(
      /^(contract|order_entry|billing)=\d+(\.\d+)?$/,
      '"<contract|order_entry|billing>=<hours>"',
    ),
    /**
     * extension: probability of winning per open maturity stage, weighing the pipeline against the
     * sales plan, e.g. "M0=0.05,M4=0.8"; unnamed stages keep the defaults (pipeline-coverage.ts).
     */
    PIPELINE_STAGE_WEIGHTS: keyedNumbers<Stage>(/^M[0-4]=(0(\.\d+)?|1(\.0+)?)$/, '"M<0-4>=<weight from 0 to 1>"'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && (!env.JWT_SECRET || env.JWT_SECRET.length < 32)) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required in production and must be at least 32 characters',
      });
    }
    if (env.NODE_ENV === 'production' && env.DATABASE_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (the embedded PostgreSQL it would start otherwise is for a first run)',
      });
    }
    if ((env.SMTP_INTAKE_TLS_CERT_FILE === undefined) !== (env.SMTP_INTAKE_TLS_KEY_FILE === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.SMTP_INTAKE_TLS_CERT_FILE === undefined ? 'SMTP_INTAKE_TLS_CERT_FILE' : 'SMTP_INTAKE_TLS_KEY_FILE'],
        message: 'must be set together with SMTP_INTAKE_TLS_CERT_FILE and SMTP_INTAKE_TLS_KEY_FILE',
      });
    }
    // ADMIN_EMAIL alone is fine: the first admin's password is then generated and printed once.
    if (env.ADMIN_PASSWORD !== undefined && env.ADMIN_EMAIL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_EMAIL'],
        message: 'must be set when ADMIN_PASSWORD is (the e-mail of the first admin)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class ConfigurationError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Configuration error: ${variable} ${detail}`);
    this.name = 'ConfigurationError';
  }
}

/** Parses the environment; throws a ConfigurationError naming the first bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const result = envSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const value = raw[variable];
  const detail =
    issue?.code === 'invalid_type' && value === undefined ? 'is required' : (issue?.message ?? 'is invalid');
  throw new ConfigurationError(variable, detail);
}
