import { Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import type { LeadRepository } from '../routing/leads/lead.repository';
import { FakeClock } from '../../test/fakes/fake-clock';
import { FakeLeadRepository } from '../../test/fakes/fake-leads';
import { FakeSalesPlanRepository } from '../../test/fakes/fake-sales-plans';
import { FakeUnitOfWork } from '../../test/fakes/fake-unit-of-work';
import { asPort } from '../../test/fakes/public';
import { PipelineService } from './pipeline.service';
import type { SalesPlanRepository } from './sales-plan.repository';

const DS: Principal = {
  id: '00000000-0000-4000-8000-0000000000d5',
  email: 'ds@example.test',
  roles: ['deal_specialist'],
};
const DS2: Principal = {
  id: '00000000-0000-4000-8000-0000000000d6',
  email: 'd2@example.test',
  roles: ['deal_specialist'],
};
const SUP: Principal = { id: '00000000-0000-4000-8000-0000000005f0', email: 'sup@example.test', roles: ['supervisor'] };
const Q1 = new Date('2027-02-01T00:00:00.000Z');

function setup(weights = {}) {
  const clock = new FakeClock('2027-01-11T00:00:00.000Z');
  const leads = new FakeLeadRepository();
  const plans = new FakeSalesPlanRepository();
  const service = new PipelineService(
    new FakeUnitOfWork(),
    asPort<LeadRepository>(leads),
    asPort<SalesPlanRepository>(plans),
    clock,
    { PIPELINE_STAGE_WEIGHTS: weights },
  );
  const deal = (owner: Principal, maturity: 'M0' | 'M2' | 'M4' | 'won', amount: number, extra = {}) =>
    leads.seed({
      contactId: `00000000-0000-4000-8000-${String(leads.leads.size + 1).padStart(12, '0')}`,
      route: 'field',
      dealSpecialistId: owner.id,
      maturity,
      amount,
      expectedCloseAt: Q1,
      stageEnteredAt: new Date('2027-01-01T00:00:00.000Z'),
      productLines: ['erp'],
      ...extra,
    });
  return { service, leads, plans, deal };
}

describe('PipelineService', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it("counts a specialist's own stages with amounts, stalled and age, and covers their plan", async () => {
    const { service, deal } = setup();
    deal(DS, 'M0', 1000, { stalledAt: new Date('2027-01-10T00:00:00.000Z') });
    deal(DS, 'M4', 2000);
    deal(DS, 'won', 500);
    deal(DS2, 'M4', 9999);
    await service.putPlan(SUP, '2027-Q1', { ownerId: DS.id, target: 2000 });

    const view = await service.pipeline(DS, { period: '2027-Q1' });
    expect(view.stages.map((s) => s.stage)).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'won', 'lost']);
    expect(view.stages[0]).toEqual({
      stage: 'M0',
      count: 1,
      amount: 1000,
      stalled: 1,
      averageAgeDays: 10,
      oldestAgeDays: 10,
      weight: 0.05,
    });
    expect(view.stages[4]).toMatchObject({ count: 1, amount: 2000 });
    expect(view.coverage).toEqual({ target: 2000, weighted: 50 + 1500 + 500, ratio: 1.025 });
    expect(view.leads).toHaveLength(3);
    expect(view.leads[0]).toMatchObject({ ageDays: 10, ownerId: DS.id });
  });

  it('uses the configured weights', async () => {
    const { service, deal } = setup({ M4: 1 });
    deal(DS, 'M4', 2000);
    await service.putPlan(SUP, '2027-Q1', { ownerId: DS.id, target: 1000 });
    expect((await service.pipeline(DS, { period: '2027-Q1' })).coverage).toEqual({
      target: 1000,
      weighted: 2000,
      ratio: 2,
    });
  });

  it('has no coverage without a period or without a plan', async () => {
    const { service, deal } = setup();
    deal(DS, 'M2', 100);
    expect((await service.pipeline(DS, {})).coverage).toBeNull();
    expect((await service.pipeline(DS, { period: '2027-Q2' })).coverage).toBeNull();
  });

  it('lets supervisors see the company (its plan) or one owner; a specialist only themself', async () => {
    const { service, deal } = setup();
    deal(DS, 'M2', 100);
    deal(DS2, 'M2', 300);
    await service.putPlan(SUP, '2027-Q1', { target: 400 });
    const company = await service.pipeline(SUP, { period: '2027-Q1' });
    expect(company.stages[2]).toMatchObject({ count: 2, amount: 400 });
    expect(company.coverage).toEqual({ target: 400, weighted: 100, ratio: 0.25 });
    expect((await service.pipeline(SUP, { ownerId: DS2.id })).stages[2]).toMatchObject({ count: 1, amount: 300 });
    await expect(service.pipeline(DS, { ownerId: DS2.id })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('filters by product line and by the quarter leads expect to close in', async () => {
    const { service, deal } = setup();
    deal(DS, 'M2', 100);
    deal(DS, 'M2', 200, { productLines: ['server'] });
    deal(DS, 'M2', 400, { expectedCloseAt: new Date('2027-04-01T00:00:00.000Z') });
    expect((await service.pipeline(DS, { productLine: 'server' })).stages[2]).toMatchObject({ count: 1, amount: 200 });
    expect((await service.pipeline(DS, { period: '2027-Q1' })).stages[2]).toMatchObject({ count: 2, amount: 300 });
    expect((await service.pipeline(DS, { period: '2027-Q2' })).stages[2]).toMatchObject({ count: 1, amount: 400 });
  });

  it('refuses a malformed period naming the field', async () => {
    const { service } = setup();
    await expect(service.putPlan(SUP, '2027-Q5', { target: 1 })).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [{ field: 'period', message: expect.any(String) }],
    });
  });
});
