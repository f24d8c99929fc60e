import { CONTACT_STATUSES, ContactStatus } from '../contact.types';
import {
  canTransition,
  CONTACT_LIFECYCLE,
  CONTACT_TRANSITIONS,
  ContactTransition,
  transitionFrom,
} from './contact-lifecycle';

describe('contact lifecycle', () => {
  it.each<[ContactStatus, ContactStatus, boolean]>([
    ['received', 'queued', true],
    ['received', 'offered', false],
    ['received', 'assigned', false],
    ['received', 'qualified', false],
    ['received', 'closed', false],
    ['queued', 'offered', true],
    ['queued', 'assigned', false],
    ['queued', 'received', false],
    ['offered', 'assigned', true],
    ['offered', 'queued', true],
    ['offered', 'closed', false],
    ['assigned', 'closed', true],
    ['assigned', 'qualified', true],
    ['assigned', 'offered', false],
    ['qualified', 'queued', true],
    ['qualified', 'closed', false],
    ['qualified', 'assigned', false],
    ['closed', 'queued', true],
    ['closed', 'assigned', false],
    ['closed', 'received', false],
  ])('%s -> %s: %s', (from, to, legal) => {
    expect(canTransition(from, to)).toBe(legal);
  });

  it('never goes back to received', () => {
    for (const from of CONTACT_STATUSES) expect(canTransition(from, 'received')).toBe(false);
  });

  it('lists every status', () => {
    expect(Object.keys(CONTACT_LIFECYCLE).sort()).toEqual([...CONTACT_STATUSES].sort());
  });

  it.each(Object.keys(CONTACT_TRANSITIONS) as ContactTransition[])(
    'the named transition %s uses legal edges only',
    (name) => {
      const { from, to } = transitionFrom(name);
      expect(from.length).toBeGreaterThan(0);
      for (const status of from) expect(canTransition(status, to)).toBe(true);
    },
  );

  it.each<[ContactTransition, ContactStatus[], ContactStatus]>([
    ['transfer', ['assigned'], 'queued'],
    ['reopen', ['qualified', 'closed'], 'queued'],
    ['close', ['assigned'], 'closed'],
  ])('%s goes from %j to %s (working a contact)', (name, from, to) => {
    expect(transitionFrom(name)).toEqual({ from, to });
  });

  it('reaches every status from received', () => {
    const seen = new Set<ContactStatus>(['received']);
    const frontier: ContactStatus[] = ['received'];
    while (frontier.length > 0) {
      for (const next of CONTACT_LIFECYCLE[frontier.pop()!]) {
        if (!seen.has(next)) {
          seen.add(next);
          frontier.push(next);
        }
      }
    }
    expect([...seen].sort()).toEqual([...CONTACT_STATUSES].sort());
  });
});
