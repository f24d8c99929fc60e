import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { DomainError, notFound } from '../../common/domain-error';
import { ContactRepository } from '../../contacts/contact.repository';
import type { ContactStatus } from '../../contacts/contact.types';
import { UnitOfWork } from '../../database/unit-of-work';
import { JobQueue } from '../../queues/job-queue';
import { JobName } from '../../queues/queue.constants';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { AgentNotifier } from '../agent-notifier';
import { AgentProfileRepository } from '../agents/agent-profile.repository';
import { AssignmentRepository } from './assignment.repository';

/** Supervisors and admins may end anyone's assignment (an agent who left without finishing). */
const OVERSEERS = ['supervisor', 'admin'] as const;

/** Assignments end when the agent finishes a contact; that frees capacity and dispatches the agent. */
@Injectable()
export class AssignmentsService {
  private readonly logger = new Logger(AssignmentsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly notifier: AgentNotifier,
    private readonly assignments: AssignmentRepository,
    private readonly profiles: AgentProfileRepository,
    private readonly contacts: ContactRepository,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * The contact leaves its agent without being finished by them (handed to the e-Sales queue):
   * inside the caller's unit of work, every active assignment of the contact ends with `reason`,
   * its agent counts as idle from now and is dispatched again, and the timeline says so.
   */
  async handOver(contactId: string, personId: string | null, reason: string): Promise<void> {
    for (const ended of await this.assignments.endActiveFor(contactId, reason)) {
      await this.profiles.markIdle(ended.agentId);
      await this.timeline.append({
        type: 'assignment.ended',
        actor: 'system',
        contactId,
        personId,
        data: { assignmentId: ended.id, agentId: ended.agentId, reason },
      });
      await this.jobs.enqueue(JobName.DispatchAgent, { agentId: ended.agentId, cause: `after.${ended.id}` });
    }
  }

  /** The agent (or an overseer) finished the contact: the assignment ends and the agent has room again. */
  async end(principal: Principal, contactId: string, reason?: string): Promise<{ contactId: string; status: string }> {
    return this.unitOfWork.run(async () => {
      const contact = await this.contacts.lockRoutable(contactId);
      if (!contact) throw notFound('contact', contactId);
      const assignment = await this.assignments.activeFor(contactId);
      if (!assignment) throw new DomainError('conflict', `contact ${contactId} has no active assignment`);
      const overseer = principal.roles.some((r) => (OVERSEERS as readonly string[]).includes(r));
      if (assignment.agentId !== principal.id && !overseer) {
        throw new DomainError('forbidden', `contact ${contactId} is assigned to another agent`);
      }
      const why = reason ?? 'finished by the agent';
      await this.assignments.end(assignment.id, why);
      // A qualified contact stays qualified (its lead goes on); anything else the agent finished is closed.
      const status: ContactStatus = contact.status === 'qualified' ? 'qualified' : 'closed';
      if (status === 'closed') await this.contacts.transition(contactId, 'close');
      await this.profiles.markIdle(assignment.agentId);
      await this.timeline.append({
        type: 'assignment.ended',
        actor: `user:${principal.id}`,
        contactId,
        personId: contact.person_id,
        data: { assignmentId: assignment.id, agentId: assignment.agentId, reason: why, status },
      });
      await this.jobs.enqueue(JobName.DispatchAgent, { agentId: assignment.agentId, cause: `after.${assignment.id}` });
      this.unitOfWork.afterCommit(() => {
        this.logger.log({ contactId, status, agentId: assignment.agentId }, 'assignment ended');
        this.notifier.changed('assignment_ended');
      });
      return { contactId, status };
    });
  }
}
