import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig, InjectConfig } from '../config/app-config';
import { CampaignContactRepository } from '../contacts/campaign-contact.repository';
import { LANGUAGES, type Language } from '../contacts/contact.types';
import { UnitOfWork } from '../database/unit-of-work';
import { PersonRepository } from '../identity/person.repository';
import { JobQueue } from '../queues/job-queue';
import { JobName } from '../queues/queue.constants';
import { AgentRoster } from '../routing/agents/agent-roster.service';
import { canTake, type ContactToRoute } from '../routing/domain/agent-selection';
import { WrapUpListeners, type WrappedUp } from '../routing/work/wrap-up.listener';
import { TimelineRepository } from '../timeline/timeline.repository';
import { CampaignListeners } from './campaign-listeners';
import { CampaignRecord, CampaignRepository } from './campaign.repository';
import { CampaignTargetRecord, CampaignTargetRepository } from './campaign-target.repository';
import { nextDiallingTime, type DiallingWindow } from './domain/calling-hours';
import { diallingRoom } from './domain/dialling-room';
import { targetOutcome } from './domain/target-outcome';

export type DialOutcome =
  | { outcome: 'inactive' | 'period_over' | 'finished' }
  | { outcome: 'outside_hours'; next: Date }
  | { outcome: 'dialled'; queued: number; room: number };

const windowOf = (c: CampaignRecord): DiallingWindow => ({
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  callingHours: c.callingHours,
});

/**
 * The voice dialler: an active voice campaign's due targets become queued voice contacts
 * (source `campaign`, marked with the campaign and target), dispatched by routing exactly like
 * inbound contacts, so skills, capacity, presence and the inbound-first queue order all apply.
 *
 * Driven by durable jobs, never an in-process loop: `campaigns.dial` runs when the campaign is
 * started, after each campaign call's wrap-up, when a retry falls due, and as a chained tick every
 * CAMPAIGN_DIAL_INTERVAL_SECONDS while targets are open (each round enqueues the next through the
 * outbox, so a restart loses no round). A round outside the period or calling hours only schedules
 * the round at the next opening. Each round queues at most `diallingRoom` calls (one per free agent
 * not already claimed by a waiting contact), so the queue never floods.
 */
@Injectable()
export class CampaignDiallerService implements OnModuleInit {
  private readonly logger = new Logger(CampaignDiallerService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly targets: CampaignTargetRepository,
    private readonly contacts: CampaignContactRepository,
    private readonly people: PersonRepository,
    private readonly roster: AgentRoster,
    private readonly timeline: TimelineRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly campaignListeners: CampaignListeners,
    private readonly wrapUps: WrapUpListeners,
    @InjectConfig()
    private readonly config: Pick<
      AppConfig,
      'CAMPAIGN_DIAL_INTERVAL_SECONDS' | 'CAMPAIGN_RETRY_DELAY_SECONDS' | 'VOICE_DEFAULT_LANGUAGE'
    >,
  ) {}

  onModuleInit(): void {
    this.campaignListeners.register({
      name: 'voice-dialler',
      onStatusChanged: (campaign) =>
        campaign.status === 'active' && campaign.medium === 'voice' ? this.start(campaign.id) : undefined,
    });
    this.wrapUps.register({ name: 'campaign-targets', onWrappedUp: (event) => this.onWrappedUp(event) });
  }

  /** Starts dialling now (a campaign was started or resumed, or targets were added to an active one). */
  async start(campaignId: string): Promise<void> {
    await this.jobs.enqueue(JobName.DialCampaign, { campaignId, cause: `start.${this.clock.nowMs()}` });
  }

  /** One dialling round (the `campaigns.dial` job). Idempotent: a repeated round finds the targets offered. */
  async dial(campaignId: string): Promise<DialOutcome> {
    const result = await this.unitOfWork.run(async (): Promise<DialOutcome> => {
      // The campaign's row lock serializes rounds of one campaign across workers.
      const campaign = await this.campaigns.findById(campaignId, { lock: true });
      if (campaign?.status !== 'active' || campaign.medium !== 'voice') return { outcome: 'inactive' };
      const now = this.clock.now();
      const next = nextDiallingTime(now, windowOf(campaign));
      if (!next) return { outcome: 'period_over' };
      if (next.getTime() > now.getTime()) {
        await this.jobs.enqueue(JobName.DialCampaign, { campaignId, cause: `tick.${next.getTime()}` }, { runAt: next });
        return { outcome: 'outside_hours', next };
      }
      // Calls ended without a wrap-up settle here, as if wrapped up with no disposition.
      for (const target of await this.targets.lockEndedWithoutWrapUp(campaignId)) {
        if (target.contactId) {
          await this.settleCall(campaign, target, {
            contactId: target.contactId,
            disposition: null,
            actor: 'system',
            at: now,
          });
        }
      }
      if ((await this.targets.countOpen(campaignId)) === 0) return { outcome: 'finished' };

      const room = diallingRoom({
        freeAgents: await this.freeAgents(campaign),
        ...(await this.waiting()),
      });
      const due = await this.targets.lockDue(campaignId, now, room);
      let queued = 0;
      for (const target of due) if (await this.dialTarget(campaign, target, now)) queued += 1;

      const intervalMs = this.config.CAMPAIGN_DIAL_INTERVAL_SECONDS * 1000;
      const tickAt = new Date(now.getTime() + intervalMs);
      await this.jobs.enqueue(
        JobName.DialCampaign,
        { campaignId, cause: `tick.${Math.floor(tickAt.getTime() / intervalMs)}` },
        { runAt: tickAt },
      );
      return { outcome: 'dialled', queued, room };
    });
    if (result.outcome === 'dialled' && result.queued > 0) {
      this.logger.log({ campaignId, queued: result.queued, room: result.room }, 'campaign calls queued');
    } else if (result.outcome !== 'dialled') {
      this.logger.debug({ campaignId, outcome: result.outcome }, 'campaign dialling round');
    }
    return result;
  }

