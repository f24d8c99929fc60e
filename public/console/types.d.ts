// The JSON the console reads from the server (REST answers, socket events and acknowledgements),
// as far as the console uses it: for the type check only, the browser never loads this file.
// The server's own types are the reference (src/routing/agent-notifier.ts for the socket events,
// the DTOs of each module for the REST answers); names and vocabulary come from ./protocol.mjs.

import { CLIENT_EVENTS } from './protocol.mjs';
import type {
  AssigneeKind,
  AttachmentKind,
  ClientEventName,
  Complexity,
  ContactStatus,
  Medium,
  Presence,
  Role,
  Route,
  SalesChannel,
  ServerEventName,
} from './protocol.mjs';

/** What dom.js's h() takes as children: nodes, text, and lists of them; null, undefined and false are skipped. */
export type Child = Node | string | number | boolean | null | undefined | readonly Child[];

export interface FieldError {
  field: string;
  message: string;
}

/** Every acknowledgement: `{ ok: true, ... }` or `{ ok: false, error }`. */
export type Ack<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: string; code?: string; errors?: FieldError[] };

export interface User {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

/** POST /auth/login */
export interface LoginAnswer {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  user: User;
}

/** The signed-in user as the console keeps it in sessionStorage. */
export interface Session {
  accessToken: string;
  user: User;
  /** Epoch milliseconds, or null when the server gave no lifetime. */
  expiresAt: number | null;
}

export interface Attachment {
  id: string;
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  size: number;
}

export interface TimelineEvent {
  id: string;
  type: string;
  actor: string;
  data: Record<string, unknown> | null;
  occurredAt: string;
}

/** GET /contacts/:id */
export interface Contact {
  id: string;
  medium: Medium;
  status: ContactStatus;
  channel: SalesChannel | null;
  channelReason: string | null;
  inquiryType: string;
  language: string;
  from: { name: string | null; email: string | null; phone: string | null; company: string | null } | null;
  subject: string | null;
  body: string;
  productLine: string | null;
  createdAt: string;
  person: { name: string | null; email?: string | null; phone?: string | null } | null;
  customer: { name: string | null } | null;
  personId?: string | null;
  customerId?: string | null;
  assignment: { agentId: string } | null;
  attachments: Attachment[];
  timeline: TimelineEvent[];
}

/** GET /reply-templates */
export interface ReplyTemplate {
  id: string;
  name: string;
  language: string;
  medium: 'email' | 'sms' | 'fax';
  subject: string | null;
  body: string;
}

/** GET /catalog/product-lines */
export interface ProductLine {
  code: string;
  name: string;
  complexity: Complexity;
  active?: boolean;
}

/** POST /contacts/:id/qualification: the channel matrix's routing decision. */
export interface RoutingDecision {
  leadId: string;
  route: Route;
  matrixVersion: number;
  assignee: { kind: AssigneeKind; id: string | null; name: string | null } | string | null;
  reason: string;
  followUpAt: string | null;
  handoff: { id: string; dueAt: string } | null;
}

/** POST /softphone/token */
export interface SoftphoneGrant {
  token: string;
  identity: string;
}

// The socket events' payloads are the server's own types: one definition for both sides.
import type { StaffEventPayloads } from '../../src/routing/agent-events';
export type * from '../../src/routing/agent-events';

/** GET /supervisor/overview, and the `supervisor:overview` push. */
export interface SupervisorOverview {
  generatedAt: string;
  slaSeconds: number;
  windowHours: number;
  queues: { name: string; waiting: number; active: number; delayed: number; prioritized: number; failed: number }[];
  contacts: {
    byStatus: Record<ContactStatus, number>;
    byChannel: Record<string, Partial<Record<ContactStatus, number>>>;
  };
  waiting: { channel: string; count: number; overSla: number; oldestWaitSeconds: number | null }[];
  handoffs: { open: number; overdue: number };
  agents: {
    id: string;
    name: string;
    roles: Role[];
    active: boolean;
    presence: Presence;
    presenceChangedAt: string | null;
    openAssignments: number;
    pendingOffers: number;
    openHandoffs: number;
  }[];
}

/** Server -> staff events, by their shared names (SERVER_EVENTS). */
export type ServerEventPayloads = StaffEventPayloads<SupervisorOverview>;

/** Staff -> server events: the payload sent and what a successful acknowledgement carries. */
export interface ClientEvents {
  [CLIENT_EVENTS.presenceSet]: { payload: { status: Presence }; answer: { status: Presence } };
  [CLIENT_EVENTS.offerAccept]: { payload: { offerId: string }; answer: { contact?: Contact } };
  [CLIENT_EVENTS.offerDecline]: { payload: { offerId: string; reason?: string }; answer: object };
  [CLIENT_EVENTS.assignmentEnd]: { payload: { contactId: string; reason?: string }; answer: object };
  [CLIENT_EVENTS.handoffAccept]: { payload: { handoffId: string }; answer: object };
  [CLIENT_EVENTS.handoffDecline]: { payload: { handoffId: string; reason?: string }; answer: object };
}

// Both maps above name every shared event and nothing else: a new event needs its types here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type EveryServerEventTyped = Holds<Same<keyof ServerEventPayloads, ServerEventName>>;
export type EveryClientEventTyped = Holds<Same<keyof ClientEvents, ClientEventName>>;

/** GET /callback-tasks */
export interface CallbackTask {
  id: string;
  contactId: string;
  personId: string | null;
  phone: string;
  reason: string;
  status: string;
  dueAt: string | null;
  assignedAgentId: string | null;
  note: string | null;
  createdAt: string;
}

/** A contact in a list (GET /contacts, a customer's or a person's contacts). */
export interface ContactSummary {
  id: string;
  medium: Medium;
  status: ContactStatus;
  subject: string | null;
  from: { name: string | null; email: string | null; phone: string | null; company: string | null };
  createdAt: string;
}

/** GET /customers/:id (the summary fields are those of GET /customers) */
export interface CustomerAccount {
  id: string;
  name: string;
  domain: string | null;
  segment: string | null;
  industry: string | null;
  size: string | null;
  region: string | null;
  relationshipOwnerId: string | null;
  relationshipOwner: { id: string; name: string | null } | null;
  people?: PersonRecord[];
  contacts?: ContactSummary[];
  leads?: { id: string; maturity: string; route: string; contactId: string }[];
}

/** GET /people/:id */
export interface PersonRecord {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  customerId: string | null;
  doNotContact: boolean;
  customer?: CustomerAccount | null;
  contacts?: ContactSummary[];
}
