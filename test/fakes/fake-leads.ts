import { AccessScope, canSeeLead } from '../../src/auth/domain/access-policy';
import type { Complexity } from '../../src/catalog/catalog.types';
import type { TargetSegment } from '../../src/catalog/domain/market-planning';
import type { ProductLine } from '../../src/catalog/product-line.entity';
import type { ProductLineInput, ProductLineRepository } from '../../src/catalog/product-line.repository';
import type { HandoffStatus } from '../../src/routing/leads/handoff.entity';
import type { HandoffRecord, HandoffRepository, MailRecipient } from '../../src/routing/leads/handoff.repository';
import type { Lead, LeadListing, QualifiedLead } from '../../src/routing/leads/lead';
import type {
  LeadFilter,
  LeadRepository,
  PipelineFilter,
  PipelineLeadRow,
  PipelineStageRow,
  StageChange,
  StallCandidate,
} from '../../src/routing/leads/lead.repository';
import { leadOwnerOf } from '../../src/routing/domain/opportunity';
import type { Maturity } from '../../src/routing/domain/maturity';
import type { ChannelMatrixRecord, ChannelMatrixRepository } from '../../src/routing/matrix/channel-matrix.repository';
import type { Partner } from '../../src/routing/partners/partner.entity';
import type { PartnerInput, PartnerRepository } from '../../src/routing/partners/partner.repository';
import type { Public } from './public';

let sequence = 0;
/** A fresh uuid-shaped id, deterministic within a run (job payloads require uuids). */
export const nextId = (): string => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

/** Leads in memory; `sender` is the contact's sender each lead is read with. */
export class FakeLeadRepository implements Public<LeadRepository> {
  readonly leads = new Map<string, Lead>();
  readonly names = new Map<string, string>();
  readonly locked: string[] = [];

  constructor(private readonly now: () => Date = () => new Date('2026-06-01T09:00:00.000Z')) {}

  /** Stores a lead as if qualified earlier. */
  seed(patch: Partial<Lead> & { contactId: string }): Lead {
    const at = this.now();
    const lead: Lead = {
      id: nextId(),
      customerId: null,
      revenueTier: 'large',
      estimatedRevenue: null,
      complexity: 'complex',
      productLines: [],
      integration: false,
      territory: null,
      industry: null,
      maturity: 'M3',
      stageEnteredAt: at,
      qualification: {},
      route: 'field',
      matrixVersion: 1,
      assigneeId: null,
      partnerId: null,
      ownerId: null,
      reason: 'seeded',
      stalledAt: null,
      followUpAt: null,
      amount: null,
      expectedCloseAt: null,
      dealSpecialistId: null,
      closedAt: null,
      outcomeReason: null,
      createdAt: at,
      updatedAt: at,
      personId: null,
      fromName: 'Ada',
      fromEmail: 'ada@example.com',
      fromCompany: 'Acme',
      ...patch,
    };
    this.leads.set(lead.id, lead);
    return lead;
  }

  findById(id: string, options: { lock?: boolean } = {}): Promise<Lead | null> {
    const lead = this.leads.get(id) ?? null;
    if (lead && options.lock) this.locked.push(lead.id);
    return Promise.resolve(lead ? { ...lead } : null);
  }

  findByContact(contactId: string, options: { lock?: boolean } = {}): Promise<Lead | null> {
    const lead = [...this.leads.values()].find((l) => l.contactId === contactId);
    return lead ? this.findById(lead.id, options) : Promise.resolve(null);
  }

  /** Campaign contacts are not modelled here: seed `campaignLeads` to answer a campaign's count. */
  readonly campaignLeads = new Map<string, number>();

  countByCampaign(campaignId: string): Promise<number> {
    return Promise.resolve(this.campaignLeads.get(campaignId) ?? 0);
  }

  contactIdOf(leadId: string): Promise<string | null> {
    return Promise.resolve(this.leads.get(leadId)?.contactId ?? null);
  }

  async upsertQualified(q: QualifiedLead): Promise<Lead> {
    const previous = [...this.leads.values()].find((l) => l.contactId === q.contactId);
    const sameStage = previous?.maturity === q.maturity;
    const base = previous ?? this.seed({ contactId: q.contactId });
    const lead: Lead = {
      ...base,
      ...q,
      stageEnteredAt: sameStage ? base.stageEnteredAt : this.now(),
      stalledAt: sameStage ? base.stalledAt : null,
      assigneeId: null,
      partnerId: null,
      followUpAt: null,
      dealSpecialistId: null,
    };
    this.leads.set(lead.id, lead);
    return (await this.findById(lead.id)) as Lead;
  }

  recordRoute(leadId: string, o: { reason: string; followUpAt: Date | null; partnerId: string | null }): Promise<void> {
    this.patch(leadId, { reason: o.reason, followUpAt: o.followUpAt, partnerId: o.partnerId });
    return Promise.resolve();
  }

