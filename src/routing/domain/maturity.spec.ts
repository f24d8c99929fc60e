import {
  canTransition,
  compareMaturity,
  DEFAULT_STALL_LIMITS_DAYS,
  isMaturity,
  isOpenMaturity,
  isStalled,
  Maturity,
  MATURITY_STAGES,
  meetsMaturityBar,
  stallDeadline,
  stalledSince,
} from './maturity';

const DAY = 24 * 60 * 60 * 1000;
const enteredAt = new Date('2026-03-01T09:00:00Z');
const after = (days: number, ms = 0) => new Date(enteredAt.getTime() + days * DAY + ms);

describe('MATURITY_STAGES', () => {
  it('lists M0..M4 then won and lost', () => {
    expect(MATURITY_STAGES).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'won', 'lost']);
  });

  it.each<[unknown, boolean, boolean]>([
    ['M0', true, true],
    ['M4', true, true],
    ['won', true, false],
    ['lost', true, false],
    ['M5', false, false],
    ['m2', false, false],
    [2, false, false],
    [null, false, false],
  ])('%p: isMaturity %p, isOpenMaturity %p', (value, maturity, open) => {
    expect(isMaturity(value)).toBe(maturity);
    expect(isOpenMaturity(value)).toBe(open);
  });
});

describe('compareMaturity', () => {
  it.each<[Maturity, Maturity, '<' | '=' | '>']>([
    ['M0', 'M1', '<'],
    ['M2', 'M2', '='],
    ['M4', 'M3', '>'],
    ['M4', 'won', '<'],
    ['won', 'lost', '<'],
    ['lost', 'M0', '>'],
  ])('%s vs %s: %s', (a, b, expected) => {
    const sign = Math.sign(compareMaturity(a, b));
    expect(sign).toBe({ '<': -1, '=': 0, '>': 1 }[expected]);
  });

  it('sorts a shuffled list into stage order', () => {
    const shuffled: Maturity[] = ['lost', 'M3', 'won', 'M0', 'M4', 'M2', 'M1'];
    expect([...shuffled].sort(compareMaturity)).toEqual(MATURITY_STAGES);
  });
});

describe('meetsMaturityBar', () => {
  it.each<[Maturity, Maturity, boolean]>([
    ['M0', 'M2', false],
    ['M1', 'M2', false],
    ['M2', 'M2', true],
    ['M3', 'M2', true],
    ['M4', 'M2', true],
    ['won', 'M2', true],
    ['lost', 'M2', false],
    ['M0', 'M0', true],
    ['lost', 'M0', false],
    ['M3', 'M4', false],
    ['won', 'won', true],
    ['M4', 'won', false],
    ['won', 'lost', false],
  ])('%s against bar %s: %p', (maturity, bar, expected) => {
    expect(meetsMaturityBar(maturity, bar)).toBe(expected);
  });
});

describe('canTransition', () => {
  // Rows are `from`, columns are `to` in MATURITY_STAGES order; x = allowed.
  const grid: Record<Maturity, string> = {
    //    M0 M1 M2 M3 M4 won lost
    M0: ' .  x  x  x  x  .   x',
    M1: ' x  .  x  x  x  .   x',
    M2: ' .  x  .  x  x  x   x',
    M3: ' .  .  x  .  x  x   x',
    M4: ' .  .  .  x  .  x   x',
    won: ' .  .  .  .  .  .   .',
    lost: '.  .  .  .  .  .   .',
  };
  const cases = MATURITY_STAGES.flatMap((from) => {
    const marks = grid[from].trim().split(/\s+/);
    return MATURITY_STAGES.map((to, i) => [from, to, marks[i] === 'x'] as [Maturity, Maturity, boolean]);
  });

  it('has a mark for every pair', () => {
    expect(cases).toHaveLength(49);
  });

  it.each(cases)('%s -> %s: %p', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });
});

describe('stalls', () => {
  it.each<[Maturity, number]>([
    ['M0', 14],
    ['M1', 21],
    ['M2', 30],
    ['M3', 30],
    ['M4', 45],
  ])('%s stalls after %i days by default', (stage, days) => {
    expect(DEFAULT_STALL_LIMITS_DAYS[stage as keyof typeof DEFAULT_STALL_LIMITS_DAYS]).toBe(days);
    expect(stallDeadline({ stage, enteredAt })).toEqual(after(days));
    expect(isStalled({ stage, enteredAt, now: after(days - 1) })).toBe(false);
    // Exactly at the limit the lead is still on time; one millisecond later it is stalled.
    expect(isStalled({ stage, enteredAt, now: after(days) })).toBe(false);
    expect(isStalled({ stage, enteredAt, now: after(days, 1) })).toBe(true);
    expect(stalledSince({ stage, enteredAt, now: after(days, 1) })).toEqual(after(days));
    expect(stalledSince({ stage, enteredAt, now: after(days) })).toBeNull();
  });

  it.each<[string, Parameters<typeof isStalled>[0], boolean]>([
    ['won never stalls', { stage: 'won', enteredAt, now: after(10_000) }, false],
    ['lost never stalls', { stage: 'lost', enteredAt, now: after(10_000) }, false],
    ['a custom limit replaces the default', { stage: 'M2', enteredAt, now: after(8), limits: { M2: 7 } }, true],
    [
      'a custom limit for another stage keeps the default',
      { stage: 'M2', enteredAt, now: after(8), limits: { M0: 7 } },
      false,
    ],
    ['epoch ms work as well as dates', { stage: 'M0', enteredAt: enteredAt.getTime(), now: after(15).getTime() }, true],
    ['a clock behind enteredAt is not stalled', { stage: 'M0', enteredAt, now: after(-1) }, false],
  ])('%s', (_name, facts, expected) => {
    expect(isStalled(facts)).toBe(expected);
  });

  it('has no deadline for closed stages', () => {
    expect(stallDeadline({ stage: 'won', enteredAt })).toBeNull();
    expect(stallDeadline({ stage: 'lost', enteredAt })).toBeNull();
    expect(stalledSince({ stage: 'lost', enteredAt, now: after(999) })).toBeNull();
  });
});
