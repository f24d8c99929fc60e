import { Injectable, Logger } from '@nestjs/common';
import { publicUrl } from '../../channels/twilio/webhook-url';
import { Clock } from '../../common/clock';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { SMS_STATUS_PATH } from '../../conversations/reply-sender.service';
import { PermanentSendError } from '../../conversations/send-errors';
import { SmsGateway } from '../../conversations/sms-gateway';
import { UnitOfWork } from '../../database/unit-of-work';
import { PersonRepository } from '../../identity/person.repository';
import { messageIdDomain } from '../../mail/mail-address';
import { OnceMailer } from '../../mail/once-mailer';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { CampaignRecord, CampaignRepository } from '../campaign.repository';
import { CampaignTargetRecord, CampaignTargetRepository } from '../campaign-target.repository';
import { SeminarRecord, SeminarRepository } from '../seminar.repository';
import { CampaignProgressFeed } from '../campaign-progress.feed';
import { CampaignInvitationRepository, InvitationRecord } from './campaign-invitation.repository';
import { invitationLanguage, renderInvitation } from './domain/invitation-message';
import { invitationLinkSecret } from './invitation-secret';
import { registrationLink, signInvitationToken } from './invitation-token';

export type InvitationOutcome = 'sent' | 'already_done' | 'not_active' | 'missing' | 'skipped' | 'failed' | 'uncertain';

interface Loaded {
  target: CampaignTargetRecord;
  campaign: CampaignRecord;
  seminar: SeminarRecord;
  invitation: InvitationRecord;
  fresh: boolean;
}

/**
 * The send job of one campaign target's invitation. It reloads the target and stops when the
 * campaign is no longer active (paused: the target stays pending for the resume) or the target
 * is no longer pending. The send is claimed in `campaign_invitation` and committed before the
 * provider is called; e-mail goes through OnceMailer (its own at-most-once record, a fixed
 * Message-ID), SMS through the conversations' Twilio sender. Then, in one unit: the record is
 * `sent`, the target `done` with `invited`, and `campaign.invitation_sent` is on the person's
 * timeline. A permanent refusal, or the last retry, ends the target `done` with `failed`.
 */
@Injectable()
export class InvitationSender {
  private readonly logger = new Logger(InvitationSender.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly campaigns: CampaignRepository,
    private readonly targets: CampaignTargetRepository,
    private readonly seminars: SeminarRepository,
    private readonly invitations: CampaignInvitationRepository,
    private readonly people: PersonRepository,
    private readonly timeline: TimelineRepository,
    private readonly mailer: OnceMailer,
    private readonly sms: SmsGateway,
    private readonly progress: CampaignProgressFeed,
    private readonly clock: Clock,
    @InjectConfig()
    private readonly config: Pick<
      AppConfig,
      | 'PUBLIC_BASE_URL'
      | 'MAIL_FROM'
      | 'TWILIO_CALLER_ID'
      | 'CAMPAIGN_LINK_SECRET'
      | 'JWT_SECRET'
      | 'MAIL_SEND_UNCERTAIN_AFTER_MS'
    >,
  ) {}