  setAssignee(leadId: string, assigneeId: string | null): Promise<void> {
    this.patch(leadId, { assigneeId });
    return Promise.resolve();
  }

  setDealSpecialist(leadId: string, specialistId: string): Promise<void> {
    this.patch(leadId, { dealSpecialistId: specialistId });
    return Promise.resolve();
  }

  /** Applies the change when the lead is still at `from`, like the SQL's `WHERE maturity = $from`. */
  applyStageChange(leadId: string, from: Maturity, change: StageChange): Promise<boolean> {
    const lead = this.leads.get(leadId);
    if (!lead || lead.maturity !== from) return Promise.resolve(false);
    const moved = lead.maturity !== change.maturity;
    this.patch(leadId, {
      maturity: change.maturity,
      stageEnteredAt: moved ? change.at : lead.stageEnteredAt,
      stalledAt: moved ? null : lead.stalledAt,
      amount: change.amount ?? lead.amount,
      expectedCloseAt: change.expectedCloseAt ?? lead.expectedCloseAt,
      closedAt: change.closedAt ?? null,
      outcomeReason: change.outcomeReason ?? null,
    });
    return Promise.resolve(true);
  }

  /** The pipeline in memory: the same filters and aggregates as the SQL (teams are not modelled). */
  pipelineStages(filter: PipelineFilter, now: Date): Promise<PipelineStageRow[]> {
    const byStage = new Map<Maturity, Lead[]>();
    for (const lead of this.inPipeline(filter))
      byStage.set(lead.maturity, [...(byStage.get(lead.maturity) ?? []), lead]);
    return Promise.resolve(
      [...byStage].map(([stage, leads]) => {
        const open = stage !== 'won' && stage !== 'lost';
        const ages = leads.map((l) => (now.getTime() - l.stageEnteredAt.getTime()) / 86_400_000);
        return {
          stage,
          count: leads.length,
          amount: leads.reduce((sum, l) => sum + (l.amount ?? 0), 0),
          stalled: leads.filter((l) => l.stalledAt !== null).length,
          averageAgeDays: open ? Math.round((ages.reduce((a, b) => a + b, 0) / ages.length) * 10) / 10 : null,
          oldestAgeDays: open ? Math.round(Math.max(...ages) * 10) / 10 : null,
        };
      }),
    );
  }

  pipelineLeads(filter: PipelineFilter, limit: number): Promise<PipelineLeadRow[]> {
    return Promise.resolve(
      this.inPipeline(filter)
        .sort((a, b) => a.stageEnteredAt.getTime() - b.stageEnteredAt.getTime())
        .slice(0, limit)
        .map((l) => ({
          id: l.id,
          contactId: l.contactId,
          maturity: l.maturity,
          amount: l.amount,
          expectedCloseAt: l.expectedCloseAt,
          stageEnteredAt: l.stageEnteredAt,
          stalledAt: l.stalledAt,
          ownerId: leadOwnerOf(l),
          productLines: l.productLines,
          fromName: l.fromName,
          fromCompany: l.fromCompany,
        })),
    );
  }

  private inPipeline(filter: PipelineFilter): Lead[] {
    return [...this.leads.values()].filter(
      (l) =>
        (!filter.ownerId || leadOwnerOf(l) === filter.ownerId) &&
        (!filter.productLine || l.productLines.includes(filter.productLine)) &&
        (!filter.closing ||
          (l.expectedCloseAt !== null &&
            l.expectedCloseAt >= filter.closing.start &&
            l.expectedCloseAt < filter.closing.end)),
    );
  }

  listing(id: string, scope: AccessScope): Promise<LeadListing | null> {
    const lead = this.leads.get(id);
    return Promise.resolve(lead && visible(scope, lead) ? this.withNames(lead) : null);
  }

  list(filter: LeadFilter, scope: AccessScope): Promise<LeadListing[]> {
    const rows = [...this.leads.values()]
      .filter((l) => visible(scope, l))
      .filter((l) => filter.stalled === undefined || (l.stalledAt !== null) === filter.stalled)
      .filter((l) => !filter.route || l.route === filter.route)
      .filter((l) => !filter.assigneeId || l.assigneeId === filter.assigneeId)
      .slice(0, filter.limit);
    return Promise.resolve(rows.map((l) => this.withNames(l)));
  }

  stallCandidates(before: Date, afterId: string, limit: number): Promise<StallCandidate[]> {
    const rows = [...this.leads.values()]
      .filter((l) => l.stalledAt === null && l.maturity !== 'won' && l.maturity !== 'lost')
      .filter((l) => l.stageEnteredAt < before && l.id > afterId)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    return Promise.resolve(
      rows.map((l) => ({
        id: l.id,
        contactId: l.contactId,
        personId: l.personId,
        maturity: l.maturity,
        stageEnteredAt: l.stageEnteredAt,
        assigneeId: l.assigneeId,
        ownerId: l.ownerId,
      })),
    );
  }

