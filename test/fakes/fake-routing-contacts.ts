import type { ContactRepository, ContactTransitionPatch, RoutableContact } from '../../src/contacts/contact.repository';
import { ContactTransitionConflict } from '../../src/contacts/contact.repository';
import type { ContactStatus } from '../../src/contacts/contact.types';
import { ContactTransition, transitionFrom } from '../../src/contacts/domain/contact-lifecycle';
import type { AssignmentsService } from '../../src/routing/offers/assignments.service';
import type { Public } from './public';

/** Contacts in memory, moved along the lifecycle table as the real repository does. */
export class FakeContactRepository implements Pick<Public<ContactRepository>, 'lockRoutable' | 'transition'> {
  readonly contacts = new Map<string, RoutableContact>();
  readonly transitions: { contactId: string; name: ContactTransition; patch: ContactTransitionPatch }[] = [];

  add(id: string, patch: Partial<RoutableContact> = {}): RoutableContact {
    const contact: RoutableContact = {
      id,
      status: 'assigned',
      medium: 'email',
      channel: 'e_coverage',
      language: 'en',
      product_line: null,
      person_id: null,
      customer_id: null,
      segment: null,
      from_name: 'Ada',
      from_email: 'ada@example.com',
      from_phone: null,
      from_company: 'Acme',
      subject: null,
      body: '',
      created_at: new Date(0),
      ...patch,
    };
    this.contacts.set(id, contact);
    return contact;
  }

  lockRoutable(contactId: string): Promise<RoutableContact | null> {
    const contact = this.contacts.get(contactId);
    return Promise.resolve(contact ? { ...contact } : null);
  }

  transition(contactId: string, name: ContactTransition, patch: ContactTransitionPatch = {}): Promise<ContactStatus> {
    const { from, to } = transitionFrom(name);
    const contact = this.contacts.get(contactId);
    if (!contact || !from.includes(contact.status)) {
      return Promise.reject(new ContactTransitionConflict(contactId, name, from));
    }
    const previous = contact.status;
    Object.assign(contact, { status: to }, patch.channel ? { channel: patch.channel } : {});
    this.transitions.push({ contactId, name, patch });
    return Promise.resolve(previous);
  }
}

/** Records the hand-overs AssignmentsService is asked for. */
export class RecordingHandOver implements Pick<AssignmentsService, 'handOver'> {
  readonly handedOver: { contactId: string; personId: string | null; reason: string }[] = [];

  handOver(contactId: string, personId: string | null, reason: string): Promise<void> {
    this.handedOver.push({ contactId, personId, reason });
    return Promise.resolve();
  }
}
