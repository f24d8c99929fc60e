// @ts-check
/**
 * The words the server and the agents' web console share: the socket events on `/agents` and the
 * domain's vocabulary the console shows. One plain ES module with JSDoc types, so it is the single
 * source for both sides: the server's TypeScript imports it (allowJs; tsc copies it to dist/), and
 * the console loads it as `/console/protocol.mjs` (served by src/console/console-assets.ts). Renaming
 * anything here breaks the server's typecheck and the console's alike.
 *
 * Values only and no imports: it runs unchanged in Node and in the browser. Everything is frozen.
 */

/** The socket.io namespace of the staff consoles. */
export const AGENTS_NAMESPACE = '/agents';

/** Server -> staff events on `/agents`; their payloads are typed in src/routing/agent-notifier.ts. */
export const SERVER_EVENTS = Object.freeze({
  /** A contact offered to this agent, to accept before `expiresAt`. */
  offer: 'offer',
  /** The offer is gone (expired, the agent went away, ...). */
  offerRevoked: 'offer:revoked',
  /** A field lead handed to this deal specialist, to accept before `dueAt`. */
  handoff: 'handoff',
  handoffRevoked: 'handoff:revoked',
  /** To supervisors and admins: a handoff nobody accepted in time. */
  handoffEscalated: 'handoff:escalated',
  /** To supervisors and admins: a lead nobody could take. */
  leadUnassigned: 'lead:unassigned',
  /** To the lead's owner: the lead stayed too long in its maturity stage. */
  leadStalled: 'lead:stalled',
  /** The server changed this user's presence (e.g. offline after the last console closed). */
  presence: 'presence',
  /** To supervisors and admins: the JSON of GET /supervisor/overview, pushed when it changed. */
  supervisorOverview: 'supervisor:overview',
  /** To supervisors and admins: a wait SLA broken, sent once per breach. */
  slaBreach: 'sla:breach',
  /** To the contact's owner and supervisors: a new inbound message, or an outbound one's status changed. */
  contactMessage: 'contact:message',
  /** To an expert: an invitation to a deal's proposal team, to accept or decline. */
  teamInvitation: 'team:invitation',
  /** To the account's relationship owner and the proposal team: the deal was won or lost. */
  dealOutcome: 'deal:outcome',
  /** To supervisors and admins: a back-office task past its SLA. */
  backofficeOverdue: 'backoffice:overdue',
  /** To supervisors and admins: an outbound campaign's progress (targets by state, registrations, leads) changed. */
  campaignProgress: 'campaign:progress',
});

/** Staff -> server events on `/agents`, each answered with an acknowledgement (src/console/agents.gateway.ts). */
export const CLIENT_EVENTS = Object.freeze({
  presenceSet: 'presence:set',
  offerAccept: 'offer:accept',
  offerDecline: 'offer:decline',
  assignmentEnd: 'assignment:end',
  handoffAccept: 'handoff:accept',
  handoffDecline: 'handoff:decline',
});

/** @typedef {(typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS]} ServerEventName */
/** @typedef {(typeof CLIENT_EVENTS)[keyof typeof CLIENT_EVENTS]} ClientEventName */

/** Events only supervisors and admins receive; they report changes rather than being changes. */
export const SUPERVISOR_EVENTS = Object.freeze(
  /** @type {const} */ ([
    SERVER_EVENTS.supervisorOverview,
    SERVER_EVENTS.slaBreach,
    SERVER_EVENTS.backofficeOverdue,
    SERVER_EVENTS.campaignProgress,
  ]),
);

export const ROLES = Object.freeze(
  /** @type {const} */ (['agent', 'deal_specialist', 'expert', 'backoffice', 'supervisor', 'admin']),
);
/** @typedef {(typeof ROLES)[number]} Role */

/** The roles supervisor events go to (a user holding both gets each event once). */
export const SUPERVISOR_ROLES = Object.freeze(/** @type {const} */ (['supervisor', 'admin']));

/** An agent's presence: only an available agent is offered contacts. */
export const PRESENCE_STATUSES = Object.freeze(/** @type {const} */ (['available', 'away', 'offline']));
/** @typedef {(typeof PRESENCE_STATUSES)[number]} Presence */

export const MEDIA = Object.freeze(/** @type {const} */ (['web', 'voice', 'sms', 'email', 'fax']));
/** @typedef {(typeof MEDIA)[number]} Medium */

/** The three non-face-to-face channels of the article. */
export const SALES_CHANNELS = Object.freeze(/** @type {const} */ (['e_coverage', 'e_sales', 'demand_generation']));
/** @typedef {(typeof SALES_CHANNELS)[number]} SalesChannel */

/** Where counts by channel put contacts with no channel yet. */
export const UNCLASSIFIED = 'unclassified';

/**
 * received: stored, not yet processed; queued: identified and classified, waiting for an
 * inside-sales agent; offered/assigned: routing; qualified: turned into a lead; closed.
 */
export const CONTACT_STATUSES = Object.freeze(
  /** @type {const} */ (['received', 'queued', 'offered', 'assigned', 'qualified', 'closed']),
);
/** @typedef {(typeof CONTACT_STATUSES)[number]} ContactStatus */

export const LANGUAGES = Object.freeze(/** @type {const} */ (['zh', 'ja', 'en']));
/** @typedef {(typeof LANGUAGES)[number]} Language */

export const ATTACHMENT_KINDS = Object.freeze(/** @type {const} */ (['attachment', 'recording', 'fax_document']));
/** @typedef {(typeof ATTACHMENT_KINDS)[number]} AttachmentKind */

/** Solution complexity: simple (hardware-centric catalog products), standard, complex. */
export const COMPLEXITIES = Object.freeze(/** @type {const} */ (['simple', 'standard', 'complex']));
/** @typedef {(typeof COMPLEXITIES)[number]} Complexity */

/** Where the channel matrix sends a qualified lead (nurture: back to Demand Generation). */
export const ROUTES = Object.freeze(/** @type {const} */ (['field', 'e_sales', 'partner', 'nurture']));
/** @typedef {(typeof ROUTES)[number]} Route */

/** Who a routed lead went to. */
export const ASSIGNEE_KINDS = Object.freeze(
  /** @type {const} */ (['deal_specialist', 'supervisor', 'partner', 'queue']),
);
/** @typedef {(typeof ASSIGNEE_KINDS)[number]} AssigneeKind */
