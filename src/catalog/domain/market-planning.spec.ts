import fc from 'fast-check';
import {
  bonusOf,
  DEFAULT_TARGET_SEGMENT_BONUS,
  inSegment,
  MarketProfile,
  matchTargetSegment,
  segmentLabel,
  TargetSegment,
} from './market-planning';

const manufacturingLarge: TargetSegment = {
  name: 'Manufacturing, large',
  industry: 'manufacturing',
  size: 'large',
  bonus: 40,
};
const enterprise: TargetSegment = { segment: 'enterprise' };
const kanto: TargetSegment = { region: 'JP-Kanto', bonus: 10 };

describe('inSegment', () => {
  it.each<[string, TargetSegment, MarketProfile, boolean]>([
    ['every criterion met', manufacturingLarge, { industry: 'manufacturing', size: 'large' }, true],
    [
      'criteria the segment leaves out match anything',
      manufacturingLarge,
      { industry: 'manufacturing', size: 'large', region: 'CN' },
      true,
    ],
    ['one criterion missed', manufacturingLarge, { industry: 'manufacturing', size: 'small' }, false],
    ['a criterion unknown on the account', manufacturingLarge, { industry: 'manufacturing', size: null }, false],
    ['case and spaces do not matter', manufacturingLarge, { industry: ' Manufacturing ', size: 'LARGE' }, true],
    ['segment code', enterprise, { segment: 'enterprise' }, true],
    ['another segment code', enterprise, { segment: 'smb' }, false],
    ['an empty profile', enterprise, {}, false],
    ['a segment with no criterion matches nobody', { name: 'everyone', bonus: 99 }, { industry: 'retail' }, false],
    ['blank criteria count as none', { industry: '  ' }, { industry: '' }, false],
    ['non-Latin values', { industry: '制造业' }, { industry: '制造业' }, true],
  ])('%s', (_, segment, profile, expected) => {
    expect(inSegment(segment, profile)).toBe(expected);
  });
});

describe('segmentLabel', () => {
  it.each<[TargetSegment, string]>([
    [manufacturingLarge, 'Manufacturing, large'],
    [{ industry: 'finance', region: 'CN-Shanghai' }, 'industry finance, region CN-Shanghai'],
    [{ name: '  ', segment: 'enterprise' }, 'segment enterprise'],
  ])('%j -> %s', (segment, label) => {
    expect(segmentLabel(segment)).toBe(label);
  });
});

describe('matchTargetSegment', () => {
  const erp = [enterprise, manufacturingLarge, kanto];

  it.each<[string, string | null, MarketProfile, { bonus: number; reason: string } | null]>([
    ['no product line asked about', null, { segment: 'enterprise' }, null],
    ['in no target segment', 'erp', { segment: 'smb', industry: 'retail' }, null],
    [
      'one segment, default bonus',
      'erp',
      { segment: 'enterprise' },
      { bonus: DEFAULT_TARGET_SEGMENT_BONUS, reason: 'target segment "segment enterprise" of erp (+30)' },
    ],
    [
      'the segment giving most priority wins',
      'erp',
      { segment: 'enterprise', industry: 'manufacturing', size: 'large', region: 'JP-Kanto' },
      { bonus: 40, reason: 'target segment "Manufacturing, large" of erp (+40)' },
    ],
    [
      'a smaller bonus alone',
      'erp',
      { region: 'jp-kanto' },
      { bonus: 10, reason: 'target segment "region JP-Kanto" of erp (+10)' },
    ],
  ])('%s', (_, line, profile, expected) => {
    const match = matchTargetSegment(line, erp, profile);
    expect(match && { bonus: match.bonus, reason: match.reason }).toEqual(expected);
  });

  it('takes the first listed among equal bonuses', () => {
    const a: TargetSegment = { name: 'A', industry: 'retail', bonus: 20 };
    const b: TargetSegment = { name: 'B', region: 'CN', bonus: 20 };
    expect(matchTargetSegment('pc', [a, b], { industry: 'retail', region: 'CN' })?.segment).toBe(a);
    expect(matchTargetSegment('pc', [b, a], { industry: 'retail', region: 'CN' })?.segment).toBe(b);
  });

  it('a zero bonus still names the segment', () => {
    expect(matchTargetSegment('pc', [{ segment: 'smb', bonus: 0 }], { segment: 'smb' })).toMatchObject({
      bonus: 0,
      reason: 'target segment "segment smb" of pc (+0)',
    });
  });

  it('a line without target segments matches nobody', () => {
    expect(matchTargetSegment('pc', [], { segment: 'enterprise' })).toBeNull();
  });
});

describe('matchTargetSegment properties', () => {
  const value = fc.constantFrom('manufacturing', 'finance', 'large', 'small', 'JP-Kanto', 'enterprise', 'smb');
  const segmentArb: fc.Arbitrary<TargetSegment> = fc.record(
    {
      segment: value,
      industry: value,
      size: value,
      region: value,
      bonus: fc.integer({ min: 0, max: 200 }),
    },
    { requiredKeys: [] },
  );
  const profileArb: fc.Arbitrary<MarketProfile> = fc.record(
    { segment: value, industry: value, size: value, region: value },
    { requiredKeys: [] },
  );
  const bonus = (segments: TargetSegment[], profile: MarketProfile) =>
    matchTargetSegment('erp', segments, profile)?.bonus ?? 0;

  it('naming one more target segment never lowers a contact’s bonus', () => {
    fc.assert(
      fc.property(fc.array(segmentArb, { maxLength: 6 }), segmentArb, profileArb, (segments, extra, profile) => {
        expect(bonus([...segments, extra], profile)).toBeGreaterThanOrEqual(bonus(segments, profile));
      }),
    );
  });

  it('the bonus is that of a segment the profile is in, and the largest of them', () => {
    fc.assert(
      fc.property(fc.array(segmentArb, { maxLength: 6 }), profileArb, (segments, profile) => {
        const match = matchTargetSegment('erp', segments, profile);
        const inside = segments.filter((s) => inSegment(s, profile));
        if (inside.length === 0) expect(match).toBeNull();
        else expect(match?.bonus).toBe(Math.max(...inside.map(bonusOf)));
      }),
    );
  });
});
