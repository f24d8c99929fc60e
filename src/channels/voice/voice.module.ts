import { Module } from '@nestjs/common';
import { BusinessHoursModule } from '../../business-hours/business-hours.module';
import { ContactsModule } from '../../contacts/contacts.module';
import { IdentityModule } from '../../identity/identity.module';
import { TwilioModule } from '../twilio/twilio.module';
import { AgentBridgePolicy, AssignedAgentBridgePolicy } from './agent-bridge-policy';
import { CallbackTaskModule } from './callback-task.module';
import { OutboundCallController } from './outbound-call.controller';
import { OutboundCallService } from './outbound-call.service';
import { VoiceController } from './voice.controller';
import { VoiceService } from './voice.service';

@Module({
  imports: [ContactsModule, TwilioModule, CallbackTaskModule, IdentityModule, BusinessHoursModule],
  controllers: [VoiceController, OutboundCallController],
  // Routing replaces this binding with a policy that checks the agent holds the offer.
  providers: [VoiceService, OutboundCallService, { provide: AgentBridgePolicy, useClass: AssignedAgentBridgePolicy }],
})
export class VoiceModule {}