  markStalled(leadId: string, at: Date, maturity: string): Promise<boolean> {
    const lead = this.leads.get(leadId);
    if (!lead || lead.stalledAt !== null || lead.maturity !== maturity) return Promise.resolve(false);
    this.patch(leadId, { stalledAt: at });
    return Promise.resolve(true);
  }

  private patch(leadId: string, patch: Partial<Lead>): void {
    const lead = this.leads.get(leadId);
    if (!lead) throw new Error(`no lead ${leadId}`);
    this.leads.set(leadId, { ...lead, ...patch, updatedAt: this.now() });
  }

  private withNames(lead: Lead): LeadListing {
    return {
      ...lead,
      assigneeName: lead.assigneeId ? (this.names.get(lead.assigneeId) ?? null) : null,
      partnerName: lead.partnerId ? (this.names.get(lead.partnerId) ?? null) : null,
      relationshipOwnerId: null,
    };
  }
}

/** Handoffs in memory; `names` are the users' names, `supervisors` the escalation's recipients. */
export class FakeHandoffRepository implements Public<HandoffRepository> {
  readonly handoffs: HandoffRecord[] = [];
  readonly names = new Map<string, MailRecipient>();
  supervisors: MailRecipient[] = [];

  constructor(private readonly now: () => Date = () => new Date('2026-06-01T09:00:00.000Z')) {}

  offer(input: {
    leadId: string;
    specialistId: string;
    reason: string;
    triedIds: string[];
    dueAt: Date;
  }): Promise<HandoffRecord> {
    return Promise.resolve(this.insert({ ...input, status: 'offered', decidedAt: null }));
  }

  escalate(input: { leadId: string; reason: string; triedIds: string[] }): Promise<HandoffRecord> {
    return Promise.resolve(
      this.insert({ ...input, specialistId: null, status: 'escalated', dueAt: null, decidedAt: this.now() }),
    );
  }

  leadIdOf(handoffId: string): Promise<string | null> {
    return Promise.resolve(this.byId(handoffId)?.leadId ?? null);
  }

  findById(handoffId: string): Promise<HandoffRecord | null> {
    const found = this.byId(handoffId);
    return Promise.resolve(found ? { ...found } : null);
  }

  lockById(handoffId: string): Promise<HandoffRecord | null> {
    return this.findById(handoffId);
  }

  lockOpenForLead(leadId: string): Promise<HandoffRecord | null> {
    const open = this.handoffs.find((h) => h.leadId === leadId && h.status === 'offered');
    return Promise.resolve(open ? { ...open } : null);
  }

  decide(handoffId: string, status: Exclude<HandoffStatus, 'offered' | 'escalated'>, reason: string | null) {
    const found = this.byId(handoffId);
    if (!found) throw new Error(`no handoff ${handoffId}`);
    Object.assign(found, { status, decidedAt: this.now(), decisionReason: reason });
    return Promise.resolve();
  }

  openFor(specialistId: string): Promise<HandoffRecord[]> {
    return Promise.resolve(this.handoffs.filter((h) => h.specialistId === specialistId && h.status === 'offered'));
  }

  listForLead(leadId: string): Promise<HandoffRecord[]> {
    return Promise.resolve(this.handoffs.filter((h) => h.leadId === leadId));
  }

  specialistRecipient(handoffId: string): Promise<MailRecipient | null> {
    const specialistId = this.byId(handoffId)?.specialistId;
    return Promise.resolve(specialistId ? (this.names.get(specialistId) ?? null) : null);
  }

  escalationRecipients(): Promise<MailRecipient[]> {
    return Promise.resolve(this.supervisors);
  }

  /** The attempts of a lead as `status:specialist`, in order, for compact assertions. */
  story(leadId: string): string[] {
    return this.handoffs.filter((h) => h.leadId === leadId).map((h) => `${h.status}:${h.specialistId ?? '-'}`);
  }

  private byId(handoffId: string): HandoffRecord | undefined {
    return this.handoffs.find((h) => h.id === handoffId);
  }

  private insert(
    input: Pick<HandoffRecord, 'leadId' | 'specialistId' | 'reason' | 'triedIds' | 'status' | 'dueAt' | 'decidedAt'>,
  ): HandoffRecord {
    if (input.status === 'offered' && this.handoffs.some((h) => h.leadId === input.leadId && h.status === 'offered')) {
      throw new Error(`lead ${input.leadId} has an open handoff already (unique index)`);
    }
    const record: HandoffRecord = {
      ...input,
      id: nextId(),
      specialistName: input.specialistId ? (this.names.get(input.specialistId)?.name ?? null) : null,
      offeredAt: this.now(),
      decisionReason: null,
    };
    this.handoffs.push(record);
    return { ...record };
  }
}

