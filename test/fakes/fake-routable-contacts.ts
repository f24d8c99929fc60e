import {
  ContactRepository,
  ContactTransitionConflict,
  ContactTransitionPatch,
  RoutableContact,
} from '../../src/contacts/contact.repository';
import type { TargetSegment } from '../../src/catalog/domain/market-planning';
import type { ContactStatus } from '../../src/contacts/contact.types';
import { ContactTransition, transitionFrom } from '../../src/contacts/domain/contact-lifecycle';
import type { Public } from './public';

/** A routable contact with defaults for a spec: a web inquiry, queued for e-Sales. */
export function routableContact(id: string, overrides: Partial<RoutableContact> = {}): RoutableContact {
  return {
    id,
    status: 'queued',
    medium: 'web',
    channel: 'e_sales',
    language: 'en',
    product_line: null,
    person_id: null,
    customer_id: null,
    segment: null,
    industry: null,
    size: null,
    region: null,
    relationship_owner_id: null,
    prefer_last_agent: false,
    from_name: 'Ann Buyer',
    from_email: 'ann@example.com',
    from_phone: null,
    from_company: null,
    subject: 'Quote please',
    body: 'Please quote 20 servers.',
    created_at: new Date('2026-06-01T08:00:00.000Z'),
    campaign_id: null,
    campaign_script: null,
    ...overrides,
  };
}

/** Contacts in memory, with the lifecycle's transitions applied as the real repository does. */
export class FakeContactRepository implements Pick<
  Public<ContactRepository>,
  'lockRoutable' | 'transition' | 'clearLastAgentPreference' | 'recordWrapUp'
> {
  readonly contacts = new Map<string, RoutableContact>();
  readonly wrapUps = new Map<string, { disposition: string; at: Date }>();
  readonly transitions: { contactId: string; name: ContactTransition; patch: ContactTransitionPatch }[] = [];
  /** The target segments of a product line, as the real read joins them in (the catalog's). */
  segmentsOf: (productLine: string) => TargetSegment[] = () => [];

  add(contact: RoutableContact): RoutableContact {
    this.contacts.set(contact.id, contact);
    return contact;
  }

  statusOf(contactId: string): ContactStatus | undefined {
    return this.contacts.get(contactId)?.status;
  }

  lockRoutable(contactId: string): Promise<RoutableContact | null> {
    const contact = this.contacts.get(contactId);
    return Promise.resolve(contact ? this.read(contact) : null);
  }

  /** A stored contact as a read answers it: a copy, with its product line's target segments. */
  read(contact: RoutableContact): RoutableContact {
    return { ...contact, target_segments: contact.product_line ? this.segmentsOf(contact.product_line) : [] };
  }

  clearLastAgentPreference(contactId: string): Promise<void> {
    const contact = this.contacts.get(contactId);
    if (contact) contact.prefer_last_agent = false;
    return Promise.resolve();
  }

  recordWrapUp(contactId: string, disposition: string, at: Date): Promise<void> {
    this.wrapUps.set(contactId, { disposition, at });
    return Promise.resolve();
  }

  transition(contactId: string, name: ContactTransition, patch: ContactTransitionPatch = {}): Promise<void> {
    const { from, to } = transitionFrom(name);
    const contact = this.contacts.get(contactId);
    if (!contact || !from.includes(contact.status)) {
      return Promise.reject(new ContactTransitionConflict(contactId, name, from));
    }
    this.contacts.set(contactId, {
      ...contact,
      status: to,
      ...(patch.channel !== undefined ? { channel: patch.channel } : {}),
      ...(patch.personId !== undefined ? { person_id: patch.personId } : {}),
      ...(patch.customerId !== undefined ? { customer_id: patch.customerId } : {}),
      ...(patch.preferLastAgent !== undefined ? { prefer_last_agent: patch.preferLastAgent } : {}),
    });
    this.transitions.push({ contactId, name, patch });
    return Promise.resolve();
  }
}
