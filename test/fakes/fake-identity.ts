import type { CustomerRecord, CustomerRepository } from '../../src/identity/customer.repository';
import type { PersonPatch, PersonRecord, PersonRepository } from '../../src/identity/person.repository';
import { fakeId } from './fake-contacts';
import type { Public } from './public';

/** The person table in memory; `locked` records the identity keys locked, in lock order. */
export class FakePersonRepository implements Public<PersonRepository> {
  readonly rows = new Map<string, PersonRecord>();
  readonly locked: string[] = [];

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

  /** People marked do_not_contact. */
  readonly doNotContact = new Set<string>();

  isDoNotContact(id: string): Promise<boolean> {
    return Promise.resolve(this.doNotContact.has(id));
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

  private copy(row: PersonRecord | undefined): PersonRecord | null {
    return row ? { ...row } : null;
  }
}

/** The customer table in memory. */
export class FakeCustomerRepository implements Public<CustomerRepository> {
  readonly rows = new Map<string, CustomerRecord>();

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

  create(customer: { name: string; domain: string | null; nameKey: string }): Promise<CustomerRecord> {
    return Promise.resolve(this.add(customer));
  }
}
