import type { HandoffSlaView, AgentView } from '../../src/supervisor/supervisor.dto';
import type { ContactWaitRow } from '../../src/supervisor/supervisor-overview';
import type {
  HandoffBreachRow,
  SupervisorReadRepository,
  WaitingBreachRow,
} from '../../src/supervisor/supervisor-read.repository';
import { BreachLedger } from '../../src/supervisor/breach-ledger';
import type { Public } from './public';

/**
 * The supervisor's read model over rows a spec sets. The breach reads filter like the SQL does
 * (arrival or due time in [since, before), handoffs still offered or decided late), and every read
 * records the arguments it was asked with.
 */
export class FakeSupervisorReads implements Public<SupervisorReadRepository> {
  counts: ContactWaitRow[] = [];
  sla: HandoffSlaView = { open: 0, overdue: 0, nextDueAt: null };
  agentRows: AgentView[] = [];
  waitingContacts: WaitingBreachRow[] = [];
  handoffRows: (HandoffBreachRow & { decidedAt?: Date | null })[] = [];
  readonly asked: { read: string; args: unknown[] }[] = [];

  contactCounts(since: Date, slaStart: Date): Promise<ContactWaitRow[]> {
    this.asked.push({ read: 'contactCounts', args: [since, slaStart] });
    return Promise.resolve(this.counts);
  }

  handoffSla(now: Date): Promise<HandoffSlaView> {
    this.asked.push({ read: 'handoffSla', args: [now] });
    return Promise.resolve(this.sla);
  }

  agents(): Promise<AgentView[]> {
    this.asked.push({ read: 'agents', args: [] });
    return Promise.resolve(this.agentRows);
  }

  waitingBreaches(before: Date, since: Date, limit: number): Promise<WaitingBreachRow[]> {
    this.asked.push({ read: 'waitingBreaches', args: [before, since, limit] });
    const found = this.waitingContacts.filter((c) => c.createdAt < before && c.createdAt >= since);
    return Promise.resolve(found.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).slice(0, limit));
  }

  handoffBreaches(before: Date, since: Date, limit: number): Promise<HandoffBreachRow[]> {
    this.asked.push({ read: 'handoffBreaches', args: [before, since, limit] });
    const found = this.handoffRows.filter(
      (h) =>
        h.dueAt < before &&
        h.dueAt >= since &&
        (h.status === 'offered' || (h.decidedAt !== undefined && h.decidedAt !== null && h.decidedAt >= h.dueAt)),
    );
    return Promise.resolve(
      found
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
        .slice(0, limit)
        .map(({ decidedAt: _decided, ...row }) => row),
    );
  }
}

/** The breach ledger in memory; one instance shared by two monitors stands for two processes. */
export class FakeBreachLedger extends BreachLedger {
  readonly claimed = new Map<string, Date>();

  claim(breachId: string, at: Date): Promise<boolean> {
    if (this.claimed.has(breachId)) return Promise.resolve(false);
    this.claimed.set(breachId, at);
    return Promise.resolve(true);
  }
}
