import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { AppConfig, InjectConfig } from '../config/app-config';
import { Customer } from './customer.entity';
import { companyKey, emailDomain, isFreeMailDomain, normalizeEmail, normalizePhone } from './normalize';
import { Person } from './person.entity';
import { appendTimeline } from '../timeline/timeline';

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
    let byPhone = phone ? await people.findOneBy({ phone }) : null;
    let person = byEmail ?? byPhone;
    let personCreated = false;
    let merged: Person | null = null;

    if (byEmail && byPhone && byEmail.id !== byPhone.id) {
      if (this.canAbsorb(byEmail, byPhone)) {
        await this.absorb(manager, byEmail, byPhone);
        merged = byPhone;
        notes.push(`person ${byPhone.id}, known only by phone ${phone}, is ${byEmail.email}: merged`);
        byPhone = null;
      } else {
        notes.push(`phone ${phone} also belongs to person ${byPhone.id}; matched by e-mail`);
      }
    }

    if (!person) {
      person = await people.save(
        people.create({ email, phone, name: claims.name?.trim() || null, customerId: customer?.id ?? null }),
      );
      personCreated = true;
    } else {
      const patch: Partial<Person> = {};
      if (email && !person.email) patch.email = email;
      if (phone && !person.phone && !byPhone) patch.phone = phone;
      if (!person.name && (claims.name?.trim() || merged?.name)) patch.name = claims.name?.trim() || merged?.name;
      if (!person.customerId && (customer || merged?.customerId)) patch.customerId = customer?.id ?? merged?.customerId;
      if (Object.keys(patch).length > 0) {
        await people.update({ id: person.id }, patch);
        person = { ...person, ...patch };
      }
    }
    if (merged) {
      await appendTimeline(manager, {
        type: 'person.merged',
        actor: 'system',
        personId: person.id,
        data: { survivorId: person.id, absorbedId: merged.id, by: 'e-mail and phone on one contact' },
      });
    }

    // A person already tied to an account keeps it, even when this contact named none.
    const finalCustomer =
      customer ??
      (person.customerId ? await manager.getRepository(Customer).findOneBy({ id: person.customerId }) : null);
    return { person, customer: finalCustomer, personCreated, customerCreated, notes };
  }

  /**
   * Contacts can arrive out of order: a call from a new number makes a phone-only person before
   * the mail that names both the address and that number is processed. When a person known only
   * by a phone turns out to have an e-mail person already, the two are one human.
   */
  private canAbsorb(survivor: Person, other: Person): boolean {
    return other.email === null && (survivor.phone === null || survivor.phone === other.phone);
  }

  /** Moves the phone and the contacts of `other` to `survivor`; `other` stays, marked merged. */
  private async absorb(manager: EntityManager, survivor: Person, other: Person): Promise<void> {
    await manager.query(`UPDATE person SET phone = NULL, merged_into_id = $2, updated_at = now() WHERE id = $1`, [
      other.id,
      survivor.id,
    ]);
    await manager.query(`UPDATE person SET phone = $2, updated_at = now() WHERE id = $1`, [survivor.id, other.phone]);
    await manager.query(`UPDATE contact SET person_id = $2 WHERE person_id = $1`, [other.id, survivor.id]);
    await manager.query(`UPDATE callback_task SET person_id = $2 WHERE person_id = $1`, [other.id, survivor.id]);
    survivor.phone = other.phone;
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
