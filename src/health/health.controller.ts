import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { Public } from '../auth/public.decorator';
import { InjectRedis } from '../redis/redis.module';

const CHECK_TIMEOUT_MS = 1500;

/**
 * 200 when what is in use answers, 503 naming the one that does not: PostgreSQL, and Redis when
 * REDIS_URL is set (without it, queues, fan-out and presence are in PostgreSQL too).
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectRedis() private readonly redis: Redis | null,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.runChecks();
    } catch (error) {
      // Terminus reports a failed check as an exception; answer its report as-is, with 503.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse();
    }
  }

  private runChecks() {
    const redis = this.redis;
    return this.health.check([
      () => this.database.pingCheck('postgresql').withTimeout(CHECK_TIMEOUT_MS),
      ...(redis
        ? [
            () =>
              this.indicators
                .check('redis')
                .attempt(async () => {
                  const answer: string = await redis.ping();
                  if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
                })
                .withTimeout(CHECK_TIMEOUT_MS),
          ]
        : []),
    ]);
  }
}
