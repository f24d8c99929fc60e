import { Module, OnModuleInit } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail/mail.module';
import { RoutingModule } from '../routing/routing.module';
import { WrapUpListeners } from '../routing/work/wrap-up.listener';
import { CampaignProgressFeed } from './campaign-progress.feed';
import { CampaignsModule } from './campaigns.module';
import { CampaignInvitationRepository } from './invitations/campaign-invitation.repository';
import { InvitationLauncher } from './invitations/invitation-launcher';
import { InvitationSender } from './invitations/invitation-sender.service';
import { SeminarConfirmationService } from './seminars/seminar-confirmation.service';
import { SeminarRegistrationRepository } from './seminars/seminar-registration.repository';
import { SeminarRegistrationService } from './seminars/seminar-registration.service';
import { SeminarsController } from './seminars/seminars.controller';

/**
 * Campaign outreach (Demand Generation): e-mail and SMS invitations with a signed registration
 * link, seminar registrations (public page and API, the agent's `seminar_registered` wrap-up),
 * confirmation mails, and the live progress pushed to supervisors. Owns `campaign_invitation` and
 * `seminar_registration`; builds on CampaignsModule's campaigns, targets and seminars.
 */
@Module({
  imports: [CampaignsModule, RoutingModule, MailModule, ContactsModule, IdentityModule, ConversationsModule],
  controllers: [SeminarsController],
  providers: [
    CampaignInvitationRepository,
    SeminarRegistrationRepository,
    CampaignProgressFeed,
    InvitationLauncher,
    InvitationSender,
    SeminarRegistrationService,
    SeminarConfirmationService,
  ],
  exports: [InvitationSender, SeminarConfirmationService, SeminarRegistrationService, CampaignProgressFeed],
})
export class CampaignOutreachModule implements OnModuleInit {
  constructor(
    private readonly wrapUps: WrapUpListeners,
    private readonly registrations: SeminarRegistrationService,
  ) {}

  onModuleInit(): void {
    this.wrapUps.register({
      name: 'seminar-registration',
      onWrappedUp: async (event) => {
        await this.registrations.registerFromWrapUp(event.contactId, event.disposition, event.actor);
      },
    });
  }
}
