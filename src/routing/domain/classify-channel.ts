import type { Complexity } from '../../catalog/catalog.types';
import type { InquiryType, Medium, SalesChannel } from '../../contacts/contact.types';

/** The facts classification looks at; gathered by the caller, so this stays pure. */
export interface ClassificationFacts {
  inquiryType: InquiryType;
  medium: Medium;
  /** The catalog entry of the product line asked about, when it is known. */
  productLine: { code: string; complexity: Complexity } | null;
  /** The requested code when the catalog does not know it. */
  unknownProductLine?: string;
  customer: { known: boolean; relationshipOwnerId: string | null } | null;
}

export interface ChannelDecision {
  channel: SalesChannel;
  /** Stable name of the rule that decided. */
  rule: 'relationship_owner' | 'simple_catalog_purchase' | 'seminar' | 'general_question' | 'needs_maturing';
  /** Human-readable: why this channel. */
  reason: string;
}

/**
 * Which non-face-to-face channel takes a new contact (DESIGN.md, "Non-face-to-face channels"):
 * - e-Coverage: a known account with a relationship owner; its specialist keeps the relationship
 *   and discovers the opportunity, whatever the contact asks.
 * - e-Sales: a quote or purchase of a simple (catalog, hardware-centric) product, sold remotely
 *   from proposal to order.
 * - Demand Generation: seminars, general questions, and anything that has to mature first (a demo,
 *   a quote for a standard or complex solution, an unknown product).
 * The first rule that matches decides.
 */
export function classifyChannel(facts: ClassificationFacts): ChannelDecision {
  const { customer, inquiryType, productLine } = facts;

  if (customer?.known && customer.relationshipOwnerId) {
    return {
      channel: 'e_coverage',
      rule: 'relationship_owner',
      reason: 'known account with a relationship owner: e-Coverage keeps the relationship',
    };
  }

  if ((inquiryType === 'quote' || inquiryType === 'purchase') && productLine?.complexity === 'simple') {
    return {
      channel: 'e_sales',
      rule: 'simple_catalog_purchase',
      reason: `${inquiryType} of the simple catalog product "${productLine.code}": e-Sales sells it remotely`,
    };
  }

  switch (inquiryType) {
    case 'seminar':
      return {
        channel: 'demand_generation',
        rule: 'seminar',
        reason: 'seminar request: Demand Generation invites and follows up',
      };
    case 'question':
      return {
        channel: 'demand_generation',
        rule: 'general_question',
        reason: 'general question: Demand Generation answers it and looks for a need',
      };
    case 'quote':
    case 'purchase':
    case 'demo':
      return {
        channel: 'demand_generation',
        rule: 'needs_maturing',
        reason: needsMaturingReason(inquiryType, facts),
      };
  }
}

function needsMaturingReason(inquiryType: InquiryType, facts: ClassificationFacts): string {
  if (inquiryType === 'demo') return 'demo request: Demand Generation qualifies it before a deal specialist';
  if (facts.productLine) {
    return `${inquiryType} for the ${facts.productLine.complexity} solution "${facts.productLine.code}": Demand Generation matures it first`;
  }
  if (facts.unknownProductLine) {
    return `${inquiryType} for "${facts.unknownProductLine}", which the catalog does not know: Demand Generation clarifies it`;
  }
  return `${inquiryType} without a product line: Demand Generation clarifies what is needed`;
}
