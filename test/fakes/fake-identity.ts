import type { AccessScope } from '../../src/auth/domain/access-policy';
import type {
  CustomerFilters,
  CustomerPatch,
  CustomerProfile,
  CustomerRecord,
  CustomerRepository,
} from '../../src/identity/customer.repository';
import type { PersonPatch, PersonProfile, PersonRecord, PersonRepository } from '../../src/identity/person.repository';
import { fakeId } from './fake-contacts';
import type { Public } from './public';

/** The person table in memory; `locked` records the identity keys locked, in lock order. */
export class FakePersonRepository implements Public<PersonRepository> {
  readonly rows = new Map<string, PersonRecord>();
  readonly locked: string[] = [];
  readonly doNotContact = new Set<string>();
  /** Who sees each person without seeing everything (what the SQL scope derives from contacts). */
  readonly visibleTo = new Map<string, Set<string>>();
  /** Who owns each person (an assigned contact, or the account). */
  readonly ownedBy = new Map<string, Set<string>>();

  add(person: Partial<PersonRecord>): PersonRecord {
    const row: PersonRecord = {
      id: fakeId(),
      name: null,
      email: null,
      phone: null,
      customerId: null,
      mergedIntoId: null,
      ...person,
    };
    this.rows.set(row.id, row);
    return row;
  }

  lockIdentityKeys(keys: readonly string[]): Promise<void> {
    this.locked.push(...[...keys].sort());
    return Promise.resolve();
  }

  findByEmail(email: string): Promise<PersonRecord | null> {
    return Promise.resolve(this.copy([...this.rows.values()].find((p) => p.email === email)));
  }

  findByPhone(phone: string): Promise<PersonRecord | null> {
    return Promise.resolve(this.copy([...this.rows.values()].find((p) => p.phone === phone)));
  }

  findByEmails(emails: readonly string[]): Promise<PersonRecord[]> {
    return Promise.resolve([...this.rows.values()].filter((p) => p.email !== null && emails.includes(p.email)));
  }

  findByPhones(phones: readonly string[]): Promise<PersonRecord[]> {
    return Promise.resolve([...this.rows.values()].filter((p) => p.phone !== null && phones.includes(p.phone)));
  }

  createMany(people: readonly Omit<PersonRecord, 'mergedIntoId'>[]): Promise<void> {
    for (const p of people) this.add(p);
    return Promise.resolve();
  }

  fillMany(patches: readonly { id: string; patch: PersonPatch }[]): Promise<void> {
    for (const { id, patch } of patches) {
      const row = this.rows.get(id)!;
      for (const [k, v] of Object.entries(patch) as [keyof PersonPatch, string | null | undefined][]) {
        if (v !== undefined && v !== null && row[k] === null) row[k] = v;
      }
    }
    return Promise.resolve();
  }

  doNotContactAmong(ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(ids.filter((id) => this.doNotContact.has(id))));
  }

  create(person: Omit<PersonRecord, 'id' | 'mergedIntoId'>): Promise<PersonRecord> {
    return Promise.resolve({ ...this.add(person) });
  }

  update(id: string, patch: PersonPatch): Promise<void> {
    Object.assign(this.rows.get(id)!, patch);
    return Promise.resolve();
  }

  absorb(survivorId: string, other: { id: string; phone: string | null }): Promise<void> {
    Object.assign(this.rows.get(other.id)!, { phone: null, mergedIntoId: survivorId });
    Object.assign(this.rows.get(survivorId)!, { phone: other.phone });
    return Promise.resolve();
  }

  findProfile(id: string, scope: AccessScope): Promise<PersonProfile | null> {
    const row = this.rows.get(id);
    const visible = row && (scope.all || this.visibleTo.get(id)?.has(scope.userId));
    return Promise.resolve(visible ? this.profile(row) : null);
  }

  forCustomer(customerId: string, limit: number): Promise<PersonProfile[]> {
    const rows = [...this.rows.values()].filter((p) => p.customerId === customerId && p.mergedIntoId === null);
    return Promise.resolve(rows.slice(0, limit).map((p) => this.profile(p)));
  }

  isDoNotContact(id: string): Promise<boolean> {
    return Promise.resolve(this.doNotContact.has(id));
  }

  setDoNotContact(id: string, doNotContact: boolean): Promise<void> {
    if (doNotContact) this.doNotContact.add(id);
    else this.doNotContact.delete(id);
    return Promise.resolve();
  }

  isOwnedBy(personId: string, userId: string): Promise<boolean> {
    return Promise.resolve(this.ownedBy.get(personId)?.has(userId) === true);
  }

  private profile(row: PersonRecord): PersonProfile {
    return { ...row, doNotContact: this.doNotContact.has(row.id), createdAt: new Date(0), updatedAt: new Date(0) };
  }

  private copy(row: PersonRecord | undefined): PersonRecord | null {
    return row ? { ...row } : null;
  }
}

