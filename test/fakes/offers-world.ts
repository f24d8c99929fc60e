import type { AppConfig } from '../../src/config/app-config';
import type { ContactRepository } from '../../src/contacts/contact.repository';
import type { AgentProfileRepository } from '../../src/routing/agents/agent-profile.repository';
import type { AgentRosterRepository } from '../../src/routing/agents/agent-roster.repository';
import type { AssignmentRepository } from '../../src/routing/offers/assignment.repository';
import type { OfferRepository } from '../../src/routing/offers/offer.repository';
import type { TimelineRepository } from '../../src/timeline/timeline.repository';
import { AgentRoster } from '../../src/routing/agents/agent-roster.service';
import { PresenceService } from '../../src/routing/agents/presence.service';
import { AssignmentsService } from '../../src/routing/offers/assignments.service';
import { DispatchService } from '../../src/routing/offers/dispatch.service';
import { OffersService } from '../../src/routing/offers/offers.service';
import { FakeAgentProfileRepository, FakeAgentRosterRepository, FakePresenceStore } from './fake-agent-repositories';
import { FakeClock } from './fake-clock';
import { FakeJobQueue } from './fake-job-queue';
import { FakeProductLineRepository } from './fake-leads';
import { FakeAssignmentRepository, FakeOfferRepository } from './fake-offer-repositories';
import { FakeContactRepository } from './fake-routable-contacts';
import { FakeTimeline } from './fake-timeline';
import { FakeUnitOfWork } from './fake-unit-of-work';
import { asPartialPort, asPort } from './public';
import { RecordingAgentNotifier } from './recording-agent-notifier';

export const ROUTING_TEST_CONFIG = {
  OFFER_TIMEOUT_SECONDS: 30,
  OFFER_RETRY_AFTER_SECONDS: 60,
  PRESENCE_GRACE_SECONDS: 10,
} as AppConfig;

/**
 * Offers, assignments, dispatch and presence wired on in-memory fakes, for service specs: the
 * services are the real ones, everything under them is a fake a spec can arrange and inspect.
 */
export function offersWorld(config: AppConfig = ROUTING_TEST_CONFIG) {
  const unitOfWork = new FakeUnitOfWork();
  const clock = new FakeClock();
  const jobs = new FakeJobQueue();
  const timeline = new FakeTimeline();
  const notifier = new RecordingAgentNotifier();
  const contacts = new FakeContactRepository();
  const offerRecords = new FakeOfferRepository(contacts);
  const assignments = new FakeAssignmentRepository();
  const profiles = new FakeAgentProfileRepository(clock);
  const rosterRecords = new FakeAgentRosterRepository(offerRecords, assignments);
  const store = new FakePresenceStore();
  const productLines = new FakeProductLineRepository();
  contacts.segmentsOf = (code) => productLines.lines.get(code)?.segments ?? [];

  const roster = new AgentRoster(asPort<AgentRosterRepository>(rosterRecords), store);
  const offers = new OffersService(
    unitOfWork,
    asPort<OfferRepository>(offerRecords),
    asPort<AssignmentRepository>(assignments),
    asPort<AgentProfileRepository>(profiles),
    asPartialPort<ContactRepository>(contacts),
    asPort<TimelineRepository>(timeline),
    jobs,
    notifier,
    clock,
    config,
  );
  const assignmentsService = new AssignmentsService(
    unitOfWork,
    notifier,
    asPort<AssignmentRepository>(assignments),
    asPort<AgentProfileRepository>(profiles),
    asPartialPort<ContactRepository>(contacts),
    asPort<TimelineRepository>(timeline),
    jobs,
  );
  const dispatch = new DispatchService(
    unitOfWork,
    asPartialPort<ContactRepository>(contacts),
    asPort<OfferRepository>(offerRecords),
    asPort<AssignmentRepository>(assignments),
    asPort<AgentProfileRepository>(profiles),
    roster,
    offers,
    jobs,
    notifier,
    clock,
    config,
  );
  const presence = new PresenceService(
    unitOfWork,
    store,
    asPort<AgentProfileRepository>(profiles),
    jobs,
    offers,
    notifier,
    clock,
    config,
  );

  return {
    unitOfWork,
    clock,
    jobs,
    timeline,
    notifier,
    contacts,
    offerRecords,
    assignments,
    profiles,
    rosterRecords,
    store,
    productLines,
    roster,
    offers,
    assignmentsService,
    dispatch,
    presence,
  };
}

export type OffersWorld = ReturnType<typeof offersWorld>;
