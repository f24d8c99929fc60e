import type { Complexity } from '../../catalog/catalog.types';
import type { RevenueTier, Route } from '../domain/channel-matrix';
import type { Maturity } from '../domain/maturity';

/** A lead as routing services read it, with its contact's sender for summaries. */
export interface Lead {
  id: string;
  contactId: string;
  customerId: string | null;
  revenueTier: RevenueTier;
  estimatedRevenue: number | null;
  complexity: Complexity;
  productLines: string[];
  integration: boolean;
  territory: string | null;
  industry: string | null;
  maturity: Maturity;
  stageEnteredAt: Date;
  qualification: Record<string, unknown>;
  route: Route;
  matrixVersion: number;
  /** The deal specialist the lead is with (route field); lists filter by it. */
  assigneeId: string | null;
  partnerId: string | null;
  /** The agent who qualified it. */
  ownerId: string | null;
  reason: string;
  stalledAt: Date | null;
  followUpAt: Date | null;
  /** The deal's forecast amount and close date, set by its owner. */
  amount: number | null;
  expectedCloseAt: Date | null;
  /** The deal specialist who accepted the field handoff: the owner from then on (leadOwnerOf). */
  dealSpecialistId: string | null;
  /** When and why it was won or lost. */
  closedAt: Date | null;
  outcomeReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** From the contact: the person and sender the lead is about. */
  personId: string | null;
  fromName: string | null;
  fromEmail: string | null;
  fromCompany: string | null;
}

/** A lead for display, with the names of its deal specialist and partner. */
export interface LeadListing extends Lead {
  assigneeName: string | null;
  partnerName: string | null;
  /** The account's relationship owner, who discovered the deal (read for display). */
  relationshipOwnerId: string | null;
}

/** What a qualification writes to the lead of a contact. */
export type QualifiedLead = Pick<
  Lead,
  | 'contactId'
  | 'customerId'
  | 'revenueTier'
  | 'estimatedRevenue'
  | 'complexity'
  | 'productLines'
  | 'integration'
  | 'territory'
  | 'industry'
  | 'maturity'
  | 'qualification'
  | 'route'
  | 'matrixVersion'
  | 'reason'
> & { ownerId: string };

/** One line for a deal specialist's or partner's notification. */
export function leadSummary(lead: Lead): string {
  const who = lead.fromName ?? lead.fromEmail ?? 'a customer';
  const from = lead.fromCompany ? `${lead.fromCompany} (${who})` : who;
  const lines = lead.productLines.length > 0 ? `: ${lead.productLines.join(', ')}` : '';
  return `${from}, ${lead.revenueTier} account, ${lead.complexity} solution${lines}, maturity ${lead.maturity}`;
}
