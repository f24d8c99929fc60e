import { Logger } from '@nestjs/common';
import type { Principal } from '../../auth/auth.types';
import type { TimelineRepository } from '../../timeline/timeline.repository';
import { FakeClock } from '../../../test/fakes/fake-clock';
import { FakeLeadRepository } from '../../../test/fakes/fake-leads';
import { FakeTimeline } from '../../../test/fakes/fake-timeline';
import { FakeUnitOfWork } from '../../../test/fakes/fake-unit-of-work';
import { asPort } from '../../../test/fakes/public';
import { DealOutcomeListeners } from './deal-outcome.listener';
import { DealService } from './deal.service';
import type { Lead } from './lead';
import type { LeadRepository } from './lead.repository';

const SPECIALIST: Principal = {
  id: '00000000-0000-4000-8000-0000000000d5',
  email: 'ds@example.test',
  roles: ['deal_specialist'],
};
const AGENT: Principal = { id: '00000000-0000-4000-8000-0000000000a9', email: 'ag@example.test', roles: ['agent'] };
const OTHER_DS: Principal = {
  id: '00000000-0000-4000-8000-0000000000d6',
  email: 'd2@example.test',
  roles: ['deal_specialist'],
};
const SUPERVISOR: Principal = {
  id: '00000000-0000-4000-8000-0000000005f0',
  email: 'sup@example.test',
  roles: ['supervisor'],
};

function setup(patch: Partial<Lead> = {}) {
  const clock = new FakeClock('2026-06-10T09:00:00.000Z');
  const leads = new FakeLeadRepository(() => new Date('2026-06-01T09:00:00.000Z'));
  const timeline = new FakeTimeline();
  const unitOfWork = new FakeUnitOfWork();
  const listeners = new DealOutcomeListeners();
  const closed: { leadId: string; result: string; by: string }[] = [];
  listeners.register({
    name: 'recorder',
    onDealClosed: (lead, result, by) => {
      closed.push({ leadId: lead.id, result, by });
      return Promise.resolve();
    },
  });
  const service = new DealService(
    unitOfWork,
    asPort<LeadRepository>(leads),
    asPort<TimelineRepository>(timeline),
    clock,
    listeners,
  );
  const lead = leads.seed({
    contactId: '00000000-0000-4000-8000-00000000c0c0',
    route: 'field',
    maturity: 'M2',
    ownerId: AGENT.id,
    assigneeId: SPECIALIST.id,
    dealSpecialistId: SPECIALIST.id,
    stalledAt: new Date('2026-06-09T09:00:00.000Z'),
    ...patch,
  });
  return { clock, leads, timeline, unitOfWork, service, lead, closed };
}

