import { Injectable, Logger } from '@nestjs/common';
import { BusinessCalendarSource } from '../business-hours/business-calendar-source';
import { Clock } from '../common/clock';
import { AppConfig, InjectConfig } from '../config/app-config';
import { AgentNotifier, SlaBreachEvent, SUPERVISOR_ROLES } from '../routing/agent-notifier';
import { BreachLedger } from './breach-ledger';
import { HandoffBreachRow, SupervisorReadRepository, WaitingBreachRow } from './supervisor-read.repository';

/** Breaches older than this are not announced at all: a restart after a long outage must not flood consoles. */
const LOOKBACK_HOURS = 24;
/** Per check and kind; the rest are announced by the next checks. */
const BATCH = 200;

/**
 * Finds wait-SLA breaches and tells supervisors and admins (`sla:breach`), once per breach: the
 * first process to claim the breach in the ledger announces it, whichever worker runs the check
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
    private readonly reads: SupervisorReadRepository,
    private readonly ledger: BreachLedger,
    private readonly notifier: AgentNotifier,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
    private readonly businessHours: BusinessCalendarSource,
  ) {}

  /** Announces the breaches not announced yet; returns how many it announced. */
  async check(now: Date = this.clock.now()): Promise<number> {
    const slaSeconds = this.config.WAITING_SLA_SECONDS;
    const lookback = new Date(now.getTime() - LOOKBACK_HOURS * 3600_000);
    const slaStart = await this.businessHours.startBefore(now, slaSeconds * 1000);
    const waiting = await this.reads.waitingBreaches(slaStart, lookback, BATCH);
    const handoffs = await this.reads.handoffBreaches(now, lookback, BATCH);
    const breaches = [
      ...waiting.map((c) => waitingBreach(c, slaSeconds, now)),
      ...handoffs.map((h) => handoffBreach(h, now)),
    ];
    let announced = 0;
    for (const breach of breaches) {
      // Once per breach across every process and run: the ledger is the dedupe.
      if (!(await this.ledger.claim(breach.breachId, now))) continue;
      announced++;
      this.notifier.toRole(SUPERVISOR_ROLES, 'sla:breach', breach);
      this.logger.warn({ breachId: breach.breachId, contactId: breach.contactId, since: breach.since }, 'SLA breached');
    }
    return announced;
  }
}

function waitingBreach(c: WaitingBreachRow, slaSeconds: number, now: Date): SlaBreachEvent {
  return {
    breachId: `contact_wait:${c.id}`,
    kind: 'contact_wait',
    contactId: c.id,
    channel: c.channel,
    medium: c.medium,
    leadId: null,
    handoffId: null,
    specialistId: null,
    since: new Date(c.createdAt).toISOString(),
    slaSeconds,
    detectedAt: now.toISOString(),
    summary: `${c.medium} contact${c.who ? ` from ${c.who}` : ''} waiting longer than ${slaSeconds} s`,
  };
}

function handoffBreach(h: HandoffBreachRow, now: Date): SlaBreachEvent {
  return {
    breachId: `handoff_due:${h.id}`,
    kind: 'handoff_due',
    contactId: h.contactId,
    channel: null,
    medium: null,
    leadId: h.leadId,
    handoffId: h.id,
    specialistId: h.specialistId,
    since: new Date(h.dueAt).toISOString(),
    slaSeconds: null,
    detectedAt: now.toISOString(),
    summary: `field lead not accepted by its due time (${h.status})`,
  };
}
