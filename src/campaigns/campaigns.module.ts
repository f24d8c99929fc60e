import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { IdentityModule } from '../identity/identity.module';
import { RoutingModule } from '../routing/routing.module';
import { CampaignDiallerService } from './campaign-dialler.service';
import { CampaignImportService } from './campaign-import.service';
import { CampaignListeners } from './campaign-listeners';
import { CampaignRepository } from './campaign.repository';
import { CampaignTargetRepository } from './campaign-target.repository';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { SeminarRepository } from './seminar.repository';

/**
 * Outbound work (DESIGN.md): Demand Generation seminar invitations and e-Coverage account calls as
 * campaigns. Owns `campaign`, `campaign_target` and `seminar`; a voice target's attempt is a
 * contact routed by RoutingModule like any inbound one.
 */
@Module({
  imports: [RoutingModule, IdentityModule, ContactsModule],
  controllers: [CampaignsController],
  providers: [
    CampaignRepository,
    CampaignTargetRepository,
    SeminarRepository,
    CampaignListeners,
    CampaignsService,
    CampaignImportService,
    CampaignDiallerService,
  ],
  exports: [
    CampaignRepository,
    CampaignTargetRepository,
    SeminarRepository,
    CampaignListeners,
    CampaignsService,
    CampaignImportService,
    CampaignDiallerService,
  ],
})
export class CampaignsModule {}
