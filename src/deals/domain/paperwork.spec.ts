import { addBusinessTime, normalizeCalendar } from '../../business-hours/domain/business-time';
import { type BackofficeTaskStatus, canMoveTask, isOverdue, paperworkFor } from './paperwork';

const SOLD = new Date('2027-01-10T09:00:00.000Z');

describe('paperworkFor', () => {
  it('makes contract, order entry and billing with the default SLAs', () => {
    expect(paperworkFor(SOLD)).toEqual([
      { kind: 'contract', dueAt: new Date('2027-01-13T09:00:00.000Z') },
      { kind: 'order_entry', dueAt: new Date('2027-01-11T09:00:00.000Z') },
      { kind: 'billing', dueAt: new Date('2027-01-12T09:00:00.000Z') },
    ]);
  });
  it('takes configured hours, the defaults for the others', () => {
    expect(paperworkFor(SOLD, { billing: 0.5 })[2]).toEqual({
      kind: 'billing',
      dueAt: new Date('2027-01-10T09:30:00.000Z'),
    });
  });
});

describe('paperworkFor in business time', () => {
  it('counts only open hours: a Friday 17:00 sale in a 09:00-18:00 Tokyo week', () => {
    const tokyo = normalizeCalendar({
      timezone: 'Asia/Tokyo',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
    });
    const soldFriday = new Date('2027-01-08T08:00:00.000Z'); // Friday 17:00 in Tokyo
    expect(paperworkFor(soldFriday, {}, (from, ms) => addBusinessTime(tokyo, from, ms))).toEqual([
      { kind: 'contract', dueAt: new Date('2027-01-20T08:00:00.000Z') }, // 72 h: Wednesday 17:00, 9 h a day
      { kind: 'order_entry', dueAt: new Date('2027-01-13T05:00:00.000Z') }, // 24 h: Wednesday 14:00
      { kind: 'billing', dueAt: new Date('2027-01-18T02:00:00.000Z') }, // 48 h: the Monday after, 11:00
    ]);
  });
});

describe('canMoveTask', () => {
  const cases: [BackofficeTaskStatus, BackofficeTaskStatus, boolean][] = [
    ['open', 'in_progress', true],
    ['open', 'done', true],
    ['in_progress', 'done', true],
    ['in_progress', 'in_progress', true],
    ['open', 'open', false],
    ['in_progress', 'open', false],
    ['done', 'done', false],
    ['done', 'in_progress', false],
  ];
  it.each(cases)('%s -> %s: %s', (from, to, ok) => expect(canMoveTask(from, to)).toBe(ok));
});

describe('isOverdue', () => {
  it.each([
    ['open', '2027-01-10T08:59:59.999Z', false],
    ['open', '2027-01-10T09:00:00.000Z', true],
    ['in_progress', '2027-01-11T00:00:00.000Z', true],
    ['done', '2027-01-11T00:00:00.000Z', false],
  ] as const)('%s at %s: %s', (status, now, overdue) => {
    expect(isOverdue({ status, dueAt: SOLD }, new Date(now))).toBe(overdue);
  });
});
