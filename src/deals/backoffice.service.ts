import { BusinessCalendarSource } from '../business-hours/business-calendar-source';
import { addBusinessTime } from '../business-hours/domain/business-time';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { scopeOf } from '../auth/domain/access-policy';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { AppConfig, InjectConfig } from '../config/app-config';
import { ContactRepository } from '../contacts/contact.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { AgentNotifier, SUPERVISOR_ROLES } from '../routing/agent-notifier';
import type { ClosedMaturity } from '../routing/domain/maturity';
import { DealOutcomeListeners } from '../routing/leads/deal-outcome.listener';
import { type Lead, leadSummary } from '../routing/leads/lead';
import { TimelineRepository } from '../timeline/timeline.repository';
import type {
  BackofficeTaskView,
  ListTasksQuery,
  OrderPlacedView,
  PlaceOrderDto,
  UpdateTaskDto,
} from './backoffice.dto';
import { BackofficeOrderInput, BackofficeTask, BackofficeTaskRepository } from './backoffice-task.repository';
import { canMoveTask, isOverdue, paperworkFor } from './domain/paperwork';
import { isOverseer } from './pipeline.service';

export type TaskDueOutcome = 'alerted' | 'done' | 'not_due' | 'already_alerted' | 'missing';

/**
 * The back office takes the paperwork: a won lead or an e-Sales order makes its contract, order
 * entry and billing tasks, each due within its SLA (BACKOFFICE_SLA_HOURS) with a durable timer
 * that alerts the supervisors when it passes undone. Back-office staff work them from one shared
 * worklist (soonest due first) rather than being offered them like contacts: paperwork is not
 * urgent to the second, and a shared list lets whoever is free take the next one.
 */
@Injectable()
export class BackofficeService implements OnModuleInit {
  private readonly logger = new Logger(BackofficeService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tasks: BackofficeTaskRepository,
    private readonly contacts: ContactRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly notifier: AgentNotifier,
    private readonly outcomes: DealOutcomeListeners,
    @InjectConfig() private readonly config: Pick<AppConfig, 'BACKOFFICE_SLA_HOURS'>,
    private readonly businessHours: BusinessCalendarSource,
  ) {}

  onModuleInit(): void {
    this.outcomes.register({
      name: 'backoffice-paperwork',
      onDealClosed: (lead, result, by) => this.onDealClosed(lead, result, by),
    });
  }

  /** An e-Sales order on a contact, by the agent working it (or a supervisor or admin). */
  async placeOrder(principal: Principal, contactId: string, dto: PlaceOrderDto): Promise<OrderPlacedView> {
    return this.unitOfWork.run(async () => {
      const contact = await this.contacts.findSummary(contactId);
      if (!contact) throw notFound('contact', contactId);
      if (!isOverseer(principal) && contact.assignedAgentId !== principal.id) {
        if (await this.contacts.findDetail(contactId, scopeOf(principal))) {
          throw new DomainError(
            'forbidden',
            `only the agent working contact ${contactId}, a supervisor or an admin may place its order`,
          );
        }
        throw notFound('contact', contactId);
      }
      if (contact.channel !== 'e_sales') {
        throw new DomainError(
          'conflict',
          `contact ${contactId} is in ${contact.channel ?? 'no channel'}: orders are placed in e-Sales`,
        );
      }
      const who = [contact.fromCompany, contact.fromName].filter(Boolean).join(' / ') || 'a customer';
      const result = await this.createPaperwork(
        {
          source: 'e_sales_order',
          leadId: null,
          contactId,
          productLine: dto.productLine,
          quantity: dto.quantity,
          amount: dto.amount,
          placedBy: principal.id,
          summary: `${who}: ${dto.quantity} x ${dto.productLine}`,
        },
        contact.personId,
        principal.id,
      );
      if (!result) throw new Error('an e-Sales order without a lead cannot conflict');
      return result;
    });
  }

  async list(query: ListTasksQuery): Promise<BackofficeTaskView[]> {
    const rows = await this.tasks.list({
      status: query.status,
      kind: query.kind,
      leadId: query.leadId,
      limit: query.limit ?? 50,
    });
    const now = this.clock.now();
    return rows.map((t) => view(t, now));
  }

