import type { ContactStatus } from '../contact.types';

/**
 * The one lifecycle of a contact: which status may follow which. Every status change goes through
 * ContactRepository.transition, which refuses an edge not listed here and applies the change with
 * `UPDATE ... WHERE status = ANY($from)`, so a transition that lost a race is an error, never a
 * silent overwrite.
 *
 *   received --classified--> queued --offer made--> offered --accepted--> assigned --finished--> closed
 *                              ^                       |                     |
 *                              +--- offer declined, expired or revoked ------+ (e-Sales hand-over, transfer)
 *   queued | offered | assigned | qualified | closed --qualified--> qualified (or queued for e-Sales)
 *   qualified | closed --nurture follow-up due, or a new message (reopen)--> queued
 */
export const CONTACT_LIFECYCLE: Readonly<Record<ContactStatus, readonly ContactStatus[]>> = {
  received: ['queued'],
  queued: ['offered', 'queued', 'qualified'],
  offered: ['assigned', 'queued', 'qualified'],
  assigned: ['closed', 'qualified', 'queued'],
  qualified: ['qualified', 'queued'],
  closed: ['queued', 'qualified'],
};

/** The statuses a transition may start from, by what happens to the contact. */
export const CONTACT_TRANSITIONS = {
  /** Identified and classified: waits for an inside-sales agent. */
  classify: { from: ['received'], to: 'queued' },
  /** Offered to one agent. */
  offer: { from: ['queued'], to: 'offered' },
  /** The offer was declined, expired or revoked: back in its queue. */
  returnToQueue: { from: ['offered'], to: 'queued' },
  /** The agent accepted the offer. */
  assign: { from: ['offered'], to: 'assigned' },
  /** The agent passed the contact on (to another agent or a channel's queue): waits to be offered again. */
  transfer: { from: ['assigned'], to: 'queued' },
  /** The agent finished a contact that did not become a lead. */
  close: { from: ['assigned'], to: 'closed' },
  /** Turned into a lead (or re-qualified) and routed to a deal specialist, a partner or nurture. */
  qualify: { from: ['queued', 'offered', 'assigned', 'qualified', 'closed'], to: 'qualified' },
  /** Qualified for e-Sales: dispatched again, to an e-Sales agent. */
  handToESales: { from: ['queued', 'offered', 'assigned', 'qualified', 'closed'], to: 'queued' },
  /** A nurtured lead's follow-up date came, or the customer wrote again: back in a queue. */
  reopen: { from: ['qualified', 'closed'], to: 'queued' },
} as const satisfies Record<string, { from: readonly ContactStatus[]; to: ContactStatus }>;

export type ContactTransition = keyof typeof CONTACT_TRANSITIONS;

export function canTransition(from: ContactStatus, to: ContactStatus): boolean {
  return CONTACT_LIFECYCLE[from].includes(to);
}

/** The statuses `transition` may start from; throws when the table names an illegal edge (a bug). */
export function transitionFrom(transition: ContactTransition): { from: readonly ContactStatus[]; to: ContactStatus } {
  const { from, to } = CONTACT_TRANSITIONS[transition];
  const illegal = from.filter((status) => !canTransition(status, to));
  if (illegal.length > 0)
    throw new Error(`contact transition ${transition}: ${illegal.join(', ')} -> ${to} is not legal`);
  return { from, to };
}
