import type { CallbackTaskStatus } from './callback-task.entity';

/** What the softphone asks to dial (`device.connect({ params })`). */
export type DialTarget =
  | { kind: 'contact'; contactId: string }
  | { kind: 'callback_task'; callbackTaskId: string }
  | { kind: 'campaign_target'; campaignTargetId: string };

/** Everything the decision needs, read from storage beforehand. Pure data. */
export interface DialFacts {
  /** The agent behind the softphone's Twilio identity; null when it is no agent softphone of ours. */
  agentId: string | null;
  target: DialTarget;
  /** The contact called (for a task: the task's contact; for a campaign target: its current call attempt); null when there is none. */
  contact: {
    assignedAgentId: string | null;
    /** The customer's number, E.164 (the contact's own, else their person's). */
    phone: string | null;
    /** The number the customer called or texted, when they did: the call comes back from it. */
    calledNumber: string | null;
  } | null;
  task: { status: CallbackTaskStatus; assignedAgentId: string | null; phone: string } | null;
  /** The person is marked do-not-contact. */
  doNotContact: boolean;
  /** TWILIO_CALLER_ID, when set. */
  defaultCallerId: string | null;
}

export type DialRefusal =
  | 'not_an_agent'
  | 'no_such_target'
  | 'no_such_contact'
  | 'no_such_task'
  | 'not_owner'
  | 'task_closed'
  | 'do_not_contact'
  | 'no_number'
  | 'no_caller_id';

export type DialDecision =
  | {
      allowed: true;
      to: string;
      callerId: string;
      /** An open, unassigned callback task becomes the caller's as they dial it. */
      claimTask: boolean;
    }
  | { allowed: false; refusal: DialRefusal; reason: string };

const E164 = /^\+[1-9]\d{6,14}$/;
const e164 = (number: string | null | undefined): string | null => (number && E164.test(number) ? number : null);

const refuse = (refusal: DialRefusal, reason: string): DialDecision => ({ allowed: false, refusal, reason });

/**
 * May this agent's softphone dial this customer, and from which number? Only what the agent owns:
 * a contact assigned to them (an active assignment, as for every other action on a contact; a
 * campaign target's current call attempt is such a contact), or a
 * callback task that is theirs or still open to anyone (the shared work list agents pick from:
 * dialling it takes it). Ownership is checked before anything about the customer, so a stranger
 * learns nothing; then do-not-contact, the number, and the caller ID (the number the customer
 * reached us on, else TWILIO_CALLER_ID).
 */
export function decideOutboundCall(facts: DialFacts): DialDecision {
  const { agentId, target } = facts;
  if (!agentId) return refuse('not_an_agent', "the softphone is not an agent's");

  let number: string | null;
  let claimTask = false;
  if (target.kind === 'contact' || target.kind === 'campaign_target') {
    // A campaign target is called through its current attempt, a contact offered and assigned like any other.
    if (!facts.contact) {
      return target.kind === 'contact'
        ? refuse('no_such_contact', 'the contact does not exist')
        : refuse('no_such_target', 'the campaign target has no call in progress');
    }
    if (facts.contact.assignedAgentId !== agentId) return refuse('not_owner', 'the contact is not assigned to you');
    number = facts.contact.phone;
  } else {
    const task = facts.task;
    if (!task) return refuse('no_such_task', 'the callback task does not exist');
    if (task.status !== 'open') return refuse('task_closed', `the callback task is ${task.status}`);
    if (task.assignedAgentId !== null && task.assignedAgentId !== agentId) {
      return refuse('not_owner', 'the callback task is assigned to another agent');
    }
    claimTask = task.assignedAgentId === null;
    number = task.phone;
  }

  if (facts.doNotContact) return refuse('do_not_contact', 'the customer asked not to be contacted');
  const to = e164(number);
  if (!to) return refuse('no_number', 'there is no phone number to call');
  const callerId = e164(facts.contact?.calledNumber) ?? e164(facts.defaultCallerId);
  if (!callerId) return refuse('no_caller_id', 'no caller ID is configured');
  return { allowed: true, to, callerId, claimTask };
}

/** How a status of the dialled leg moves the call's message, and the timeline event it makes. */
export interface CallProgress {
  to: 'sent' | 'delivered' | 'failed';
  event: 'call.answered' | 'call.completed' | 'call.failed';
}

/**
 * The customer's leg: answered (`in-progress`) is `sent`; `completed` after an answer is
 * `delivered`; busy, no answer, failed or canceled is `failed` (the status is the reason).
 * `initiated` and `ringing` move nothing (`null`): the message is `queued` until someone answers.
 */
export function callProgressOf(status: string): CallProgress | null {
  switch (status) {
    case 'in-progress':
      return { to: 'sent', event: 'call.answered' };
    case 'completed':
      return { to: 'delivered', event: 'call.completed' };
    case 'busy':
    case 'no-answer':
    case 'failed':
    case 'canceled':
      return { to: 'failed', event: 'call.failed' };
    default:
      return null;
  }
}
