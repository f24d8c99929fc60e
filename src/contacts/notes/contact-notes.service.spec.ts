import type { Principal } from '../../auth/auth.types';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { aContact, FakeContactRepository } from '../../../test/fakes/fake-contacts';
import { FakeTimeline } from '../../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { FakeContactNoteRepository } from '../../../test/fakes/work-world';
import { asPort } from '../../../test/fakes/public';
import { ContactRepository } from '../contact.repository';
import { ContactNoteRepository } from './contact-note.repository';
import { ContactNotesService } from './contact-notes.service';

const who = (id: string, roles: Principal['roles'] = ['agent']): Principal => ({ id, roles, email: `${id}@x.test` });

describe('ContactNotesService', () => {
  let contacts: FakeContactRepository;
  let notes: FakeContactNoteRepository;
  let timeline: FakeTimeline;
  let service: ContactNotesService;
  let contactId: string;

  beforeEach(() => {
    contacts = new FakeContactRepository();
    notes = new FakeContactNoteRepository();
    timeline = new FakeTimeline();
    service = new ContactNotesService(
      new FakeUnitOfWork(),
      asPort<ContactRepository>(contacts),
      asPort<ContactNoteRepository>(notes),
      asPort<TimelineRepository>(timeline),
    );
    contactId = contacts.add(aContact({ status: 'assigned', personId: 'p-1' })).id;
    contacts.assignees.set(contactId, 'alice');
  });

  it('stores the note (trimmed) and appends note.added without its text', async () => {
    const note = await service.add(contactId, '  call after 3pm \u0000', who('alice'));
    expect(note.body).toBe('call after 3pm');
    expect(timeline.events).toEqual([
      expect.objectContaining({
        type: 'note.added',
        actor: 'user:alice',
        contactId,
        personId: 'p-1',
        data: { noteId: note.id, length: 14 },
      }),
    ]);
    expect(await service.list(contactId, who('alice'))).toEqual([note]);
  });

  it.each<[string, Principal, string]>([
    ['another agent', who('bob'), 'forbidden'],
    ['anyone, on an unknown contact', who('alice'), 'not_found'],
  ])('refuses %s', async (_name, principal, code) => {
    const id = code === 'not_found' ? '00000000-0000-4000-8000-999999999999' : contactId;
    await expect(service.add(id, 'hi', principal)).rejects.toMatchObject({ code });
    expect(notes.rows).toEqual([]);
  });

  it('lets a supervisor write on any contact, and refuses an empty note naming body', async () => {
    await expect(service.add(contactId, 'escalated', who('sam', ['supervisor']))).resolves.toMatchObject({
      body: 'escalated',
    });
    await expect(service.add(contactId, '   ', who('alice'))).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [{ field: 'body', message: 'must not be empty' }],
    });
  });
});
