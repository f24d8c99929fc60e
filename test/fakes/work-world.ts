import type { CallbackTaskRepository } from '../../src/channels/voice/callback-task.repository';
import type { ContactDetail, ContactRepository } from '../../src/contacts/contact.repository';
import type { ContactNoteRecord, ContactNoteRepository } from '../../src/contacts/notes/contact-note.repository';
import type { PersonRepository } from '../../src/identity/person.repository';
import type { AgentProfileRepository } from '../../src/routing/agents/agent-profile.repository';
import type { AgentRosterRepository } from '../../src/routing/agents/agent-roster.repository';
import type { AssignmentRepository } from '../../src/routing/offers/assignment.repository';
import type { Disposition } from '../../src/routing/domain/dispositions';
import { DEFAULT_DISPOSITIONS } from '../../src/routing/domain/dispositions';
import type { DispositionRepository } from '../../src/routing/work/disposition.repository';
import { TransferService } from '../../src/routing/work/transfer.service';
import { WrapUpService } from '../../src/routing/work/wrap-up.service';
import { WrapUpListeners } from '../../src/routing/work/wrap-up.listener';
import type { TimelineRepository } from '../../src/timeline/timeline.repository';
import { FakeCallbackTaskRepository } from './fake-callback-tasks';
import { aContact, fakeId } from './fake-contacts';
import { FakePersonRepository } from './fake-identity';
import { offersWorld } from './offers-world';
import { asPartialPort, asPort, Public } from './public';

/** The disposition table in memory, seeded with the defaults. */
export class FakeDispositionRepository implements Public<DispositionRepository> {
  items: Disposition[] = [...DEFAULT_DISPOSITIONS];

  list(): Promise<Disposition[]> {
    return Promise.resolve([...this.items]);
  }

  find(code: string): Promise<Disposition | null> {
    return Promise.resolve(this.items.find((d) => d.code === code) ?? null);
  }

  replace(dispositions: readonly Disposition[]): Promise<void> {
    this.items = [...dispositions];
    return Promise.resolve();
  }
}

/** The contact_note table in memory. */
export class FakeContactNoteRepository implements Public<ContactNoteRepository> {
  readonly rows: ContactNoteRecord[] = [];

  insert(note: { contactId: string; authorId: string; body: string }): Promise<ContactNoteRecord> {
    const row = {
      id: fakeId(),
      contactId: note.contactId,
      body: note.body,
      author: { id: note.authorId, name: 'Author' },
      createdAt: new Date(0),
    };
    this.rows.push(row);
    return Promise.resolve(row);
  }

  forContact(contactId: string): Promise<ContactNoteRecord[]> {
    return Promise.resolve(this.rows.filter((n) => n.contactId === contactId));
  }
}

/**
 * Transfer and wrap-up on the offers world's fakes: the contact detail (scope, assignee, phone)
 * is derived from the routable contact and the active assignment, as the real joins do.
 */
export function workWorld() {
  const w = offersWorld();
  const dispositions = new FakeDispositionRepository();
  const notes = new FakeContactNoteRepository();
  const callbackTasks = new FakeCallbackTaskRepository();
  const people = new FakePersonRepository();
  /** Contacts hidden from a user (outside their scope). */
  const hiddenFrom = new Map<string, string>();
  const phones = new Map<string, string>();

  const findDetail = async (id: string, scope: { all: boolean; userId?: string }): Promise<ContactDetail | null> => {
    const routable = w.contacts.contacts.get(id);
    if (!routable) return null;
    if (!scope.all && hiddenFrom.get(id) === scope.userId) return null;
    const active = await w.assignments.activeFor(id);
    return {
      ...aContact({
        id,
        status: routable.status,
        channel: routable.channel,
        medium: routable.medium,
        language: routable.language,
        personId: routable.person_id,
        fromPhone: phones.get(id) ?? null,
      }),
      assignedAgentId: active?.agentId ?? null,
      person: null,
      customer: null,
    };
  };
  const contacts = Object.assign(w.contacts, { findDetail });

  const transfers = new TransferService(
    w.unitOfWork,
    asPartialPort<ContactRepository>(contacts),
    asPort<AssignmentRepository>(w.assignments),
    asPort<AgentProfileRepository>(w.profiles),
    asPort<AgentRosterRepository>(w.rosterRecords),
    w.roster,
    w.offers,
    asPort<TimelineRepository>(w.timeline),
    w.jobs,
    w.notifier,
  );
  const wrapUpListeners = new WrapUpListeners();
  const wrapUps = new WrapUpService(
    w.unitOfWork,
    asPartialPort<ContactRepository>(contacts),
    asPort<DispositionRepository>(dispositions),
    w.assignmentsService,
    asPort<ContactNoteRepository>(notes),
    asPort<CallbackTaskRepository>(callbackTasks),
    asPort<PersonRepository>(people),
    asPort<TimelineRepository>(w.timeline),
    w.clock,
    wrapUpListeners,
  );
  return { ...w, dispositions, notes, callbackTasks, people, hiddenFrom, phones, transfers, wrapUps, wrapUpListeners };
}

export type WorkWorld = ReturnType<typeof workWorld>;
