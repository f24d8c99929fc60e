import { Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig, InjectConfig } from '../config/app-config';
import type { Medium, SalesChannel } from '../contacts/contact.types';
import { InjectRedis } from '../redis/redis.module';
import { AgentNotifier, SlaBreachEvent, SUPERVISOR_ROLES } from '../routing/agent-notifier';
import { WAITING_STATUSES } from './supervisor-overview';

/** A breach is remembered this long (longer than any contact waits or handoff stays open unnoticed). */
const BREACH_MEMORY_SECONDS = 7 * 24 * 3600;
/** Breaches older than this are not announced at all: a restart after a long outage must not flood consoles. */
const LOOKBACK_HOURS = 24;
/** Per check and kind; the rest are announced by the next checks. */
const BATCH = 200;

interface WaitingRow {
  id: string;
  channel: SalesChannel | null;
  medium: Medium;
  created_at: Date;
  who: string | null;
}

interface HandoffRow {
  id: string;
  lead_id: string;
  contact_id: string;
  specialist_id: string | null;
  due_at: Date;
  status: string;
}

/**
 * Finds wait-SLA breaches and tells supervisors and admins (`sla:breach`), once per breach: the
 * first process to `SET NX` the breach's Redis key announces it, whichever worker runs the check
 * and however often. Run by the supervisor heartbeat job, so a breach is reported within
 * SUPERVISOR_HEARTBEAT_SECONDS of happening.
 *
 * A handoff past due is usually escalated at once by its own SLA job (status `expired`), so a
 * handoff counts as breached when it is still offered past its due time or was decided after it.
 */
@Injectable()
export class SlaMonitor {
  private readonly logger = new Logger(SlaMonitor.name);

  constructor(
    private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: Redis,
    private readonly notifier: AgentNotifier,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async check(now: Date = new Date()): Promise<number> {
    const slaSeconds = this.config.WAITING_SLA_SECONDS;
    const lookback = new Date(now.getTime() - LOOKBACK_HOURS * 3600_000);
    const waiting = await this.dataSource.query<WaitingRow[]>(
      `SELECT id, channel, medium, created_at, coalesce(from_name, from_email, from_phone) AS who
         FROM contact
        WHERE status = ANY($1) AND created_at < $2 AND created_at >= $3
        ORDER BY created_at LIMIT ${BATCH}`,
      [WAITING_STATUSES, new Date(now.getTime() - slaSeconds * 1000), lookback],
    );
    const handoffs = await this.dataSource.query<HandoffRow[]>(
      `SELECT h.id, h.lead_id, l.contact_id, h.specialist_id, h.due_at, h.status
         FROM handoff h JOIN lead l ON l.id = h.lead_id
        WHERE h.due_at < $1 AND h.due_at >= $2
          AND (h.status = 'offered' OR (h.decided_at IS NOT NULL AND h.decided_at >= h.due_at))
        ORDER BY h.due_at LIMIT ${BATCH}`,
      [now, lookback],
    );
    const breaches: SlaBreachEvent[] = [
      ...waiting.map((c) => ({
        breachId: `contact_wait:${c.id}`,
        kind: 'contact_wait' as const,
        contactId: c.id,
        channel: c.channel,
        medium: c.medium,
        leadId: null,
        handoffId: null,
        specialistId: null,
        since: new Date(c.created_at).toISOString(),
        slaSeconds,
        detectedAt: now.toISOString(),
        summary: `${c.medium} contact${c.who ? ` from ${c.who}` : ''} waiting longer than ${slaSeconds} s`,
      })),
      ...handoffs.map((h) => ({
        breachId: `handoff_due:${h.id}`,
        kind: 'handoff_due' as const,
        contactId: h.contact_id,
        channel: null,
        medium: null,
        leadId: h.lead_id,
        handoffId: h.id,
        specialistId: h.specialist_id,
        since: new Date(h.due_at).toISOString(),
        slaSeconds: null,
        detectedAt: now.toISOString(),
        summary: `field lead not accepted by its due time (${h.status})`,
      })),
    ];
    let announced = 0;
    for (const breach of breaches) {
      // Once per breach across every process and run: the key is the dedupe, PostgreSQL stays untouched.
      const first = await this.redis.set(
        `sla:breach:${breach.breachId}`,
        now.toISOString(),
        'EX',
        BREACH_MEMORY_SECONDS,
        'NX',
      );
      if (first !== 'OK') continue;
      announced++;
      this.notifier.toRole(SUPERVISOR_ROLES, 'sla:breach', breach);
      this.logger.warn({ breachId: breach.breachId, contactId: breach.contactId, since: breach.since }, 'SLA breached');
    }
    return announced;
  }
}
