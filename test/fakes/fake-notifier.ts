import type { Role } from '../../src/users/user.types';
import { AgentEventName, AgentEventPayload, AgentNotifier } from '../../src/routing/agent-notifier';

export interface SentEvent {
  to: string;
  event: AgentEventName;
  payload: unknown;
}

/** Records what would go to consoles: `user:<id>` or `role:<role,...>`, and `changed` causes. */
export class RecordingNotifier extends AgentNotifier {
  readonly sent: SentEvent[] = [];
  readonly changes: string[] = [];

  constructor() {
    super();
    this.onChange((cause) => this.changes.push(cause));
  }

  toUser<E extends AgentEventName>(userId: string, event: E, payload: AgentEventPayload<E>): void {
    this.sent.push({ to: `user:${userId}`, event, payload });
  }

  toRole<E extends AgentEventName>(role: Role | readonly Role[], event: E, payload: AgentEventPayload<E>): void {
    this.sent.push({ to: `role:${([] as Role[]).concat(role).join(',')}`, event, payload });
  }

  events(): string[] {
    return this.sent.map((s) => `${s.event}->${s.to}`);
  }
}
