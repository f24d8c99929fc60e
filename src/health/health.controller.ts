import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { HealthProbe } from './health-probe';

/**
 * 200 when what is in use answers, 503 naming the one that does not: PostgreSQL, and Redis when
 * REDIS_URL is set (without it, queues, fan-out and presence are in PostgreSQL too). Answered from
 * the background probe (HealthProbe), with the instant it checked.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly probe: HealthProbe) {}

  @Public()
  @Get()
  @HealthCheck()
  async check(@Res({ passthrough: true }) res: Response) {
    const report = await this.probe.report();
    res.status(report.httpStatus);
    res.setHeader('Cache-Control', 'no-store');
    return { ...report.body, checkedAt: report.checkedAt.toISOString() };
  }
}
