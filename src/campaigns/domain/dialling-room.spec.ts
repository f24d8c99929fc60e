import fc from 'fast-check';
import { diallingRoom } from './dialling-room';

describe('diallingRoom', () => {
  it.each([
    [3, 0, 0, 3],
    [3, 1, 0, 2],
    [3, 1, 1, 1],
    [2, 5, 0, 0],
    [0, 0, 0, 0],
    [4, 0, 4, 0],
  ])(
    '%d free agents, %d inbound and %d campaign calls waiting -> %d',
    (freeAgents, waitingInbound, waitingCampaign, room) => {
      expect(diallingRoom({ freeAgents, waitingInbound, waitingCampaign })).toBe(room);
    },
  );

  it('never queues more calls than free agents, and none while inbound contacts wait for all of them', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.nat(50), (freeAgents, waitingInbound, waitingCampaign) => {
        const room = diallingRoom({ freeAgents, waitingInbound, waitingCampaign });
        expect(room).toBeGreaterThanOrEqual(0);
        expect(room + waitingCampaign).toBeLessThanOrEqual(Math.max(freeAgents, waitingCampaign));
        if (waitingInbound >= freeAgents) expect(room).toBe(0);
      }),
    );
  });
});
