import type { Principal } from '../auth/auth.types';
import { ContactsService } from '../contacts/contacts.service';
import { CustomerRepository } from '../identity/customer.repository';
import { PersonRepository } from '../identity/person.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { FakeCustomerRepository, FakePersonRepository } from '../../test/fakes/fake-identity';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPartialPort, asPort } from '../../test/fakes/public';
import { PeopleService } from './people.service';

const OWNER: Principal = { id: '7f3e0000-0000-4000-8000-000000000001', email: 'o@example.test', roles: ['agent'] };
const VIEWER: Principal = { id: '7f3e0000-0000-4000-8000-000000000002', email: 'v@example.test', roles: ['agent'] };
const STRANGER: Principal = { id: '7f3e0000-0000-4000-8000-000000000003', email: 's@example.test', roles: ['agent'] };
const SUPERVISOR: Principal = {
  id: '7f3e0000-0000-4000-8000-000000000004',
  email: 'x@example.test',
  roles: ['supervisor'],
};

describe('PeopleService', () => {
  let unitOfWork: FakeUnitOfWork;
  let people: FakePersonRepository;
  let timeline: FakeTimeline;
  let service: PeopleService;
  let personId: string;

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    people = new FakePersonRepository();
    timeline = new FakeTimeline();
    service = new PeopleService(
      unitOfWork,
      asPort<PersonRepository>(people),
      asPort<CustomerRepository>(new FakeCustomerRepository()),
      asPartialPort<ContactsService>({ list: () => Promise.resolve({ items: [], nextCursor: null }) }),
      asPort<TimelineRepository>(timeline),
    );
    personId = people.add({ name: 'Taro', email: 'taro@acme.example' }).id;
    people.visibleTo.set(personId, new Set([OWNER.id, VIEWER.id]));
    people.ownedBy.set(personId, new Set([OWNER.id]));
  });

  type Case = [who: string, by: Principal, change: { doNotContact?: boolean; name?: string }, outcome: string];
  const cases: Case[] = [
    ['the owner marks do-not-contact', OWNER, { doNotContact: true }, 'ok'],
    ['the owner corrects the name', OWNER, { name: 'Taro Yamada' }, 'ok'],
    ['the owner may not lift do-not-contact', OWNER, { doNotContact: false }, 'forbidden'],
    ['an agent who only sees the person (an offer) may not change them', VIEWER, { doNotContact: true }, 'forbidden'],
    ['a stranger gets 404', STRANGER, { doNotContact: true }, 'not_found'],
    ['a supervisor lifts it', SUPERVISOR, { doNotContact: false }, 'ok'],
  ];

  it.each(cases)('%s', async (_name, by, change, outcome) => {
    if (change.doNotContact === false) people.doNotContact.add(personId);
    const result = service.update(personId, change, by);
    if (outcome === 'ok') {
      await expect(result).resolves.toMatchObject({ id: personId, ...change });
      expect(timeline.events).toHaveLength(1);
      expect(timeline.events[0]).toMatchObject({ personId, actor: `user:${by.id}` });
    } else {
      await expect(result).rejects.toMatchObject({ code: outcome });
      expect(timeline.events).toEqual([]);
    }
  });

  it('records nothing when nothing changes', async () => {
    people.doNotContact.add(personId);
    await service.update(personId, { doNotContact: true, name: 'Taro' }, SUPERVISOR);
    expect(timeline.events).toEqual([]);
  });
});
