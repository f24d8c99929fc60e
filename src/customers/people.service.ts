import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { personChangeRefusal, scopeOf } from '../auth/domain/access-policy';
import { DomainError, notFound } from '../common/domain-error';
import { ContactsService } from '../contacts/contacts.service';
import { UnitOfWork } from '../database/unit-of-work';
import { CustomerRepository } from '../identity/customer.repository';
import { PersonRepository } from '../identity/person.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import { customerSummary, personSummary } from './customer-views';
import type { PersonDetailView, UpdatePersonDto } from './customers.dto';

const CONTACT_LIMIT = 100;

/**
 * People as staff see them, with their contacts on every medium. The do-not-contact mark is set
 * here; every outbound path (replies, calls, campaigns) reads it before sending.
 */
@Injectable()
export class PeopleService {
  private readonly logger = new Logger(PeopleService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly people: PersonRepository,
    private readonly customers: CustomerRepository,
    private readonly contacts: ContactsService,
    private readonly timeline: TimelineRepository,
  ) {}

  /** The person, their account (when the caller may see it) and their contacts; 404 out of scope. */
  async get(id: string, viewer: Principal): Promise<PersonDetailView> {
    const scope = scopeOf(viewer);
    const person = await this.people.findProfile(id, scope);
    if (!person) throw notFound('person', id);
    const [customer, contacts] = await Promise.all([
      person.customerId ? this.customers.findProfile(person.customerId, scope) : Promise.resolve(null),
      this.contacts.list({ personId: id, limit: CONTACT_LIMIT }, viewer),
    ]);
    return {
      ...personSummary(person),
      customer: customer ? customerSummary(customer) : null,
      contacts: contacts.items,
    };
  }

  /**
   * Marks (or, for overseers, unmarks) the person do-not-contact and corrects their name; each
   * change is a timeline event on the person. Who may: see `personChangeRefusal`.
   */
  async update(id: string, dto: UpdatePersonDto, by: Principal): Promise<PersonDetailView> {
    await this.unitOfWork.run(async () => {
      const scope = scopeOf(by);
      const person = await this.people.findProfile(id, scope, { lock: true });
      if (!person) throw notFound('person', id);
      const owner = scope.all || (await this.people.isOwnedBy(id, by.id));
      const refusal = personChangeRefusal(scope, { owner }, dto);
      if (refusal) {
        const field = dto.doNotContact === false ? 'doNotContact' : (Object.keys(dto)[0] ?? 'doNotContact');
        throw new DomainError('forbidden', refusal, [{ field, message: refusal }]);
      }
      const actor = `user:${by.id}`;
      if (dto.doNotContact !== undefined && dto.doNotContact !== person.doNotContact) {
        await this.people.setDoNotContact(id, dto.doNotContact);
        await this.timeline.append({
          type: dto.doNotContact ? 'person.do_not_contact_set' : 'person.do_not_contact_lifted',
          actor,
          personId: id,
          data: { doNotContact: dto.doNotContact },
        });
        this.unitOfWork.afterCommit(() =>
          this.logger.log({ personId: id, by: by.id, doNotContact: dto.doNotContact }, 'do-not-contact changed'),
        );
      }
      if (dto.name !== undefined && dto.name !== person.name) {
        await this.people.update(id, { name: dto.name });
        await this.timeline.append({
          type: 'person.updated',
          actor,
          personId: id,
          data: { changes: { name: { from: person.name, to: dto.name } } },
        });
      }
    });
    return this.get(id, by);
  }
}
