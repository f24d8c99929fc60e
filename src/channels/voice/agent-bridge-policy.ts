import type { ContactStatus } from '../../contacts/contact.types';
import { userIdOfSoftphoneIdentity } from '../../softphone/softphone-identity';

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

/** May this agent's softphone be connected to this waiting caller? */
export abstract class AgentBridgePolicy {
  abstract decide(request: BridgeRequest): BridgeDecision | Promise<BridgeDecision>;
}

/**
 * Only the agent the call is assigned to (who accepted its offer) is bridged to the caller: the
 * softphone's Twilio identity names the agent's user id, which must be the contact's assignee.
 * Anyone else dialling the TwiML App with a contact id hears a refusal instead of the customer.
 */
export class AssignedAgentBridgePolicy extends AgentBridgePolicy {
  decide(request: BridgeRequest): BridgeDecision {
    if (request.contactStatus === null) return { allowed: false, reason: 'the contact does not exist' };
    if (request.medium !== 'voice') return { allowed: false, reason: 'the contact is not a phone call' };
    if (request.contactStatus !== 'assigned' || !request.assignedAgentId) {
      return { allowed: false, reason: `the contact is ${request.contactStatus}, not assigned to an agent` };
    }
    const agentId = request.agentIdentity ? userIdOfSoftphoneIdentity(request.agentIdentity) : null;
    if (agentId !== request.assignedAgentId.toLowerCase()) {
      return { allowed: false, reason: 'the contact is assigned to another agent' };
    }
    return { allowed: true };
  }
}
