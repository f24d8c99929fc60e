import { compareIds } from './agent-selection';

/**
 * The partner a lead routed to `partner` goes to (DESIGN.md: "partners cover the rest"). Pure: the
 * caller loads the registry.
 */

export interface PartnerCandidate {
  id: string;
  name: string;
  /** Regions (territories) the partner sells in; empty means it covers every region. */
  regions: string[];
  /** Catalog codes the partner sells; empty means it sells every line. */
  productLines: string[];
  active: boolean;
}

export interface LeadForPartner {
  territory?: string | null;
  productLines: string[];
}

export type PartnerSelection = { partner: PartnerCandidate; reason: string } | { partner: null; reason: string };

/**
 * A partner must cover the lead's region (a named region, or every region) and sell at least one
 * of its product lines (when the lead names any). Among those: the most of the lead's lines, then
 * a partner naming the region over one covering everything (a specialist beats a generalist), then
 * the smallest id so the same registry always gives the same answer.
 */
export function selectPartner(partners: readonly PartnerCandidate[], lead: LeadForPartner): PartnerSelection {
  const lines = [...new Set(lead.productLines)];
  const active = partners.filter((p) => p.active);
  if (active.length === 0) return { partner: null, reason: 'no active partner in the registry' };

  const candidates = active.filter((p) => coversRegion(p, lead.territory) && linesSold(p, lines) > 0);
  if (candidates.length === 0) {
    const region = lead.territory ? `region ${lead.territory}` : 'any region';
    const what = lines.length > 0 ? `product lines ${lines.join(', ')}` : 'the lead';
    return { partner: null, reason: `no active partner covers ${what} in ${region} (${active.length} active)` };
  }

  const ranked = [...candidates].sort(
    (a, b) =>
      linesSold(b, lines) - linesSold(a, lines) ||
      namesRegion(b, lead.territory) - namesRegion(a, lead.territory) ||
      compareIds(a.id, b.id),
  );
  const best = ranked[0];
  const where = lead.territory
    ? namesRegion(best, lead.territory)
      ? `covers region ${lead.territory}`
      : `covers every region including ${lead.territory}`
    : 'the lead names no region';
  const sells =
    lines.length === 0
      ? 'no product lines to match'
      : best.productLines.length === 0
        ? `sells every line`
        : `sells ${linesSold(best, lines)} of ${lines.length} product lines`;
  const pool = candidates.length === 1 ? 'the only candidate' : `best of ${candidates.length} candidates`;
  return { partner: best, reason: `partner ${best.name}: ${where}; ${sells} (${pool})` };
}

function coversRegion(partner: PartnerCandidate, territory: string | null | undefined): boolean {
  return partner.regions.length === 0 || !territory || partner.regions.includes(territory);
}

function namesRegion(partner: PartnerCandidate, territory: string | null | undefined): number {
  return territory && partner.regions.includes(territory) ? 1 : 0;
}

/** How many of the lead's lines the partner sells; a lead without lines matches everyone once. */
function linesSold(partner: PartnerCandidate, lines: readonly string[]): number {
  if (lines.length === 0) return 1;
  if (partner.productLines.length === 0) return lines.length;
  return lines.filter((line) => partner.productLines.includes(line)).length;
}
