import { Logger } from '@nestjs/common';
import type { AgentEventName, AgentEventPayload } from '../routing/agent-notifier';
import { RoomAgentNotifier } from './room-agent-notifier';

/** Records what it is asked to publish; fails on demand. */
class RecordingNotifier extends RoomAgentNotifier {
  readonly published: { room: string | string[]; event: AgentEventName }[] = [];
  failWith: Error | null = null;

  protected publish<E extends AgentEventName>(room: string | string[], event: E, _payload: AgentEventPayload<E>): void {
    if (this.failWith) throw this.failWith;
    this.published.push({ room, event });
  }
}

const overview = {} as AgentEventPayload<'supervisor:overview'>;
const revoked = {} as AgentEventPayload<'offer:revoked'>;

describe('RoomAgentNotifier', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it("publishes to a user's room and to the rooms of one role or of several at once", () => {
    const notifier = new RecordingNotifier();
    notifier.toUser('u-1', 'offer:revoked', revoked);
    notifier.toRole('supervisor', 'supervisor:overview', overview);
    notifier.toRole(['supervisor', 'admin'], 'supervisor:overview', overview);
    expect(notifier.published).toEqual([
      { room: 'agent:u-1', event: 'offer:revoked' },
      { room: ['role:supervisor'], event: 'supervisor:overview' },
      { room: ['role:supervisor', 'role:admin'], event: 'supervisor:overview' },
    ]);
  });

  it("counts every event to staff as a change, but not the supervisors' own events", () => {
    const notifier = new RecordingNotifier();
    const causes: string[] = [];
    notifier.onChange((cause) => causes.push(cause));
    notifier.toUser('u-1', 'offer:revoked', revoked);
    notifier.toRole('supervisor', 'supervisor:overview', overview);
    expect(causes).toEqual(['offer:revoked']);
  });

  it('logs a failed publish instead of throwing it', () => {
    const notifier = new RecordingNotifier();
    notifier.failWith = new Error('adapter closed');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    expect(() => notifier.toUser('u-1', 'offer:revoked', revoked)).not.toThrow();
    expect(warn).toHaveBeenCalledWith(
      { room: 'agent:u-1', event: 'offer:revoked', err: 'adapter closed' },
      'could not publish a console event',
    );
    warn.mockRestore();
  });
});
