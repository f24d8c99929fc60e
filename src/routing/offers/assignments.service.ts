import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/auth.types';
import { DomainError, notFound } from '../../common/domain-error';
import { writeOutbox } from '../../outbox/outbox';
import { JobName } from '../../queues/queue.constants';
import { appendTimeline } from '../../timeline/timeline';
import { lockContact } from './routable-contact';
import { AgentNotifier } from '../agent-notifier';
import { AgentProfileRepository } from '../agents/agent-profile.repository';
import { AssignmentRepository } from './assignment.repository';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { JobQueue } from '../../queues/job-queue';

/** Supervisors and admins may end anyone's assignment (an agent who left without finishing). */
const OVERSEERS = ['supervisor', 'admin'] as const;

/** Assignments end when the agent finishes a contact; that frees capacity and dispatches the agent. */
@Injectable()
export class AssignmentsService {
  private readonly logger = new Logger(AssignmentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifier: AgentNotifier,
    private readonly assignments: AssignmentRepository,
    private readonly profiles: AgentProfileRepository,
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

  async end(principal: Principal, contactId: string, reason?: string): Promise<{ contactId: string; status: string }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const contact = await lockContact(manager, contactId);
      if (!contact) throw notFound('contact', contactId);
      const [assignment] = await manager.query<{ id: string; agent_id: string }[]>(
        `SELECT id, agent_id FROM assignment WHERE contact_id = $1 AND ended_at IS NULL`,
        [contactId],
      );
      if (!assignment) throw new DomainError('conflict', `contact ${contactId} has no active assignment`);
      const overseer = principal.roles.some((r) => (OVERSEERS as readonly string[]).includes(r));
      if (assignment.agent_id !== principal.id && !overseer) {
        throw new DomainError('forbidden', `contact ${contactId} is assigned to another agent`);
      }
      const why = reason ?? 'finished by the agent';
      await manager.query(`UPDATE assignment SET ended_at = now(), end_reason = $2 WHERE id = $1`, [
        assignment.id,
        why,
      ]);
      // A qualified contact stays qualified (its lead goes on); anything else the agent finished is closed.
      const status = contact.status === 'qualified' ? 'qualified' : 'closed';
      await manager.query(`UPDATE contact SET status = $2, updated_at = now() WHERE id = $1`, [contactId, status]);
      await manager.query(
        `INSERT INTO agent_profile (user_id, idle_since) VALUES ($1, now())
         ON CONFLICT (user_id) DO UPDATE SET idle_since = now(), updated_at = now()`,
        [assignment.agent_id],
      );
      await appendTimeline(manager, {
        type: 'assignment.ended',
        actor: `user:${principal.id}`,
        contactId,
        personId: contact.person_id,
        data: { assignmentId: assignment.id, agentId: assignment.agent_id, reason: why, status },
      });
      await writeOutbox(
        manager,
        JobName.DispatchAgent,
        `${JobName.DispatchAgent}.${assignment.agent_id}.after.${assignment.id}`,
        { agentId: assignment.agent_id, cause: `after.${assignment.id}` },
      );
      return { contactId, status, agentId: assignment.agent_id };
    });
    this.logger.log(result, 'assignment ended');
    this.notifier.changed('assignment_ended');
    return { contactId: result.contactId, status: result.status };
  }
}
