import { dayRollup } from './report-roll.service';
import { DAY_MS } from './domain/rollup-days';
import { waitBucket } from './domain/wait-buckets';

describe('dayRollup', () => {
  const day = 20_400;
  const at = (ms: number) => day * DAY_MS + ms;
  const wallClock = { betweenMs: (a: number, b: number) => b - a };

  it('counts the contacts per channel and keeps each kind of wait in its bucket, sorted, negatives as 0', () => {
    const { contacts, buckets, live } = dayRollup(
      day,
      [
        {
          channel: 'e_sales',
          receivedAt: [at(0), at(1000), at(2000), at(3000)],
          firstOfferAt: [at(500), at(900), Number.NaN, at(3500)],
          firstResponseAt: [at(60_000), Number.NaN, Number.NaN, at(63_000)],
        },
        { channel: null, receivedAt: [at(10)], firstOfferAt: [Number.NaN], firstResponseAt: [Number.NaN] },
      ],
      wallClock,
    );
    expect(live).toBe(false);
    expect(contacts).toEqual([
      { channel: 'e_sales', contacts: 4 },
      { channel: null, contacts: 1 },
    ]);
    const offers = buckets.filter((b) => b.kind === 'offer');
    expect(offers.flatMap((b) => b.waits).sort((a, b) => a - b)).toEqual([0, 500, 500]);
    expect(offers.find((b) => b.bucket === waitBucket(500))).toEqual({
      channel: 'e_sales',
      kind: 'offer',
      bucket: waitBucket(500),
      waits: [500, 500],
    });
    expect(buckets.filter((b) => b.kind === 'answer').flatMap((b) => b.waits)).toEqual([60_000, 60_000]);
    for (const b of buckets) for (const w of b.waits) expect(waitBucket(w)).toBe(b.bucket);
  });

  it('keeps a day live when an arrival rounds onto the next day', () => {
    const { live } = dayRollup(
      day,
      [{ channel: 'e_sales', receivedAt: [at(DAY_MS)], firstOfferAt: [Number.NaN], firstResponseAt: [Number.NaN] }],
      wallClock,
    );
    expect(live).toBe(true);
  });
});
