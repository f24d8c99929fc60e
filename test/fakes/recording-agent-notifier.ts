import { AgentEventName, AgentEventPayload, AgentNotifier } from '../../src/routing/agent-notifier';
import type { Role } from '../../src/users/user.types';

/** Records what would be sent to consoles, and every `changed` cause. */
export class RecordingAgentNotifier extends AgentNotifier {
  readonly sent: { to: string; event: AgentEventName; payload: unknown }[] = [];
  readonly changes: string[] = [];

  toUser<E extends AgentEventName>(userId: string, event: E, payload: AgentEventPayload<E>): void {
    this.sent.push({ to: `user:${userId}`, event, payload });
  }

  toRole<E extends AgentEventName>(role: Role | readonly Role[], event: E, payload: AgentEventPayload<E>): void {
    this.sent.push({ to: `role:${([] as Role[]).concat(role).join(',')}`, event, payload });
  }

  override changed(cause: string): void {
    this.changes.push(cause);
    super.changed(cause);
  }

  /** The events of one name, in order. */
  events(event: AgentEventName): { to: string; payload: unknown }[] {
    return this.sent.filter((s) => s.event === event).map(({ to, payload }) => ({ to, payload }));
  }
}
