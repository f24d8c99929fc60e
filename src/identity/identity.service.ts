import { Injectable } from '@nestjs/common';
import { CallbackTaskRepository } from '../channels/voice/callback-task.repository';
import { AppConfig, InjectConfig } from '../config/app-config';
import { ContactRepository } from '../contacts/contact.repository';
import { UnitOfWork } from '../database/unit-of-work';
import { TimelineRepository } from '../timeline/timeline.repository';
import { CustomerRecord, CustomerRepository } from './customer.repository';
import { companyKey, emailDomain, isFreeMailDomain, normalizeEmail, normalizePhone } from './normalize';
import { PersonPatch, PersonRecord, PersonRepository } from './person.repository';

export interface IdentityClaims {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
}

export interface ResolvedIdentity {
  person: PersonRecord | null;
  customer: CustomerRecord | null;
  personCreated: boolean;
  customerCreated: boolean;
  /** Facts worth a line in the timeline (e.g. a phone already belonging to someone else). */
  notes: string[];
}

const isKey = (key: string | null | false): key is string => Boolean(key);

interface Keys {
  email: string | null;
  phone: string | null;
  corporateDomain: string | null;
  company: string | null;
}

/**
 * Finds or creates the person and the customer account behind a contact. The same e-mail
 * (lowercased) or phone (E.164) is always the same person; a corporate e-mail domain is the
 * same company. Joins the caller's unit of work and takes advisory locks on a person's keys (e-mail,
 * phone), so two contacts of one new person arriving together still make one person; the company
 * account needs no lock while it exists.
 */
@Injectable()
export class IdentityService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly people: PersonRepository,
    private readonly customers: CustomerRepository,
    private readonly contacts: ContactRepository,
    private readonly callbackTasks: CallbackTaskRepository,
    private readonly timeline: TimelineRepository,
  ) {}

  resolve(claims: IdentityClaims): Promise<ResolvedIdentity> {
    return this.unitOfWork.run(() => this.resolveInUnit(claims));
  }

  private async resolveInUnit(claims: IdentityClaims): Promise<ResolvedIdentity> {
    const keys = this.keysOf(claims);
    const { email, phone, corporateDomain, company } = keys;
    const name = claims.name?.trim() || null;
    const notes: string[] = [];
    // A person's keys only: the account of a corporate domain is found or created without a lock
    // (CustomerRepository.findOrCreateByDomain), so one large customer's contacts resolve in parallel.
    await this.people.lockIdentityKeys([email && `email:${email}`, phone && `phone:${phone}`].filter(isKey));

    const { customer, created: customerCreated } = await this.resolveCustomer(corporateDomain, company);
    if (!email && !phone) return { person: null, customer, personCreated: false, customerCreated, notes };

    const byEmail = email ? await this.people.findByEmail(email) : null;
    let byPhone = phone ? await this.people.findByPhone(phone) : null;
    let person = byEmail ?? byPhone;
    let merged: PersonRecord | null = null;

    if (byEmail && byPhone && byEmail.id !== byPhone.id) {
      if (this.canAbsorb(byEmail, byPhone)) {
        person = await this.absorb(byEmail, byPhone);
        merged = byPhone;
        notes.push(`person ${byPhone.id}, known only by phone ${phone}, is ${byEmail.email}: merged`);
        byPhone = null;
      } else {
        notes.push(`phone ${phone} also belongs to person ${byPhone.id}; matched by e-mail`);
      }
    }

    let personCreated = false;
    if (!person) {
      person = await this.people.create({ email, phone, name, customerId: customer?.id ?? null });
      personCreated = true;
    } else {
      const patch: PersonPatch = {};
      if (email && !person.email) patch.email = email;
      if (phone && !person.phone && !byPhone) patch.phone = phone;
      if (!person.name && (name || merged?.name)) patch.name = name || merged?.name;
      if (!person.customerId && (customer || merged?.customerId)) patch.customerId = customer?.id ?? merged?.customerId;
      if (Object.keys(patch).length > 0) {
        await this.people.update(person.id, patch);
        person = { ...person, ...patch };
      }
    }
    if (merged) {
      await this.timeline.append({
        type: 'person.merged',
        actor: 'system',
        personId: person.id,
        data: { survivorId: person.id, absorbedId: merged.id, by: 'e-mail and phone on one contact' },
      });
    }

    // A person already tied to an account keeps it, even when this contact named none.
    const finalCustomer = customer ?? (person.customerId ? await this.customers.findById(person.customerId) : null);
    return { person, customer: finalCustomer, personCreated, customerCreated, notes };
  }

  private keysOf(claims: IdentityClaims): Keys {
    const email = claims.email ? normalizeEmail(claims.email) : null;
    const phone = claims.phone ? normalizePhone(claims.phone, this.config.DEFAULT_PHONE_REGION) : null;
    const domain = email ? emailDomain(email) : null;
    const corporateDomain = domain && !isFreeMailDomain(domain) ? domain : null;
    return { email, phone, corporateDomain, company: claims.company?.trim() || null };
  }

  /**
   * Contacts can arrive out of order: a call from a new number makes a phone-only person before
   * the mail that names both the address and that number is processed. When a person known only
   * by a phone turns out to have an e-mail person already, the two are one human.
   */
  private canAbsorb(survivor: PersonRecord, other: PersonRecord): boolean {
    return other.email === null && (survivor.phone === null || survivor.phone === other.phone);
  }

  /** Moves the phone, the contacts and the callback tasks of `other` to `survivor`; `other` stays, marked merged. */
  private async absorb(survivor: PersonRecord, other: PersonRecord): Promise<PersonRecord> {
    await this.people.absorb(survivor.id, other);
    await this.contacts.reassignPerson(other.id, survivor.id);
    await this.callbackTasks.reassignPerson(other.id, survivor.id);
    return { ...survivor, phone: other.phone };
  }

  private async resolveCustomer(
    domain: string | null,
    company: string | null,
  ): Promise<{ customer: CustomerRecord | null; created: boolean }> {
    if (domain) {
      const name = company ?? domain;
      return this.customers.findOrCreateByDomain({ domain, name, nameKey: companyKey(name) });
    }
    if (company) {
      const nameKey = companyKey(company);
      const found = await this.customers.findByNameWithoutDomain(nameKey);
      if (found) return { customer: found, created: false };
      // Names have no unique index: creating one is serialized on the name, and only creating.
      // This lock is taken after the person's keys, like every other holder of it.
      await this.people.lockIdentityKeys([`company:${nameKey}`]);
      const created = await this.customers.findByNameWithoutDomain(nameKey);
      if (created) return { customer: created, created: false };
      return { customer: await this.customers.create({ domain: null, name: company, nameKey }), created: true };
    }
    return { customer: null, created: false };
  }
}
