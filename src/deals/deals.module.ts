import { BusinessHoursModule } from '../business-hours/business-hours.module';
import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail/mail.module';
import { RoutingModule } from '../routing/routing.module';
import { BackofficeTaskRepository } from './backoffice-task.repository';
import { BackofficeController } from './backoffice.controller';
import { BackofficeService } from './backoffice.service';
import { DealMailService } from './deal-mail.service';
import { PipelineController } from './pipeline.controller';
import { PipelineService } from './pipeline.service';
import { ProposalTeamController } from './proposal-team.controller';
import { ProposalTeamService } from './proposal-team.service';
import { RelationshipOwnerNotifier } from './relationship-owner.notifier';
import { SalesPlanRepository } from './sales-plan.repository';
import { TeamInvitationRepository } from './team-invitation.repository';

/**
 * The deal desk around a lead after its handoff: the pipeline and sales plans (the company-wide
 * maturity index), proposal teams of experts, the back office's paperwork, and the relationship
 * owner's notice of the outcome. It reacts to won/lost through routing's DealOutcomeListeners.
 */
@Module({
  imports: [RoutingModule, ContactsModule, IdentityModule, MailModule, BusinessHoursModule],
  controllers: [PipelineController, ProposalTeamController, BackofficeController],
  providers: [
    SalesPlanRepository,
    TeamInvitationRepository,
    BackofficeTaskRepository,
    PipelineService,
    ProposalTeamService,
    BackofficeService,
    RelationshipOwnerNotifier,
    DealMailService,
  ],
  exports: [BackofficeService, DealMailService],
})
export class DealsModule {}