/** The customer table in memory. */
export class FakeCustomerRepository implements Public<CustomerRepository> {
  readonly rows = new Map<string, CustomerRecord & Partial<CustomerProfile>>();
  /** Who sees each account through one of its contacts (what the SQL scope derives). */
  readonly visibleTo = new Map<string, Set<string>>();

  add(customer: Partial<CustomerRecord> & { name: string }): CustomerRecord {
    const row: CustomerRecord = {
      id: fakeId(),
      domain: null,
      nameKey: customer.name.toLowerCase(),
      relationshipOwnerId: null,
      segment: null,
      ...customer,
    };
    this.rows.set(row.id, row);
    return row;
  }

  findById(id: string): Promise<CustomerRecord | null> {
    return Promise.resolve(this.rows.get(id) ?? null);
  }

  findByDomain(domain: string): Promise<CustomerRecord | null> {
    return Promise.resolve([...this.rows.values()].find((c) => c.domain === domain) ?? null);
  }

  findByNameWithoutDomain(nameKey: string): Promise<CustomerRecord | null> {
    return Promise.resolve([...this.rows.values()].find((c) => c.nameKey === nameKey && c.domain === null) ?? null);
  }

  findByDomains(domains: readonly string[]): Promise<CustomerRecord[]> {
    return Promise.resolve([...this.rows.values()].filter((c) => c.domain !== null && domains.includes(c.domain)));
  }

  findByNamesWithoutDomain(nameKeys: readonly string[]): Promise<CustomerRecord[]> {
    return Promise.resolve([...this.rows.values()].filter((c) => c.domain === null && nameKeys.includes(c.nameKey)));
  }

  createMany(
    customers: readonly { name: string; domain: string | null; nameKey: string }[],
  ): Promise<CustomerRecord[]> {
    // As ON CONFLICT (domain) DO NOTHING: an account of a domain that exists already is not inserted.
    const taken = new Set([...this.rows.values()].map((c) => c.domain).filter((d) => d !== null));
    return Promise.resolve(customers.filter((c) => c.domain === null || !taken.has(c.domain)).map((c) => this.add(c)));
  }

  create(customer: { name: string; domain: string | null; nameKey: string }): Promise<CustomerRecord> {
    return Promise.resolve(this.add(customer));
  }

  async findOrCreateByDomain(customer: {
    name: string;
    domain: string;
    nameKey: string;
  }): Promise<{ customer: CustomerRecord; created: boolean }> {
    const found = await this.findByDomain(customer.domain);
    return found ? { customer: found, created: false } : { customer: this.add(customer), created: true };
  }

  findProfile(id: string, scope: AccessScope): Promise<CustomerProfile | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row && this.sees(scope, row) ? this.profile(row) : null);
  }

  list(filters: CustomerFilters, scope: AccessScope): Promise<CustomerProfile[]> {
    const rows = [...this.rows.values()]
      .filter((c) => this.sees(scope, c))
      .filter((c) => !filters.segment || c.segment === filters.segment)
      .filter((c) => !filters.ownerId || c.relationshipOwnerId === filters.ownerId)
      .reverse();
    return Promise.resolve(rows.slice(0, filters.limit).map((c) => this.profile(c)));
  }

  update(id: string, patch: CustomerPatch): Promise<void> {
    const row = this.rows.get(id)!;
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) Object.assign(row, { [key]: value });
    return Promise.resolve();
  }

  rekey(id: string, nameKey: string): Promise<void> {
    this.rows.get(id)!.nameKey = nameKey;
    return Promise.resolve();
  }

  private sees(scope: AccessScope, row: CustomerRecord): boolean {
    return (
      scope.all || row.relationshipOwnerId === scope.userId || this.visibleTo.get(row.id)?.has(scope.userId) === true
    );
  }

  private profile(row: CustomerRecord & Partial<CustomerProfile>): CustomerProfile {
    return {
      industry: null,
      size: null,
      region: null,
      relationshipOwnerName: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      ...row,
    };
  }
}