describe('DealService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('moves the stage for the owner: stall clock reset, history with who, why, from, to, amounts', async () => {
    const { service, lead, leads, timeline } = setup();
    const view = await service.moveStage(SPECIALIST, lead.id, {
      maturity: 'M3',
      reason: 'proposal sent',
      amount: 1200000,
      expectedCloseAt: '2027-02-15T00:00:00.000Z',
    });
    expect(view).toMatchObject({
      from: 'M2',
      maturity: 'M3',
      amount: 1200000,
      stageEnteredAt: '2026-06-10T09:00:00.000Z',
    });
    const stored = leads.leads.get(lead.id)!;
    expect(stored).toMatchObject({ maturity: 'M3', stalledAt: null, amount: 1200000 });
    expect(stored.stageEnteredAt.toISOString()).toBe('2026-06-10T09:00:00.000Z');
    expect(timeline.events).toEqual([
      expect.objectContaining({
        type: 'lead.stage_changed',
        actor: `user:${SPECIALIST.id}`,
        data: expect.objectContaining({
          leadId: lead.id,
          by: SPECIALIST.id,
          from: 'M2',
          to: 'M3',
          reason: 'proposal sent',
          amount: { from: null, to: 1200000 },
          expectedCloseAt: { from: null, to: '2027-02-15T00:00:00.000Z' },
        }),
      }),
    ]);
  });

  it('updates the forecast in the same stage without restarting the stall clock', async () => {
    const { service, lead, leads, timeline } = setup();
    await service.moveStage(SPECIALIST, lead.id, { maturity: 'M2', reason: 'budget confirmed', amount: 5 });
    expect(leads.leads.get(lead.id)).toMatchObject({ maturity: 'M2', amount: 5, stageEnteredAt: lead.stageEnteredAt });
    expect(timeline.types()).toEqual(['lead.forecast_updated']);
  });

  it.each([
    ['the qualifying agent after the handoff', AGENT, 'forbidden'],
    ['another deal specialist (not in scope)', OTHER_DS, 'not_found'],
  ])('refuses %s', async (_, who, code) => {
    const { service, lead, timeline, unitOfWork } = setup();
    await expect(service.moveStage(who, lead.id, { maturity: 'M3', reason: 'x' })).rejects.toMatchObject({ code });
    expect(timeline.events).toEqual([]);
    expect(unitOfWork.committed).toBe(0);
  });

  it('lets the qualifying agent move a lead nobody accepted, and a supervisor any lead', async () => {
    const { service, lead } = setup({ route: 'e_sales', dealSpecialistId: null, assigneeId: null });
    await expect(service.moveStage(AGENT, lead.id, { maturity: 'M3', reason: 'demo done' })).resolves.toMatchObject({
      maturity: 'M3',
    });
    await expect(service.moveStage(SUPERVISOR, lead.id, { maturity: 'M4', reason: 'terms' })).resolves.toMatchObject({
      maturity: 'M4',
    });
  });

  it.each([
    ['an illegal move back two stages', { maturity: 'M4' as const }, 'M2' as const],
    ['the same stage without a forecast', { maturity: 'M3' as const }, 'M3' as const],
  ])('answers conflict for %s', async (_, start, to) => {
    const { service, lead } = setup(start);
    await expect(service.moveStage(SPECIALIST, lead.id, { maturity: to, reason: 'x' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('answers conflict when the lead moved between read and write (a lost race)', async () => {
    const { service, lead, leads } = setup();
    const original = leads.applyStageChange.bind(leads);
    leads.applyStageChange = (id, _from, change) => original(id, 'M0', change);
    await expect(service.moveStage(SPECIALIST, lead.id, { maturity: 'M3', reason: 'x' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('changed meanwhile'),
    });
  });

  it('closes won: final, listeners told in the same unit, then nothing moves', async () => {
    const { service, lead, leads, closed, timeline } = setup({ maturity: 'M4' });
    await service.recordOutcome(SPECIALIST, lead.id, { result: 'won', amount: 990000, reason: 'signed' });
    expect(leads.leads.get(lead.id)).toMatchObject({ maturity: 'won', amount: 990000, outcomeReason: 'signed' });
    expect(closed).toEqual([{ leadId: lead.id, result: 'won', by: SPECIALIST.id }]);
    expect(timeline.types()).toEqual(['lead.won']);
    await expect(service.moveStage(SPECIALIST, lead.id, { maturity: 'M4', reason: 'undo' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(service.recordOutcome(SPECIALIST, lead.id, { result: 'lost', reason: 'undo' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses to win an unqualified lead, allows losing it', async () => {
    const { service, lead } = setup({ maturity: 'M1' });
    await expect(service.recordOutcome(SPECIALIST, lead.id, { result: 'won', reason: 'x' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      service.recordOutcome(SPECIALIST, lead.id, { result: 'lost', reason: 'no budget' }),
    ).resolves.toMatchObject({ maturity: 'lost' });
  });

  it('rolls the outcome back when a listener fails', async () => {
    const { service, lead, unitOfWork } = setup();
    (service as unknown as { outcomeListeners: DealOutcomeListeners }).outcomeListeners.register({
      name: 'failing',
      onDealClosed: () => Promise.reject(new Error('boom')),
    });
    await expect(service.recordOutcome(SPECIALIST, lead.id, { result: 'won', reason: 'x' })).rejects.toThrow('boom');
    expect(unitOfWork.rolledBack).toBe(1);
  });
});
