import type { EntityManager } from 'typeorm';
import type { Complexity } from '../../catalog/catalog.types';
import type { RevenueTier, Route } from '../domain/channel-matrix';
import type { Maturity } from '../domain/maturity';

/** A lead as routing services read it, with the contact's sender for summaries. */
export interface LeadRow {
  id: string;
  contact_id: string;
  customer_id: string | null;
  revenue_tier: RevenueTier;
  estimated_revenue: string | null;
  complexity: Complexity;
  product_lines: string[];
  integration: boolean;
  territory: string | null;
  industry: string | null;
  maturity: Maturity;
  stage_entered_at: Date;
  qualification: Record<string, unknown>;
  route: Route;
  matrix_version: number;
  assignee_id: string | null;
  partner_id: string | null;
  owner_id: string | null;
  reason: string;
  stalled_at: Date | null;
  follow_up_at: Date | null;
  created_at: Date;
  updated_at: Date;
  person_id: string | null;
  from_name: string | null;
  from_email: string | null;
  from_company: string | null;
}

const COLUMNS = `l.*, c.person_id, c.from_name, c.from_email, c.from_company`;

/** Reads (and with `lock`, locks FOR UPDATE) a lead by id or by its contact. */
export async function readLead(
  manager: EntityManager,
  by: { id: string } | { contactId: string },
  options: { lock?: boolean } = {},
): Promise<LeadRow | null> {
  const [column, value] = 'id' in by ? ['l.id', by.id] : ['l.contact_id', by.contactId];
  const [row] = await manager.query<LeadRow[]>(
    `SELECT ${COLUMNS} FROM lead l JOIN contact c ON c.id = l.contact_id WHERE ${column} = $1${options.lock ? ' FOR UPDATE OF l' : ''}`,
    [value],
  );
  return row ?? null;
}

/** One line for a deal specialist's or partner's notification. */
export function leadSummary(lead: LeadRow): string {
  const who = lead.from_name ?? lead.from_email ?? 'a customer';
  const from = lead.from_company ? `${lead.from_company} (${who})` : who;
  const lines = lead.product_lines.length > 0 ? `: ${lead.product_lines.join(', ')}` : '';
  return `${from}, ${lead.revenue_tier} account, ${lead.complexity} solution${lines}, maturity ${lead.maturity}`;
}
