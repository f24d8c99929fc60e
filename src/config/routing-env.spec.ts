import { ConfigurationError, validateEnv } from './env.schema';

describe('routing settings (extensions)', () => {
  it('defaults: 20 s offers, 30 s presence grace, 4-hour handoff SLA, 30-day follow-up, hourly stall check', () => {
    expect(validateEnv({})).toMatchObject({
      OFFER_TIMEOUT_SECONDS: 20,
      PRESENCE_GRACE_SECONDS: 30,
      HANDOFF_SLA_MINUTES: 240,
      NURTURE_FOLLOW_UP_DAYS: 30,
      STALL_CHECK_INTERVAL_SECONDS: 3600,
      PRESENCE_RECONCILE_INTERVAL_SECONDS: 30,
      WAITING_SLA_SECONDS: 120,
      SUPERVISOR_HEARTBEAT_SECONDS: 15,
      LEAD_STALL_LIMITS_DAYS: {},
    });
  });

  it('reads decimals and per-stage limits', () => {
    expect(
      validateEnv({
        HANDOFF_SLA_MINUTES: '0.5',
        OFFER_TIMEOUT_SECONDS: '1.5',
        LEAD_STALL_LIMITS_DAYS: 'M0=7, M3=12.5',
      }),
    ).toMatchObject({
      HANDOFF_SLA_MINUTES: 0.5,
      OFFER_TIMEOUT_SECONDS: 1.5,
      LEAD_STALL_LIMITS_DAYS: { M0: 7, M3: 12.5 },
    });
  });

  it.each([
    [{ OFFER_TIMEOUT_SECONDS: '0' }, 'OFFER_TIMEOUT_SECONDS'],
    [{ PRESENCE_GRACE_SECONDS: '-1' }, 'PRESENCE_GRACE_SECONDS'],
    [{ HANDOFF_SLA_MINUTES: '0' }, 'HANDOFF_SLA_MINUTES'],
    [{ HANDOFF_SLA_MINUTES: 'soon' }, 'HANDOFF_SLA_MINUTES'],
    [{ NURTURE_FOLLOW_UP_DAYS: '0' }, 'NURTURE_FOLLOW_UP_DAYS'],
    [{ STALL_CHECK_INTERVAL_SECONDS: '0' }, 'STALL_CHECK_INTERVAL_SECONDS'],
    [{ LEAD_STALL_LIMITS_DAYS: 'M5=3' }, 'LEAD_STALL_LIMITS_DAYS'],
    [{ LEAD_STALL_LIMITS_DAYS: 'M1:3' }, 'LEAD_STALL_LIMITS_DAYS'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => validateEnv(env)).toThrow(ConfigurationError);
    expect(() => validateEnv(env)).toThrow(new RegExp(`^Configuration error: ${variable} `));
  });
});
