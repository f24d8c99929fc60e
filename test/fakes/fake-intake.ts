import { ContactMessageFeed } from '../../src/contacts/contact-message-feed';
import { AttachmentRepository } from '../../src/attachments/attachment.repository';
import { ContactMessageRepository } from '../../src/contacts/contact-message.repository';
import { ContactRepository } from '../../src/contacts/contact.repository';
import { IntakeService } from '../../src/contacts/intake.service';
import { TimelineRepository } from '../../src/timeline/timeline.repository';
import { FakeBlobStorage } from './fake-blob-storage';
import { FakeClock } from './fake-clock';
import { FakeAttachmentRepository, FakeContactMessageRepository, FakeContactRepository } from './fake-contacts';
import { FakeJobQueue } from './fake-job-queue';
import { FakeNewContactWriter } from './fake-new-contact-writer';
import { FakeTimeline } from './fake-timeline';
import { FakeUnitOfWork } from './fake-unit-of-work';
import { asPort } from './public';

/** The real IntakeService over in-memory fakes, for specs of the channels that call it. */
export function fakeIntake() {
  const clock = new FakeClock();
  const world = {
    unitOfWork: new FakeUnitOfWork(),
    contacts: new FakeContactRepository(clock),
    messages: new FakeContactMessageRepository(),
    attachments: new FakeAttachmentRepository(),
    timeline: new FakeTimeline(),
    jobs: new FakeJobQueue(),
    storage: new FakeBlobStorage(),
    clock,
    feed: new ContactMessageFeed(),
  };
  const intake = new IntakeService(
    world.unitOfWork,
    asPort<ContactRepository>(world.contacts),
    asPort<ContactMessageRepository>(world.messages),
    asPort<AttachmentRepository>(world.attachments),
    asPort<TimelineRepository>(world.timeline),
    world.jobs,
    world.storage,
    world.clock,
    world.feed,
    new FakeNewContactWriter(world.contacts, world.messages, world.timeline, world.jobs),
  );
  return { ...world, intake };
}