  async update(principal: Principal, taskId: string, dto: UpdateTaskDto): Promise<BackofficeTaskView> {
    return this.unitOfWork.run(async () => {
      const task = await this.tasks.findById(taskId, { lock: true });
      if (!task) throw notFound('back-office task', taskId);
      if (!canMoveTask(task.status, dto.status)) {
        throw new DomainError(
          'conflict',
          `back-office task ${taskId} is ${task.status}: it cannot become ${dto.status}`,
        );
      }
      const at = this.clock.now();
      const updated = await this.tasks.update(taskId, task.status, {
        status: dto.status,
        assigneeId: dto.assigneeId,
        note: dto.note,
        at,
      });
      if (updated === null) {
        throw new DomainError('validation_failed', `assigneeId ${dto.assigneeId} is not a user`, [
          { field: 'assigneeId', message: 'assigneeId must name a user' },
        ]);
      }
      if (!updated) throw new DomainError('conflict', `back-office task ${taskId} changed meanwhile`);
      const contact = await this.contacts.findSummary(task.contactId);
      await this.timeline.append({
        type: `backoffice.task_${dto.status}`,
        actor: `user:${principal.id}`,
        contactId: task.contactId,
        personId: contact?.personId ?? null,
        data: {
          taskId,
          kind: task.kind,
          leadId: task.leadId,
          from: task.status,
          to: dto.status,
          assigneeId: dto.assigneeId ?? task.assigneeId,
          note: dto.note ?? null,
        },
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ taskId, kind: task.kind, to: dto.status, by: principal.id }, 'back-office task changed'),
      );
      const after = await this.tasks.findById(taskId);
      return view(after ?? task, at);
    });
  }

  /** The SLA timer fired: an undone task alerts the supervisors once (socket and mail). */
  async dueCheck(taskId: string): Promise<TaskDueOutcome> {
    return this.unitOfWork.run(async (): Promise<TaskDueOutcome> => {
      const task = await this.tasks.findById(taskId, { lock: true });
      if (!task) return 'missing';
      if (task.status === 'done') return 'done';
      const now = this.clock.now();
      if (!isOverdue(task, now)) return 'not_due';
      if (!(await this.tasks.markOverdueAlerted(taskId, now))) return 'already_alerted';
      const contact = await this.contacts.findSummary(task.contactId);
      await this.timeline.append({
        type: 'backoffice.task_overdue',
        actor: 'system',
        contactId: task.contactId,
        personId: contact?.personId ?? null,
        data: { taskId, kind: task.kind, leadId: task.leadId, dueAt: task.dueAt.toISOString(), status: task.status },
      });
      await this.jobs.enqueue(JobName.SendDealMail, { kind: 'backoffice_overdue', taskId });
      const event = {
        taskId,
        kind: task.kind,
        leadId: task.leadId,
        contactId: task.contactId,
        dueAt: task.dueAt.toISOString(),
        summary: task.summary,
      };
      this.unitOfWork.afterCommit(() => {
        this.notifier.toRole(SUPERVISOR_ROLES, 'backoffice:overdue', event);
        this.logger.warn({ taskId, kind: task.kind, dueAt: task.dueAt }, 'back-office task overdue');
      });
      return 'alerted';
    });
  }

  /** A won lead's paperwork, in the outcome's unit of work (at most once per lead). */
  private async onDealClosed(lead: Lead, result: ClosedMaturity, byUserId: string): Promise<void> {
    if (result !== 'won') return;
    await this.createPaperwork(
      {
        source: 'won_lead',
        leadId: lead.id,
        contactId: lead.contactId,
        productLine: lead.productLines[0] ?? null,
        quantity: null,
        amount: lead.amount,
        placedBy: byUserId,
        summary: leadSummary(lead),
      },
      lead.personId,
      byUserId,
    );
  }

  private async createPaperwork(
    order: BackofficeOrderInput,
    personId: string | null,
    byUserId: string,
  ): Promise<OrderPlacedView | null> {
    const orderId = await this.tasks.createOrder(order);
    if (!orderId) return null;
    const at = this.clock.now();
    // Paperwork SLAs count business hours: an order on Friday evening is not overdue on Sunday.
    const calendar = await this.businessHours.calendar();
    const due = paperworkFor(at, this.config.BACKOFFICE_SLA_HOURS, (from, ms) => addBusinessTime(calendar, from, ms));
    const tasks = await this.tasks.createTasks(orderId, due, at);
    for (const task of tasks) {
      await this.jobs.enqueue(JobName.CheckBackofficeTaskDue, { taskId: task.id }, { runAt: task.dueAt });
    }
    await this.timeline.append({
      type: 'backoffice.tasks_created',
      actor: `user:${byUserId}`,
      contactId: order.contactId,
      personId,
      data: {
        orderId,
        source: order.source,
        leadId: order.leadId,
        tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, dueAt: t.dueAt.toISOString() })),
      },
    });
    this.unitOfWork.afterCommit(() =>
      this.logger.log({ orderId, source: order.source, leadId: order.leadId }, 'back-office paperwork created'),
    );
    return { orderId, tasks: tasks.map((t) => view(t, at)) };
  }
}

function view(t: BackofficeTask, now: Date): BackofficeTaskView {
  return {
    id: t.id,
    orderId: t.orderId,
    kind: t.kind,
    status: t.status,
    assigneeId: t.assigneeId,
    note: t.note,
    dueAt: t.dueAt.toISOString(),
    overdue: isOverdue(t, now),
    doneAt: t.doneAt?.toISOString() ?? null,
    source: t.source,
    leadId: t.leadId,
    contactId: t.contactId,
    productLine: t.productLine,
    quantity: t.quantity,
    amount: t.amount,
    summary: t.summary,
    createdAt: t.createdAt.toISOString(),
  };
}
