import { Module } from '@nestjs/common';
import { BusinessHoursModule } from '../business-hours/business-hours.module';
import { IdentityModule } from '../identity/identity.module';
import { MailModule } from '../mail/mail.module';
import { AgentProfilesController } from './agents/agent-profiles.controller';
import { AgentProfilesService } from './agents/agent-profiles.service';
import { AgentRoster } from './agents/agent-roster.service';
import { PresenceService } from './agents/presence.service';
import { ContactClassificationService } from './contact-classification.service';
import { DealOutcomeListeners } from './leads/deal-outcome.listener';
import { DealController } from './leads/deal.controller';
import { DealService } from './leads/deal.service';
import { HandoffService } from './leads/handoff.service';
import { LeadsController } from './leads/leads.controller';
import { LeadsService } from './leads/leads.service';
import { QualificationController } from './leads/qualification.controller';
import { QualificationService } from './leads/qualification.service';
import { StallDetectionService } from './leads/stall-detection.service';
import { ChannelMatrixController } from './matrix/channel-matrix.controller';
import { ChannelMatrixService } from './matrix/channel-matrix.service';
import { AssignmentsService } from './offers/assignments.service';
import { DispatchService } from './offers/dispatch.service';
import { OffersService } from './offers/offers.service';
import { PartnersController } from './partners/partners.controller';
import { PartnersService } from './partners/partners.service';
import { RoutingMailService } from './routing-mail.service';
import { AssignmentRepository } from './offers/assignment.repository';
import { AgentProfileRepository } from './agents/agent-profile.repository';
import { AgentRosterRepository } from './agents/agent-roster.repository';
import { PresenceStore } from './agents/presence.store';
import { RedisPresenceStore } from './agents/redis-presence.store';
import { PostgresPresenceStore } from './agents/postgres-presence.store';
import { REDIS, RUNTIME_PG_POOL } from '../redis/redis.module';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import { OfferRepository } from './offers/offer.repository';
import { ContactsModule } from '../contacts/contacts.module';
import { CatalogModule } from '../catalog/catalog.module';
import { LeadRepository } from './leads/lead.repository';
import { HandoffRepository } from './leads/handoff.repository';
import { ChannelMatrixRepository } from './matrix/channel-matrix.repository';
import { PartnerRepository } from './partners/partner.repository';
import { CallbackTaskModule } from '../channels/voice/callback-task.module';
import { DispositionRepository } from './work/disposition.repository';
import { DispositionsController } from './work/dispositions.controller';
import { DispositionsService } from './work/dispositions.service';
import { TransferService } from './work/transfer.service';
import { WorkController } from './work/work.controller';
import { WrapUpService } from './work/wrap-up.service';
import { WrapUpListeners } from './work/wrap-up.listener';

/**
 * Routing: classification, presence, offers and assignments, the channel matrix, leads and
 * handoffs, partners. Loaded in every role: the api's controllers and gateway and the worker's
 * processors call the same services. The AgentNotifier port is bound globally by the console.
 */
@Module({
  imports: [IdentityModule, MailModule, ContactsModule, CatalogModule, CallbackTaskModule, BusinessHoursModule],
  controllers: [
    ChannelMatrixController,
    QualificationController,
    LeadsController,
    DealController,
    PartnersController,
    AgentProfilesController,
    WorkController,
    DispositionsController,
  ],
  providers: [
    AssignmentRepository,
    OfferRepository,
    AgentProfileRepository,
    AgentRosterRepository,
    {
      // Redis when REDIS_URL is set, else PostgreSQL's unlogged tables (see RedisModule).
      provide: PresenceStore,
      inject: [REDIS, RUNTIME_PG_POOL],
      useFactory: (redis: Redis | null, pool: Pool | null): PresenceStore =>
        redis ? new RedisPresenceStore(redis) : new PostgresPresenceStore(pool as Pool),
    },
    LeadRepository,
    HandoffRepository,
    ChannelMatrixRepository,
    PartnerRepository,
    ContactClassificationService,
    PresenceService,
    AgentRoster,
    AgentProfilesService,
    OffersService,
    DispatchService,
    AssignmentsService,
    ChannelMatrixService,
    HandoffService,
    QualificationService,
    LeadsService,
    DealService,
    DealOutcomeListeners,
    StallDetectionService,
    PartnersService,
    RoutingMailService,
    DispositionRepository,
    DispositionsService,
    TransferService,
    WrapUpService,
    WrapUpListeners,
  ],
  exports: [
    ContactClassificationService,
    PresenceService,
    OffersService,
    DispatchService,
    AssignmentsService,
    HandoffService,
    LeadsService,
    StallDetectionService,
    RoutingMailService,
    LeadRepository,
    DealOutcomeListeners,
    AgentRoster,
    WrapUpListeners,
  ],
})
export class RoutingModule {}
