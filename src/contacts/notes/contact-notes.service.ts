import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import { scopeOf } from '../../auth/domain/access-policy';
import { DomainError, notFound } from '../../common/domain-error';
import { cleanText } from '../../common/input-text';
import { UnitOfWork } from '../../database/unit-of-work';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { ContactRepository } from '../contact.repository';
import { ContactNoteRecord, ContactNoteRepository } from './contact-note.repository';
import { contactToWork } from './contact-work-access';

/** Internal notes on a contact: written by its owner or an overseer, read by whoever may see it. */
@Injectable()
export class ContactNotesService {
  private readonly logger = new Logger(ContactNotesService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly contacts: ContactRepository,
    private readonly notes: ContactNoteRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  add(contactId: string, body: string, principal: Principal): Promise<ContactNoteRecord> {
    return this.unitOfWork.run(async () => {
      const text = cleanText(body).trim();
      if (!text)
        throw new DomainError('validation_failed', 'body is empty', [{ field: 'body', message: 'must not be empty' }]);
      const contact = await contactToWork(this.contacts, contactId, principal);
      const note = await this.notes.insert({ contactId, authorId: principal.id, body: text });
      // The note's text stays in its table; the timeline says that one was added, and by whom.
      await this.timeline.append({
        type: 'note.added',
        actor: `user:${principal.id}`,
        contactId,
        personId: contact.personId,
        data: { noteId: note.id, length: note.body.length },
      });
      this.unitOfWork.afterCommit(() => this.logger.log({ contactId, noteId: note.id }, 'note added'));
      return note;
    });
  }

  list(contactId: string, principal: Principal): Promise<ContactNoteRecord[]> {
    return this.unitOfWork.run(async () => {
      if (!(await this.contacts.findDetail(contactId, scopeOf(principal)))) throw notFound('contact', contactId);
      return this.notes.forContact(contactId);
    });
  }
}
