/**
 * Market planning: which product lines target a segment. A line's target segments are either plain
 * segment codes (`["smb", "enterprise"]`) or structured targets (`[{ segment?, industry?, size?,
 * region? }]`); both read the same here, so the segments report groups accounts by any of those
 * customer columns and names the lines aimed at each value.
 */

export const SEGMENT_DIMENSIONS = ['segment', 'industry', 'size', 'region'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

export type TargetSegment = Partial<Record<SegmentDimension, string>>;

/** A line's targets as structured ones: a plain code `c` is `{ segment: c }`; anything else is dropped. */
export function targetSegments(raw: unknown): TargetSegment[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((t): TargetSegment[] => {
    if (typeof t === 'string') return [{ segment: t }];
    if (t && typeof t === 'object') {
      const out: TargetSegment = {};
      for (const d of SEGMENT_DIMENSIONS) {
        const v = (t as Record<string, unknown>)[d];
        if (typeof v === 'string') out[d] = v;
      }
      return [out];
    }
    return [];
  });
}

/** The codes of the lines with a target naming `value` in `dimension`, in the order given. */
export function linesTargeting(
  lines: readonly { code: string; segments: unknown }[],
  dimension: SegmentDimension,
  value: string | null,
): string[] {
  if (value === null) return [];
  return lines.filter((l) => targetSegments(l.segments).some((t) => t[dimension] === value)).map((l) => l.code);
}
