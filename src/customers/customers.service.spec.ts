import type { Principal } from '../auth/auth.types';
import { ContactsService } from '../contacts/contacts.service';
import { CustomerRepository } from '../identity/customer.repository';
import { PersonRepository } from '../identity/person.repository';
import { LeadsService } from '../routing/leads/leads.service';
import { TimelineRepository } from '../timeline/timeline.repository';
import { ActiveUsers } from '../users/active-users';
import { FakeCustomerRepository, FakePersonRepository } from '../../test/fakes/fake-identity';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPartialPort, asPort } from '../../test/fakes/public';
import { CustomersService } from './customers.service';

const SUPERVISOR: Principal = {
  id: '7f3e0000-0000-4000-8000-000000000004',
  email: 'x@example.test',
  roles: ['supervisor'],
};
const AGENT: Principal = { id: '7f3e0000-0000-4000-8000-000000000001', email: 'a@example.test', roles: ['agent'] };

describe('CustomersService', () => {
  let unitOfWork: FakeUnitOfWork;
  let customers: FakeCustomerRepository;
  let timeline: FakeTimeline;
  let service: CustomersService;
  let id: string;
  const active = new Set([AGENT.id]);

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    customers = new FakeCustomerRepository();
    timeline = new FakeTimeline();
    service = new CustomersService(
      unitOfWork,
      asPort<CustomerRepository>(customers),
      asPort<PersonRepository>(new FakePersonRepository()),
      asPartialPort<ContactsService>({ list: () => Promise.resolve({ items: [], nextCursor: null }) }),
      asPartialPort<LeadsService>({ list: () => Promise.resolve([]) }),
      asPort<TimelineRepository>(timeline),
      asPartialPort<ActiveUsers>({ isActive: (userId: string) => Promise.resolve(active.has(userId)) }),
    );
    id = customers.add({ name: 'ACME', domain: 'acme.example', segment: 'smb' }).id;
  });

  it('sets the owner and fields, auditing only what changed, and re-keys a new name', async () => {
    const view = await service.update(
      id,
      { relationshipOwnerId: AGENT.id, segment: 'smb', region: 'kanto', name: 'ＡＣＭＥ Holdings' },
      SUPERVISOR,
    );
    expect(view).toMatchObject({ relationshipOwnerId: AGENT.id, region: 'kanto', name: 'ＡＣＭＥ Holdings' });
    expect(customers.rows.get(id)!.nameKey).toBe('acme holdings');
    expect(timeline.events).toEqual([
      expect.objectContaining({
        type: 'customer.updated',
        contactId: null,
        data: {
          customerId: id,
          changes: {
            name: { from: 'ACME', to: 'ＡＣＭＥ Holdings' },
            relationshipOwnerId: { from: null, to: AGENT.id },
            region: { from: null, to: 'kanto' },
          },
        },
      }),
    ]);
    expect((await service.get(id, SUPERVISOR)).history).toHaveLength(1);
  });

  it('refuses an owner who is no active staff user (400 naming it) and changes nothing', async () => {
    await expect(
      service.update(id, { relationshipOwnerId: '7f3e0000-0000-4000-8000-000000000099', region: 'x' }, SUPERVISOR),
    ).rejects.toMatchObject({ code: 'validation_failed', fieldErrors: [{ field: 'relationshipOwnerId' }] });
    expect(customers.rows.get(id)!.relationshipOwnerId).toBeNull();
    expect(timeline.events).toEqual([]);
    expect(unitOfWork.rolledBack).toBe(1);
  });

  it('shows an agent only the accounts they own or reach through a contact (else 404)', async () => {
    await expect(service.get(id, AGENT)).rejects.toMatchObject({ code: 'not_found' });
    customers.visibleTo.set(id, new Set([AGENT.id]));
    await expect(service.get(id, AGENT)).resolves.toMatchObject({ id });
    expect((await service.list({}, AGENT)).items.map((c) => c.id)).toEqual([id]);
  });
});
