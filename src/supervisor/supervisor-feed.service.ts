import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AgentNotifier, SUPERVISOR_ROLES } from '../routing/agent-notifier';
import { SlaMonitor } from './sla-monitor.service';
import { SupervisorService } from './supervisor.service';

/** At most one overview push per this many milliseconds per process, however busy routing is. */
export const OVERVIEW_PUSH_MIN_INTERVAL_MS = 1000;
/** A first change waits this long, so the burst it starts (offer + timeline + ...) is one push. */
const OVERVIEW_COALESCE_MS = 150;

/**
 * Pushes `supervisor:overview` (the JSON of GET /supervisor/overview) to supervisors' and admins'
 * consoles, through the AgentNotifier so it works from any process role. Changes are coalesced per
 * process: the first one schedules a push shortly after, later ones ride along, and pushes are at
 * least OVERVIEW_PUSH_MIN_INTERVAL_MS apart. Pushes go out whether or not a supervisor is connected
 * (an emitter cannot know); the overview is a handful of aggregate queries, so at most one a second
 * per process is affordable. The heartbeat job (`tick`) adds SLA breaches and a push that keeps
 * queue depths and waits fresh when nothing routed changes.
 */
@Injectable()
export class SupervisorFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SupervisorFeed.name);
  private timer: NodeJS.Timeout | null = null;
  private lastPushAt = 0;
  private causes = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly overview: SupervisorService,
    private readonly sla: SlaMonitor,
    private readonly notifier: AgentNotifier,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.notifier.onChange((cause) => this.changed(cause));
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
  }

  /** Something changed: a push follows within about a second. */
  changed(cause: string): void {
    if (this.closed) return;
    this.causes.add(cause);
    if (this.timer) return;
    const wait = Math.max(OVERVIEW_COALESCE_MS, this.lastPushAt + OVERVIEW_PUSH_MIN_INTERVAL_MS - this.clock.nowMs());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.push();
    }, wait);
    this.timer.unref();
  }

  /** The heartbeat job: SLA breaches first (so the overview counts them), then a fresh overview. */
  async tick(): Promise<{ breaches: number }> {
    const breaches = await this.sla.check();
    await this.push('heartbeat');
    return { breaches };
  }

  private async push(cause?: string): Promise<void> {
    if (this.closed) return;
    const causes = cause ? [cause] : [...this.causes];
    this.causes = new Set();
    this.lastPushAt = this.clock.nowMs();
    try {
      const overview = await this.overview.overview();
      this.notifier.toRole(SUPERVISOR_ROLES, 'supervisor:overview', overview);
      this.logger.debug({ causes }, 'supervisor overview pushed');
    } catch (error) {
      // Best effort: the next change or heartbeat pushes again, and consoles fall back to polling.
      this.logger.warn({ causes, err: (error as Error).message }, 'could not push the supervisor overview');
    }
  }
}
