import fc from 'fast-check';
import { CallbackTaskRepository } from '../channels/voice/callback-task.repository';
import type { AppConfig } from '../config/app-config';
import { ContactRepository } from '../contacts/contact.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { FakeCallbackTaskRepository } from '../../test/fakes/fake-callback-tasks';
import { FakeContactRepository } from '../../test/fakes/fake-contacts';
import { FakeCustomerRepository, FakePersonRepository } from '../../test/fakes/fake-identity';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPort } from '../../test/fakes/public';
import { CustomerRepository } from './customer.repository';
import { IdentityClaims, IdentityService } from './identity.service';
import { PersonRepository } from './person.repository';

function world() {
  const people = new FakePersonRepository();
  const customers = new FakeCustomerRepository();
  const identity = new IdentityService(
    { DEFAULT_PHONE_REGION: 'JP' } as AppConfig,
    new FakeUnitOfWork(),
    asPort<PersonRepository>(people),
    asPort<CustomerRepository>(customers),
    asPort<ContactRepository>(new FakeContactRepository()),
    asPort<CallbackTaskRepository>(new FakeCallbackTaskRepository()),
    asPort<TimelineRepository>(new FakeTimeline()),
  );
  return { people, customers, identity };
}

/** Which claims share a person / an account: ids differ between worlds, the grouping must not. */
const grouping = (ids: (string | null | undefined)[]) => ids.map((id) => (id ? ids.indexOf(id) : -1));

describe('IdentityService.resolveMany', () => {
  it('matches known people and accounts, links claims of one batch, and fills empty fields', async () => {
    const w = world();
    const known = w.people.add({ email: 'taro@acme.co.jp', name: null });
    w.people.add({ phone: '+81312345678', name: 'Hanako' });
    const results = await w.identity.resolveMany([
      { name: 'Taro Yamada', email: 'TARO@acme.co.jp', phone: '090-1111-2222', company: 'ACME' },
      { name: 'Hanako', phone: '03-1234-5678' },
      { name: 'New One', email: 'new@beta.example.jp', company: 'Beta' },
      { name: 'New One again', phone: '090-3333-4444', email: 'new@beta.example.jp' },
      { name: 'Only company', company: 'Gamma KK' },
    ]);
    expect(results[0]).toMatchObject({
      personCreated: false,
      person: { id: known.id, name: 'Taro Yamada', phone: '+819011112222' },
    });
    expect(w.people.rows.get(known.id)).toMatchObject({ name: 'Taro Yamada', phone: '+819011112222' });
    expect(results[0].customer).toMatchObject({ domain: 'acme.co.jp', name: 'ACME' });
    expect(results[1]).toMatchObject({ personCreated: false, person: { name: 'Hanako' } });
    expect(results[2]).toMatchObject({ personCreated: true, customerCreated: true });
    expect(results[3].person?.id).toBe(results[2].person?.id);
    expect(results[3]).toMatchObject({ personCreated: false, customerCreated: false });
    expect(results[4]).toMatchObject({ person: null, customer: { name: 'Gamma KK', domain: null } });
  });

  it('groups claims into people and accounts exactly as resolving them one by one does', async () => {
    const claim = fc.record(
      {
        email: fc.constantFrom('a@acme.co.jp', 'b@acme.co.jp', 'c@gmail.com', 'D@Beta.jp'),
        phone: fc.constantFrom('+81311110000', '03-2222-0000', '090-3333-0000'),
        company: fc.constantFrom('ACME', 'Beta KK', 'Gamma'),
        name: fc.constantFrom('Aoi', 'Ren'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(claim, { maxLength: 12 }), async (claims: IdentityClaims[]) => {
        const bulk = world();
        const single = world();
        const many = await bulk.identity.resolveMany(claims);
        const oneByOne = [];
        for (const c of claims) oneByOne.push(await single.identity.resolve(c));
        expect(grouping(many.map((r) => r.person?.id))).toEqual(grouping(oneByOne.map((r) => r.person?.id)));
        expect(grouping(many.map((r) => r.customer?.id))).toEqual(grouping(oneByOne.map((r) => r.customer?.id)));
        expect(bulk.people.rows.size).toBe(single.people.rows.size);
        expect(bulk.customers.rows.size).toBe(single.customers.rows.size);
      }),
      { numRuns: 200 },
    );
  });
});
