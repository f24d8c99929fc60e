/**
 * Market planning: each product/service line names the customer segments it serves, and a contact
 * whose account falls in a target segment of the line it asks about is served first. Pure.
 *
 * A target segment is a set of criteria (the account's segment code, industry, size band, region);
 * every criterion given must equal the account's (trimmed, case-insensitive), the ones left out
 * match anything. A segment with no criterion at all would match every account, so it matches none.
 */

/** One target segment of a product line, as stored in `product_line.segments` (jsonb). */
export interface TargetSegment {
  /** A label for people ("Manufacturing, large"); the criteria describe it when absent. */
  name?: string;
  /** The account's market-planning segment code (`customer.segment`, e.g. `enterprise`). */
  segment?: string;
  industry?: string;
  size?: string;
  region?: string;
  /** Routing priority added for a contact in this segment; DEFAULT_TARGET_SEGMENT_BONUS when absent. */
  bonus?: number;
}

/** The criteria a target segment may name, in the order a reason lists them. */
export const SEGMENT_CRITERIA = ['segment', 'industry', 'size', 'region'] as const;
export type SegmentCriterion = (typeof SEGMENT_CRITERIA)[number];

/** Where an account (or the contact's own data) stands in market planning; unknown is null. */
export type MarketProfile = Partial<Record<SegmentCriterion, string | null>>;

/**
 * Half an hour of waiting: a target-segment contact goes ahead of others of its medium that came
 * up to 30 minutes earlier, never ahead of a call that waited longer than that over an e-mail.
 */
export const DEFAULT_TARGET_SEGMENT_BONUS = 30;
/** Priority points are bounded so a typo in the catalog cannot starve every other contact. */
export const MAX_TARGET_SEGMENT_BONUS = 200;

export interface SegmentMatch {
  segment: TargetSegment;
  bonus: number;
  /** Why the contact is served first, e.g. `target segment "Manufacturing, large" of erp (+40)`. */
  reason: string;
}

const norm = (value: string | null | undefined): string => (value ?? '').trim().toLowerCase();

function criteriaOf(segment: TargetSegment): SegmentCriterion[] {
  return SEGMENT_CRITERIA.filter((key) => norm(segment[key]) !== '');
}

/** Whether the profile falls in the segment: every criterion the segment names is met. */
export function inSegment(segment: TargetSegment, profile: MarketProfile): boolean {
  const criteria = criteriaOf(segment);
  return criteria.length > 0 && criteria.every((key) => norm(segment[key]) === norm(profile[key]));
}

export function bonusOf(segment: TargetSegment): number {
  return segment.bonus ?? DEFAULT_TARGET_SEGMENT_BONUS;
}

/** A readable label: the name, else the criteria (`industry manufacturing, size large`). */
export function segmentLabel(segment: TargetSegment): string {
  const name = segment.name?.trim();
  if (name) return name;
  return criteriaOf(segment)
    .map((key) => `${key} ${segment[key]?.trim() ?? ''}`)
    .join(', ');
}

/**
 * The target segment of `productLine` the profile falls in that gives the most priority (the first
 * listed among equals), or null. A contact that names no product line is in no line's target.
 */
export function matchTargetSegment(
  productLine: string | null | undefined,
  segments: readonly TargetSegment[],
  profile: MarketProfile,
): SegmentMatch | null {
  if (!productLine) return null;
  let best: TargetSegment | null = null;
  for (const segment of segments) {
    if (inSegment(segment, profile) && (best === null || bonusOf(segment) > bonusOf(best))) best = segment;
  }
  if (best === null) return null;
  const bonus = bonusOf(best);
  return { segment: best, bonus, reason: `target segment "${segmentLabel(best)}" of ${productLine} (+${bonus})` };
}
