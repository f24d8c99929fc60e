import type { Role } from '../../users/user.types';
import {
  canAssignCallbackTask,
  canSeeCallbackTask,
  canSeeContact,
  canSeeCustomer,
  canSeeLead,
  ContactFacts,
  personChangeRefusal,
  LeadFacts,
  scopeOf,
} from './access-policy';

const ME = 'me';
const OTHER = 'other';
const noLead: LeadFacts = { ownerId: null, assigneeId: null, handoffSpecialistIds: [], teamIds: [] };
const nothing: ContactFacts = { pendingOfferAgentIds: [], activeAssigneeId: null, accountOwnerId: null, lead: null };

const contacts: Record<string, ContactFacts> = {
  offeredToMe: { ...nothing, pendingOfferAgentIds: [ME] },
  offeredToOther: { ...nothing, pendingOfferAgentIds: [OTHER] },
  assignedToMe: { ...nothing, activeAssigneeId: ME },
  assignedToOther: { ...nothing, activeAssigneeId: OTHER },
  myAccount: { ...nothing, accountOwnerId: ME },
  othersAccount: { ...nothing, accountOwnerId: OTHER },
  myLead: { ...nothing, lead: { ...noLead, ownerId: ME } },
  leadHandedToMe: { ...nothing, lead: { ...noLead, assigneeId: ME } },
  leadOfferedToMe: { ...nothing, lead: { ...noLead, handoffSpecialistIds: [ME] } },
  teamLead: { ...nothing, lead: { ...noLead, teamIds: ['t1'] } },
  nobodys: nothing,
};

type Case = [roles: Role[], visible: (keyof typeof contacts)[]];
const contactCases: Case[] = [
  [['agent'], ['offeredToMe', 'assignedToMe', 'myAccount', 'myLead']],
  [['deal_specialist'], ['leadHandedToMe', 'leadOfferedToMe']],
  [['expert'], []],
  [['backoffice'], []],
  [
    ['agent', 'deal_specialist'],
    ['offeredToMe', 'assignedToMe', 'myAccount', 'myLead', 'leadHandedToMe', 'leadOfferedToMe'],
  ],
  [['supervisor'], Object.keys(contacts)],
  [['admin'], Object.keys(contacts)],
  [['backoffice', 'supervisor'], Object.keys(contacts)],
  [[], []],
];

describe('access policy', () => {
  describe.each(contactCases)('contacts seen by %j', (roles, visible) => {
    it.each(Object.keys(contacts))('%s', (name) => {
      expect(canSeeContact(scopeOf({ id: ME, roles }), contacts[name])).toBe(visible.includes(name));
    });
  });

  const leads: Record<string, LeadFacts> = {
    mine: { ...noLead, ownerId: ME },
    others: { ...noLead, ownerId: OTHER },
    assignedToMe: { ...noLead, ownerId: OTHER, assigneeId: ME },
    handoffToMe: { ...noLead, handoffSpecialistIds: [ME] },
    handoffToOther: { ...noLead, assigneeId: OTHER, handoffSpecialistIds: [OTHER] },
    teamT1: { ...noLead, teamIds: ['t1'] },
  };
  const leadCases: [Role[], string[], string[]][] = [
    [['agent'], [], ['mine']],
    [['deal_specialist'], [], ['assignedToMe', 'handoffToMe']],
    [['expert'], [], []],
    // The team rule is ready for teams: an expert of t1 sees t1's leads.
    [['expert'], ['t1'], ['teamT1']],
    [['backoffice'], [], []],
    [['supervisor'], [], Object.keys(leads)],
    [['admin'], [], Object.keys(leads)],
  ];
  describe.each(leadCases)('leads seen by %j in teams %j', (roles, teams, visible) => {
    it.each(Object.keys(leads))('%s', (name) => {
      expect(canSeeLead(scopeOf({ id: ME, roles }, teams), leads[name])).toBe(visible.includes(name));
    });
  });

  it.each<[Role[], boolean, boolean, boolean]>([
    // roles, sees an unassigned task, sees own task, sees another agent's task
    [['agent'], true, true, false],
    [['supervisor'], true, true, true],
    [['admin'], true, true, true],
    [['deal_specialist'], false, false, false],
    [['backoffice'], false, false, false],
  ])('callback tasks seen by %j', (roles, unassigned, own, others) => {
    const scope = scopeOf({ id: ME, roles });
    expect(canSeeCallbackTask(scope, { assignedAgentId: null })).toBe(unassigned);
    expect(canSeeCallbackTask(scope, { assignedAgentId: ME })).toBe(own);
    expect(canSeeCallbackTask(scope, { assignedAgentId: OTHER })).toBe(others);
  });

  it('lets agents take callback tasks for themselves only; supervisors give them to anyone', () => {
    const agent = scopeOf({ id: ME, roles: ['agent'] });
    expect(canAssignCallbackTask(agent, ME)).toBe(true);
    expect(canAssignCallbackTask(agent, null)).toBe(true);
    expect(canAssignCallbackTask(agent, OTHER)).toBe(false);
    expect(canAssignCallbackTask(scopeOf({ id: ME, roles: ['supervisor'] }), OTHER)).toBe(true);
  });

  it('gives an unknown combination nothing more than the union of its roles', () => {
    expect(scopeOf({ id: ME, roles: ['agent', 'agent'] })).toMatchObject({
      all: false,
      contacts: ['offered', 'assigned', 'account_owner', 'own_lead'],
    });
  });
});

describe('customers and people', () => {
  const agent = scopeOf({ id: ME, roles: ['agent'] });
  const specialist = scopeOf({ id: ME, roles: ['deal_specialist'] });
  const supervisor = scopeOf({ id: ME, roles: ['supervisor'] });

  it.each([
    ['an agent, their own account', agent, { relationshipOwnerId: ME, hasVisibleContact: false }, true],
    [
      'an agent, an account of a contact they see',
      agent,
      { relationshipOwnerId: OTHER, hasVisibleContact: true },
      true,
    ],
    ['an agent, anyone else’s account', agent, { relationshipOwnerId: OTHER, hasVisibleContact: false }, false],
    [
      'a deal specialist is no relationship owner',
      specialist,
      { relationshipOwnerId: ME, hasVisibleContact: false },
      false,
    ],
    [
      'a deal specialist, the account of their lead',
      specialist,
      { relationshipOwnerId: null, hasVisibleContact: true },
      true,
    ],
    ['a supervisor, any account', supervisor, { relationshipOwnerId: null, hasVisibleContact: false }, true],
  ] as const)('canSeeCustomer: %s -> %p', (_name, scope, facts, expected) => {
    expect(canSeeCustomer(scope, facts)).toBe(expected);
  });

  it.each([
    ['the owner marks do-not-contact', agent, true, { doNotContact: true }, null],
    ['the owner renames', agent, true, { name: 'Taro' }, null],
    ['the owner lifts do-not-contact', agent, true, { doNotContact: false }, 'supervisor'],
    ['a viewer who is not the owner', agent, false, { doNotContact: true }, 'owner'],
    ['a supervisor lifts it', supervisor, false, { doNotContact: false }, null],
  ] as const)('personChangeRefusal: %s', (_name, scope, owner, change, refusal) => {
    const answer = personChangeRefusal(scope, { owner }, change);
    if (refusal === null) expect(answer).toBeNull();
    else expect(answer).toContain(refusal);
  });
});
