import type { ContactStatus } from '../../contacts/contact.types';

export interface BridgeRequest {
  contactId: string;
  /** Null when the contact does not exist. */
  contactStatus: ContactStatus | null;
  medium: string | null;
  assignedAgentId: string | null;
  /** The softphone's Twilio Client identity, when Twilio names it. */
  agentIdentity: string | undefined;
}

export type BridgeDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * May this agent's softphone be connected to this waiting caller? The seam where routing decides:
 * it will bind its own implementation that checks the agent holds the offer or the assignment.
 */
export abstract class AgentBridgePolicy {
  abstract decide(request: BridgeRequest): BridgeDecision | Promise<BridgeDecision>;
}

const BRIDGEABLE: readonly ContactStatus[] = ['queued', 'offered', 'assigned'];

/** Until routing binds its own: any voice contact waiting for, offered to or assigned to an agent. */
export class WaitingContactBridgePolicy extends AgentBridgePolicy {
  decide(request: BridgeRequest): BridgeDecision {
    if (request.contactStatus === null) return { allowed: false, reason: 'the contact does not exist' };
    if (request.medium !== 'voice') return { allowed: false, reason: 'the contact is not a phone call' };
    if (!BRIDGEABLE.includes(request.contactStatus)) {
      return { allowed: false, reason: `the contact is ${request.contactStatus}, not waiting for an agent` };
    }
    return { allowed: true };
  }
}