  private async waiting(): Promise<{ waitingInbound: number; waitingCampaign: number }> {
    const w = await this.contacts.waitingLive();
    return { waitingInbound: w.inbound, waitingCampaign: w.campaign };
  }

  /** Available agents who could take a call of this campaign's channel in some language now. */
  private async freeAgents(campaign: CampaignRecord): Promise<number> {
    const agents = await this.roster.available();
    const probe = (language: Language): ContactToRoute => ({
      id: 'campaign-probe',
      medium: 'voice',
      channel: campaign.channel,
      language,
      enqueuedAt: this.clock.nowMs(),
      campaign: true,
    });
    return agents.filter((a) => LANGUAGES.some((l) => canTake(a, probe(l)))).length;
  }

  private async dialTarget(campaign: CampaignRecord, target: CampaignTargetRecord, now: Date): Promise<boolean> {
    if (!target.phone || (target.personId && (await this.people.isDoNotContact(target.personId)))) {
      const reason = target.phone ? 'do_not_contact' : 'no phone number';
      await this.targets.settle(
        target.id,
        target.state,
        { state: 'skipped', nextAttemptAt: null, disposition: null, reason },
        now,
      );
      await this.timeline.append({
        type: 'campaign.target_skipped',
        actor: 'system',
        personId: target.personId,
        data: { campaignId: campaign.id, targetId: target.id, reason },
      });
      return false;
    }
    const attempt = target.attempts + 1;
    const language = (LANGUAGES as readonly string[]).includes(target.language ?? '')
      ? (target.language as Language)
      : this.config.VOICE_DEFAULT_LANGUAGE;
    const who = target.name ?? target.phone;
    const contactId = await this.contacts.insertCampaignAttempt({
      campaignId: campaign.id,
      campaignTargetId: target.id,
      externalId: `${target.id}.${attempt}`,
      channel: campaign.channel,
      channelReason: `outbound campaign ${campaign.name} (${campaign.kind})`,
      language,
      name: target.name,
      phone: target.phone,
      email: target.email,
      company: target.company,
      subject: `${campaign.name}: call ${who}${attempt > 1 ? ` (attempt ${attempt})` : ''}`,
      body: campaign.script ?? `Outbound campaign ${campaign.name}: call ${who}.`,
      personId: target.personId,
      customerId: target.customerId,
      at: now,
    });
    if (!contactId) return false; // this attempt was queued by an earlier round
    await this.targets.markDialled(target.id, contactId, now);
    await this.timeline.append({
      type: 'campaign.target_dialled',
      actor: 'system',
      contactId,
      personId: target.personId,
      data: { campaignId: campaign.id, targetId: target.id, attempt, maxAttempts: campaign.maxAttempts },
    });
    await this.jobs.enqueue(JobName.DispatchContact, { contactId, cause: 'queued' });
    return true;
  }

  /**
   * A campaign call's wrap-up (inside its unit of work): `no_answer` puts the target in `retry`
   * at its next calling time (a durable job dials it then) until maxAttempts, anything else ends
   * it with the disposition; the next round runs at once for the agent who just got free.
   */
  private async onWrappedUp(event: WrappedUp): Promise<void> {
    const target = await this.targets.findByContact(event.contactId, { lock: true });
    if (target?.state !== 'offered') return;
    const campaign = await this.campaigns.findById(target.campaignId);
    if (!campaign) return;
    await this.settleCall(campaign, target, event);
    await this.jobs.enqueue(JobName.DialCampaign, { campaignId: campaign.id, cause: `after.${event.contactId}` });
  }

  /**
   * Settles the target of a finished call (locked by the caller) by its disposition, or by none
   * when the agent ended the call without one: retry at the next calling time, or done.
   */
  private async settleCall(
    campaign: CampaignRecord,
    target: CampaignTargetRecord,
    call: { contactId: string; disposition: string | null; actor: string; at: Date },
  ): Promise<void> {
    const outcome = targetOutcome({
      disposition: call.disposition,
      attempts: target.attempts,
      maxAttempts: campaign.maxAttempts,
      now: call.at,
      window: windowOf(campaign),
      policy: { retryDelayMs: this.config.CAMPAIGN_RETRY_DELAY_SECONDS * 1000 },
    });
    const nextAttemptAt = outcome.state === 'retry' ? outcome.nextAttemptAt : null;
    const settled = await this.targets.settle(
      target.id,
      'offered',
      { state: outcome.state, nextAttemptAt, disposition: call.disposition, reason: null },
      call.at,
    );
    if (!settled) return;
    await this.timeline.append({
      type: outcome.state === 'retry' ? 'campaign.target_retry' : 'campaign.target_done',
      actor: call.actor,
      contactId: call.contactId,
      personId: target.personId,
      data: {
        campaignId: campaign.id,
        targetId: target.id,
        disposition: call.disposition,
        attempts: target.attempts,
        reason: outcome.reason,
        ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}),
      },
    });
    if (nextAttemptAt) {
      await this.jobs.enqueue(
        JobName.DialCampaign,
        { campaignId: campaign.id, cause: `retry.${target.id}.${target.attempts}` },
        { runAt: nextAttemptAt },
      );
    }
  }
}
