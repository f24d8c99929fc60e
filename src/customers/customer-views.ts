import type { TimelineEventRow } from '../timeline/timeline.repository';
import type { CustomerProfile } from '../identity/customer.repository';
import type { PersonProfile } from '../identity/person.repository';
import type { TimelineEventView } from '../contacts/contact.dto';
import type { CustomerSummaryView, PersonSummaryView } from './customers.dto';

export const customerSummary = (c: CustomerProfile): CustomerSummaryView => ({
  id: c.id,
  name: c.name,
  domain: c.domain,
  segment: c.segment,
  industry: c.industry,
  size: c.size,
  region: c.region,
  relationshipOwnerId: c.relationshipOwnerId,
  relationshipOwner: c.relationshipOwnerId ? { id: c.relationshipOwnerId, name: c.relationshipOwnerName } : null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

export const personSummary = (p: PersonProfile): PersonSummaryView => ({
  id: p.id,
  name: p.name,
  email: p.email,
  phone: p.phone,
  customerId: p.customerId,
  doNotContact: p.doNotContact,
});

export const eventView = (e: TimelineEventRow): TimelineEventView => ({
  id: e.id,
  type: e.type,
  actor: e.actor,
  data: e.data,
  occurredAt: e.occurredAt,
});
