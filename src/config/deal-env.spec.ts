import { ConfigurationError, validateEnv } from './env.schema';

describe('deal desk settings (extensions)', () => {
  it('reads per-stage pipeline weights; none by default', () => {
    expect(validateEnv({})).toMatchObject({ PIPELINE_STAGE_WEIGHTS: {} });
    expect(validateEnv({ PIPELINE_STAGE_WEIGHTS: 'M0=0.1, M4=1' })).toMatchObject({
      PIPELINE_STAGE_WEIGHTS: { M0: 0.1, M4: 1 },
    });
  });

  it('reads back-office SLAs in hours', () => {
    expect(validateEnv({})).toMatchObject({ BACKOFFICE_SLA_HOURS: {} });
    expect(validateEnv({ BACKOFFICE_SLA_HOURS: 'contract=48, billing=0.5' })).toMatchObject({
      BACKOFFICE_SLA_HOURS: { contract: 48, billing: 0.5 },
    });
    expect(() => validateEnv({ BACKOFFICE_SLA_HOURS: 'invoice=3' })).toThrow(
      /^Configuration error: BACKOFFICE_SLA_HOURS /,
    );
  });

  it.each([['M5=0.1'], ['M1=1.5'], ['M1=-0.1'], ['M1:0.2']])('stops on PIPELINE_STAGE_WEIGHTS=%j', (value) => {
    expect(() => validateEnv({ PIPELINE_STAGE_WEIGHTS: value })).toThrow(ConfigurationError);
    expect(() => validateEnv({ PIPELINE_STAGE_WEIGHTS: value })).toThrow(
      /^Configuration error: PIPELINE_STAGE_WEIGHTS /,
    );
  });
});
