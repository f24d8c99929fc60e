import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, InjectConfig } from '../../config/app-config';
import { UnitOfWork } from '../../database/unit-of-work';
import { messageIdDomain } from '../../mail/mail-address';
import { OnceMailer } from '../../mail/once-mailer';
import { TimelineRepository } from '../../timeline/timeline.repository';
import { CampaignRepository } from '../campaign.repository';
import { SeminarRepository } from '../seminar.repository';
import { confirmationMail, seminarLanguage } from './domain/seminar-texts';
import { SeminarRegistrationRepository } from './seminar-registration.repository';

export type ConfirmationOutcome = 'sent' | 'already_sent' | 'uncertain' | 'missing' | 'no_address';

/** The confirmation job of a registration: one mail in the registrant's language, at most once (OnceMailer). */
@Injectable()
export class SeminarConfirmationService {
  private readonly logger = new Logger(SeminarConfirmationService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly registrations: SeminarRegistrationRepository,
    private readonly seminars: SeminarRepository,
    private readonly campaigns: CampaignRepository,
    private readonly timeline: TimelineRepository,
    private readonly mailer: OnceMailer,
    @InjectConfig() private readonly config: Pick<AppConfig, 'MAIL_FROM'>,
  ) {}

  async confirm(registrationId: string): Promise<ConfirmationOutcome> {
    const registration = await this.registrations.findById(registrationId);
    const seminar = registration ? await this.seminars.findById(registration.seminarId) : null;
    if (!registration || !seminar) return 'missing';
    if (!registration.email) return 'no_address';
    const campaign = await this.campaigns.findBySeminar(seminar.id);
    const language = seminarLanguage(registration.language);
    const rendered = confirmationMail(language, {
      name: registration.name,
      title: seminar.title,
      startsAt: seminar.startsAt,
      timezone: campaign?.callingHours?.timezone ?? 'UTC',
    });
    const result = await this.mailer.send(
      `seminar-confirmation.${registration.id}`,
      {
        from: this.config.MAIL_FROM,
        to: registration.email,
        subject: rendered.subject,
        text: rendered.text,
        messageId: `<seminar-confirmation.${registration.id}@${messageIdDomain(this.config.MAIL_FROM)}>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': language },
      },
      async (sent) => {
        await this.timeline.append({
          type: 'seminar.confirmation_sent',
          actor: 'system',
          contactId: registration.contactId,
          personId: registration.personId,
          data: {
            registrationId,
            seminarId: seminar.id,
            messageId: sent.messageId,
            language,
            transport: sent.transport,
          },
        });
        this.unitOfWork.afterCommit(() =>
          this.logger.log({ registrationId, seminarId: seminar.id }, 'seminar confirmation sent'),
        );
      },
    );
    return result.outcome;
  }
}
