import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AppConfig, InjectConfig } from '../config/app-config';
import { Customer } from './customer.entity';
import { companyKey, emailDomain, isFreeMailDomain, normalizeEmail, normalizePhone } from './normalize';
import { Person } from './person.entity';

export interface IdentityClaims {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
}

export interface ResolvedIdentity {
  person: Person | null;
  customer: Customer | null;
  personCreated: boolean;
  customerCreated: boolean;
  /** Facts worth a line in the timeline (e.g. a phone already belonging to someone else). */
  notes: string[];
}

/**
 * Finds or creates the person and the customer account behind a contact. The same e-mail
 * (lowercased) or phone (E.164) is always the same person; a corporate e-mail domain is the
 * same company. Runs inside the caller's transaction and takes advisory locks on the identity
 * keys, so two contacts of one new person arriving together still make one person.
 */
@Injectable()
export class IdentityService {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  async resolve(manager: EntityManager, claims: IdentityClaims): Promise<ResolvedIdentity> {
    const email = claims.email ? normalizeEmail(claims.email) : null;
    const phone = claims.phone ? normalizePhone(claims.phone, this.config.DEFAULT_PHONE_REGION) : null;
    const domain = email ? emailDomain(email) : null;
    const corporateDomain = domain && !isFreeMailDomain(domain) ? domain : null;
    const company = claims.company?.trim() || null;
    const notes: string[] = [];

    const lockKeys = [
      email && `email:${email}`,
      phone && `phone:${phone}`,
      corporateDomain ? `domain:${corporateDomain}` : company && `company:${companyKey(company)}`,
    ].filter((k): k is string => Boolean(k));
    for (const key of lockKeys.sort()) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    }

    const { customer, created: customerCreated } = await this.resolveCustomer(manager, corporateDomain, company);
    if (!email && !phone) return { person: null, customer, personCreated: false, customerCreated, notes };

    const people = manager.getRepository(Person);
    const byEmail = email ? await people.findOneBy({ email }) : null;
    const byPhone = phone ? await people.findOneBy({ phone }) : null;
    let person = byEmail ?? byPhone;
    let personCreated = false;

    if (!person) {
      person = await people.save(
        people.create({ email, phone, name: claims.name?.trim() || null, customerId: customer?.id ?? null }),
      );
      personCreated = true;
    } else {
      const patch: Partial<Person> = {};
      if (email && !person.email) patch.email = email;
      if (phone && !person.phone && !byPhone) patch.phone = phone;
      if (byEmail && byPhone && byEmail.id !== byPhone.id) {
        notes.push(`phone ${phone} also belongs to person ${byPhone.id}; matched by e-mail`);
      }
      if (!person.name && claims.name?.trim()) patch.name = claims.name.trim();
      if (!person.customerId && customer) patch.customerId = customer.id;
      if (Object.keys(patch).length > 0) {
        await people.update({ id: person.id }, patch);
        person = { ...person, ...patch };
      }
    }

    // A person already tied to an account keeps it, even when this contact named none.
    const finalCustomer =
      customer ??
      (person.customerId ? await manager.getRepository(Customer).findOneBy({ id: person.customerId }) : null);
    return { person, customer: finalCustomer, personCreated, customerCreated, notes };
  }

  private async resolveCustomer(
    manager: EntityManager,
    domain: string | null,
    company: string | null,
  ): Promise<{ customer: Customer | null; created: boolean }> {
    const customers = manager.getRepository(Customer);
    if (domain) {
      const found = await customers.findOneBy({ domain });
      if (found) return { customer: found, created: false };
      const name = company ?? domain;
      return {
        customer: await customers.save(customers.create({ domain, name, nameKey: companyKey(name) })),
        created: true,
      };
    }
    if (company) {
      const nameKey = companyKey(company);
      const found = await customers.findOneBy({ nameKey, domain: IsNull() });
      if (found) return { customer: found, created: false };
      return {
        customer: await customers.save(customers.create({ domain: null, name: company, nameKey })),
        created: true,
      };
    }
    return { customer: null, created: false };
  }
}
