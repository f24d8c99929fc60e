import { softphoneIdentity } from '../../softphone/softphone-identity';
import { AssignedAgentBridgePolicy, BridgeRequest } from './agent-bridge-policy';

const agentId = '3f2b8c1e-9a4d-4e6f-8b1a-0c2d3e4f5a6b';
const otherId = '11111111-2222-4333-8444-555555555555';
const request = (over: Partial<BridgeRequest> = {}): BridgeRequest => ({
  contactId: 'c',
  contactStatus: 'assigned',
  medium: 'voice',
  assignedAgentId: agentId,
  agentIdentity: softphoneIdentity(agentId),
  ...over,
});

describe('AssignedAgentBridgePolicy', () => {
  const policy = new AssignedAgentBridgePolicy();

  it('bridges the softphone of the agent the call is assigned to', () => {
    expect(policy.decide(request())).toEqual({ allowed: true });
  });

  it.each<[string, Partial<BridgeRequest>, string]>([
    ['a missing contact', { contactStatus: null }, 'does not exist'],
    ['a contact that is not a call', { medium: 'email' }, 'not a phone call'],
    ['a call still waiting in the queue', { contactStatus: 'queued', assignedAgentId: null }, 'queued'],
    ['a call only offered', { contactStatus: 'offered', assignedAgentId: null }, 'offered'],
    ['a closed call', { contactStatus: 'closed' }, 'closed'],
    ['another agent', { agentIdentity: softphoneIdentity(otherId) }, 'another agent'],
    ['a softphone that is not ours', { agentIdentity: 'alice' }, 'another agent'],
    ['no identity at all', { agentIdentity: undefined }, 'another agent'],
  ])('refuses %s', (_name, over, reason) => {
    const decision = policy.decide(request(over));
    expect(decision.allowed).toBe(false);
    expect(decision.allowed === false && decision.reason).toContain(reason);
  });
});
