import { CallbackTaskRepository } from '../channels/voice/callback-task.repository';
import type { AppConfig } from '../config/app-config';
import { ContactRepository } from '../contacts/contact.repository';
import { CustomerRepository } from '../identity/customer.repository';
import { IdentityService } from '../identity/identity.service';
import { PersonRepository } from '../identity/person.repository';
import { JobName } from '../queues/queue.constants';
import { TimelineRepository } from '../timeline/timeline.repository';
import { FakeCallbackTaskRepository } from '../../test/fakes/fake-callback-tasks';
import { aContact, FakeContactRepository } from '../../test/fakes/fake-contacts';
import { FakeCustomerRepository, FakePersonRepository } from '../../test/fakes/fake-identity';
import { FakeJobQueue } from '../../test/fakes/fake-job-queue';
import { FakeTimeline } from '../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPartialPort, asPort } from '../../test/fakes/public';
import { FakeClock } from '../../test/fakes/fake-clock';
import { ContactClassificationService, DISPATCH_FALLBACK_MS } from './contact-classification.service';
import type { ContactDispatchOutcome, DispatchService } from './offers/dispatch.service';

describe('ContactClassificationService', () => {
  let unitOfWork: FakeUnitOfWork;
  let contacts: FakeContactRepository;
  let people: FakePersonRepository;
  let timeline: FakeTimeline;
  let jobs: FakeJobQueue;
  let service: ContactClassificationService;
  let clock: FakeClock;
  /** The dispatches done in line: contact id and the job they stand in for. */
  let dispatched: { contactId: string; inPlaceOf?: string }[];
  let dispatchAnswer: () => Promise<ContactDispatchOutcome>;

  beforeEach(() => {
    unitOfWork = new FakeUnitOfWork();
    contacts = new FakeContactRepository();
    people = new FakePersonRepository();
    timeline = new FakeTimeline();
    jobs = new FakeJobQueue();
    clock = new FakeClock();
    dispatched = [];
    dispatchAnswer = () => Promise.resolve({ outcome: 'offered', agentId: 'agent-1' });
    const dispatch = {
      dispatchContact: (contactId: string, inPlaceOf?: string) => {
        dispatched.push({ contactId, inPlaceOf });
        return dispatchAnswer();
      },
    };
    const identity = new IdentityService(
      { DEFAULT_PHONE_REGION: 'JP' } as AppConfig,
      unitOfWork,
      asPort<PersonRepository>(people),
      asPort<CustomerRepository>(new FakeCustomerRepository()),
      asPort<ContactRepository>(contacts),
      asPort<CallbackTaskRepository>(new FakeCallbackTaskRepository()),
      asPort<TimelineRepository>(timeline),
    );
    service = new ContactClassificationService(
      unitOfWork,
      asPort<ContactRepository>(contacts),
      identity,
      asPort<TimelineRepository>(timeline),
      jobs,
      asPartialPort<DispatchService>(dispatch),
      clock,
    );
  });

  it('identifies and classifies a received contact once, queues it and enqueues its dispatch', async () => {
    const contact = contacts.add(aContact({ fromEmail: 'taro@acme.co.jp', inquiryType: 'quote' }));

    expect(await service.process(contact.id)).toBe('classified');

    const stored = contacts.rows.get(contact.id)!;
    const person = [...people.rows.values()][0];
    expect(stored).toMatchObject({ status: 'queued', personId: person.id, customerId: expect.any(String) });
    expect(stored.channel).not.toBeNull();
    expect(stored.channelReason).toEqual(expect.any(String));
    expect(timeline.types(contact.id)).toEqual(['contact.identified', 'contact.classified', 'contact.status_changed']);
    expect(timeline.events[2].data).toEqual({ from: 'received', to: 'queued' });
    expect(jobs.jobs).toEqual([
      {
        name: JobName.DispatchContact,
        id: `${JobName.DispatchContact}.${contact.id}.queued`,
        payload: { contactId: contact.id, cause: 'queued' },
        // A fallback: the dispatch is done in line (processAndDispatch), which settles this job.
        runAt: clock.in(DISPATCH_FALLBACK_MS),
      },
    ]);
  });

  it('offers a contact it queued in line, standing in for its dispatch job', async () => {
    const contact = contacts.add(aContact({ fromEmail: 'taro@acme.co.jp' }));

    expect(await service.processAndDispatch(contact.id)).toEqual({
      outcome: 'classified',
      dispatch: { outcome: 'offered', agentId: 'agent-1' },
    });
    expect(dispatched).toEqual([{ contactId: contact.id, inPlaceOf: 'queued' }]);
    expect(unitOfWork.committed).toBe(1);
  });

  it('dispatches nothing in line for a contact it did not queue now', async () => {
    const contact = contacts.add(aContact({ fromEmail: 'taro@acme.co.jp' }));
    await service.process(contact.id);

    expect(await service.processAndDispatch(contact.id)).toEqual({ outcome: 'already_processed' });
    expect(await service.processAndDispatch('00000000-0000-4000-8000-999999999999')).toEqual({ outcome: 'missing' });
    expect(dispatched).toEqual([]);
  });

  it('leaves a failed dispatch to its fallback job, keeping the classification', async () => {
    const contact = contacts.add(aContact({ fromEmail: 'taro@acme.co.jp' }));
    dispatchAnswer = () => Promise.reject(new Error('connection lost'));

    expect(await service.processAndDispatch(contact.id)).toEqual({ outcome: 'classified' });
    expect(contacts.rows.get(contact.id)!.status).toBe('queued');
    expect(jobs.named(JobName.DispatchContact)).toHaveLength(1);
  });

  it('changes nothing when the job is redelivered', async () => {
    const contact = contacts.add(aContact({ fromEmail: 'taro@acme.co.jp' }));
    await service.process(contact.id);
    const before = { ...contacts.rows.get(contact.id)! };

    expect(await service.process(contact.id)).toBe('already_processed');

    expect(contacts.rows.get(contact.id)).toEqual(before);
    expect(timeline.events).toHaveLength(3);
    expect(jobs.jobs).toHaveLength(1);
  });

  it('answers missing for a contact that does not exist', async () => {
    expect(await service.process('00000000-0000-4000-8000-999999999999')).toBe('missing');
    expect(timeline.events).toEqual([]);
    expect(jobs.jobs).toEqual([]);
  });

  it('classifies with the active product line, and names an unknown one', async () => {
    contacts.productLines.set('erp', 'complex');
    const known = contacts.add(aContact({ productLine: 'erp', inquiryType: 'purchase' }));
    const unknown = contacts.add(aContact({ productLine: 'nope', inquiryType: 'purchase' }));
    await service.process(known.id);
    await service.process(unknown.id);
    const rule = (id: string) => timeline.events.find((e) => e.contactId === id && e.type === 'contact.classified');
    expect(rule(known.id)!.data).not.toEqual(rule(unknown.id)!.data);
    expect(JSON.stringify(rule(unknown.id)!.data)).toContain('nope');
  });
});
