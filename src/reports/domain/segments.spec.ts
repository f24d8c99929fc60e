import { linesTargeting, targetSegments } from './segments';

describe('market-planning targets', () => {
  const lines = [
    { code: 'erp', segments: [{ segment: 'enterprise' }, { industry: 'manufacturing', size: 'large', bonus: 40 }] },
    { code: 'pc', segments: ['smb', 'enterprise'] },
    { code: 'printer', segments: ['smb'] },
    { code: 'odd', segments: 'not a list' },
  ];

  it('reads plain codes and structured targets alike', () => {
    expect(targetSegments(['smb'])).toEqual([{ segment: 'smb' }]);
    expect(targetSegments([{ industry: 'finance', bonus: 40, name: 'Finance' }, 7, null])).toEqual([
      { industry: 'finance' },
    ]);
    expect(targetSegments(undefined)).toEqual([]);
  });

  it.each([
    ['segment', 'enterprise', ['erp', 'pc']],
    ['segment', 'smb', ['pc', 'printer']],
    ['industry', 'manufacturing', ['erp']],
    ['size', 'large', ['erp']],
    ['region', 'kanto', []],
    ['segment', null, []],
  ] as const)('%s %p is targeted by %j', (dimension, value, expected) => {
    expect(linesTargeting(lines, dimension, value)).toEqual(expected);
  });
});
