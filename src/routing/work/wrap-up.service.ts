import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { CallbackTaskRepository } from '../../channels/voice/callback-task.repository';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { cleanText } from '../../common/input-text';
import { ContactRepository } from '../../contacts/contact.repository';
import { ContactNoteRepository } from '../../contacts/notes/contact-note.repository';
import { contactToWork } from '../../contacts/notes/contact-work-access';
import { UnitOfWork } from '../../database/unit-of-work';
import { PersonRepository } from '../../identity/person.repository';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { checkCallbackAt, wrapUpEffects } from '../domain/dispositions';
import { AssignmentsService } from '../offers/assignments.service';
import { DispositionRepository } from './disposition.repository';
import { WrapUpListeners } from './wrap-up.listener';

export interface WrapUpRequest {
  disposition: string;
  note?: string;
  callbackAt?: string;
}

export interface WrapUpResult {
  contactId: string;
  status: string;
  disposition: string;
  callbackTaskId: string | null;
  noteId: string | null;
}

const invalid = (field: string, message: string) =>
  new DomainError('validation_failed', `${field} ${message}`, [{ field, message }]);

/**
 * Wrap-up: the HTTP twin of the `assignment:end` socket message, with a disposition. In one unit
 * of work: the note (if any) is stored, the assignment ends and the contact closes (a qualified
 * contact stays qualified) exactly as AssignmentsService.end does, the disposition is recorded on
 * the contact, and its effects run: `callback_scheduled` (or any code requiring callbackAt)
 * schedules a callback task for the agent, `do_not_contact` marks the person. Everything is
 * validated before anything is written, so a bad request changes nothing.
 */
@Injectable()
export class WrapUpService {
  private readonly logger = new Logger(WrapUpService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly dispositions: DispositionRepository,
    private readonly assignments: AssignmentsService,
    private readonly notes: ContactNoteRepository,
    private readonly callbackTasks: CallbackTaskRepository,
    private readonly people: PersonRepository,
    private readonly timeline: TimelineRepository,
    private readonly clock: Clock,
    private readonly listeners: WrapUpListeners,
  ) {}

  wrapUp(principal: Principal, contactId: string, request: WrapUpRequest): Promise<WrapUpResult> {
    return this.unitOfWork.run(async () => {
      const contact = await contactToWork(this.contacts, contactId, principal);
      const disposition = await this.dispositions.find(request.disposition);
      if (!disposition) throw invalid('disposition', `${request.disposition} is not a code of GET /dispositions`);
      const due = checkCallbackAt(disposition, request.callbackAt, this.clock.nowMs());
      if (!due.ok) throw invalid('callbackAt', due.message);
      const effects = wrapUpEffects(disposition);
      const phone = contact.fromPhone ?? contact.person?.phone ?? null;
      if (effects.scheduleCallback && !phone) {
        throw invalid('disposition', `${disposition.code} needs a phone number on the contact or its person`);
      }
      const agentId = contact.assignedAgentId;
      const actor = `user:${principal.id}`;

      const noteBody = request.note !== undefined ? cleanText(request.note).trim() : '';
      const note = noteBody ? await this.notes.insert({ contactId, authorId: principal.id, body: noteBody }) : null;
      if (note) {
        await this.timeline.append({
          type: 'note.added',
          actor,
          contactId,
          personId: contact.personId,
          data: { noteId: note.id, length: note.body.length, wrapUp: true },
        });
      }

      // 409 when nobody holds the contact (already wrapped up, transferred, never accepted).
      const ended = await this.assignments.end(principal, contactId, `wrapped up: ${disposition.code}`);
      await this.contacts.recordWrapUp(contactId, disposition.code, this.clock.now());

      let callbackTaskId: string | null = null;
      if (effects.scheduleCallback && due.dueAt && phone) {
        callbackTaskId = await this.callbackTasks.createScheduled({
          contactId,
          personId: contact.personId,
          phone,
          language: contact.language,
          // The agent who promised the call makes it; an overseer wrapping up an orphan gets it.
          assignedAgentId: agentId ?? principal.id,
          note: noteBody || null,
          dueAt: due.dueAt,
        });
      }
      const personMarked = effects.markDoNotContact && contact.personId !== null;
      if (personMarked && contact.personId) await this.people.setDoNotContact(contact.personId, true);

      await this.timeline.append({
        type: 'contact.wrapped_up',
        actor,
        contactId,
        personId: contact.personId,
        data: {
          disposition: disposition.code,
          agentId,
          status: ended.status,
          ...(callbackTaskId ? { callbackTaskId, callbackAt: due.dueAt?.toISOString() } : {}),
          ...(effects.markDoNotContact ? { doNotContact: personMarked } : {}),
          ...(note ? { noteId: note.id } : {}),
        },
      });
      await this.listeners.wrappedUp({
        contactId,
        personId: contact.personId,
        disposition: disposition.code,
        actor,
        at: this.clock.now(),
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ contactId, disposition: disposition.code, callbackTaskId }, 'contact wrapped up'),
      );
      return {
        contactId,
        status: ended.status,
        disposition: disposition.code,
        callbackTaskId,
        noteId: note?.id ?? null,
      };
    });
  }
}
