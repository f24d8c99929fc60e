import { CallbackTaskRepository } from '../channels/voice/callback-task.repository';
import type { AppConfig } from '../config/app-config';
import { ContactRepository } from '../contacts/contact.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { FakeCallbackTaskRepository } from '../../test/fakes/fake-callback-tasks';
import { aContact, FakeContactRepository } from '../../test/fakes/fake-contacts';
import { FakeCustomerRepository, FakePersonRepository } from '../../test/fakes/fake-identity';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPort } from '../../test/fakes/public';
import { CustomerRepository } from './customer.repository';
import { IdentityService } from './identity.service';
import { PersonRepository } from './person.repository';

describe('IdentityService', () => {
  let unitOfWork: FakeUnitOfWork;
  let people: FakePersonRepository;
  let customers: FakeCustomerRepository;
  let contacts: FakeContactRepository;
  let tasks: FakeCallbackTaskRepository;
  let timeline: FakeTimeline;
  let identity: IdentityService;

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    people = new FakePersonRepository();
    customers = new FakeCustomerRepository();
    contacts = new FakeContactRepository();
    tasks = new FakeCallbackTaskRepository();
    timeline = new FakeTimeline();
    identity = new IdentityService(
      { DEFAULT_PHONE_REGION: 'JP' } as AppConfig,
      unitOfWork,
      asPort<PersonRepository>(people),
      asPort<CustomerRepository>(customers),
      asPort<ContactRepository>(contacts),
      asPort<CallbackTaskRepository>(tasks),
      asPort<TimelineRepository>(timeline),
    );
  });

  it('creates a person, and finds the same person by the same e-mail in any case', async () => {
    const first = await identity.resolve({ name: 'Taro', email: 'Taro@ACME.co.jp' });
    const again = await identity.resolve({ email: 'taro@acme.co.jp' });
    expect(first).toMatchObject({ personCreated: true, person: { email: 'taro@acme.co.jp', name: 'Taro' } });
    expect(again).toMatchObject({ personCreated: false, person: { id: first.person!.id } });
    expect(people.rows.size).toBe(1);
  });

  it('finds the same person by a phone written in any national format (E.164)', async () => {
    const first = await identity.resolve({ phone: '03-1234-5678' });
    const again = await identity.resolve({ phone: '+81 3 1234 5678' });
    expect(first.person).toMatchObject({ phone: '+81312345678' });
    expect(again).toMatchObject({ personCreated: false, person: { id: first.person!.id } });
  });

  it('makes a corporate e-mail domain a customer account, the same one for colleagues', async () => {
    const taro = await identity.resolve({ email: 'taro@acme.co.jp', company: 'ACME' });
    const hanako = await identity.resolve({ email: 'hanako@acme.co.jp' });
    expect(taro).toMatchObject({ customerCreated: true, customer: { domain: 'acme.co.jp', name: 'ACME' } });
    expect(hanako).toMatchObject({ customerCreated: false, customer: { id: taro.customer!.id } });
    expect(hanako.person!.customerId).toBe(taro.customer!.id);
  });

  it('never makes a free-mail domain a customer account', async () => {
    const result = await identity.resolve({ email: 'taro@gmail.com' });
    expect(result).toMatchObject({ customer: null, customerCreated: false, person: { customerId: null } });
    expect(customers.rows.size).toBe(0);
  });

  it("locks the person's keys in sorted order, never the company's domain", async () => {
    await identity.resolve({ email: 'taro@acme.co.jp', phone: '+81312345678' });
    expect(people.locked).toEqual(['email:taro@acme.co.jp', 'phone:+81312345678']);
  });

  it('locks a company name without a domain only to create its account', async () => {
    await identity.resolve({ email: 'taro@gmail.com', company: 'ACME' });
    await identity.resolve({ email: 'jiro@gmail.com', company: 'ACME' });
    expect(people.locked).toEqual(['email:taro@gmail.com', 'company:acme', 'email:jiro@gmail.com']);
    expect(customers.rows.size).toBe(1);
  });

  it('merges a phone-only person into the e-mail person, with their contacts and callback tasks', async () => {
    const byEmail = people.add({ email: 'taro@acme.co.jp' });
    const byPhone = people.add({ phone: '+81312345678', name: 'Taro' });
    const call = contacts.add(aContact({ medium: 'voice', personId: byPhone.id }));
    tasks.add({ contactId: call.id, personId: byPhone.id, phone: '+81312345678', reason: 'no-answer', language: 'ja' });

    const result = await identity.resolve({ email: 'taro@acme.co.jp', phone: '+81312345678' });

    expect(result.person).toMatchObject({ id: byEmail.id, phone: '+81312345678', name: 'Taro' });
    expect(people.rows.get(byPhone.id)).toMatchObject({ phone: null, mergedIntoId: byEmail.id });
    expect(people.rows.get(byEmail.id)).toMatchObject({ phone: '+81312345678', name: 'Taro' });
    expect(contacts.rows.get(call.id)!.personId).toBe(byEmail.id);
    expect(tasks.rows[0].personId).toBe(byEmail.id);
    expect(result.notes).toEqual([expect.stringContaining('merged')]);
    expect(timeline.events).toEqual([
      expect.objectContaining({
        type: 'person.merged',
        personId: byEmail.id,
        data: { survivorId: byEmail.id, absorbedId: byPhone.id, by: 'e-mail and phone on one contact' },
      }),
    ]);
  });

  it('does not merge two people who have different e-mails; the e-mail wins', async () => {
    const taro = people.add({ email: 'taro@acme.co.jp' });
    const other = people.add({ email: 'jiro@acme.co.jp', phone: '+81312345678' });
    const call = contacts.add(aContact({ personId: other.id }));

    const result = await identity.resolve({ email: 'taro@acme.co.jp', phone: '+81312345678' });

    expect(result.person).toMatchObject({ id: taro.id, phone: null });
    expect(result.notes).toEqual([`phone +81312345678 also belongs to person ${other.id}; matched by e-mail`]);
    expect(people.rows.get(other.id)).toMatchObject({ phone: '+81312345678', mergedIntoId: null });
    expect(contacts.rows.get(call.id)!.personId).toBe(other.id);
    expect(timeline.events).toEqual([]);
  });

  it('keeps the account a known person already has when the contact names none', async () => {
    const account = customers.add({ name: 'ACME', domain: 'acme.co.jp' });
    people.add({ phone: '+81312345678', customerId: account.id });
    const result = await identity.resolve({ phone: '+81312345678' });
    expect(result).toMatchObject({ customer: { id: account.id }, customerCreated: false });
  });

  it('makes no person without an e-mail or a phone, but still finds the company by name', async () => {
    const result = await identity.resolve({ name: 'Taro', company: 'Acme Trading' });
    expect(result).toMatchObject({ person: null, customerCreated: true, customer: { domain: null } });
    expect(people.rows.size).toBe(0);
  });

  it('joins the caller’s unit instead of opening its own', async () => {
    await unitOfWork.run(() => identity.resolve({ email: 'taro@acme.co.jp' }));
    expect(unitOfWork.committed).toBe(1);
  });
});
