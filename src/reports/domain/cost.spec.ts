import { channelCost, daysBetween } from './cost';

describe('cost per lead and per won deal', () => {
  it.each([
    // perDay, perContact, contacts, leads, won, days -> cost, per lead, per won
    [100, 2, 10, 4, 1, 30, 3020, 755, 3020],
    [0, 5, 3, 3, 0, 7, 15, 5, null],
    [50, 0, 0, 0, 0, 1.5, 75, null, null],
    [10, 1, 1, 3, 3, 1, 11, 3.67, 3.67],
  ])(
    'perDay %d, perContact %d, %d contacts, %d leads, %d won over %d days',
    (perDay, perContact, contacts, leads, won, days, cost, costPerLead, costPerWon) => {
      expect(channelCost({ perDay, perContact }, { contacts, leads, won }, days)).toEqual({
        cost,
        costPerLead,
        costPerWon,
      });
    },
  );

  it('counts fractional days', () => {
    expect(daysBetween(new Date('2027-01-01T00:00:00Z'), new Date('2027-01-02T12:00:00Z'))).toBe(1.5);
  });
});
