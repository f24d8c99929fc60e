import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
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

  /**
   * Resolves many claims at once (a campaign's target import) by the same rules as `resolve`, with
   * a handful of bulk reads and writes instead of several statements per claim: the same e-mail or
   * phone is the same person (also between two claims of the batch), a corporate domain or a
   * company name the same account, empty fields of a known person are filled. A claim whose e-mail
   * and phone belong to two different people (the merge case) is left to `resolve`'s rules, one by
   * one, after the rest. Answers one identity per claim, in order; joins the caller's unit of work.
   */
  resolveMany(claims: readonly IdentityClaims[]): Promise<ResolvedIdentity[]> {
    return this.unitOfWork.run(() => this.resolveManyInUnit(claims));
  }

  private async resolveManyInUnit(claims: readonly IdentityClaims[]): Promise<ResolvedIdentity[]> {
    const keys = claims.map((c) => this.keysOf(c));
    const lockKeys = new Set<string>();
    for (const k of keys) {
      if (k.email) lockKeys.add(`email:${k.email}`);
      if (k.phone) lockKeys.add(`phone:${k.phone}`);
      // A corporate domain needs no lock: the unique index on it decides (createMany below).
      if (!k.corporateDomain && k.company) lockKeys.add(`company:${companyKey(k.company)}`);
    }
    await this.people.lockIdentityKeys([...lockKeys]);

    // Accounts: by corporate domain, else by company name; the missing ones created in one statement.
    const byDomain = new Map<string, CustomerRecord>();
    const byName = new Map<string, CustomerRecord>();
    const domains = [...new Set(keys.map((k) => k.corporateDomain).filter((d): d is string => d !== null))];
    const nameKeys = [
      ...new Set(keys.filter((k) => !k.corporateDomain && k.company).map((k) => companyKey(k.company as string))),
    ];
    for (const c of await this.customers.findByDomains(domains)) if (c.domain) byDomain.set(c.domain, c);
    for (const c of await this.customers.findByNamesWithoutDomain(nameKeys)) byName.set(c.nameKey, c);
    const missing = new Map<string, { name: string; domain: string | null; nameKey: string }>();
    for (const k of keys) {
      if (k.corporateDomain && !byDomain.has(k.corporateDomain) && !missing.has(`d:${k.corporateDomain}`)) {
        const name = k.company ?? k.corporateDomain;
        missing.set(`d:${k.corporateDomain}`, { name, domain: k.corporateDomain, nameKey: companyKey(name) });
      } else if (!k.corporateDomain && k.company) {
        const nameKey = companyKey(k.company);
        if (!byName.has(nameKey) && !missing.has(`n:${nameKey}`)) {
          missing.set(`n:${nameKey}`, { name: k.company, domain: null, nameKey });
        }
      }
    }
    const createdCustomers = new Set<string>();
    for (const c of await this.customers.createMany([...missing.values()])) {
      createdCustomers.add(c.id);
      if (c.domain) byDomain.set(c.domain, c);
      else byName.set(c.nameKey, c);
    }
    // Domains whose account a concurrent contact created first: a new statement sees the winner's.
    const raced = domains.filter((d) => !byDomain.has(d));
    for (const c of await this.customers.findByDomains(raced)) if (c.domain) byDomain.set(c.domain, c);

    // People: known ones by e-mail or phone; new ones get their id here, so later claims find them.
    const emails = [...new Set(keys.map((k) => k.email).filter((e): e is string => e !== null))];
    const phones = [...new Set(keys.map((k) => k.phone).filter((p): p is string => p !== null))];
    const byEmail = new Map<string, PersonRecord>();
    const byPhone = new Map<string, PersonRecord>();
    const known = new Map<string, PersonRecord>();
    for (const p of [...(await this.people.findByEmails(emails)), ...(await this.people.findByPhones(phones))]) {
      const person = known.get(p.id) ?? { ...p };
      known.set(p.id, person);
      if (person.email) byEmail.set(person.email, person);
      if (person.phone) byPhone.set(person.phone, person);
    }
    const created = new Map<string, PersonRecord>();
    const patches = new Map<string, PersonPatch>();
    const announced = new Set<string>();
    const results: (ResolvedIdentity | null)[] = [];
    const deferred: number[] = [];
    const accountOf = new Map<number, string>();
    const deferredKeys = new Set<string>();
    for (let i = 0; i < claims.length; i += 1) {
      const { email, phone, corporateDomain, company } = keys[i];
      const name = claims[i].name?.trim() || null;
      const customer =
        (corporateDomain ? byDomain.get(corporateDomain) : company ? byName.get(companyKey(company)) : undefined) ??
        null;
      const customerCreated = customer !== null && createdCustomers.has(customer.id) && !announced.has(customer.id);
      if (customer) announced.add(customer.id);
      if (!email && !phone) {
        results.push({ person: null, customer, personCreated: false, customerCreated, notes: [] });
        continue;
      }
      const viaEmail = email ? byEmail.get(email) : undefined;
      const viaPhone = phone ? byPhone.get(phone) : undefined;
      // The merge case, and any later claim sharing a key with one, keep resolve's order and rules.
      const touchesDeferred = (email && deferredKeys.has(`e:${email}`)) || (phone && deferredKeys.has(`p:${phone}`));
      if (touchesDeferred || (viaEmail && viaPhone && viaEmail.id !== viaPhone.id)) {
        if (email) deferredKeys.add(`e:${email}`);
        if (phone) deferredKeys.add(`p:${phone}`);
        deferred.push(i);
        results.push(null);
        continue;
      }
      let person = viaEmail ?? viaPhone;
      let personCreated = false;
      if (!person) {
        person = { id: randomUUID(), name, email, phone, customerId: customer?.id ?? null, mergedIntoId: null };
        created.set(person.id, person);
        personCreated = true;
      } else {
        const patch: PersonPatch = {};
        if (email && !person.email) patch.email = email;
        if (phone && !person.phone && !viaPhone) patch.phone = phone;
        if (!person.name && name) patch.name = name;
        if (!person.customerId && customer) patch.customerId = customer.id;
        if (Object.keys(patch).length > 0) {
          Object.assign(person, patch);
          if (!created.has(person.id)) patches.set(person.id, { ...patches.get(person.id), ...patch });
        }
      }
      if (person.email) byEmail.set(person.email, person);
      if (person.phone) byPhone.set(person.phone, person);
      // The account as of this claim (a later claim may still give the person one).
      if (!customer && person.customerId) accountOf.set(i, person.customerId);
      results.push({ person: { ...person }, customer, personCreated, customerCreated, notes: [] });
    }
    await this.people.createMany([...created.values()]);
    await this.people.fillMany([...patches].map(([id, patch]) => ({ id, patch })));

    // A person already tied to an account keeps it, even when the claim named none.
    const accounts = new Map<string, CustomerRecord | null>();
    const inBatch = new Map([...byDomain.values(), ...byName.values()].map((c) => [c.id, c]));
    for (const [i, id] of accountOf) {
      const r = results[i];
      if (!r) continue;
      if (!accounts.has(id)) accounts.set(id, inBatch.get(id) ?? (await this.customers.findById(id)));
      r.customer = accounts.get(id) ?? null;
    }
    for (const i of deferred) results[i] = await this.resolveInUnit(claims[i]);
    return results as ResolvedIdentity[];
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
