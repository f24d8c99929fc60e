/**
 * How many new calls a dialling round may queue. A campaign call waits in the routing queue like
 * any contact, so queuing more than agents can take would only make a backlog that the next
 * round's targets (and retries, and the campaign's pause) cannot overtake. The rule: one call per
 * agent who could take a campaign call right now, minus the live inbound contacts waiting (they go
 * first and will take those agents) and minus campaign calls already waiting for an agent.
 */
export function diallingRoom(input: { freeAgents: number; waitingInbound: number; waitingCampaign: number }): number {
  return Math.max(0, input.freeAgents - input.waitingInbound - input.waitingCampaign);
}
