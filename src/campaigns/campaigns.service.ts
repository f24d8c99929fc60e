import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/auth.types';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { UnitOfWork } from '../database/unit-of-work';
import { LeadRepository } from '../routing/leads/lead.repository';
import { TimelineRepository } from '../timeline/timeline.repository';
import type {
  CampaignProgressView,
  CampaignTargetView,
  CampaignView,
  CreateCampaignDto,
  ListCampaignsQuery,
  ListTargetsQuery,
  UpdateCampaignDto,
} from './campaign.dto';
import { CampaignRecord, CampaignRepository } from './campaign.repository';
import { CampaignTargetRecord, CampaignTargetRepository } from './campaign-target.repository';
import { CampaignListeners } from './campaign-listeners';
import { isCallingWindow } from './domain/calling-hours';
import { campaignStatusChange } from './domain/campaign-status';
import { SeminarRecord, SeminarRepository } from './seminar.repository';

/**
 * Outbound campaigns: Demand Generation seminar invitations, e-Coverage account calls and quote
 * follow-ups. A supervisor creates one as a draft (with its seminar), imports its targets, and
 * starts, pauses or ends it; the dialler (CampaignDiallerService) and the invitation sender act on
 * the active ones.
 */
@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly targets: CampaignTargetRepository,
    private readonly seminars: SeminarRepository,
    private readonly timeline: TimelineRepository,
    private readonly leads: LeadRepository,
    private readonly listeners: CampaignListeners,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, dto: CreateCampaignDto): Promise<CampaignView> {
    const startsAt = dto.startsAt ? new Date(dto.startsAt) : null;
    const endsAt = dto.endsAt ? new Date(dto.endsAt) : null;
    if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
      throw new DomainError('validation_failed', 'endsAt must be after startsAt', [
        { field: 'endsAt', message: 'endsAt must be after startsAt' },
      ]);
    }
    if (dto.callingHours && !isCallingWindow(dto.callingHours)) {
      throw new DomainError('validation_failed', 'callingHours.to must be after callingHours.from', [
        { field: 'callingHours.to', message: 'callingHours.to must be after callingHours.from' },
      ]);
    }
    if (dto.kind === 'seminar_invitation' && !dto.seminar) {
      throw new DomainError('validation_failed', 'seminar is required for a seminar_invitation campaign', [
        { field: 'seminar', message: 'seminar is required for a seminar_invitation campaign' },
      ]);
    }
    const at = this.clock.now();
    const { campaign, seminar } = await this.unitOfWork.run(async () => {
      const seminar = dto.seminar
        ? await this.seminars.create({
            title: dto.seminar.title,
            startsAt: new Date(dto.seminar.startsAt),
            capacity: dto.seminar.capacity,
            at,
          })
        : null;
      const campaign = await this.campaigns.create({
        name: dto.name,
        kind: dto.kind,
        channel: dto.channel,
        medium: dto.medium,
        script: dto.script ?? null,
        templateId: dto.templateId ?? null,
        seminarId: seminar?.id ?? null,
        startsAt,
        endsAt,
        callingHours: dto.callingHours
          ? { timezone: dto.callingHours.timezone, from: dto.callingHours.from, to: dto.callingHours.to }
          : null,
        maxAttempts: dto.maxAttempts ?? 3,
        createdBy: principal.id,
        at,
      });
      await this.timeline.append({
        type: 'campaign.created',
        actor: principal.id,
        data: { campaignId: campaign.id, kind: campaign.kind, medium: campaign.medium, seminarId: seminar?.id ?? null },
      });
      return { campaign, seminar };
    });
    this.logger.log({ campaignId: campaign.id, kind: campaign.kind, medium: campaign.medium }, 'campaign created');
    return toCampaignView(campaign, seminar);
  }

  async list(query: ListCampaignsQuery): Promise<CampaignView[]> {
    const rows = await this.campaigns.list({ status: query.status, limit: query.limit ?? 50 });
    const views: CampaignView[] = [];
    for (const c of rows) {
      views.push(toCampaignView(c, c.seminarId ? await this.seminars.findById(c.seminarId) : null));
    }
    return views;
  }

  async get(id: string): Promise<CampaignView> {
    const campaign = await this.campaigns.findById(id);
    if (!campaign) throw notFound('campaign', id);
    const seminar = campaign.seminarId ? await this.seminars.findById(campaign.seminarId) : null;
    return { ...toCampaignView(campaign, seminar), progress: await this.progress(campaign) };
  }

  async progress(campaign: CampaignRecord): Promise<CampaignProgressView> {
    const t = await this.targets.progress(campaign.id);
    const seminar = campaign.seminarId ? await this.seminars.findById(campaign.seminarId) : null;
    const leads = await this.leads.countByCampaign(campaign.id);
    return {
      targets: t.total,
      byState: t.byState,
      byDisposition: t.byDisposition,
      attempts: t.attempts,
      registrations: seminar?.registered ?? 0,
      leads,
    };
  }

  async setStatus(principal: Principal, id: string, dto: UpdateCampaignDto): Promise<CampaignView> {
    const at = this.clock.now();
    const campaign = await this.unitOfWork.run(async () => {
      const current = await this.campaigns.findById(id, { lock: true });
      if (!current) throw notFound('campaign', id);
      const change = campaignStatusChange(current.status, dto.status);
      if (!change.ok) throw new DomainError('conflict', `campaign ${id}: ${change.reason}`);
      await this.campaigns.setStatus(id, current.status, dto.status, at);
      await this.timeline.append({
        type: 'campaign.status_changed',
        actor: principal.id,
        data: { campaignId: id, from: current.status, to: dto.status },
      });
      const updated = { ...current, status: dto.status, updatedAt: at };
      this.unitOfWork.afterCommit(() => this.listeners.statusChanged(updated, current.status));
      return updated;
    });
    this.logger.log({ campaignId: id, status: dto.status }, 'campaign status changed');
    return this.get(campaign.id);
  }

  async listTargets(id: string, query: ListTargetsQuery): Promise<CampaignTargetView[]> {
    const campaign = await this.campaigns.findById(id);
    if (!campaign) throw notFound('campaign', id);
    const rows = await this.targets.list(id, {
      state: query.state,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    return rows.map(toTargetView);
  }
}

export function toCampaignView(c: CampaignRecord, seminar: SeminarRecord | null): CampaignView {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    channel: c.channel,
    medium: c.medium,
    script: c.script,
    templateId: c.templateId,
    seminar: seminar
      ? {
          id: seminar.id,
          title: seminar.title,
          startsAt: seminar.startsAt.toISOString(),
          capacity: seminar.capacity,
          registered: seminar.registered,
        }
      : null,
    startsAt: c.startsAt?.toISOString() ?? null,
    endsAt: c.endsAt?.toISOString() ?? null,
    callingHours: c.callingHours,
    maxAttempts: c.maxAttempts,
    status: c.status,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function toTargetView(t: CampaignTargetRecord): CampaignTargetView {
  return {
    id: t.id,
    personId: t.personId,
    customerId: t.customerId,
    contactId: t.contactId,
    row: t.rowNumber,
    name: t.name,
    phone: t.phone,
    email: t.email,
    company: t.company,
    language: t.language,
    state: t.state,
    attempts: t.attempts,
    lastDisposition: t.lastDisposition,
    skipReason: t.skipReason,
    nextAttemptAt: t.nextAttemptAt?.toISOString() ?? null,
  };
}
