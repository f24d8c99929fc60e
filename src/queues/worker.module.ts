import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { WorkerShutdown } from './worker-shutdown.service';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { DealsModule } from '../deals/deals.module';
import { RoutingModule } from '../routing/routing.module';
import { SupervisorModule } from '../supervisor/supervisor.module';
import { IntakeProcessor } from './intake.processor';
import { TwilioModule } from '../channels/twilio/twilio.module';
import { ChannelMediaProcessor } from './channel-media.processor';
import { MailModule } from '../mail/mail.module';
import { MailProcessor } from './mail.processor';
import { RoutingProcessor } from './routing.processor';
import { RoutingMailProcessor } from './routing-mail.processor';
import { RoutingSchedulesScheduler } from './routing-schedules.scheduler';
import { JobHandlersCheck } from './job-handlers.check';
import { ConversationsModule } from '../conversations/conversations.module';
import { ReplyProcessor } from './reply.processor';
import { CampaignOutreachModule } from '../campaigns/campaign-outreach.module';
import { OutreachProcessor } from './outreach.processor';
import { ReportsModule } from '../reports/reports.module';

/** What the worker role adds: the outbox relay and the queue processors. */
@Module({
  imports: [
    DiscoveryModule,
    RoutingModule,
    DealsModule,
    CampaignsModule,
    TwilioModule,
    MailModule,
    SupervisorModule,
    ConversationsModule,
    CampaignOutreachModule,
    ReportsModule,
  ],
  providers: [
    OutboxRelay,
    WorkerShutdown,
    IntakeProcessor,
    ChannelMediaProcessor,
    MailProcessor,
    RoutingProcessor,
    RoutingMailProcessor,
    ReplyProcessor,
    OutreachProcessor,
    RoutingSchedulesScheduler,
    JobHandlersCheck,
  ],
  exports: [OutboxRelay],
})
export class WorkerModule {}
