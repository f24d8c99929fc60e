import type { ContactRecord } from '../../src/contacts/contact.repository';
import { NewContactDraft, NewContactOutcome, NewContactWriter } from '../../src/contacts/new-contact-writer';
import { FakeContactMessageRepository, FakeContactRepository } from './fake-contacts';
import { FakeJobQueue } from './fake-job-queue';
import { FakeTimeline } from './fake-timeline';

/**
 * NewContactWriter over the in-memory fakes: what the real one stores (the contact under the
 * draft's id, its event, its jobs), or the earlier delivery of its provider id. Records each draft.
 */
export class FakeNewContactWriter extends NewContactWriter {
  readonly drafts: NewContactDraft[] = [];

  constructor(
    private readonly contacts: FakeContactRepository,
    private readonly messages: FakeContactMessageRepository,
    private readonly timeline: FakeTimeline,
    private readonly jobs: FakeJobQueue,
  ) {
    super();
  }

  async write(draft: NewContactDraft): Promise<NewContactOutcome> {
    this.drafts.push(draft);
    const { source, externalId } = draft.inbound;
    if (externalId) {
      const contact = await this.contacts.findByProviderId(source, externalId);
      if (contact) return { contact, created: false };
      const message = await this.messages.findByProviderId(source, externalId);
      const owner = message ? await this.contacts.findById(message.contactId) : null;
      if (message && owner) return { contact: owner, created: false, messageId: message.id };
    }
    const inserted = await this.contacts.insert(draft.inbound);
    const row = this.contacts.rows.get(inserted) as ContactRecord;
    this.contacts.rows.delete(inserted);
    const contact = this.contacts.add({ ...row, id: draft.id });
    await this.timeline.append({ ...draft.event, contactId: draft.id });
    for (const job of draft.jobs) await this.jobs.enqueue(job.name, job.payload);
    return { contact, created: true };
  }
}
