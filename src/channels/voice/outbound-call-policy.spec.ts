import { callProgressOf, decideOutboundCall, DialFacts } from './outbound-call-policy';

const ME = '7f3e0000-0000-4000-8000-000000000001';
const OTHER = '7f3e0000-0000-4000-8000-000000000002';
const CUSTOMER = '+819012345678';
const OUR_NUMBER = '+81312345678';
const DEFAULT_ID = '+81300000000';

const contactCall: DialFacts = {
  agentId: ME,
  target: { kind: 'contact', contactId: 'c-1' },
  contact: { assignedAgentId: ME, phone: CUSTOMER, calledNumber: OUR_NUMBER },
  task: null,
  doNotContact: false,
  defaultCallerId: DEFAULT_ID,
};
const taskCall: DialFacts = {
  ...contactCall,
  target: { kind: 'callback_task', callbackTaskId: 't-1' },
  contact: { assignedAgentId: null, phone: null, calledNumber: OUR_NUMBER },
  task: { status: 'open', assignedAgentId: ME, phone: CUSTOMER },
};

type Case = [name: string, facts: DialFacts, expected: ReturnType<typeof decideOutboundCall> | string];
const cases: Case[] = [
  [
    'the owner calls their contact from the number the customer called',
    contactCall,
    { allowed: true, to: CUSTOMER, callerId: OUR_NUMBER, claimTask: false },
  ],
  [
    'without a called number, from TWILIO_CALLER_ID',
    { ...contactCall, contact: { ...contactCall.contact!, calledNumber: null } },
    { allowed: true, to: CUSTOMER, callerId: DEFAULT_ID, claimTask: false },
  ],
  [
    'a called number that is not E.164 (a client leg) is no caller ID',
    { ...contactCall, contact: { ...contactCall.contact!, calledNumber: 'client:agent_x' } },
    { allowed: true, to: CUSTOMER, callerId: DEFAULT_ID, claimTask: false },
  ],
  [
    'no caller ID at all',
    { ...contactCall, contact: { ...contactCall.contact!, calledNumber: null }, defaultCallerId: null },
    'no_caller_id',
  ],
  [
    'another agent’s contact',
    { ...contactCall, contact: { ...contactCall.contact!, assignedAgentId: OTHER } },
    'not_owner',
  ],
  [
    'a contact nobody is assigned to',
    { ...contactCall, contact: { ...contactCall.contact!, assignedAgentId: null } },
    'not_owner',
  ],
  ['a softphone that is no agent of ours', { ...contactCall, agentId: null }, 'not_an_agent'],
  ['an unknown contact', { ...contactCall, contact: null }, 'no_such_contact'],
  ['a do-not-contact person', { ...contactCall, doNotContact: true }, 'do_not_contact'],
  [
    'a stranger is refused before do-not-contact is revealed',
    { ...contactCall, doNotContact: true, contact: { ...contactCall.contact!, assignedAgentId: OTHER } },
    'not_owner',
  ],
  ['a contact without a phone', { ...contactCall, contact: { ...contactCall.contact!, phone: null } }, 'no_number'],
  [
    'a phone that is not E.164',
    { ...contactCall, contact: { ...contactCall.contact!, phone: '090-1234-5678' } },
    'no_number',
  ],
  ['my callback task', taskCall, { allowed: true, to: CUSTOMER, callerId: OUR_NUMBER, claimTask: false }],
  [
    'an open unassigned task is taken by dialling it',
    { ...taskCall, task: { ...taskCall.task!, assignedAgentId: null } },
    { allowed: true, to: CUSTOMER, callerId: OUR_NUMBER, claimTask: true },
  ],
  ['another agent’s task', { ...taskCall, task: { ...taskCall.task!, assignedAgentId: OTHER } }, 'not_owner'],
  ['a done task', { ...taskCall, task: { ...taskCall.task!, status: 'done' } }, 'task_closed'],
  ['a cancelled task', { ...taskCall, task: { ...taskCall.task!, status: 'cancelled' } }, 'task_closed'],
  ['an unknown task', { ...taskCall, task: null }, 'no_such_task'],
  ['a task of a do-not-contact person', { ...taskCall, doNotContact: true }, 'do_not_contact'],
  [
    'the agent calls the campaign target whose call attempt they hold',
    { ...contactCall, target: { kind: 'campaign_target', campaignTargetId: 'x' } },
    { allowed: true, to: CUSTOMER, callerId: OUR_NUMBER, claimTask: false },
  ],
  [
    'a campaign target whose call attempt is not yours',
    {
      ...contactCall,
      target: { kind: 'campaign_target', campaignTargetId: 'x' },
      contact: { ...contactCall.contact!, assignedAgentId: OTHER },
    },
    'not_owner',
  ],
  [
    'a campaign target with no call attempt',
    { ...contactCall, target: { kind: 'campaign_target', campaignTargetId: 'x' }, contact: null },
    'no_such_target',
  ],
  [
    'a campaign target of a do-not-contact person',
    { ...contactCall, target: { kind: 'campaign_target', campaignTargetId: 'x' }, doNotContact: true },
    'do_not_contact',
  ],
];

describe('decideOutboundCall', () => {
  it.each(cases)('%s', (_name, facts, expected) => {
    const decision = decideOutboundCall(facts);
    if (typeof expected === 'string') {
      expect(decision).toMatchObject({ allowed: false, refusal: expected });
      expect(decision.allowed ? '' : decision.reason).not.toHaveLength(0);
    } else {
      expect(decision).toEqual(expected);
    }
  });
});

describe('callProgressOf', () => {
  it.each([
    ['queued', null],
    ['initiated', null],
    ['ringing', null],
    ['in-progress', { to: 'sent', event: 'call.answered' }],
    ['completed', { to: 'delivered', event: 'call.completed' }],
    ['busy', { to: 'failed', event: 'call.failed' }],
    ['no-answer', { to: 'failed', event: 'call.failed' }],
    ['failed', { to: 'failed', event: 'call.failed' }],
    ['canceled', { to: 'failed', event: 'call.failed' }],
  ])('%s -> %p', (status, expected) => {
    expect(callProgressOf(status)).toEqual(expected);
  });
});
