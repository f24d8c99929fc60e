import { foldContactCounts, summarizeWaiting, waitingRowsOf } from './supervisor-overview';

describe('foldContactCounts', () => {
  it('is all zeros with every status, channel and medium when nothing was counted', () => {
    const counts = foldContactCounts([]);
    expect(counts.byStatus).toEqual({ received: 0, queued: 0, offered: 0, assigned: 0, qualified: 0, closed: 0 });
    expect(Object.keys(counts.byChannel)).toEqual(['e_coverage', 'e_sales', 'demand_generation', 'unclassified']);
    expect(counts.byMedium).toEqual({ web: 0, voice: 0, sms: 0, email: 0, fax: 0 });
  });

  it('adds rows up by status, by channel and status (null channel: unclassified), and by medium', () => {
    const counts = foldContactCounts([
      { status: 'queued', channel: 'e_sales', medium: 'web', count: 3 },
      { status: 'queued', channel: 'e_sales', medium: 'email', count: 2 },
      { status: 'assigned', channel: 'demand_generation', medium: 'voice', count: 1 },
      { status: 'received', channel: null, medium: 'fax', count: 4 },
    ]);
    expect(counts.byStatus).toMatchObject({ queued: 5, assigned: 1, received: 4, offered: 0 });
    expect(counts.byChannel.e_sales.queued).toBe(5);
    expect(counts.byChannel.demand_generation.assigned).toBe(1);
    expect(counts.byChannel.unclassified.received).toBe(4);
    expect(counts.byChannel.e_coverage).toEqual({
      received: 0,
      queued: 0,
      offered: 0,
      assigned: 0,
      qualified: 0,
      closed: 0,
    });
    expect(counts.byMedium).toEqual({ web: 3, email: 2, voice: 1, fax: 4, sms: 0 });
  });
});

describe('summarizeWaiting', () => {
  const now = new Date('2026-11-26T10:00:00Z');

  it('gives one line per channel, empty channels with a null oldest wait', () => {
    const lines = summarizeWaiting([], now);
    expect(lines.map((l) => l.channel)).toEqual(['e_coverage', 'e_sales', 'demand_generation', 'unclassified']);
    expect(lines.every((l) => l.count === 0 && l.overSla === 0 && l.oldestWaitSeconds === null)).toBe(true);
  });

  it.each([
    ['90 s ago', new Date('2026-11-26T09:58:30Z'), 90],
    ['0.9 s ago, rounded down', new Date('2026-11-26T09:59:59.100Z'), 0],
    ['in the future (clock skew), never negative', new Date('2026-11-26T10:00:05Z'), 0],
  ])('measures the oldest wait of a contact created %s', (_label, createdAt, seconds) => {
    const [line] = summarizeWaiting([{ channel: 'e_coverage', count: 1, overSla: 0, oldestCreatedAt: createdAt }], now);
    expect(line.oldestWaitSeconds).toBe(seconds);
  });

  it('puts unclassified contacts in their own line and keeps the earliest of several rows', () => {
    const lines = summarizeWaiting(
      [
        { channel: null, count: 2, overSla: 1, oldestCreatedAt: new Date('2026-11-26T09:50:00Z') },
        { channel: 'e_sales', count: 1, overSla: 0, oldestCreatedAt: new Date('2026-11-26T09:59:00Z') },
      ],
      now,
    );
    expect(lines.find((l) => l.channel === 'unclassified')).toEqual({
      channel: 'unclassified',
      count: 2,
      overSla: 1,
      oldestWaitSeconds: 600,
    });
    expect(lines.find((l) => l.channel === 'e_sales')!.oldestWaitSeconds).toBe(60);
  });
});

describe('waitingRowsOf', () => {
  it('keeps the rows of the waiting statuses, with their waits', () => {
    const at = new Date('2026-11-26T09:00:00.000Z');
    const row = (status: 'received' | 'queued' | 'offered' | 'assigned' | 'closed') => ({
      status,
      channel: 'e_sales' as const,
      medium: 'web' as const,
      count: 2,
      overSla: 1,
      oldestCreatedAt: at,
    });
    expect(
      waitingRowsOf(['received', 'queued', 'offered', 'assigned', 'closed'].map((s) => row(s as 'queued'))),
    ).toEqual(
      ['received', 'queued', 'offered'].map(() => ({ channel: 'e_sales', count: 2, overSla: 1, oldestCreatedAt: at })),
    );
  });
});
