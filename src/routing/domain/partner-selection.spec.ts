import { PartnerCandidate, selectPartner } from './partner-selection';

const partner = (id: string, over: Partial<PartnerCandidate> = {}): PartnerCandidate => ({
  id,
  name: `Partner ${id}`,
  regions: [],
  productLines: [],
  active: true,
  ...over,
});

describe('selectPartner', () => {
  it.each<[string, PartnerCandidate[], { territory?: string; productLines: string[] }, string | null]>([
    ['empty registry', [], { productLines: ['network'] }, null],
    ['inactive only', [partner('a', { active: false })], { productLines: [] }, null],
    [
      'region must match',
      [partner('a', { regions: ['kansai'] }), partner('b', { regions: ['kanto'] })],
      { territory: 'kanto', productLines: [] },
      'b',
    ],
    ['nobody in the region', [partner('a', { regions: ['kansai'] })], { territory: 'kanto', productLines: [] }, null],
    [
      'a partner without regions covers every region',
      [partner('a', { regions: ['kansai'] }), partner('b')],
      { territory: 'kanto', productLines: [] },
      'b',
    ],
    [
      'a partner naming the region beats one covering everything',
      [partner('a'), partner('b', { regions: ['kanto'] })],
      { territory: 'kanto', productLines: [] },
      'b',
    ],
    [
      'most product lines wins',
      [partner('a', { productLines: ['network'] }), partner('b', { productLines: ['network', 'managed-services'] })],
      { productLines: ['network', 'managed-services'] },
      'b',
    ],
    [
      'a partner selling none of the lines is not a candidate',
      [partner('a', { productLines: ['erp'] })],
      { productLines: ['network'] },
      null,
    ],
    ['ties go to the smallest id', [partner('b'), partner('a')], { productLines: [] }, 'a'],
  ])('%s', (_name, partners, lead, expected) => {
    const selection = selectPartner(partners, lead);
    expect(selection.partner?.id ?? null).toBe(expected);
    expect(selection.reason).toEqual(expect.any(String));
  });

  it('says why, naming the region and the lines', () => {
    const selection = selectPartner([partner('a', { regions: ['kanto'], productLines: ['network'] })], {
      territory: 'kanto',
      productLines: ['network', 'erp'],
    });
    expect(selection.reason).toBe(
      'partner Partner a: covers region kanto; sells 1 of 2 product lines (the only candidate)',
    );
  });
});