/** The catalog in memory. */
export class FakeProductLineRepository implements Public<ProductLineRepository> {
  readonly lines = new Map<string, ProductLine>();

  add(code: string, complexity: Complexity, active = true): this {
    const at = new Date(0);
    this.lines.set(code, { code, name: code, complexity, segments: [], active, createdAt: at, updatedAt: at });
    return this;
  }

  list(): Promise<ProductLine[]> {
    return Promise.resolve([...this.lines.values()].sort((a, b) => a.code.localeCompare(b.code)));
  }

  findByCode(code: string): Promise<ProductLine | null> {
    return Promise.resolve(this.lines.get(code) ?? null);
  }

  upsert(code: string, input: ProductLineInput): Promise<boolean> {
    const created = !this.lines.has(code);
    const at = new Date(0);
    this.lines.set(code, { code, ...input, createdAt: this.lines.get(code)?.createdAt ?? at, updatedAt: at });
    return Promise.resolve(created);
  }

  activeByCodes(codes: readonly string[]): Promise<{ code: string; complexity: Complexity }[]> {
    return Promise.resolve(
      [...this.lines.values()]
        .filter((l) => l.active && codes.includes(l.code))
        .map((l) => ({ code: l.code, complexity: l.complexity })),
    );
  }

  existingCodes(codes: readonly string[]): Promise<string[]> {
    return Promise.resolve(codes.filter((c) => this.lines.has(c)));
  }

  /** Gives a line (added as simple when new) its market-planning target segments. */
  setSegments(code: string, segments: TargetSegment[]): this {
    if (!this.lines.has(code)) this.add(code, 'simple');
    const line = this.lines.get(code);
    if (line) line.segments = segments;
    return this;
  }
}

/** Partners in memory. */
export class FakePartnerRepository implements Public<PartnerRepository> {
  readonly partners: Partner[] = [];

  add(input: Partial<PartnerInput> & { name: string }): Partner {
    const at = new Date(0);
    const partner: Partner = {
      id: nextId(),
      email: `${input.name.toLowerCase()}@partner.example`,
      regions: [],
      productLines: [],
      active: true,
      ...input,
      createdAt: at,
      updatedAt: at,
    };
    this.partners.push(partner);
    return partner;
  }

  list(): Promise<Partner[]> {
    return Promise.resolve([...this.partners].sort((a, b) => a.name.localeCompare(b.name)));
  }

  active(): Promise<Partner[]> {
    return Promise.resolve(this.partners.filter((p) => p.active));
  }

  findById(id: string): Promise<Partner | null> {
    return Promise.resolve(this.partners.find((p) => p.id === id) ?? null);
  }

  create(input: PartnerInput): Promise<Partner> {
    return Promise.resolve(this.add(input));
  }

  update(id: string, patch: Partial<PartnerInput>): Promise<void> {
    const partner = this.partners.find((p) => p.id === id);
    if (partner) Object.assign(partner, patch);
    return Promise.resolve();
  }
}

/** Channel matrix versions in memory; `locks` counts the advisory lock taken. */
export class FakeChannelMatrixRepository implements Public<ChannelMatrixRepository> {
  readonly records: ChannelMatrixRecord[] = [];
  locks = 0;

  constructor(document?: object) {
    if (document) this.records.push({ version: 1, document, createdBy: null, createdAt: new Date(0) });
  }

  lock(): Promise<void> {
    this.locks++;
    return Promise.resolve();
  }

  current(): Promise<ChannelMatrixRecord | null> {
    return Promise.resolve(this.records[this.records.length - 1] ?? null);
  }

  version(version: number): Promise<ChannelMatrixRecord | null> {
    return Promise.resolve(this.records.find((r) => r.version === version) ?? null);
  }

  versions(): Promise<Omit<ChannelMatrixRecord, 'document'>[]> {
    return Promise.resolve(
      [...this.records].reverse().map(({ version, createdBy, createdAt }) => ({ version, createdBy, createdAt })),
    );
  }

  insert(version: number, document: object, createdBy: string): Promise<ChannelMatrixRecord> {
    const record = { version, document, createdBy, createdAt: new Date(0) };
    this.records.push(record);
    return Promise.resolve(record);
  }
}

/** The access policy over the fake's leads (handoffs live in another fake: only owner and assignee count). */
function visible(scope: AccessScope, lead: Lead): boolean {
  return canSeeLead(scope, {
    ownerId: lead.ownerId,
    assigneeId: lead.assigneeId,
    handoffSpecialistIds: [],
    teamIds: [],
  });
}
