import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { scopeOf } from '../auth/domain/access-policy';
import { DomainError, notFound } from '../common/domain-error';
import type { JsonObject } from '../common/json';
import { ContactsService } from '../contacts/contacts.service';
import { escapeLike } from '../contacts/domain/contact-search';
import { UnitOfWork } from '../database/unit-of-work';
import { CustomerPatch, CustomerRepository } from '../identity/customer.repository';
import { companyKey } from '../identity/normalize';
import { PersonRepository } from '../identity/person.repository';
import { LeadsService } from '../routing/leads/leads.service';
import { TimelineRepository } from '../timeline/timeline.repository';
import { ActiveUsers } from '../users/active-users';
import { customerSummary, eventView, personSummary } from './customer-views';
import type {
  CustomerDetailView,
  CustomerPage,
  CustomerSummaryView,
  ListCustomersQuery,
  UpdateCustomerDto,
} from './customers.dto';

/** The account fields PATCH may change, in the order the audit lists them. */
const FIELDS = ['name', 'relationshipOwnerId', 'segment', 'industry', 'size', 'region'] as const;

/** How many people, contacts and leads an account page shows. */
const DETAIL_LIMIT = 100;

/**
 * Customer accounts as staff see them: who the customer is, their people, contacts and leads.
 * Changes are audited as `customer.updated` timeline events: the timeline is per contact and
 * person, and an account's own change belongs to no single contact, so the event names the
 * account in `data.customerId` (indexed) and the account page lists them as its history.
 */
@Injectable()
export class CustomersService {
  private readonly logger = new Logger(CustomersService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly customers: CustomerRepository,
    private readonly people: PersonRepository,
    private readonly contacts: ContactsService,
    private readonly leads: LeadsService,
    private readonly timeline: TimelineRepository,
    private readonly activeUsers: ActiveUsers,
  ) {}

  async list(query: ListCustomersQuery, viewer: Principal): Promise<CustomerPage> {
    const limit = query.limit ?? 50;
    const rows = await this.customers.list(
      {
        ...(query.q ? { like: `%${escapeLike(query.q.normalize('NFKC'))}%` } : {}),
        ...(query.segment ? { segment: query.segment } : {}),
        ...(query.ownerId ? { ownerId: query.ownerId } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
        limit: limit + 1,
      },
      scopeOf(viewer),
    );
    const items = rows.slice(0, limit).map(customerSummary);
    return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
  }

  /** The account with its people, the contacts and leads the caller may see, and its history; 404 out of scope. */
  async get(id: string, viewer: Principal): Promise<CustomerDetailView> {
    const customer = await this.customers.findProfile(id, scopeOf(viewer));
    if (!customer) throw notFound('customer', id);
    const [people, contacts, leads, history] = await Promise.all([
      this.people.forCustomer(id, DETAIL_LIMIT),
      this.contacts.list({ customerId: id, limit: DETAIL_LIMIT }, viewer),
      this.leads.list({ customerId: id, limit: DETAIL_LIMIT }, viewer),
      this.timeline.forCustomer(id),
    ]);
    return {
      ...customerSummary(customer),
      people: people.map(personSummary),
      contacts: contacts.items,
      leads,
      history: history.map(eventView),
    };
  }

  /** Supervisors and admins (by decorator) set the account's owner and market-planning fields. */
  async update(id: string, dto: UpdateCustomerDto, by: Principal): Promise<CustomerSummaryView> {
    const updated = await this.unitOfWork.run(async () => {
      const current = await this.customers.findProfile(id, scopeOf(by), { lock: true });
      if (!current) throw notFound('customer', id);
      if (dto.relationshipOwnerId && !(await this.activeUsers.isActive(dto.relationshipOwnerId))) {
        throw new DomainError('validation_failed', 'relationshipOwnerId names no active staff user', [
          { field: 'relationshipOwnerId', message: 'relationshipOwnerId names no active staff user' },
        ]);
      }
      const patch: CustomerPatch = {};
      const changes: JsonObject = {};
      for (const field of FIELDS) {
        const next = dto[field];
        if (next === undefined || next === current[field]) continue;
        Object.assign(patch, { [field]: next });
        changes[field] = { from: current[field], to: next };
      }
      if (Object.keys(changes).length === 0) return current;
      await this.customers.update(id, patch);
      if (patch.name !== undefined) await this.customers.rekey(id, companyKey(patch.name));
      await this.timeline.append({
        type: 'customer.updated',
        actor: `user:${by.id}`,
        contactId: null,
        personId: null,
        data: { customerId: id, changes },
      });
      this.unitOfWork.afterCommit(() =>
        this.logger.log({ customerId: id, by: by.id, fields: Object.keys(changes) }, 'customer account updated'),
      );
      return this.customers.findProfile(id, { all: true });
    });
    if (!updated) throw notFound('customer', id);
    return customerSummary(updated);
  }
}
