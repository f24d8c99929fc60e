import type { AccessScope } from '../auth/domain/access-policy';
import { contactScopeSql } from '../contacts/contact-scope.sql';

/**
 * The SQL of `canSeeCustomer` (src/auth/domain/access-policy.ts) about the account row `cu`: the
 * accounts a user owns (relationship owner), and those of any contact the user may see.
 */
export function customerScopeSql(scope: AccessScope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  const clauses: string[] = [];
  if (scope.contacts.includes('account_owner')) {
    clauses.push(`cu.relationship_owner_id = $${params.push(scope.userId)}::uuid`);
  }
  const contacts = contactScopeSql(scope, params);
  if (contacts !== 'FALSE')
    clauses.push(`EXISTS (SELECT 1 FROM contact c WHERE c.customer_id = cu.id AND ${contacts})`);
  return clauses.length === 0 ? 'FALSE' : `(${clauses.join(' OR ')})`;
}

/** The SQL of `canSeePerson` about the person row `p`: anyone who may see one of their contacts or their account. */
export function personScopeSql(scope: AccessScope, params: unknown[]): string {
  if (scope.all) return 'TRUE';
  const clauses: string[] = [];
  if (scope.contacts.includes('account_owner')) {
    clauses.push(
      `EXISTS (SELECT 1 FROM customer pcu WHERE pcu.id = p.customer_id AND pcu.relationship_owner_id = $${params.push(scope.userId)}::uuid)`,
    );
  }
  const contacts = contactScopeSql(scope, params);
  if (contacts !== 'FALSE') clauses.push(`EXISTS (SELECT 1 FROM contact c WHERE c.person_id = p.id AND ${contacts})`);
  return clauses.length === 0 ? 'FALSE' : `(${clauses.join(' OR ')})`;
}