  async send(targetId: string): Promise<InvitationOutcome> {
    const step = await this.unitOfWork.run(() => this.claim(targetId));
    if (typeof step === 'string') return step;
    const { target, campaign, seminar, invitation } = step;
    const language = invitationLanguage(invitation.language);
    const link = registrationLink(
      this.config.PUBLIC_BASE_URL,
      seminar.id,
      signInvitationToken(invitationLinkSecret(this.config), seminar.id, target.id),
    );
    const rendered = renderInvitation(language, {
      name: target.name,
      company: target.company,
      seminarTitle: seminar.title,
      startsAt: seminar.startsAt,
      timezone: campaign.callingHours?.timezone ?? 'UTC',
      link,
      script: campaign.script,
    });
    try {
      if (invitation.medium === 'email') {
        const outcome = await this.mailer.send(
          `campaign-invitation.${target.id}`,
          {
            from: this.config.MAIL_FROM,
            to: invitation.recipient,
            subject: rendered.subject,
            text: rendered.text,
            messageId: `<campaign-invitation.${target.id}@${messageIdDomain(this.config.MAIL_FROM)}>`,
            headers: { 'Content-Language': language, 'X-Campaign-Id': campaign.id },
          },
          (sent) => this.recordSent(target, campaign, invitation, sent.messageId),
        );
        if (outcome.outcome === 'uncertain')
          return this.fail(target, campaign, 'uncertain', 'the sending worker died mid-send; not resent');
        if (outcome.outcome === 'already_sent')
          await this.unitOfWork.run(() => this.recordSent(target, campaign, invitation, null));
        return 'sent';
      }
      if (!this.config.TWILIO_CALLER_ID)
        throw new PermanentSendError('TWILIO_CALLER_ID is not set: no number to text from');
      const accepted = await this.sms.send({
        from: this.config.TWILIO_CALLER_ID,
        to: invitation.recipient,
        body: rendered.sms,
        statusCallback: publicUrl(this.config.PUBLIC_BASE_URL, SMS_STATUS_PATH),
      });
      await this.unitOfWork.run(() => this.recordSent(target, campaign, invitation, accepted.sid));
      return 'sent';
    } catch (error) {
      const e = error as { responseCode?: number; response?: string; message: string };
      // 5xx from a mail server, 4xx from Twilio: refused for good.
      if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
        throw new PermanentSendError(`SMTP ${e.responseCode}: ${e.response ?? e.message}`);
      }
      throw error;
    }
  }

  /** After the last attempt or a permanent refusal: the target is done, its invitation failed. */
  async giveUp(targetId: string, reason: string): Promise<void> {
    const target = await this.targets.findById(targetId);
    const campaign = target ? await this.campaigns.findById(target.campaignId) : null;
    if (!target || !campaign) return;
    await this.fail(target, campaign, 'failed', reason);
  }

  private async claim(targetId: string): Promise<InvitationOutcome | Loaded> {
    const target = await this.targets.findById(targetId, { lock: true });
    if (!target) return 'missing';
    const campaign = await this.campaigns.findById(target.campaignId);
    if (!campaign || (campaign.medium !== 'email' && campaign.medium !== 'sms')) return 'missing';
    if (campaign.status !== 'active') return 'not_active';
    if (target.state !== 'pending') return 'already_done';
    const at = this.clock.now();
    if (target.personId && (await this.people.isDoNotContact(target.personId))) {
      await this.targets.skipPending(target.id, 'do_not_contact', at);
      await this.timeline.append({
        type: 'campaign.invitation_skipped',
        actor: 'system',
        personId: target.personId,
        data: { campaignId: campaign.id, targetId: target.id, reason: 'do_not_contact' },
      });
      this.unitOfWork.afterCommit(() => this.progress.changed(campaign.id));
      return 'skipped';
    }
    const seminar = campaign.seminarId ? await this.seminars.findById(campaign.seminarId) : null;
    const recipient = campaign.medium === 'email' ? target.email : target.phone;
    const problem = !seminar
      ? 'the campaign has no seminar to invite to'
      : !recipient
        ? `the target has no ${campaign.medium === 'email' ? 'e-mail address' : 'phone number'}`
        : null;
    if (problem || !seminar || !recipient) {
      await this.finishFailed(target, campaign, problem ?? 'nothing to send', at);
      return 'failed';
    }
    const { record, created } = await this.invitations.claim(
      {
        targetId: target.id,
        campaignId: campaign.id,
        medium: campaign.medium,
        recipient,
        language: invitationLanguage(target.language),
      },
      at,
    );
    if (!created && record.status !== 'sending') {
      // Sent or failed by an earlier attempt whose target update was lost: finish it now.
      await this.targets.finishInvitation(target.id, record.status === 'sent' ? 'invited' : 'failed', at);
      return 'already_done';
    }
    if (!created && record.medium === 'sms') {
      // A text has no Message-ID to dedupe on: a claim found still `sending` is never sent again.
      const age = at.getTime() - new Date(record.updatedAt).getTime();
      if (age < this.config.MAIL_SEND_UNCERTAIN_AFTER_MS)
        throw new Error(`invitation ${target.id} is being sent by another attempt`);
      await this.invitations.finish(
        target.id,
        'uncertain',
        { error: 'the sending worker died mid-send; not resent' },
        at,
      );
      await this.finishFailed(target, campaign, 'uncertain: the sending worker died mid-send; not resent', at);
      return 'uncertain';
    }
    return { target, campaign, seminar, invitation: record, fresh: created };
  }

  private async recordSent(
    target: CampaignTargetRecord,
    campaign: CampaignRecord,
    invitation: InvitationRecord,
    providerId: string | null,
  ): Promise<void> {
    const at = this.clock.now();
    await this.invitations.finish(target.id, 'sent', { providerId }, at);
    const moved = await this.targets.finishInvitation(target.id, 'invited', at);
    if (moved) {
      await this.timeline.append({
        type: 'campaign.invitation_sent',
        actor: 'system',
        personId: target.personId,
        data: {
          campaignId: campaign.id,
          targetId: target.id,
          medium: invitation.medium,
          language: invitation.language,
          ...(providerId ? { providerId } : {}),
        },
      });
    }
    this.unitOfWork.afterCommit(() => {
      this.logger.log({ campaignId: campaign.id, targetId: target.id, medium: invitation.medium }, 'invitation sent');
      this.progress.changed(campaign.id);
    });
  }

  private fail(
    target: CampaignTargetRecord,
    campaign: CampaignRecord,
    status: 'failed' | 'uncertain',
    reason: string,
  ): Promise<InvitationOutcome> {
    return this.unitOfWork.run(async () => {
      const at = this.clock.now();
      await this.invitations.finish(target.id, status, { error: reason }, at);
      await this.finishFailed(target, campaign, reason, at);
      return status;
    });
  }

  private async finishFailed(target: CampaignTargetRecord, campaign: CampaignRecord, reason: string, at: Date) {
    const moved = await this.targets.finishInvitation(target.id, 'failed', at);
    if (!moved) return;
    await this.timeline.append({
      type: 'campaign.invitation_failed',
      actor: 'system',
      personId: target.personId,
      data: { campaignId: campaign.id, targetId: target.id, medium: campaign.medium, reason: reason.slice(0, 500) },
    });
    this.unitOfWork.afterCommit(() => {
      this.logger.warn({ campaignId: campaign.id, targetId: target.id, reason }, 'invitation not sent');
      this.progress.changed(campaign.id);
    });
  }
}
