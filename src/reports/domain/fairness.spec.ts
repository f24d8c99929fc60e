import fc from 'fast-check';
import { fairness, skillKey } from './fairness';

describe('fairness among equally skilled agents', () => {
  it('compares agents only with the same skills', () => {
    const result = fairness([
      { agentId: 'a', skillKey: 'ja', assignments: 6 },
      { agentId: 'b', skillKey: 'ja', assignments: 2 },
      { agentId: 'c', skillKey: 'zh', assignments: 9 },
    ]);
    expect(result.get('a')).toEqual({ agentId: 'a', peers: 2, share: 1.5, groupSpread: 0.5 });
    expect(result.get('b')).toEqual({ agentId: 'b', peers: 2, share: 0.5, groupSpread: 0.5 });
    expect(result.get('c')).toEqual({ agentId: 'c', peers: 1, share: 1, groupSpread: 0 });
  });

  it('has no share when the group had no work', () => {
    const result = fairness([
      { agentId: 'a', skillKey: 'x', assignments: 0 },
      { agentId: 'b', skillKey: 'x', assignments: 0 },
    ]);
    expect(result.get('a')).toEqual({ agentId: 'a', peers: 2, share: null, groupSpread: null });
  });

  it('shares of a group average to 1 and an even split has no spread', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }), (counts) => {
        const result = fairness(counts.map((n, i) => ({ agentId: String(i), skillKey: 'g', assignments: n })));
        const shares = [...result.values()].map((r) => r.share!);
        expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeCloseTo(1, 2);
        const even = fairness(counts.map((_, i) => ({ agentId: String(i), skillKey: 'g', assignments: 7 })));
        expect(even.get('0')!.groupSpread).toBe(0);
      }),
    );
  });

  it('reads skills in any order as the same skills', () => {
    expect(skillKey({ languages: ['zh', 'ja'], media: ['voice'] })).toBe(
      skillKey({ media: ['voice'], languages: ['ja', 'zh'] }),
    );
    expect(skillKey(null)).toBe('{}');
    expect(skillKey({ languages: ['ja'] })).not.toBe(skillKey({ languages: ['zh'] }));
  });
});
