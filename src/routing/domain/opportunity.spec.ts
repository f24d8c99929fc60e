import { decideOutcome, decideStageMove, leadOwnerOf } from './opportunity';
import type { ClosedMaturity, Maturity, OpenMaturity } from './maturity';

describe('leadOwnerOf', () => {
  it.each([
    ['field, accepted', { route: 'field', dealSpecialistId: 'ds', ownerId: 'ag' }, 'ds'],
    ['field, not accepted yet', { route: 'field', dealSpecialistId: null, ownerId: 'ag' }, 'ag'],
    ['e-Sales', { route: 'e_sales', dealSpecialistId: null, ownerId: 'ag' }, 'ag'],
    ['partner (a stale specialist is ignored)', { route: 'partner', dealSpecialistId: 'ds', ownerId: 'ag' }, 'ag'],
    ['nurture, nobody', { route: 'nurture', dealSpecialistId: null, ownerId: null }, null],
  ] as const)('%s', (_, facts, owner) => {
    expect(leadOwnerOf(facts)).toBe(owner);
  });
});

describe('decideStageMove', () => {
  const cases: [Maturity, OpenMaturity, { amount?: number }, string][] = [
    ['M0', 'M1', {}, 'move'],
    ['M0', 'M4', {}, 'move'],
    ['M3', 'M2', {}, 'move'],
    ['M1', 'M0', {}, 'move'],
    ['M4', 'M2', {}, 'refused'],
    ['M3', 'M0', {}, 'refused'],
    ['M2', 'M2', {}, 'refused'],
    ['M2', 'M2', { amount: 10 }, 'forecast'],
    ['won', 'M4', {}, 'refused'],
    ['lost', 'M0', { amount: 1 }, 'refused'],
  ];
  it.each(cases)('%s -> %s %j: %s', (from, to, forecast, kind) => {
    expect(decideStageMove(from, to, forecast).kind).toBe(kind);
  });

  it('names the final stage in the refusal', () => {
    expect(decideStageMove('won', 'M3', {})).toEqual({ kind: 'refused', reason: 'the lead is won: a final stage' });
  });
});

describe('decideOutcome', () => {
  const cases: [Maturity, ClosedMaturity, string][] = [
    ['M0', 'won', 'refused'],
    ['M1', 'won', 'refused'],
    ['M2', 'won', 'close'],
    ['M4', 'won', 'close'],
    ['M0', 'lost', 'close'],
    ['M4', 'lost', 'close'],
    ['won', 'lost', 'refused'],
    ['lost', 'won', 'refused'],
    ['won', 'won', 'refused'],
  ];
  it.each(cases)('%s -> %s: %s', (from, result, kind) => {
    expect(decideOutcome(from, result).kind).toBe(kind);
  });
});
